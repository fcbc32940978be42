// The ZooKeeper client a broker uses (org.apache.zookeeper.ZooKeeper + ClientCnxn, wrapped the way Kafka's
// kafka.zookeeper.ZooKeeperClient wraps it). It lives in the broker's node: its timers belong to that node, and
// the broker hands it the ZooKeeper messages it receives (`receive`), unless `ownsNode` lets it listen itself.
//
// What it does, as ZooKeeper's client does:
//  - Connects to one server of `zookeeper.connect` (shuffled; a chroot like /kafka prefixes every path),
//    asking for `zookeeper.session.timeout.ms` (18000); the server answers with the negotiated timeout.
//  - Sends a ping when it has sent nothing for readTimeout/2 - 1 s (readTimeout = 2/3 of the session timeout,
//    so every 5 s for 18 s); declares the connection lost when it has heard nothing for readTimeout, then
//    reconnects (to the next server, after up to 1 s) with the same session and re-sends its watches.
//    A server node that is down refuses the connection at once (TCP RST, modelled by asking the network whether
//    the node is up); an unreachable one (partition) is given up on after the connect timeout.
//  - Requests in flight when the connection drops fail with ConnectionLoss (they may or may not have happened);
//    requests made while (re)connecting wait and are sent once connected.
//  - If the server says the session has expired, every request fails with SessionExpired and the state is
//    Expired; like Kafka's ZooKeeperClient it then starts a new session (reinitializeOnExpiry), calling the
//    StateChangeHandler so the owner re-creates its ephemeral znodes and watches.
// Each operation comes in ZooKeeper's two forms: with a callback (engine code: no runtime.defer() promise, so it
// never drives the simulation) and as a promise made by runtime.defer() over it (user-facing code:
// `await client.getData(...)` drives the simulation until the reply comes).
import type { Deferred } from "../../sim/Deferred";
import type { Runtime } from "../../sim/Runtime";
import type { TimerId } from "../../sim/Scheduler";
import type { SeededRandom } from "../../sim/SeededRandom";
import { parseConnectString } from "./ConnectStringParser";
import { CreateMode, isSequential } from "./CreateMode";
import { Code, KeeperException, ZooKeeperClientTimeoutException } from "./KeeperException";
import { parentOf, validatePath } from "./PathUtils";
import type { Stat } from "./Stat";
import { EventType, KeeperState, WatchedEvent, type Watcher } from "./WatchedEvent";
import {
  type Op, type OpResult, PING_XID, SET_WATCHES_XID, type ZkConnectResponse, type ZkOperation, type ZkReply, type ZkResult,
  type ZkClientToServer, type ZkWatcherEvent, approximateSize, isZooKeeperMessage, toBuffer,
} from "./ZooKeeperProtocol";

/** Kafka's ZooKeeperClient StateChangeHandler: told around the replacement of an expired session. */
export interface StateChangeHandler {
  beforeInitializingSession?(): void;
  /** The new session is being established: re-register ephemeral znodes and watches here. */
  afterInitializingSession?(): void;
}

export interface ZooKeeperClientOptions {
  /** The node this client runs in (a broker's node name). */
  node: string;
  /** `zookeeper.connect`, e.g. "hadoop102:2181,hadoop103:2181,hadoop104:2181/kafka". */
  connectString: string;
  /** `zookeeper.session.timeout.ms` (default 18000). */
  sessionTimeoutMs?: number;
  /** `zookeeper.connection.timeout.ms`: how long connect() waits (default: the session timeout). */
  connectionTimeoutMs?: number;
  /** Maps a server's host:port from the connect string to its node name (default: the host). */
  resolve?: (host: string, port: number) => string;
  /** The default watcher: gets state changes and the events of watches set with `watch = true`. */
  watcher?: Watcher;
  /** Start a new session after expiry, as Kafka's ZooKeeperClient does (default true). */
  reinitializeOnExpiry?: boolean;
  stateChangeHandler?: StateChangeHandler;
  /** Register `node` on the network and listen there (default false: the owner calls receive()). */
  ownsNode?: boolean;
}

/** org.apache.zookeeper.ZooKeeper.States (the subset this client goes through). */
export type ZooKeeperState = "NOT_CONNECTED" | "CONNECTING" | "CONNECTED" | "CLOSED";

interface Request {
  op: ZkOperation;
  /** The path as the caller gave it (errors name it). */
  clientPath: string | null;
  /** Gets the server's reply, or a reply made up when none can come (ConnectionLoss, SessionExpired). */
  done: (reply: ZkReply) => void;
  /** Watch to register if the request succeeds. */
  watch?: { kind: "data" | "child"; watcher: Watcher };
}

/**
 * org.apache.zookeeper.AsyncCallback (StringCallback, StatCallback, DataCallback, ...) in Node's style: `err` is the
 * KeeperException of a result code other than OK (`value` is then undefined), else null and the result.
 */
export type AsyncCallback<T> = (err: KeeperException | null, value: T) => void;

type WatchTable = Map<string, Set<Watcher>>;

const NO_ANSWERS: readonly number[] = [];
/** exists() on a missing node answers null: NONODE is its answer, not a failure. */
const NONODE_IS_AN_ANSWER: readonly number[] = [Code.NONODE];
/** createRecursive's creates: a missing parent or an existing node is handled, not a failure. */
const CREATE_ANSWERS: readonly number[] = [Code.NONODE, Code.NODEEXISTS];

const MAX_SEND_PING_INTERVAL = 10_000;

export class ZooKeeperClient {
  readonly node: string;
  readonly connectString: string;
  readonly chrootPath: string | null;
  readonly requestedSessionTimeoutMs: number;
  private readonly connectionTimeoutMs: number;
  private readonly servers: { host: string; port: number }[];
  private readonly resolve: (host: string, port: number) => string;
  private readonly defaultWatcher: Watcher | undefined;
  private readonly reinitializeOnExpiry: boolean;
  private readonly stateChangeHandler: StateChangeHandler | undefined;
  private readonly ownsNode: boolean;
  private readonly random: SeededRandom;

  private stateValue: ZooKeeperState = "NOT_CONNECTED";
  private closedBecause: "expired" | "closed" | "crashed" | null = null;
  private closing = false;
  /** The session ("0x0" before the first connect). */
  private session = "0x0";
  private negotiated = 0;
  private lastZxid = 0;
  private nextXid = 1;
  private serverNode: string | null = null;
  private hostIndex = 0;
  private attemptTarget: string | null = null;
  private lastSend = 0;
  private lastRecv = 0;
  private readonly queued: Request[] = [];
  private readonly inflight = new Map<number, Request>();
  private readonly dataWatches: WatchTable = new Map();
  private readonly existWatches: WatchTable = new Map();
  private readonly childWatches: WatchTable = new Map();
  private readonly timers = new Set<TimerId>();
  private loopTimer: TimerId | null = null;
  private loopAt = Infinity;
  private attemptTimer: TimerId | null = null;
  private readonly connectWaiters: { deferred: Deferred<void>; timer: TimerId }[] = [];
  private readonly stateListeners: ((state: KeeperState) => void)[] = [];

  constructor(private readonly runtime: Runtime, opts: ZooKeeperClientOptions) {
    this.node = opts.node;
    this.connectString = opts.connectString;
    const parsed = parseConnectString(opts.connectString);
    this.chrootPath = parsed.chrootPath;
    this.requestedSessionTimeoutMs = opts.sessionTimeoutMs ?? 18_000;
    this.connectionTimeoutMs = opts.connectionTimeoutMs ?? this.requestedSessionTimeoutMs;
    this.resolve = opts.resolve ?? ((host) => host);
    this.defaultWatcher = opts.watcher;
    this.reinitializeOnExpiry = opts.reinitializeOnExpiry ?? true;
    this.stateChangeHandler = opts.stateChangeHandler;
    this.ownsNode = opts.ownsNode ?? false;
    this.random = runtime.random.fork(`zookeeper-client/${opts.node}`);
    // StaticHostProvider shuffles the servers.
    this.servers = this.random.shuffle([...parsed.servers]);
  }

  get state(): ZooKeeperState {
    return this.stateValue;
  }

  /** The session id as ZooKeeper prints it ("0x10000e2a5c00000"), "0x0" before the first session. */
  get sessionId(): string {
    return this.session;
  }

  /** The session timeout the server granted (0 before connecting). */
  get sessionTimeoutMs(): number {
    return this.negotiated;
  }

  /** The highest zxid this client has seen. */
  get lastZxidSeen(): number {
    return this.lastZxid;
  }

  /** Listens to state changes (SyncConnected, Disconnected, Expired, Closed). */
  onStateChange(listener: (state: KeeperState) => void): void {
    this.stateListeners.push(listener);
  }

  /**
   * Connects and waits for the session, at most `zookeeper.connection.timeout.ms`; if that passes first, the
   * client is closed and a ZooKeeperClientTimeoutException says so (as when a broker starts without ZooKeeper).
   */
  connect(): Promise<void> {
    if (this.stateValue === "CONNECTED") return Promise.resolve();
    if (this.stateValue === "CLOSED") return Promise.reject(KeeperException.create(this.closedCode()));
    const deferred = this.runtime.defer<void>(`ZooKeeper connect ${this.connectString}`);
    const timer = this.runtime.schedule(this.connectionTimeoutMs, () => {
      const i = this.connectWaiters.findIndex((w) => w.deferred === deferred);
      if (i < 0) return;
      this.connectWaiters.splice(i, 1);
      const state = this.stateValue;
      this.shutdown("closed");
      deferred.reject(new ZooKeeperClientTimeoutException(`Timed out waiting for connection while in state: ${state}`));
    }, this.node, "zk.client.connectionTimeout");
    this.connectWaiters.push({ deferred, timer });
    if (this.stateValue === "NOT_CONNECTED") this.startConnecting();
    return deferred.promise;
  }

  // ---- the ZooKeeper API ---------------------------------------------------------------------------------------
  // Every operation has ZooKeeper's two forms. With a trailing callback it is the asynchronous API
  // (org.apache.zookeeper.ZooKeeper.create(path, data, acl, mode, StringCallback, ctx) and its siblings): the
  // callback gets the reply, nothing else is made, and it is what engine code (brokers, the controller) uses, since
  // it holds no runtime.defer() promise and so never keeps the simulation running. Without a callback the call
  // returns a promise made by runtime.defer() over the same request, for user-facing code (the shell, tests):
  // `await client.getData(...)` drives the simulation until the reply comes.
  // A bad path throws IllegalArgumentException at once in the callback form (as ZooKeeper's PathUtils does) and
  // rejects the promise in the other. A closed client answers at once (ConnectionLoss, or SessionExpired).

  /** Creates a znode; its path (with the sequence number for sequential modes). */
  create(path: string, data: Buffer | string | null, mode?: CreateMode): Promise<string>;
  create(path: string, data: Buffer | string | null, mode: CreateMode, cb: AsyncCallback<string>): void;
  create(path: string, data: Buffer | string | null, mode: CreateMode = CreateMode.PERSISTENT, cb?: AsyncCallback<string>): Promise<string> | undefined {
    if (cb === undefined) return this.promised(`zk create ${path}`, (done) => this.create(path, data, mode, done));
    validatePath(path, isSequential(mode));
    this.request({ op: "create", path: this.serverPath(path), data: toBuffer(data), mode }, path, cb,
      (reply) => this.clientPath((reply.result as ZkResult).path as string));
    return undefined;
  }

  /** Deletes a znode if its version matches (-1: any). */
  delete(path: string, version?: number): Promise<void>;
  delete(path: string, version: number, cb: AsyncCallback<void>): void;
  delete(path: string, version = -1, cb?: AsyncCallback<void>): Promise<void> | undefined {
    if (cb === undefined) return this.promised(`zk delete ${path}`, (done) => this.delete(path, version, done));
    validatePath(path);
    this.request({ op: "delete", path: this.serverPath(path), version }, path, cb, () => undefined);
    return undefined;
  }

  /** The node's Stat, or null if it does not exist; `watch` is told when it is created, changed or deleted. */
  exists(path: string, watch?: boolean | Watcher): Promise<Stat | null>;
  exists(path: string, watch: boolean | Watcher, cb: AsyncCallback<Stat | null>): void;
  exists(path: string, watch: boolean | Watcher = false, cb?: AsyncCallback<Stat | null>): Promise<Stat | null> | undefined {
    if (cb === undefined) return this.promised(`zk exists ${path}`, (done) => this.exists(path, watch, done));
    validatePath(path);
    const watcher = this.watcherFor(watch);
    this.request({ op: "exists", path: this.serverPath(path), watch: watcher !== null }, path, cb,
      (reply) => (reply.err === Code.NONODE ? null : ((reply.result as ZkResult).stat as Stat)),
      watcher ? { kind: "data", watcher } : undefined, NONODE_IS_AN_ANSWER);
    return undefined;
  }

  /** The node's data and Stat; `watch` is told when its data changes or it is deleted. */
  getData(path: string, watch?: boolean | Watcher): Promise<{ data: Buffer | null; stat: Stat }>;
  getData(path: string, watch: boolean | Watcher, cb: AsyncCallback<{ data: Buffer | null; stat: Stat }>): void;
  getData(path: string, watch: boolean | Watcher = false, cb?: AsyncCallback<{ data: Buffer | null; stat: Stat }>): Promise<{ data: Buffer | null; stat: Stat }> | undefined {
    if (cb === undefined) return this.promised(`zk getData ${path}`, (done) => this.getData(path, watch, done));
    validatePath(path);
    const watcher = this.watcherFor(watch);
    this.request({ op: "getData", path: this.serverPath(path), watch: watcher !== null }, path, cb, (reply) => {
      const r = reply.result as ZkResult;
      return { data: r.data ?? null, stat: r.stat as Stat };
    }, watcher ? { kind: "data", watcher } : undefined);
    return undefined;
  }

  /** Sets the node's data if its version matches (-1: any); the new Stat. */
  setData(path: string, data: Buffer | string | null, version?: number): Promise<Stat>;
  setData(path: string, data: Buffer | string | null, version: number, cb: AsyncCallback<Stat>): void;
  setData(path: string, data: Buffer | string | null, version = -1, cb?: AsyncCallback<Stat>): Promise<Stat> | undefined {
    if (cb === undefined) return this.promised(`zk setData ${path}`, (done) => this.setData(path, data, version, done));
    validatePath(path);
    this.request({ op: "setData", path: this.serverPath(path), data: toBuffer(data), version }, path, cb,
      (reply) => (reply.result as ZkResult).stat as Stat);
    return undefined;
  }

  /** The child names (sorted); `watch` is told when a child is added or removed, or the node deleted. */
  getChildren(path: string, watch?: boolean | Watcher): Promise<string[]>;
  getChildren(path: string, watch: boolean | Watcher, cb: AsyncCallback<string[]>): void;
  getChildren(path: string, watch: boolean | Watcher = false, cb?: AsyncCallback<string[]>): Promise<string[]> | undefined {
    if (cb === undefined) return this.promised(`zk getChildren ${path}`, (done) => this.getChildren(path, watch, done));
    this.getChildrenAndStat(path, watch, (err, r) => (err ? cb(err, undefined as unknown as string[]) : cb(null, r.children)));
    return undefined;
  }

  /** getChildren with the parent's Stat (ZooKeeper's getChildren2). */
  getChildrenAndStat(path: string, watch?: boolean | Watcher): Promise<{ children: string[]; stat: Stat }>;
  getChildrenAndStat(path: string, watch: boolean | Watcher, cb: AsyncCallback<{ children: string[]; stat: Stat }>): void;
  getChildrenAndStat(path: string, watch: boolean | Watcher = false, cb?: AsyncCallback<{ children: string[]; stat: Stat }>): Promise<{ children: string[]; stat: Stat }> | undefined {
    if (cb === undefined) return this.promised(`zk getChildren ${path}`, (done) => this.getChildrenAndStat(path, watch, done));
    validatePath(path);
    const watcher = this.watcherFor(watch);
    this.request({ op: "getChildren", path: this.serverPath(path), watch: watcher !== null }, path, cb, (reply) => {
      const r = reply.result as ZkResult;
      return { children: r.children as string[], stat: r.stat as Stat };
    }, watcher ? { kind: "child", watcher } : undefined);
    return undefined;
  }

  /**
   * Runs operations as one transaction: all succeed or none does. On failure the KeeperException of the
   * first failing operation (without a path), with `results` for every operation.
   */
  multi(ops: readonly Op[]): Promise<OpResult[]>;
  multi(ops: readonly Op[], cb: AsyncCallback<OpResult[]>): void;
  multi(ops: readonly Op[], cb?: AsyncCallback<OpResult[]>): Promise<OpResult[]> | undefined {
    if (cb === undefined) return this.promised("zk multi", (done) => this.multi(ops, done));
    for (const o of ops) validatePath(o.path, o.op === "create" && isSequential(o.mode));
    const serverOps = ops.map((o) => ({ ...o, path: this.serverPath(o.path) }));
    this.request({ op: "multi", ops: serverOps }, null, cb,
      (reply) => ((reply.result as ZkResult).results as OpResult[]).map((r) => (r.type === "create" ? { ...r, path: this.clientPath(r.path) } : r)));
    return undefined;
  }

  /**
   * KafkaZkClient.createRecursive: creates `path` with `data`, first creating missing parents (persistent,
   * null data). An existing node is an error only if `throwIfPathExists`.
   */
  createRecursive(path: string, data?: Buffer | string | null, throwIfPathExists?: boolean, mode?: CreateMode): Promise<void>;
  createRecursive(path: string, data: Buffer | string | null, throwIfPathExists: boolean, mode: CreateMode, cb: AsyncCallback<void>): void;
  createRecursive(path: string, data: Buffer | string | null = null, throwIfPathExists = true, mode: CreateMode = CreateMode.PERSISTENT,
    cb?: AsyncCallback<void>): Promise<void> | undefined {
    if (cb === undefined) return this.promised(`zk createRecursive ${path}`, (done) => this.createRecursive(path, data, throwIfPathExists, mode, done));
    this.createRecursiveRaw(path, data, throwIfPathExists, mode, false, cb);
    return undefined;
  }

  /** KafkaZkClient.makeSurePersistentPathExists. */
  makeSurePersistentPathExists(path: string): Promise<void>;
  makeSurePersistentPathExists(path: string, cb: AsyncCallback<void>): void;
  makeSurePersistentPathExists(path: string, cb?: AsyncCallback<void>): Promise<void> | undefined {
    if (cb === undefined) return this.promised(`zk createRecursive ${path}`, (done) => this.makeSurePersistentPathExists(path, done));
    this.createRecursive(path, null, false, CreateMode.PERSISTENT, cb);
    return undefined;
  }

  /** Creates the chroot (e.g. /kafka) if missing, as a Kafka broker does at startup before using it. */
  createChrootIfNecessary(): Promise<void>;
  createChrootIfNecessary(cb: AsyncCallback<void>): void;
  createChrootIfNecessary(cb?: AsyncCallback<void>): Promise<void> | undefined {
    if (this.chrootPath === null) {
      if (cb === undefined) return Promise.resolve();
      cb(null, undefined);
      return undefined;
    }
    const chroot = this.chrootPath;
    if (cb === undefined) return this.promised(`zk createRecursive ${chroot}`, (done) => this.createChrootIfNecessary(done));
    this.createRecursiveRaw(chroot, null, false, CreateMode.PERSISTENT, true, cb);
    return undefined;
  }

  /** Closes the session: its ephemeral nodes are deleted at once (a clean broker shutdown). */
  async close(): Promise<void> {
    if (this.stateValue === "CLOSED") return;
    if (this.stateValue !== "CONNECTED") {
      this.shutdown("closed");
      return;
    }
    this.closing = true;
    const deferred = this.runtime.defer<void>("zk closeSession");
    this.queued.push({ op: { op: "closeSession" }, clientPath: null, done: () => deferred.resolve() });
    this.flushQueue();
    await deferred.promise;
    this.shutdown("closed");
  }

  /** The node's process died: everything stops at once, nothing is sent; the server expires the session later. */
  crash(): void {
    if (this.stateValue === "CLOSED") return;
    this.runtime.trace.record(this.node, "zk.client.crash", { sessionId: this.session });
    this.shutdown("crashed", false);
  }

  /** Hands the client a message delivered to its node; false if it is not a ZooKeeper message for it. */
  receive(from: string, message: unknown): boolean {
    if (!isZooKeeperMessage(message)) return false;
    if (this.stateValue === "CLOSED" || this.stateValue === "NOT_CONNECTED") return true;
    switch (message.type) {
      case "zk.ConnectResponse":
        this.onConnectResponse(from, message as ZkConnectResponse);
        break;
      case "zk.reply":
        if (from === this.serverNode && this.stateValue === "CONNECTED") this.onReply(message as ZkReply);
        break;
      case "zk.WatcherEvent":
        if (from === this.serverNode && this.stateValue === "CONNECTED") this.onWatcherEvent(message as ZkWatcherEvent);
        break;
      case "zk.ConnectionClosed":
        if (from === this.serverNode && this.stateValue === "CONNECTED") {
          this.disconnect(`Unable to read additional data from server sessionid ${this.session}, likely server has closed socket`);
        } else if (from === this.attemptTarget && this.stateValue === "CONNECTING") {
          this.attemptFailed(`Server ${from} closed the connection: ${(message as { reason?: string }).reason ?? ""}`);
        }
        break;
      default:
        return false;
    }
    return true;
  }

  // ---- requests --------------------------------------------------------------------------------------------------

  /** The promise form of an operation: a runtime.defer() promise settled by its callback form. */
  private promised<T>(label: string, start: (cb: AsyncCallback<T>) => void): Promise<T> {
    const deferred = this.runtime.defer<T>(label);
    try {
      start((err, value) => (err ? deferred.reject(err) : deferred.resolve(value)));
    } catch (e) {
      deferred.reject(e); // a bad path
    }
    return deferred.promise;
  }

  /**
   * Sends one request; `cb` gets `value(reply)`, or the KeeperException of the reply's code (unless the code is
   * in `answers`: codes that are an answer, not a failure, like NONODE for exists).
   */
  private request<T>(op: ZkOperation, clientPath: string | null, cb: AsyncCallback<T>, value: (reply: ZkReply) => T,
    watch?: Request["watch"], answers: readonly number[] = NO_ANSWERS): void {
    this.submit(op, clientPath, watch, (reply) => {
      if (reply.err !== Code.OK && !answers.includes(reply.err)) {
        const e = KeeperException.create(reply.err, op.op === "multi" ? null : clientPath);
        if (reply.result?.results) e.results = reply.result.results as KeeperException["results"];
        cb(e, undefined as T);
        return;
      }
      cb(null, value(reply));
    });
  }

  private submit(op: ZkOperation, clientPath: string | null, watch: Request["watch"] | undefined, done: (reply: ZkReply) => void): void {
    if (this.stateValue === "CLOSED") {
      done(this.failedReply(this.closedCode()));
      return;
    }
    const req: Request = { op, clientPath, done };
    if (watch) req.watch = watch;
    this.queued.push(req);
    if (this.stateValue === "NOT_CONNECTED") this.startConnecting();
    else if (this.stateValue === "CONNECTED") this.flushQueue();
  }

  /** What a closed client answers: SessionExpired after an expiry, else ConnectionLoss. */
  private closedCode(): number {
    return this.closedBecause === "expired" ? Code.SESSIONEXPIRED : Code.CONNECTIONLOSS;
  }

  private failedReply(err: number): ZkReply {
    return { type: "zk.reply", xid: 0, zxid: this.lastZxid, err };
  }

  /**
   * Answers requests that will get no reply from the server (connection lost, client closed). Called last by
   * the state change that failed them, so their callbacks see the client's new state (ClientCnxn hands them to
   * its event thread). A callback that throws does not keep the others from being answered; the first error is
   * thrown again afterwards (the runtime reports it as an engine bug).
   */
  private fail(requests: readonly Request[], err: number): void {
    let thrown: { e: unknown } | null = null;
    for (const r of requests) {
      try {
        r.done(this.failedReply(r.op.op === "closeSession" ? Code.OK : err));
      } catch (e) {
        thrown ??= { e };
      }
    }
    if (thrown !== null) throw thrown.e;
  }
  private flushQueue(): void {
    while (this.queued.length > 0 && this.stateValue === "CONNECTED") {
      const req = this.queued.shift() as Request;
      const xid = this.nextXid++;
      this.inflight.set(xid, req);
      this.sendToServer({ type: `zk.${req.op.op}`, sessionId: this.session, xid, request: req.op });
    }
  }

  private onReply(reply: ZkReply): void {
    this.lastRecv = this.runtime.now();
    if (reply.zxid > this.lastZxid) this.lastZxid = reply.zxid;
    if (reply.xid === PING_XID || reply.xid === SET_WATCHES_XID) return;
    const req = this.inflight.get(reply.xid);
    if (!req) return;
    this.inflight.delete(reply.xid);
    // ZKWatchManager: a watch is registered when its request succeeds (exists on a missing node: an exist watch).
    if (req.watch) {
      const path = req.clientPath as string;
      if (reply.err === Code.OK) addWatch(req.watch.kind === "child" ? this.childWatches : this.dataWatches, path, req.watch.watcher);
      else if (reply.err === Code.NONODE && req.op.op === "exists") addWatch(this.existWatches, path, req.watch.watcher);
    }
    if (reply.result?.data) reply.result.data = Buffer.from(reply.result.data); // the caller's own copy
    req.done(reply);
  }

  private onWatcherEvent(ev: ZkWatcherEvent): void {
    this.lastRecv = this.runtime.now();
    if (ev.zxid > this.lastZxid) this.lastZxid = ev.zxid;
    const path = this.clientPath(ev.path);
    const watchers = new Set<Watcher>();
    const take = (t: WatchTable): void => {
      for (const w of t.get(path) ?? []) watchers.add(w);
      t.delete(path);
    };
    switch (ev.eventType) {
      case EventType.NodeCreated:
      case EventType.NodeDataChanged:
        take(this.dataWatches);
        take(this.existWatches);
        break;
      case EventType.NodeChildrenChanged:
        take(this.childWatches);
        break;
      case EventType.NodeDeleted:
        take(this.dataWatches);
        take(this.existWatches);
        take(this.childWatches);
        break;
    }
    const event = new WatchedEvent(ev.eventType, KeeperState.SyncConnected, path);
    this.runtime.trace.record(this.node, "zk.client.watch", { sessionId: this.session, event: ev.eventType, path });
    for (const w of watchers) this.callWatcher(w, event);
  }

  private watcherFor(watch: boolean | Watcher): Watcher | null {
    if (typeof watch === "function") return watch;
    if (!watch) return null;
    return this.defaultWatcher ?? noWatcher;
  }

  private callWatcher(w: Watcher, event: WatchedEvent): void {
    try {
      w(event);
    } catch (e) {
      this.runtime.trace.record(this.node, "zk.client.watcherError", { event: event.toString(), message: e instanceof Error ? e.message : String(e) });
    }
  }

  // ---- connection ------------------------------------------------------------------------------------------------

  private startConnecting(): void {
    this.stateValue = "CONNECTING";
    if (this.ownsNode && !this.runtime.network.isUp(this.node)) {
      this.runtime.network.register(this.node, (from, msg) => this.receive(from, msg));
    }
    this.attempt();
  }

  private attempt(): void {
    if (this.stateValue !== "CONNECTING") return;
    const server = this.servers[this.hostIndex % this.servers.length] as { host: string; port: number };
    this.hostIndex++;
    const target = this.resolve(server.host, server.port);
    this.attemptTarget = target;
    this.runtime.trace.record(this.node, "zk.client.connecting", { server: `${server.host}:${server.port}`, node: target, sessionId: this.session });
    this.clearAttemptTimer();
    if (!this.runtime.network.isUp(target)) {
      // Nothing listens on that port (the ZooKeeper process is down): TCP refuses the connection at once.
      // (A partitioned or dead machine does not answer at all: that case waits for the connect timeout below.)
      this.attemptTimer = this.addTimer(1, () => {
        this.attemptTimer = null;
        this.attemptFailed(`Session ${this.session} for server ${server.host}:${server.port}, unexpected error, closing socket connection and attempting reconnect: java.net.ConnectException: Connection refused`);
      }, "zk.client.connectRefused");
      return;
    }
    this.sendTo(target, { type: "zk.ConnectRequest", protocolVersion: 0, lastZxidSeen: this.lastZxid, timeOut: this.requestedSessionTimeoutMs, sessionId: this.session });
    const connectTimeout = Math.floor((this.negotiated || this.requestedSessionTimeoutMs) / this.servers.length);
    this.attemptTimer = this.addTimer(connectTimeout, () => {
      this.attemptTimer = null;
      this.attemptFailed(`Client session timed out, have not heard from server in ${connectTimeout}ms for session id ${this.session}`);
    }, "zk.client.connectTimeout");
  }

  private attemptFailed(reason: string): void {
    if (this.stateValue !== "CONNECTING") return;
    this.clearAttemptTimer();
    this.attemptTarget = null;
    this.runtime.trace.record(this.node, "zk.client.connectFailed", { reason });
    if (this.closing) {
      this.shutdown("closed");
      return;
    }
    // ClientCnxn.SendThread: sleep up to 1 s before trying the next server.
    this.addTimer(this.random.nextIntBelow(1000), () => this.attempt(), "zk.client.reconnect");
  }

  private onConnectResponse(from: string, resp: ZkConnectResponse): void {
    if (this.stateValue !== "CONNECTING" || from !== this.attemptTarget) return;
    this.clearAttemptTimer();
    this.attemptTarget = null;
    if (resp.timeOut <= 0) {
      this.expired();
      return;
    }
    const reconnect = this.session !== "0x0" && resp.sessionId === this.session;
    this.session = resp.sessionId;
    this.negotiated = resp.timeOut;
    this.serverNode = from;
    this.stateValue = "CONNECTED";
    const now = this.runtime.now();
    this.lastRecv = now;
    this.lastSend = now;
    this.runtime.trace.record(this.node, "zk.client.connected", {
      server: from, sessionId: this.session, negotiatedTimeout: this.negotiated, reconnect,
    });
    if (reconnect && (this.dataWatches.size + this.existWatches.size + this.childWatches.size) > 0) {
      const sp = (t: WatchTable): string[] => [...t.keys()].map((p) => this.serverPath(p));
      this.sendToServer({
        type: "zk.setWatches", sessionId: this.session, xid: SET_WATCHES_XID,
        request: { op: "setWatches", relativeZxid: this.lastZxid, dataWatches: sp(this.dataWatches), existWatches: sp(this.existWatches), childWatches: sp(this.childWatches) },
      });
    }
    this.flushQueue();
    this.armLoop();
    this.emitState(KeeperState.SyncConnected);
    for (const w of this.connectWaiters.splice(0)) {
      this.runtime.cancel(w.timer);
      w.deferred.resolve();
    }
  }

  /** The connection is gone (no answer for readTimeout, or the server closed it): fail what is in flight, reconnect. */
  private disconnect(reason: string): void {
    this.stateValue = "CONNECTING";
    this.serverNode = null;
    this.clearLoop();
    this.runtime.trace.record(this.node, "zk.client.disconnected", { sessionId: this.session, reason });
    const inflight = [...this.inflight.values()];
    this.inflight.clear();
    this.emitState(KeeperState.Disconnected);
    if (this.closing) this.shutdown("closed");
    else this.addTimer(this.random.nextIntBelow(1000), () => this.attempt(), "zk.client.reconnect");
    // Requests in flight may or may not have happened: ConnectionLoss (a retry is queued for the next connection).
    this.fail(inflight, Code.CONNECTIONLOSS);
  }

  private expired(): void {
    this.runtime.trace.record(this.node, "zk.client.expired", { sessionId: this.session });
    const old = this.session;
    const waiting = this.shutdown("expired", false, false);
    this.emitState(KeeperState.Expired, true);
    if (!this.reinitializeOnExpiry || this.closing) {
      this.fail(waiting, Code.SESSIONEXPIRED);
      return;
    }
    // kafka.zookeeper.ZooKeeperClient.reinitialize: a new ZooKeeper handle, then the handlers re-register.
    this.callHandler("beforeInitializingSession");
    this.runtime.trace.record(this.node, "zk.client.reinitialize", { expiredSessionId: old });
    this.stateValue = "NOT_CONNECTED";
    this.closedBecause = null;
    this.session = "0x0";
    this.negotiated = 0;
    this.lastZxid = 0;
    this.startConnecting();
    this.callHandler("afterInitializingSession");
    // Last, as ClientCnxn's event thread would: what they retry goes to the new session.
    this.fail(waiting, Code.SESSIONEXPIRED);
  }

  private callHandler(name: "beforeInitializingSession" | "afterInitializingSession"): void {
    try {
      this.stateChangeHandler?.[name]?.();
    } catch (e) {
      this.runtime.trace.record(this.node, "zk.client.handlerError", { handler: name, message: e instanceof Error ? e.message : String(e) });
    }
  }

  /**
   * Ends the client: timers cancelled, every waiting request failed (SessionExpired or ConnectionLoss) once the
   * rest is done, or handed back to the caller to fail (`answer` false).
   */
  private shutdown(why: "expired" | "closed" | "crashed", emit = true, answer = true): Request[] {
    if (this.stateValue === "CLOSED") return [];
    this.stateValue = "CLOSED";
    this.closedBecause = why;
    for (const t of this.timers) this.runtime.cancel(t);
    this.timers.clear();
    this.loopTimer = null;
    this.loopAt = Infinity;
    this.attemptTimer = null;
    this.serverNode = null;
    this.attemptTarget = null;
    const err = why === "expired" ? Code.SESSIONEXPIRED : Code.CONNECTIONLOSS;
    const waiting = [...this.inflight.values(), ...this.queued.splice(0)];
    this.inflight.clear();
    for (const w of this.connectWaiters.splice(0)) {
      this.runtime.cancel(w.timer);
      w.deferred.reject(why === "expired" ? KeeperException.create(Code.SESSIONEXPIRED) : new ZooKeeperClientTimeoutException(`Client ${why} while connecting`));
    }
    if (why !== "expired") {
      this.dataWatches.clear();
      this.existWatches.clear();
      this.childWatches.clear();
    }
    if (this.ownsNode && why !== "expired") this.runtime.network.unregister(this.node);
    if (why === "closed") this.runtime.trace.record(this.node, "zk.client.closed", { sessionId: this.session });
    if (emit && why === "closed") this.emitState(KeeperState.Closed);
    if (answer) this.fail(waiting, err);
    return waiting;
  }

  /** State events go to the default watcher and to every watcher still registered (ZKWatchManager). */
  private emitState(state: KeeperState, clearWatches = false): void {
    const event = new WatchedEvent(EventType.None, state, null);
    const watchers = new Set<Watcher>();
    if (this.defaultWatcher) watchers.add(this.defaultWatcher);
    for (const t of [this.dataWatches, this.existWatches, this.childWatches]) for (const s of t.values()) for (const w of s) watchers.add(w);
    if (clearWatches) {
      this.dataWatches.clear();
      this.existWatches.clear();
      this.childWatches.clear();
    }
    for (const w of watchers) if (w !== noWatcher) this.callWatcher(w, event);
    for (const l of this.stateListeners) {
      try {
        l(state);
      } catch (e) {
        this.runtime.trace.record(this.node, "zk.client.listenerError", { message: e instanceof Error ? e.message : String(e) });
      }
    }
  }

  // ---- keep-alive --------------------------------------------------------------------------------------------------

  private get readTimeout(): number {
    return Math.floor((this.negotiated * 2) / 3);
  }

  // ClientCnxn: ping when timeToNextPing = readTimeout/2 - idleSend - (idleSend > 1000 ? 1000 : 0) <= 0,
  // or when nothing was sent for MAX_SEND_PING_INTERVAL.
  private pingDelay(): number {
    const half = Math.floor(this.readTimeout / 2);
    const d = half - 1000 > 1000 ? half - 1000 : half <= 1000 ? half : 1001;
    return Math.min(d, MAX_SEND_PING_INTERVAL + 1);
  }

  private armLoop(): void {
    if (this.stateValue !== "CONNECTED") return;
    const at = Math.min(this.lastRecv + this.readTimeout, this.lastSend + this.pingDelay());
    if (this.loopTimer !== null && this.loopAt <= at) return; // it fires earlier and re-arms
    this.clearLoop();
    this.loopAt = at;
    this.loopTimer = this.addTimer(Math.max(0, at - this.runtime.now()), () => {
      this.loopTimer = null;
      this.loopAt = Infinity;
      this.tick();
    }, "zk.client.tick");
  }

  private tick(): void {
    if (this.stateValue !== "CONNECTED") return;
    const now = this.runtime.now();
    const idleRecv = now - this.lastRecv;
    if (idleRecv >= this.readTimeout) {
      this.disconnect(`Client session timed out, have not heard from server in ${idleRecv}ms for session id ${this.session}`);
      return;
    }
    if (now - this.lastSend >= this.pingDelay()) {
      this.sendToServer({ type: "zk.ping", sessionId: this.session, xid: PING_XID, request: { op: "ping" } });
    }
    this.armLoop();
  }

  private clearLoop(): void {
    if (this.loopTimer !== null) this.cancelTimer(this.loopTimer);
    this.loopTimer = null;
    this.loopAt = Infinity;
  }

  private clearAttemptTimer(): void {
    if (this.attemptTimer !== null) this.cancelTimer(this.attemptTimer);
    this.attemptTimer = null;
  }

  private addTimer(delay: number, fn: () => void, label: string): TimerId {
    const id: TimerId = this.runtime.schedule(delay, () => {
      this.timers.delete(id);
      fn();
    }, this.node, label);
    this.timers.add(id);
    return id;
  }

  private cancelTimer(id: TimerId): void {
    this.runtime.cancel(id);
    this.timers.delete(id);
  }

  private sendToServer(msg: ZkClientToServer): void {
    if (this.serverNode === null) return;
    this.sendTo(this.serverNode, msg);
    this.lastSend = this.runtime.now();
    this.armLoop();
  }

  private sendTo(to: string, msg: ZkClientToServer): void {
    this.runtime.network.send(this.node, to, msg, approximateSize(msg));
  }

  // ---- chroot ------------------------------------------------------------------------------------------------------

  private serverPath(clientPath: string): string {
    if (this.chrootPath === null) return clientPath;
    return clientPath === "/" ? this.chrootPath : this.chrootPath + clientPath;
  }

  private clientPath(serverPath: string): string {
    if (this.chrootPath === null) return serverPath;
    if (serverPath === this.chrootPath) return "/";
    if (serverPath.length <= this.chrootPath.length) return serverPath;
    return serverPath.substring(this.chrootPath.length);
  }

  // KafkaZkClient.createRecursive; `raw`: paths are not under the chroot (creating the chroot itself).
  private createRecursiveRaw(path: string, data: Buffer | string | null, throwIfPathExists: boolean, mode: CreateMode, raw: boolean,
    cb: AsyncCallback<void>): void {
    validatePath(path);
    const bytes = toBuffer(data);
    // One create; `then` gets OK, NONODE (a parent is missing) or NODEEXISTS; any other code fails the whole.
    const create = (p: string, d: Buffer | null, m: CreateMode, then: (code: number) => void): void => {
      this.request<number>({ op: "create", path: raw ? p : this.serverPath(p), data: d, mode: m }, p,
        (err, code) => (err ? cb(err, undefined) : then(code)), (reply) => reply.err, undefined, CREATE_ANSWERS);
    };
    const createParents = (p: string, then: () => void): void => {
      if (p === "/") return then();
      const parentDone = (code: number): void => {
        if (code !== Code.OK && code !== Code.NODEEXISTS) cb(KeeperException.create(code, p), undefined);
        else then();
      };
      create(p, null, CreateMode.PERSISTENT, (code) => {
        if (code === Code.NONODE) createParents(parentOf(p), () => create(p, null, CreateMode.PERSISTENT, parentDone));
        else parentDone(code);
      });
    };
    const done = (code: number): void => {
      if (code === Code.OK || (code === Code.NODEEXISTS && !throwIfPathExists)) cb(null, undefined);
      else cb(KeeperException.create(code, path), undefined);
    };
    create(path, bytes, mode, (code) => {
      if (code === Code.NONODE) createParents(parentOf(path), () => create(path, bytes, mode, done));
      else done(code);
    });
  }
}

function noWatcher(): void {}

function addWatch(t: WatchTable, path: string, w: Watcher): void {
  let s = t.get(path);
  if (!s) t.set(path, (s = new Set()));
  s.add(w);
}
