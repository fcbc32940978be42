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
// Every reply resolves a promise made by runtime.defer(), so `await client.getData(...)` drives the simulation.
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
  deferred: Deferred<ZkReply>;
  /** Watch to register if the request succeeds. */
  watch?: { kind: "data" | "child"; watcher: Watcher };
}

type WatchTable = Map<string, Set<Watcher>>;

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
    if (this.stateValue === "CLOSED") return Promise.reject(this.closedError(null));
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

  /** Creates a znode; returns its path (with the sequence number for sequential modes). */
  async create(path: string, data: Buffer | string | null, mode: CreateMode = CreateMode.PERSISTENT): Promise<string> {
    validatePath(path, isSequential(mode));
    const reply = await this.submit({ op: "create", path: this.serverPath(path), data: toBuffer(data), mode }, path);
    return this.clientPath((reply.result as ZkResult).path as string);
  }

  /** Deletes a znode if its version matches (-1: any). */
  async delete(path: string, version = -1): Promise<void> {
    validatePath(path);
    await this.submit({ op: "delete", path: this.serverPath(path), version }, path);
  }

  /** The node's Stat, or null if it does not exist; `watch` is told when it is created, changed or deleted. */
  async exists(path: string, watch: boolean | Watcher = false): Promise<Stat | null> {
    validatePath(path);
    const watcher = this.watcherFor(watch);
    const reply = await this.submit({ op: "exists", path: this.serverPath(path), watch: watcher !== null }, path,
      watcher ? { kind: "data", watcher } : undefined, [Code.NONODE]);
    return reply.err === Code.NONODE ? null : ((reply.result as ZkResult).stat as Stat);
  }

  /** The node's data and Stat; `watch` is told when its data changes or it is deleted. */
  async getData(path: string, watch: boolean | Watcher = false): Promise<{ data: Buffer | null; stat: Stat }> {
    validatePath(path);
    const watcher = this.watcherFor(watch);
    const reply = await this.submit({ op: "getData", path: this.serverPath(path), watch: watcher !== null }, path,
      watcher ? { kind: "data", watcher } : undefined);
    const r = reply.result as ZkResult;
    return { data: r.data ?? null, stat: r.stat as Stat };
  }

  /** Sets the node's data if its version matches (-1: any); returns the new Stat. */
  async setData(path: string, data: Buffer | string | null, version = -1): Promise<Stat> {
    validatePath(path);
    const reply = await this.submit({ op: "setData", path: this.serverPath(path), data: toBuffer(data), version }, path);
    return (reply.result as ZkResult).stat as Stat;
  }

  /** The child names (sorted); `watch` is told when a child is added or removed, or the node deleted. */
  async getChildren(path: string, watch: boolean | Watcher = false): Promise<string[]> {
    return (await this.getChildrenAndStat(path, watch)).children;
  }

  /** getChildren with the parent's Stat (ZooKeeper's getChildren2). */
  async getChildrenAndStat(path: string, watch: boolean | Watcher = false): Promise<{ children: string[]; stat: Stat }> {
    validatePath(path);
    const watcher = this.watcherFor(watch);
    const reply = await this.submit({ op: "getChildren", path: this.serverPath(path), watch: watcher !== null }, path,
      watcher ? { kind: "child", watcher } : undefined);
    const r = reply.result as ZkResult;
    return { children: r.children as string[], stat: r.stat as Stat };
  }

  /**
   * Runs operations as one transaction: all succeed or none does. On failure the KeeperException of the
   * first failing operation is thrown (without a path), with `results` for every operation.
   */
  async multi(ops: readonly Op[]): Promise<OpResult[]> {
    for (const o of ops) validatePath(o.path, o.op === "create" && isSequential(o.mode));
    const serverOps = ops.map((o) => ({ ...o, path: this.serverPath(o.path) }));
    const reply = await this.submit({ op: "multi", ops: serverOps }, null);
    return ((reply.result as ZkResult).results as OpResult[]).map((r) => (r.type === "create" ? { ...r, path: this.clientPath(r.path) } : r));
  }

  /**
   * KafkaZkClient.createRecursive: creates `path` with `data`, first creating missing parents (persistent,
   * null data). An existing node is an error only if `throwIfPathExists`.
   */
  async createRecursive(path: string, data: Buffer | string | null = null, throwIfPathExists = true, mode: CreateMode = CreateMode.PERSISTENT): Promise<void> {
    await this.createRecursiveRaw(path, data, throwIfPathExists, mode, false);
  }

  /** KafkaZkClient.makeSurePersistentPathExists. */
  async makeSurePersistentPathExists(path: string): Promise<void> {
    await this.createRecursive(path, null, false);
  }

  /** Creates the chroot (e.g. /kafka) if missing, as a Kafka broker does at startup before using it. */
  async createChrootIfNecessary(): Promise<void> {
    if (this.chrootPath !== null) await this.createRecursiveRaw(this.chrootPath, null, false, CreateMode.PERSISTENT, true);
  }

  /** Closes the session: its ephemeral nodes are deleted at once (a clean broker shutdown). */
  async close(): Promise<void> {
    if (this.stateValue === "CLOSED") return;
    if (this.stateValue !== "CONNECTED") {
      this.shutdown("closed");
      return;
    }
    this.closing = true;
    const deferred = this.runtime.defer<ZkReply>("zk closeSession");
    this.queued.push({ op: { op: "closeSession" }, clientPath: null, deferred });
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

  private submit(op: ZkOperation, clientPath: string | null, watch?: Request["watch"], okErrors: number[] = []): Promise<ZkReply> {
    if (this.stateValue === "CLOSED") return Promise.reject(this.closedError(clientPath));
    const deferred = this.runtime.defer<ZkReply>(`zk ${op.op}${clientPath === null ? "" : ` ${clientPath}`}`);
    const req: Request = { op, clientPath, deferred };
    if (watch) req.watch = watch;
    this.queued.push(req);
    if (this.stateValue === "NOT_CONNECTED") this.startConnecting();
    else if (this.stateValue === "CONNECTED") this.flushQueue();
    return deferred.promise.then((reply) => {
      if (reply.err !== Code.OK && !okErrors.includes(reply.err)) {
        const e = KeeperException.create(reply.err, op.op === "multi" ? null : clientPath);
        if (reply.result?.results) e.results = reply.result.results as KeeperException["results"];
        throw e;
      }
      return reply;
    });
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
    req.deferred.resolve(reply);
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
    for (const r of inflight) r.deferred.resolve({ type: "zk.reply", xid: 0, zxid: this.lastZxid, err: Code.CONNECTIONLOSS });
    this.emitState(KeeperState.Disconnected);
    if (this.closing) {
      this.shutdown("closed");
      return;
    }
    this.addTimer(this.random.nextIntBelow(1000), () => this.attempt(), "zk.client.reconnect");
  }

  private expired(): void {
    this.runtime.trace.record(this.node, "zk.client.expired", { sessionId: this.session });
    const old = this.session;
    this.shutdown("expired", false);
    this.emitState(KeeperState.Expired, true);
    if (!this.reinitializeOnExpiry || this.closing) return;
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
  }

  private callHandler(name: "beforeInitializingSession" | "afterInitializingSession"): void {
    try {
      this.stateChangeHandler?.[name]?.();
    } catch (e) {
      this.runtime.trace.record(this.node, "zk.client.handlerError", { handler: name, message: e instanceof Error ? e.message : String(e) });
    }
  }

  /** Ends the client: timers cancelled, every waiting request failed (SessionExpired or ConnectionLoss). */
  private shutdown(why: "expired" | "closed" | "crashed", emit = true): void {
    if (this.stateValue === "CLOSED") return;
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
    for (const r of waiting) {
      if (r.op.op === "closeSession") r.deferred.resolve({ type: "zk.reply", xid: 0, zxid: this.lastZxid, err: Code.OK });
      else r.deferred.resolve({ type: "zk.reply", xid: 0, zxid: this.lastZxid, err });
    }
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
  }

  private closedError(path: string | null): Error {
    return KeeperException.create(this.closedBecause === "expired" ? Code.SESSIONEXPIRED : Code.CONNECTIONLOSS, path);
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
  private async createRecursiveRaw(path: string, data: Buffer | string | null, throwIfPathExists: boolean, mode: CreateMode, raw: boolean): Promise<void> {
    validatePath(path);
    const create = async (p: string, d: Buffer | null, m: CreateMode): Promise<number> => {
      const reply = await this.submit({ op: "create", path: raw ? p : this.serverPath(p), data: d, mode: m }, p, undefined, [Code.NONODE, Code.NODEEXISTS]);
      return reply.err;
    };
    const createParents = async (p: string): Promise<void> => {
      if (p === "/") return;
      let code = await create(p, null, CreateMode.PERSISTENT);
      if (code === Code.NONODE) {
        await createParents(parentOf(p));
        code = await create(p, null, CreateMode.PERSISTENT);
      }
      if (code !== Code.OK && code !== Code.NODEEXISTS) throw KeeperException.create(code, p);
    };
    let code = await create(path, toBuffer(data), mode);
    if (code === Code.NONODE) {
      await createParents(parentOf(path));
      code = await create(path, toBuffer(data), mode);
    }
    if (code === Code.NODEEXISTS && !throwIfPathExists) return;
    if (code !== Code.OK) throw KeeperException.create(code, path);
  }
}

function noWatcher(): void {}

function addWatch(t: WatchTable, path: string, w: Watcher): void {
  let s = t.get(path);
  if (!s) t.set(path, (s = new Set()));
  s.add(w);
}
