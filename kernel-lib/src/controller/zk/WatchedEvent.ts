// org.apache.zookeeper.WatchedEvent and Watcher.Event.{EventType, KeeperState}: what a watcher receives.
// Watches are one-shot: after firing they must be set again (Kafka re-reads and re-watches each time).

/** Watcher.Event.EventType */
export const EventType = {
  None: "None",
  NodeCreated: "NodeCreated",
  NodeDeleted: "NodeDeleted",
  NodeDataChanged: "NodeDataChanged",
  NodeChildrenChanged: "NodeChildrenChanged",
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

/** Watcher.Event.KeeperState: the connection state events carry. */
export const KeeperState = {
  Disconnected: "Disconnected",
  SyncConnected: "SyncConnected",
  Expired: "Expired",
  Closed: "Closed",
} as const;
export type KeeperState = (typeof KeeperState)[keyof typeof KeeperState];

export class WatchedEvent {
  constructor(readonly type: EventType, readonly state: KeeperState, readonly path: string | null) {}

  /** As ZooKeeper 3.8 prints it: `WatchedEvent state:SyncConnected type:NodeDeleted path:/controller`. */
  toString(): string {
    return `WatchedEvent state:${this.state} type:${this.type} path:${this.path}`;
  }
}

export type Watcher = (event: WatchedEvent) => void;
