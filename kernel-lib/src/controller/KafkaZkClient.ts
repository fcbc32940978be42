// kafka.zk.KafkaZkClient: Kafka's typed operations on its znodes (ZkData), over the broker's ZooKeeperClient.
//
// Callback style on purpose: the controller and the broker call these from inside the running simulation
// (watch events, requests, timers), and engine machinery must not hold runtime.defer() promises that drive the
// simulation. So this class uses ZooKeeperClient's callback API only (ZooKeeper's AsyncCallback form), which
// creates no deferred: a request waiting for a ZooKeeper that is down keeps nothing running between notebook
// cells. The client queues requests made while it (re)connects; CONNECTIONLOSS (the connection dropped with the
// request in flight) re-submits it, to go out once connected (Kafka's retryRequestsUntilConnected). Reads arm a
// ZooKeeper watch when a handler is registered for the path, as Kafka's ZooKeeperClient does (a watch is
// one-shot; the handler's re-read re-arms it). User-facing code wraps an operation in zkPromise (below).
import { TopicPartition } from "../protocol/TopicPartition";
import { ControllerMovedException } from "../protocol";
import type { Runtime } from "../sim/Runtime";
import { CreateMode } from "./zk/CreateMode";
import { Code, KeeperException } from "./zk/KeeperException";
import type { Stat } from "./zk/Stat";
import { EventType, KeeperState, type WatchedEvent, type Watcher } from "./zk/WatchedEvent";
import {
  BrokerIdsZNode, BrokerIdZNode, type BrokerInfo, ClusterIdZNode, ConfigEntityChangeNotificationSequenceZNode, ConfigEntityZNode,
  ConfigType, ControllerEpochZNode, PersistentZkPaths, ControllerZNode, DeleteTopicsTopicZNode, DeleteTopicsZNode, type ReplicaAssignment,
  TopicPartitionStateZNode, TopicPartitionZNode, TopicPartitionsZNode, TopicsZNode, TopicZNode, ZkVersion,
} from "./zk/ZkData";
import type { ZooKeeperClient } from "./zk/ZooKeeperClient";
import { Op, type OpResult } from "./zk/ZooKeeperProtocol";
import { LeaderAndIsr, type LeaderIsrAndControllerEpoch, type LeaderRecoveryState } from "./LeaderAndIsr";

/** Node-style callback: `err` null on success. On error `value` is undefined. */
export type ZkCallback<T> = (err: Error | null, value: T) => void;

function fail<T>(cb: ZkCallback<T>, err: unknown): void {
  cb(err instanceof Error ? err : new Error(String(err)), undefined as T);
}

/** kafka.zookeeper.ZNodeChangeHandler */
export interface ZNodeChangeHandler {
  readonly path: string;
  handleCreation?(): void;
  handleDeletion?(): void;
  handleDataChange?(): void;
}

/** kafka.zookeeper.ZNodeChildChangeHandler */
export interface ZNodeChildChangeHandler {
  readonly path: string;
  handleChildChange(): void;
}

/** kafka.zookeeper.StateChangeHandler: told when the session expired and a new one is being set up. */
export interface StateChangeHandler {
  readonly name: string;
  /** The session expired (its ephemerals and watches are gone). */
  beforeInitializingSession?(): void;
  /** The new session is connected: re-create ephemerals, re-arm watches. */
  afterInitializingSession?(): void;
}

/** A broker as the controller tracks it: registration plus its epoch (the czxid of /brokers/ids/<id>). */
export interface BrokerAndEpoch {
  info: BrokerInfo;
  epoch: number;
}

/** kafka.zk.KafkaZkClient.UpdateLeaderAndIsrResult */
export interface UpdateLeaderAndIsrResult {
  /** Written (with the new partitionEpoch = znode version) or failed for good. */
  finishedPartitions: Map<string, { partition: TopicPartition; result: LeaderAndIsr | Error }>;
  /** BADVERSION: someone else changed the state since it was read; re-read and retry. */
  partitionsToRetry: TopicPartition[];
}

/** Topic id and assignment of one topic (kafka.zk.TopicIdReplicaAssignment). */
export interface TopicIdReplicaAssignment {
  topic: string;
  topicId: string | null;
  assignment: Map<number, ReplicaAssignment>;
}

const isConnectionLoss = (e: unknown): boolean => e instanceof KeeperException && e.code === Code.CONNECTIONLOSS;
const isNoNode = (e: unknown): boolean => e instanceof KeeperException && e.code === Code.NONODE;
const isNodeExists = (e: unknown): boolean => e instanceof KeeperException && e.code === Code.NODEEXISTS;

/** The state znode JSON as LeaderAndIsr (partitionEpoch = the znode version). */
export function decodeLeaderIsrAndControllerEpoch(data: Uint8Array, stat: Stat): LeaderIsrAndControllerEpoch {
  const s = TopicPartitionStateZNode.decode(data, stat);
  return {
    leaderAndIsr: new LeaderAndIsr(s.leader, s.leaderEpoch, s.isr, (s.leaderRecoveryState ?? 0) as LeaderRecoveryState, stat.version),
    controllerEpoch: s.controllerEpoch,
  };
}

export function encodeLeaderIsrAndControllerEpoch(leaderAndIsr: LeaderAndIsr, controllerEpoch: number): Buffer {
  return TopicPartitionStateZNode.encode({
    leader: leaderAndIsr.leader, leaderEpoch: leaderAndIsr.leaderEpoch, isr: [...leaderAndIsr.isr],
    leaderRecoveryState: leaderAndIsr.leaderRecoveryState, controllerEpoch,
  });
}

export class KafkaZkClient {
  private readonly changeHandlers = new Map<string, ZNodeChangeHandler>();
  private readonly childHandlers = new Map<string, ZNodeChildChangeHandler>();
  private readonly stateHandlers = new Map<string, StateChangeHandler>();
  private expiredSinceConnected = false;
  private readonly watcher = (event: WatchedEvent): void => this.onWatchedEvent(event);

  constructor(private readonly runtime: Runtime, readonly zooKeeperClient: ZooKeeperClient) {
    zooKeeperClient.onStateChange((state) => this.onStateChange(state));
  }

  /** The node the client runs in. */
  get node(): string {
    return this.zooKeeperClient.node;
  }

  /** The current session id as ZooKeeper prints it. */
  get sessionId(): string {
    return this.zooKeeperClient.sessionId;
  }

  // ---- handlers ------------------------------------------------------------------------------------------------------

  registerZNodeChangeHandler(handler: ZNodeChangeHandler): void {
    this.changeHandlers.set(handler.path, handler);
  }

  unregisterZNodeChangeHandler(path: string): void {
    this.changeHandlers.delete(path);
  }

  registerZNodeChildChangeHandler(handler: ZNodeChildChangeHandler): void {
    this.childHandlers.set(handler.path, handler);
  }

  unregisterZNodeChildChangeHandler(path: string): void {
    this.childHandlers.delete(path);
  }

  registerStateChangeHandler(handler: StateChangeHandler): void {
    this.stateHandlers.set(handler.name, handler);
  }

  unregisterStateChangeHandler(name: string): void {
    this.stateHandlers.delete(name);
  }

  /** KafkaZkClient.registerZNodeChangeHandlerAndCheckExistence: registers, arms an exists watch; true if it exists. */
  registerZNodeChangeHandlerAndCheckExistence(handler: ZNodeChangeHandler, cb: ZkCallback<boolean>): void {
    this.registerZNodeChangeHandler(handler);
    this.exists(handler.path, (err, stat) => (err ? fail(cb, err) : cb(null, stat !== null)));
  }

  // ---- raw operations (retried until connected; reads watch when a handler is registered) ----------------------------

  /**
   * Kafka's retryRequestUntilConnected: CONNECTIONLOSS means "send it again once connected" (the client queues it
   * until then), unless the client is closed. A bad path fails `cb` rather than throwing.
   */
  private call<T>(fn: (cb: ZkCallback<T>) => void, cb: ZkCallback<T>): void {
    const attempt = (): void => {
      let answered = false;
      try {
        fn((err, value) => {
          answered = true;
          if (err === null) cb(null, value);
          else if (isConnectionLoss(err) && this.zooKeeperClient.state !== "CLOSED") attempt();
          else fail(cb, err);
        });
      } catch (e) {
        if (answered) throw e; // thrown by `cb` itself (a closed client answers at once): not ours to swallow
        fail(cb, e);
      }
    };
    attempt();
  }

  private dataWatch(path: string): Watcher | false {
    return this.changeHandlers.has(path) ? this.watcher : false;
  }

  private childWatch(path: string): Watcher | false {
    return this.childHandlers.has(path) ? this.watcher : false;
  }

  exists(path: string, cb: ZkCallback<Stat | null>): void {
    this.call((done) => this.zooKeeperClient.exists(path, this.dataWatch(path), done), cb);
  }

  /** getData; null (not an error) if the node does not exist. */
  getDataOrNull(path: string, cb: ZkCallback<{ data: Buffer | null; stat: Stat } | null>): void {
    this.call<{ data: Buffer | null; stat: Stat } | null>((done) => this.zooKeeperClient.getData(path, this.dataWatch(path), (err, got) => {
      if (err === null) return done(null, got);
      if (!isNoNode(err)) return done(err, null);
      // A missing node: arm an exists watch instead, so a handler hears of its creation.
      if (!this.changeHandlers.has(path)) return done(null, null);
      this.zooKeeperClient.exists(path, this.dataWatch(path), (e) => done(e, null));
    }), cb);
  }

  /** getChildren (sorted); [] if the node does not exist. */
  getChildren(path: string, cb: ZkCallback<string[]>): void {
    this.call<string[]>((done) => this.zooKeeperClient.getChildren(path, this.childWatch(path), (err, children) => {
      if (err !== null && isNoNode(err)) done(null, []);
      else done(err, children);
    }), cb);
  }

  setData(path: string, data: Buffer | null, version: number, cb: ZkCallback<Stat>): void {
    this.call((done) => this.zooKeeperClient.setData(path, data, version, done), cb);
  }

  create(path: string, data: Buffer | null, mode: CreateMode, cb: ZkCallback<string>): void {
    this.call((done) => this.zooKeeperClient.create(path, data, mode, done), cb);
  }

  createRecursive(path: string, data: Buffer | null, throwIfPathExists: boolean, cb: ZkCallback<void>): void {
    this.call((done) => this.zooKeeperClient.createRecursive(path, data, throwIfPathExists, CreateMode.PERSISTENT, done), cb);
  }

  makeSurePersistentPathExists(path: string, cb: ZkCallback<void>): void {
    this.createRecursive(path, null, false, cb);
  }

  multi(ops: readonly Op[], cb: ZkCallback<OpResult[]>): void {
    this.call((done) => this.zooKeeperClient.multi(ops, done), cb);
  }

  /**
   * A controller write fenced by /controller_epoch: `multi(check(/controller_epoch, expected), ...ops)`. A failed
   * check means another controller was elected since: ControllerMovedException. MatchAnyVersion: no check.
   */
  private controllerMulti(ops: readonly Op[], expectedControllerEpochZkVersion: number, cb: ZkCallback<OpResult[]>): void {
    if (expectedControllerEpochZkVersion === ZkVersion.MatchAnyVersion) {
      this.multi(ops, cb);
      return;
    }
    this.multi([Op.check(ControllerEpochZNode.path, expectedControllerEpochZkVersion), ...ops], (err, results) => {
      if (err === null) {
        cb(null, results.slice(1));
        return;
      }
      const first = err instanceof KeeperException ? err.results?.[0] : undefined;
      if (first !== undefined && first.err !== Code.OK) {
        fail(cb, first.err === Code.BADVERSION || first.err === Code.NONODE
          ? new ControllerMovedException(`Controller epoch zkVersion check fails. Expected zkVersion = ${expectedControllerEpochZkVersion}`)
          : err);
        return;
      }
      if (err instanceof KeeperException && err.results) {
        // Re-index the failure on the caller's ops (without the check).
        const e = KeeperException.create(err.code, err.path);
        e.results = err.results.slice(1);
        fail(cb, e);
        return;
      }
      fail(cb, err);
    });
  }

  /** Deletes a node and everything under it (KafkaZkClient.deleteRecursive); a missing node is fine. */
  deleteRecursive(path: string, expectedControllerEpochZkVersion: number, cb: ZkCallback<void>): void {
    this.getChildren(path, (err, children) => {
      if (err) return fail(cb, err);
      let i = 0;
      const next = (): void => {
        if (i < children.length) {
          this.deleteRecursive(`${path}/${children[i++] as string}`, expectedControllerEpochZkVersion, (e) => (e ? fail(cb, e) : next()));
          return;
        }
        this.controllerMulti([Op.delete(path, ZkVersion.MatchAnyVersion)], expectedControllerEpochZkVersion, (e) => {
          if (e && !isNoNode(e) && !(e instanceof KeeperException && e.code === Code.NOTEMPTY)) return fail(cb, e);
          if (e instanceof KeeperException && e.code === Code.NOTEMPTY) return this.deleteRecursive(path, expectedControllerEpochZkVersion, cb);
          cb(null, undefined);
        });
      };
      next();
    });
  }

  /** KafkaZkClient.createTopLevelPaths: ZkData.PersistentZkPaths, made by every broker at startup if missing. */
  createTopLevelPaths(cb: ZkCallback<void>): void {
    this.forEach(PersistentZkPaths, (path, done) => this.makeSurePersistentPathExists(path, (e) => done(e)), cb);
  }

  // ---- brokers ---------------------------------------------------------------------------------------------------------

  /**
   * KafkaZkClient.registerBroker: the ephemeral /brokers/ids/<id> (created empty then filled, as Kafka's
   * CheckedEphemeral does, so its dataVersion is 1). Answers the broker epoch (the node's czxid). A node owned by
   * another session: NodeExistsException ("KeeperErrorCode = NodeExists", as Kafka 3.9 reports a duplicate broker.id).
   */
  registerBroker(info: BrokerInfo, cb: ZkCallback<number>): void {
    const path = BrokerIdZNode.path(info.id);
    this.checkedEphemeralCreate(path, BrokerIdZNode.encode(info, info.timestamp ?? this.runtime.now()), (err, stat) => {
      if (err) return fail(cb, err);
      this.runtime.trace.record(this.node, "zk.registerBroker", { brokerId: info.id, path, brokerEpoch: stat.czxid });
      cb(null, stat.czxid);
    });
  }

  /** KafkaZkClient.CheckedEphemeral.create */
  checkedEphemeralCreate(path: string, data: Buffer, cb: ZkCallback<Stat>): void {
    this.multi([Op.create(path, null, CreateMode.EPHEMERAL), Op.setData(path, data, 0)], (err, results) => {
      if (err === null) {
        const r = results[1];
        cb(null, (r as Extract<OpResult, { type: "setData" }>).stat);
        return;
      }
      if (!isNodeExists(err)) return fail(cb, err instanceof KeeperException ? KeeperException.create(err.code) : err);
      // It exists: ours (a retry after a lost connection) is fine, anybody else's is a conflict.
      this.getDataOrNull(path, (e, got) => {
        if (e) return fail(cb, e);
        if (got === null) return this.checkedEphemeralCreate(path, data, cb);
        if (got.stat.ephemeralOwner !== this.zooKeeperClient.sessionId) return fail(cb, KeeperException.create(Code.NODEEXISTS));
        cb(null, got.stat);
      });
    });
  }

  /** The live broker ids, sorted. */
  getSortedBrokerList(cb: ZkCallback<number[]>): void {
    this.getChildren(BrokerIdsZNode.path, (err, children) => {
      if (err) return fail(cb, err);
      cb(null, children.map(Number).sort((a, b) => a - b));
    });
  }

  /** KafkaZkClient.getAllBrokerAndEpochsInCluster: registrations and epochs, sorted by id. */
  getAllBrokerAndEpochsInCluster(cb: ZkCallback<BrokerAndEpoch[]>): void {
    this.getSortedBrokerList((err, ids) => {
      if (err) return fail(cb, err);
      const out: BrokerAndEpoch[] = [];
      let i = 0;
      const next = (): void => {
        if (i >= ids.length) return cb(null, out);
        const id = ids[i++] as number;
        this.getDataOrNull(BrokerIdZNode.path(id), (e, got) => {
          if (e) return fail(cb, e);
          if (got !== null && got.data !== null) out.push({ info: BrokerIdZNode.decode(id, got.data), epoch: got.stat.czxid });
          next();
        });
      };
      next();
    });
  }

  getAllBrokersInCluster(cb: ZkCallback<BrokerInfo[]>): void {
    this.getAllBrokerAndEpochsInCluster((err, list) => (err ? fail(cb, err) : cb(null, list.map((b) => b.info))));
  }

  /** One broker's registration and epoch, or null. */
  getBrokerAndEpoch(id: number, cb: ZkCallback<BrokerAndEpoch | null>): void {
    this.getDataOrNull(BrokerIdZNode.path(id), (err, got) => {
      if (err) return fail(cb, err);
      cb(null, got === null || got.data === null ? null : { info: BrokerIdZNode.decode(id, got.data), epoch: got.stat.czxid });
    });
  }

  // ---- cluster id ------------------------------------------------------------------------------------------------------

  getClusterId(cb: ZkCallback<string | null>): void {
    this.getDataOrNull(ClusterIdZNode.path, (err, got) => {
      if (err) return fail(cb, err);
      cb(null, got === null || got.data === null ? null : ClusterIdZNode.fromJson(got.data));
    });
  }

  /** KafkaZkClient.createOrGetClusterId: the first broker's proposal wins. */
  createOrGetClusterId(proposedClusterId: string, cb: ZkCallback<string>): void {
    this.createRecursive(ClusterIdZNode.path, ClusterIdZNode.toJson(proposedClusterId), true, (err) => {
      if (err === null) return cb(null, proposedClusterId);
      if (!isNodeExists(err)) return fail(cb, err);
      this.getClusterId((e, id) => {
        if (e) return fail(cb, e);
        if (id === null) return this.createOrGetClusterId(proposedClusterId, cb);
        cb(null, id);
      });
    });
  }

  // ---- controller --------------------------------------------------------------------------------------------------------

  /** The controller's broker id, or null if there is none. */
  getControllerId(cb: ZkCallback<number | null>): void {
    this.getDataOrNull(ControllerZNode.path, (err, got) => {
      if (err) return fail(cb, err);
      cb(null, got === null || got.data === null ? null : ControllerZNode.decode(got.data));
    });
  }

  /** /controller_epoch and its version, or null. */
  getControllerEpoch(cb: ZkCallback<{ epoch: number; zkVersion: number } | null>): void {
    this.getDataOrNull(ControllerEpochZNode.path, (err, got) => {
      if (err) return fail(cb, err);
      cb(null, got === null || got.data === null ? null : { epoch: ControllerEpochZNode.decode(got.data), zkVersion: got.stat.version });
    });
  }

  /**
   * KafkaZkClient.registerControllerAndIncrementControllerEpoch: creates the ephemeral /controller and bumps
   * /controller_epoch in one transaction (conditional on the epoch's version). Losing the race:
   * ControllerMovedException.
   */
  registerControllerAndIncrementControllerEpoch(controllerId: number, cb: ZkCallback<{ epoch: number; epochZkVersion: number }>): void {
    const timestamp = this.runtime.now();
    this.getControllerEpoch((err, cur) => {
      if (err) return fail(cb, err);
      const withEpoch = (curEpoch: number, curZkVersion: number): void => {
        const newEpoch = curEpoch + 1;
        this.multi([
          Op.create(ControllerZNode.path, ControllerZNode.encode(controllerId, timestamp), CreateMode.EPHEMERAL),
          Op.setData(ControllerEpochZNode.path, ControllerEpochZNode.encode(newEpoch), curZkVersion),
        ], (e, results) => {
          if (e === null) {
            const stat = (results[1] as Extract<OpResult, { type: "setData" }>).stat;
            return cb(null, { epoch: newEpoch, epochZkVersion: stat.version });
          }
          if (!(e instanceof KeeperException) || (e.code !== Code.NODEEXISTS && e.code !== Code.BADVERSION)) return fail(cb, e);
          // checkControllerAndEpoch: maybe our own transaction went through before a lost connection.
          this.getControllerId((e2, id) => {
            if (e2) return fail(cb, e2);
            if (id === null) {
              return fail(cb, new ControllerMovedException(`The ephemeral node at ${ControllerZNode.path} went away while checking whether the controller election succeeds. Aborting controller startup procedure`));
            }
            if (id === controllerId) {
              this.getControllerEpoch((e3, now) => {
                if (e3) return fail(cb, e3);
                if (now !== null && now.epoch === newEpoch) return cb(null, { epoch: newEpoch, epochZkVersion: now.zkVersion });
                fail(cb, new ControllerMovedException("Controller moved to another broker. Aborting controller startup procedure"));
              });
              return;
            }
            fail(cb, new ControllerMovedException("Controller moved to another broker. Aborting controller startup procedure"));
          });
        });
      };
      if (cur !== null) return withEpoch(cur.epoch, cur.zkVersion);
      // maybeCreateControllerEpochZNode: the initial epoch 0 at version 0.
      this.createRecursive(ControllerEpochZNode.path, ControllerEpochZNode.encode(0), true, (e) => {
        if (e === null) return withEpoch(0, 0);
        if (!isNodeExists(e)) return fail(cb, e);
        this.getControllerEpoch((e2, c) => (e2 ? fail(cb, e2) : c === null ? fail(cb, new Error(`${ControllerEpochZNode.path} existed before but went away`)) : withEpoch(c.epoch, c.zkVersion)));
      });
    });
  }

  /** KafkaZkClient.deleteController: resigning (fenced by the epoch version). */
  deleteController(expectedControllerEpochZkVersion: number, cb: ZkCallback<void>): void {
    this.controllerMulti([Op.delete(ControllerZNode.path, ZkVersion.MatchAnyVersion)], expectedControllerEpochZkVersion, (err) => {
      if (err && !isNoNode(err)) return fail(cb, err);
      cb(null, undefined);
    });
  }

  // ---- topics ------------------------------------------------------------------------------------------------------------

  /** Topic names under /brokers/topics, sorted (watched if a child handler is registered). */
  getAllTopicsInCluster(cb: ZkCallback<string[]>): void {
    this.getChildren(TopicsZNode.path, cb);
  }

  topicExists(topic: string, cb: ZkCallback<boolean>): void {
    this.call<Stat | null>((done) => this.zooKeeperClient.exists(TopicZNode.path(topic), false, done), (err, stat) => (err ? fail(cb, err) : cb(null, stat !== null)));
  }

  /** KafkaZkClient.createTopicAssignment: /brokers/topics/<topic> (NodeExistsException if it is there). */
  createTopicAssignment(topic: string, topicId: string | null, assignment: ReadonlyMap<number, readonly number[]>, cb: ZkCallback<void>): void {
    this.createRecursive(TopicZNode.path(topic), TopicZNode.encode(topicId, toReplicaAssignment(assignment)), true, cb);
  }

  /** KafkaZkClient.setTopicAssignment: rewrites the assignment (partition addition, reassignment). */
  setTopicAssignment(topic: string, topicId: string | null, assignment: ReadonlyMap<number, ReplicaAssignment>,
    expectedControllerEpochZkVersion: number, cb: ZkCallback<void>): void {
    this.controllerMulti([Op.setData(TopicZNode.path(topic), TopicZNode.encode(topicId, assignment), ZkVersion.MatchAnyVersion)],
      expectedControllerEpochZkVersion, (err) => (err ? fail(cb, err) : cb(null, undefined)));
  }

  /** KafkaZkClient.getReplicaAssignmentAndTopicIdForTopics (watched if a change handler is registered per topic). */
  getReplicaAssignmentAndTopicIdForTopics(topics: readonly string[], cb: ZkCallback<TopicIdReplicaAssignment[]>): void {
    const out: TopicIdReplicaAssignment[] = [];
    let i = 0;
    const next = (): void => {
      if (i >= topics.length) return cb(null, out);
      const topic = topics[i++] as string;
      this.getDataOrNull(TopicZNode.path(topic), (err, got) => {
        if (err) return fail(cb, err);
        if (got !== null) {
          const d = TopicZNode.decode(topic, got.data);
          out.push({ topic, topicId: d.topicId, assignment: d.partitions });
        }
        next();
      });
    };
    next();
  }

  /** Partition states of the given partitions (missing ones left out). */
  getTopicPartitionStates(partitions: readonly TopicPartition[], cb: ZkCallback<Map<string, LeaderIsrAndControllerEpoch>>): void {
    const out = new Map<string, LeaderIsrAndControllerEpoch>();
    let i = 0;
    const next = (): void => {
      if (i >= partitions.length) return cb(null, out);
      const tp = partitions[i++] as TopicPartition;
      this.getDataOrNull(TopicPartitionStateZNode.path(tp), (err, got) => {
        if (err) return fail(cb, err);
        if (got !== null && got.data !== null) out.set(tp.toString(), decodeLeaderIsrAndControllerEpoch(got.data, got.stat));
        next();
      });
    };
    next();
  }

  /**
   * KafkaZkClient.createTopicPartitionStatesRaw: /brokers/topics/<t>/partitions/<p>/state for new partitions
   * (parents created first). Per partition: null (created) or the error (NodeExists if it was there).
   */
  createTopicPartitionStates(states: ReadonlyMap<string, { partition: TopicPartition; state: LeaderIsrAndControllerEpoch }>,
    expectedControllerEpochZkVersion: number, cb: ZkCallback<Map<string, Error | null>>): void {
    const out = new Map<string, Error | null>();
    const list = [...states.values()];
    let i = 0;
    const next = (): void => {
      if (i >= list.length) return cb(null, out);
      const { partition, state } = list[i++] as { partition: TopicPartition; state: LeaderIsrAndControllerEpoch };
      this.makeSurePersistentPathExists(TopicPartitionZNode.path(partition), (err) => {
        if (err) return fail(cb, err);
        this.controllerMulti([Op.create(TopicPartitionStateZNode.path(partition),
          encodeLeaderIsrAndControllerEpoch(state.leaderAndIsr, state.controllerEpoch), CreateMode.PERSISTENT)],
        expectedControllerEpochZkVersion, (e) => {
          if (e instanceof ControllerMovedException) return fail(cb, e);
          out.set(partition.toString(), e);
          next();
        });
      });
    };
    next();
  }

  /**
   * KafkaZkClient.updateLeaderAndIsr: conditional writes of partition states (setData on each state znode at the
   * version read, i.e. leaderAndIsr.partitionEpoch), fenced by the controller epoch version. BADVERSION ->
   * partitionsToRetry; success -> the state with its new partitionEpoch.
   */
  updateLeaderAndIsr(leaderAndIsrs: ReadonlyMap<string, { partition: TopicPartition; leaderAndIsr: LeaderAndIsr }>, controllerEpoch: number,
    expectedControllerEpochZkVersion: number, cb: ZkCallback<UpdateLeaderAndIsrResult>): void {
    const result: UpdateLeaderAndIsrResult = { finishedPartitions: new Map(), partitionsToRetry: [] };
    const list = [...leaderAndIsrs.values()];
    let i = 0;
    const next = (): void => {
      if (i >= list.length) return cb(null, result);
      const { partition, leaderAndIsr } = list[i++] as { partition: TopicPartition; leaderAndIsr: LeaderAndIsr };
      this.controllerMulti([Op.setData(TopicPartitionStateZNode.path(partition), encodeLeaderIsrAndControllerEpoch(leaderAndIsr, controllerEpoch),
        leaderAndIsr.partitionEpoch)], expectedControllerEpochZkVersion, (err, results) => {
        if (err instanceof ControllerMovedException) return fail(cb, err);
        if (err === null) {
          const stat = (results[0] as Extract<OpResult, { type: "setData" }>).stat;
          result.finishedPartitions.set(partition.toString(), { partition, result: leaderAndIsr.withPartitionEpoch(stat.version) });
        } else if (err instanceof KeeperException && err.code === Code.BADVERSION) {
          result.partitionsToRetry.push(partition);
        } else {
          result.finishedPartitions.set(partition.toString(), { partition, result: err });
        }
        next();
      });
    };
    next();
  }

  // ---- topic deletion ----------------------------------------------------------------------------------------------------

  /** Topics waiting in /admin/delete_topics (watched if a child handler is registered). */
  getTopicDeletions(cb: ZkCallback<string[]>): void {
    this.getChildren(DeleteTopicsZNode.path, cb);
  }

  isTopicMarkedForDeletion(topic: string, cb: ZkCallback<boolean>): void {
    this.call<Stat | null>((done) => this.zooKeeperClient.exists(DeleteTopicsTopicZNode.path(topic), false, done), (err, stat) => (err ? fail(cb, err) : cb(null, stat !== null)));
  }

  /** AdminZkClient.deleteTopic's write: /admin/delete_topics/<topic> (NodeExistsException if already marked). */
  createDeleteTopicPath(topic: string, cb: ZkCallback<void>): void {
    this.createRecursive(DeleteTopicsTopicZNode.path(topic), null, true, cb);
  }

  deleteTopicDeletions(topics: readonly string[], expectedControllerEpochZkVersion: number, cb: ZkCallback<void>): void {
    this.forEach(topics, (t, done) => this.controllerMulti([Op.delete(DeleteTopicsTopicZNode.path(t), ZkVersion.MatchAnyVersion)],
      expectedControllerEpochZkVersion, (e) => done(e && !isNoNode(e) ? e : null)), cb);
  }

  /** Removes /brokers/topics/<topic> and everything under it. */
  deleteTopicZNode(topic: string, expectedControllerEpochZkVersion: number, cb: ZkCallback<void>): void {
    this.deleteRecursive(TopicZNode.path(topic), expectedControllerEpochZkVersion, cb);
  }

  /** Removes /config/topics/<topic> of each topic. */
  deleteTopicConfigs(topics: readonly string[], expectedControllerEpochZkVersion: number, cb: ZkCallback<void>): void {
    this.forEach(topics, (t, done) => this.controllerMulti([Op.delete(ConfigEntityZNode.path(ConfigType.Topic, t), ZkVersion.MatchAnyVersion)],
      expectedControllerEpochZkVersion, (e) => done(e && !isNoNode(e) ? e : null)), cb);
  }

  // ---- configs ---------------------------------------------------------------------------------------------------------

  /** KafkaZkClient.getEntityConfigs: the overrides of /config/<type>/<name> ([] if none). */
  getEntityConfigs(entityType: string, entityName: string, cb: ZkCallback<Map<string, string>>): void {
    this.getDataOrNull(ConfigEntityZNode.path(entityType, entityName), (err, got) => {
      if (err) return fail(cb, err);
      cb(null, new Map(got === null ? [] : ConfigEntityZNode.decode(got.data)));
    });
  }

  /** KafkaZkClient.setOrCreateEntityConfigs */
  setOrCreateEntityConfigs(entityType: string, entityName: string, config: Iterable<readonly [string, string]>, cb: ZkCallback<void>): void {
    const path = ConfigEntityZNode.path(entityType, entityName);
    const data = ConfigEntityZNode.encode([...config]);
    this.setData(path, data, ZkVersion.MatchAnyVersion, (err) => {
      if (err === null) return cb(null, undefined);
      if (!isNoNode(err)) return fail(cb, err);
      this.createRecursive(path, data, true, (e) => {
        if (e && isNodeExists(e)) return this.setOrCreateEntityConfigs(entityType, entityName, config, cb);
        if (e) return fail(cb, e);
        cb(null, undefined);
      });
    });
  }

  /** KafkaZkClient.createConfigChangeNotification: /config/changes/config_change_<seq>. */
  createConfigChangeNotification(sanitizedEntityPath: string, cb: ZkCallback<string>): void {
    const path = ConfigEntityChangeNotificationSequenceZNode.createPath;
    const data = ConfigEntityChangeNotificationSequenceZNode.encode(sanitizedEntityPath);
    this.create(path, data, CreateMode.PERSISTENT_SEQUENTIAL, (err, created) => {
      if (err === null) return cb(null, created);
      if (!isNoNode(err)) return fail(cb, err);
      this.makeSurePersistentPathExists("/config/changes", (e) => (e ? fail(cb, e) : this.create(path, data, CreateMode.PERSISTENT_SEQUENTIAL, cb)));
    });
  }

  // ---- internals ------------------------------------------------------------------------------------------------------

  private forEach<T>(items: readonly T[], fn: (item: T, done: (err: Error | null) => void) => void, cb: ZkCallback<void>): void {
    let i = 0;
    const next = (): void => {
      if (i >= items.length) return cb(null, undefined);
      fn(items[i++] as T, (err) => (err ? fail(cb, err) : next()));
    };
    next();
  }

  private onWatchedEvent(event: WatchedEvent): void {
    const path = event.path;
    if (path === null) return;
    switch (event.type) {
      case EventType.NodeCreated:
        this.changeHandlers.get(path)?.handleCreation?.();
        break;
      case EventType.NodeDeleted:
        this.changeHandlers.get(path)?.handleDeletion?.();
        break;
      case EventType.NodeDataChanged:
        this.changeHandlers.get(path)?.handleDataChange?.();
        break;
      case EventType.NodeChildrenChanged:
        this.childHandlers.get(path)?.handleChildChange();
        break;
    }
  }

  private onStateChange(state: KeeperState): void {
    if (state === KeeperState.Expired) {
      this.expiredSinceConnected = true;
      for (const h of [...this.stateHandlers.values()]) h.beforeInitializingSession?.();
      return;
    }
    if (state === KeeperState.SyncConnected) {
      if (this.expiredSinceConnected) {
        this.expiredSinceConnected = false;
        for (const h of [...this.stateHandlers.values()]) h.afterInitializingSession?.();
      }
    }
  }
}

function toReplicaAssignment(assignment: ReadonlyMap<number, readonly number[]>): Map<number, ReplicaAssignment> {
  const m = new Map<number, ReplicaAssignment>();
  for (const [p, replicas] of [...assignment].sort((a, b) => a[0] - b[0])) m.set(p, { replicas: [...replicas] });
  return m;
}

/** The partitions path of a topic, e.g. for tests and the shell. */
export const topicPartitionsPath = TopicPartitionsZNode.path;

/**
 * A user-facing promise over a callback operation (runtime.defer: it drives the simulation while pending).
 * Engine code keeps to callbacks.
 */
export function zkPromise<T>(runtime: Runtime, label: string, op: (cb: ZkCallback<T>) => void): Promise<T> {
  const d = runtime.defer<T>(label);
  op((err, value) => (err ? d.reject(err) : d.resolve(value)));
  return d.promise;
}
