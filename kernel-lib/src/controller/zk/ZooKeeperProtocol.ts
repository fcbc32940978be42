// ZooKeeper's client-server messages (org.apache.zookeeper.proto.*), as objects on the runtime network.
// ZooKeeper is not part of Kafka's protocol: only brokers (and zookeeper-shell) speak it, to the ZooKeeper node.
// Each message has a `type` ("zk.ConnectRequest", "zk.create", "zk.reply", ...) that the network trace shows.
import type { CreateMode } from "./CreateMode";
import type { Stat } from "./Stat";
import type { EventType } from "./WatchedEvent";

/** ZooDefs.OpCode numbers, for reference and for the txn log. */
export const OpCode = {
  notification: 0, create: 1, delete: 2, exists: 3, getData: 4, setData: 5, getACL: 6, setACL: 7,
  getChildren: 8, sync: 9, ping: 11, getChildren2: 12, check: 13, multi: 14, create2: 15,
  setWatches: 101, createSession: -10, closeSession: -11, error: -1,
} as const;

/** The xids ZooKeeper reserves: notifications -1, pings -2, SetWatches -8. */
export const NOTIFICATION_XID = -1;
export const PING_XID = -2;
export const SET_WATCHES_XID = -8;

/** One operation of a multi() (org.apache.zookeeper.Op). */
export type Op =
  | { op: "create"; path: string; data: Buffer | null; mode: CreateMode }
  | { op: "delete"; path: string; version: number }
  | { op: "setData"; path: string; data: Buffer | null; version: number }
  | { op: "check"; path: string; version: number };

/** Builders like Java's Op.create / Op.delete / Op.setData / Op.check. */
export const Op = {
  create: (path: string, data: Buffer | string | null, mode: CreateMode = "PERSISTENT"): Op =>
    ({ op: "create", path, data: toBuffer(data), mode }),
  delete: (path: string, version = -1): Op => ({ op: "delete", path, version }),
  setData: (path: string, data: Buffer | string | null, version = -1): Op => ({ op: "setData", path, data: toBuffer(data), version }),
  check: (path: string, version: number): Op => ({ op: "check", path, version }),
};

/** One result of a multi() (org.apache.zookeeper.OpResult). */
export type OpResult =
  | { type: "create"; path: string }
  | { type: "delete" }
  | { type: "setData"; stat: Stat }
  | { type: "check" }
  | { type: "error"; err: number };

export function toBuffer(data: Buffer | Uint8Array | string | null | undefined): Buffer | null {
  if (data === null || data === undefined) return null;
  return typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
}

/** What a client asks (the body of a request packet). */
export type ZkOperation =
  | Op
  | { op: "exists"; path: string; watch: boolean }
  | { op: "getData"; path: string; watch: boolean }
  | { op: "getChildren"; path: string; watch: boolean }
  | { op: "multi"; ops: Op[] }
  | { op: "sync"; path: string }
  | { op: "ping" }
  | { op: "setWatches"; relativeZxid: number; dataWatches: string[]; existWatches: string[]; childWatches: string[] }
  | { op: "closeSession" };

/** ConnectRequest: a new session (sessionId "0x0") or the re-attach of an existing one. */
export interface ZkConnectRequest {
  type: "zk.ConnectRequest";
  protocolVersion: 0;
  /** The highest zxid the client has seen: a server that is behind refuses the client. */
  lastZxidSeen: number;
  /** Requested session timeout (ms). */
  timeOut: number;
  sessionId: string;
}

/** ConnectResponse: timeOut 0 means the session has expired. */
export interface ZkConnectResponse {
  type: "zk.ConnectResponse";
  protocolVersion: 0;
  /** The negotiated session timeout (ms). */
  timeOut: number;
  sessionId: string;
}

/** A request packet: RequestHeader {xid, type} + the operation. */
export interface ZkRequest {
  /** "zk." + the operation, e.g. "zk.create", "zk.ping". */
  type: string;
  sessionId: string;
  xid: number;
  request: ZkOperation;
}

/** The result of a successful operation. */
export interface ZkResult {
  path?: string;
  stat?: Stat;
  data?: Buffer | null;
  children?: string[];
  results?: OpResult[];
}

/** A reply packet: ReplyHeader {xid, zxid, err} + the result. */
export interface ZkReply {
  type: "zk.reply";
  xid: number;
  zxid: number;
  /** KeeperException.Code (0 = OK). */
  err: number;
  result?: ZkResult;
}

/** A watch notification (xid -1): WatcherEvent {type, state, path}. */
export interface ZkWatcherEvent {
  type: "zk.WatcherEvent";
  xid: typeof NOTIFICATION_XID;
  zxid: number;
  eventType: EventType;
  state: "SyncConnected";
  path: string;
}

/** The server closed the connection (its TCP socket): shutdown, expired session, or a refused client. */
export interface ZkConnectionClosed {
  type: "zk.ConnectionClosed";
  sessionId: string;
  reason: string;
}

export type ZkClientToServer = ZkConnectRequest | ZkRequest;
export type ZkServerToClient = ZkConnectResponse | ZkReply | ZkWatcherEvent | ZkConnectionClosed;

/** True for a message of ZooKeeper's protocol (a broker routes these to its ZooKeeperClient). */
export function isZooKeeperMessage(message: unknown): message is ZkClientToServer | ZkServerToClient {
  if (message === null || typeof message !== "object") return false;
  const t = (message as { type?: unknown }).type;
  return typeof t === "string" && t.startsWith("zk.");
}

/** A rough wire size for the network's bandwidth model (header + path + data). */
export function approximateSize(message: ZkClientToServer | ZkServerToClient): number {
  let n = 16;
  if ("request" in message) {
    const r = message.request as { path?: string; data?: Buffer | null; ops?: Op[] };
    n += (r.path?.length ?? 0) + (r.data?.length ?? 0);
    for (const o of r.ops ?? []) n += 8 + o.path.length + ("data" in o ? (o.data?.length ?? 0) : 0);
  } else if (message.type === "zk.reply" && message.result) {
    const r = message.result;
    n += 68 + (r.data?.length ?? 0) + (r.path?.length ?? 0);
    for (const c of r.children ?? []) n += 4 + c.length;
  } else if (message.type === "zk.WatcherEvent") {
    n += message.path.length;
  }
  return n;
}
