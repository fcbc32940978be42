// A standalone ZooKeeper server (org.apache.zookeeper.server.ZooKeeperServer, as started by
// zookeeper-server-start.sh with Kafka's config/zookeeper.properties) running as a node of the runtime network.
// It holds the znode tree, the sessions and the watches, and keeps its data in dataDir/version-2 on the node's
// disk, so a restarted ZooKeeper still has every persistent znode.
//
// Sessions, as in ZooKeeper:
//  - A client asks for a timeout (Kafka: zookeeper.session.timeout.ms = 18000); the server bounds it to
//    [minSessionTimeout, maxSessionTimeout] = [2, 20] x tickTime (tickTime 2000 -> 4000..40000).
//  - Every packet from the client (requests and the pings it sends when idle) pushes the session's expiry
//    to now + timeout, rounded up to the next tickTime boundary (ExpiryQueue). A session that hears nothing
//    for that long expires: its ephemeral nodes are deleted (firing watches) and its connection is closed.
//  - Sessions are part of the database (snapshot + log). A restarted server gives every known session a fresh
//    full timeout: a client that reconnects in time keeps its session and its ephemerals; one that does not
//    (its broker died while ZooKeeper was down) expires one timeout after the restart. ZooKeeper does not
//    count downtime against sessions, and neither does this server.
import type { Runtime } from "../../sim/Runtime";
import type { TimerId } from "../../sim/Scheduler";
import { DataTree, type WatchTrigger } from "./DataTree";
import { FileTxnSnapLog, type Txn } from "./FileTxnSnapLog";
import { Code, KeeperException } from "./KeeperException";
import { validatePath } from "./PathUtils";
import type { Stat } from "./Stat";
import { zxidHex } from "./Stat";
import { WatchManager } from "./WatchManager";
import {
  PING_XID, type ZkConnectRequest, type ZkOperation, type ZkReply, type ZkRequest, type ZkResult, type ZkServerToClient,
  approximateSize, isZooKeeperMessage,
} from "./ZooKeeperProtocol";

export interface ZooKeeperServerOptions {
  /** The node name on the runtime network (default "zookeeper"). */
  node?: string;
  /** The host name clients use in zookeeper.connect, e.g. "hadoop102" (default: the node name). */
  host?: string;
  /** clientPort (default 2181). */
  clientPort?: number;
  /** tickTime in ms (default 2000). */
  tickTime?: number;
  /** Default -1: 2 x tickTime. */
  minSessionTimeout?: number;
  /** Default -1: 20 x tickTime. */
  maxSessionTimeout?: number;
  /** Transactions between snapshots (ZooKeeper's snapCount, default 100000; rolled at a random point past half). */
  snapCount?: number;
  /** The server id that forms the top byte of session ids (standalone: 1). */
  serverId?: number;
}

interface Session {
  readonly id: string;
  timeOut: number;
  /** When it expires unless touched (a tickTime boundary). */
  expireAt: number;
  /** The node its connection comes from, or null while it has no connection. */
  clientNode: string | null;
}

/** What the shell and notebooks may ask a running server directly (ZooKeeper's four-letter words, in spirit). */
export interface ZooKeeperServerInfo {
  running: boolean;
  zxid: string;
  nodeCount: number;
  sessions: { sessionId: string; timeOut: number; expiresInMs: number; clientNode: string | null; ephemerals: string[] }[];
  watches: number;
}

export class ZooKeeperServer {
  readonly node: string;
  readonly host: string;
  readonly clientPort: number;
  readonly tickTime: number;
  readonly minSessionTimeout: number;
  readonly maxSessionTimeout: number;
  private readonly snapCount: number;
  private readonly serverId: number;

  private tree: DataTree | null = null;
  private readonly sessions = new Map<string, Session>();
  private readonly watches = new WatchManager();
  private txnLog: FileTxnSnapLog | null = null;
  private nextSessionId = 0n;
  private expiryTimer: TimerId | null = null;
  private expiryTimerAt = Infinity;
  private snapRoll = 0;

  constructor(private readonly runtime: Runtime, opts: ZooKeeperServerOptions = {}) {
    this.node = opts.node ?? "zookeeper";
    this.host = opts.host ?? this.node;
    this.clientPort = opts.clientPort ?? 2181;
    this.tickTime = opts.tickTime ?? 2000;
    if (!(this.tickTime > 0)) throw new Error(`Invalid value ${this.tickTime} for tickTime: must be > 0`);
    this.minSessionTimeout = opts.minSessionTimeout === undefined || opts.minSessionTimeout === -1 ? this.tickTime * 2 : opts.minSessionTimeout;
    this.maxSessionTimeout = opts.maxSessionTimeout === undefined || opts.maxSessionTimeout === -1 ? this.tickTime * 20 : opts.maxSessionTimeout;
    if (this.minSessionTimeout > this.maxSessionTimeout) {
      throw new Error(`minSessionTimeout ${this.minSessionTimeout} must not be larger than maxSessionTimeout ${this.maxSessionTimeout}`);
    }
    this.snapCount = opts.snapCount ?? 100_000;
    this.serverId = opts.serverId ?? 1;
  }

  /** "hadoop102:2181": how clients name this server in zookeeper.connect. */
  get hostPort(): string {
    return `${this.host}:${this.clientPort}`;
  }

  get isRunning(): boolean {
    return this.tree !== null;
  }

  /** The in-memory tree (for the shell's local mode and tests); throws if the server is down. */
  get dataTree(): DataTree {
    if (!this.tree) throw new Error(`ZooKeeper ${this.hostPort} is not running`);
    return this.tree;
  }

  /** Starts the server: loads dataDir (snapshot + log), takes a snapshot, then listens. */
  start(): void {
    if (this.tree) return;
    const disk = this.runtime.disk(this.node);
    const log = new FileTxnSnapLog(disk);
    const { snapshot, txns } = log.restore();
    const tree = snapshot ? DataTree.deserialize(snapshot.nodes, snapshot.lastProcessedZxid) : new DataTree();
    const timeouts = new Map<string, number>((snapshot?.sessions ?? []).map((s) => [s.sessionId, s.timeOut]));
    for (const txn of txns) this.replay(tree, timeouts, txn);
    // ZooKeeperServer.loadData: ephemerals of sessions the database does not know are removed.
    for (const owner of tree.sessionsWithEphemerals()) if (!timeouts.has(owner)) tree.killSession(owner, tree.lastProcessedZxid, []);
    this.tree = tree;
    this.txnLog = log;
    this.snapRoll = this.runtime.random.fork(`zookeeper/${this.node}/snapRoll`).nextIntBelow(Math.max(1, Math.floor(this.snapCount / 2)));
    const now = this.runtime.now();
    this.sessions.clear();
    for (const [id, timeOut] of timeouts) this.sessions.set(id, { id, timeOut, expireAt: this.roundToNextTick(now + timeOut), clientNode: null });
    this.nextSessionId = this.initializeNextSessionId(now);
    this.takeSnapshot();
    this.runtime.network.register(this.node, (from, msg) => this.onMessage(from, msg));
    this.runtime.trace.record(this.node, "zk.server.start", { zxid: zxidHex(tree.lastProcessedZxid), sessions: this.sessions.size, nodes: tree.nodeCount });
    this.armExpiry();
  }

  /** Clean shutdown: connections are closed (clients notice at once); sessions stay in the database. */
  stop(): void {
    if (!this.tree) return;
    for (const s of this.sessions.values()) {
      if (s.clientNode !== null) this.send(s.clientNode, { type: "zk.ConnectionClosed", sessionId: s.id, reason: "server shutdown" });
    }
    this.runtime.trace.record(this.node, "zk.server.stop");
    this.down();
  }

  /** Crash (kill -9 or power loss): the process vanishes; clients notice only when pings go unanswered. */
  crash(): void {
    if (!this.tree) return;
    this.runtime.trace.record(this.node, "zk.server.crash");
    this.down();
  }

  /** A summary of the running server: zxid, sessions (with their ephemerals), node and watch counts. */
  info(): ZooKeeperServerInfo {
    const now = this.runtime.now();
    return {
      running: this.tree !== null,
      zxid: zxidHex(this.tree?.lastProcessedZxid ?? 0),
      nodeCount: this.tree?.nodeCount ?? 0,
      sessions: [...this.sessions.values()].map((s) => ({
        sessionId: s.id, timeOut: s.timeOut, expiresInMs: s.expireAt - now, clientNode: s.clientNode,
        ephemerals: this.tree?.ephemeralsOf(s.id) ?? [],
      })),
      watches: this.watches.size,
    };
  }

  private down(): void {
    this.runtime.network.unregister(this.node);
    if (this.expiryTimer !== null) this.runtime.cancel(this.expiryTimer);
    this.expiryTimer = null;
    this.expiryTimerAt = Infinity;
    this.runtime.cancelOwned(this.node);
    this.tree = null;
    this.txnLog = null;
    this.sessions.clear();
    this.watches.clear();
  }

  // ---- messages --------------------------------------------------------------------------------------------------

  private onMessage(from: string, msg: unknown): void {
    if (!this.tree || !isZooKeeperMessage(msg)) return;
    if (msg.type === "zk.ConnectRequest") this.onConnect(from, msg as ZkConnectRequest);
    else if ("xid" in msg && "request" in msg) this.onRequest(from, msg as ZkRequest);
  }

  private onConnect(from: string, req: ZkConnectRequest): void {
    const tree = this.tree as DataTree;
    if (req.lastZxidSeen > tree.lastProcessedZxid) {
      // NIOServerCnxn: a client that has seen a newer state than ours (our data was lost) must go elsewhere.
      const reason = `Refusing session request for client as it has seen zxid ${zxidHex(req.lastZxidSeen)} our last zxid is ` +
        `${zxidHex(tree.lastProcessedZxid)} client must try another server`;
      this.runtime.trace.record(this.node, "zk.connect.refused", { from, reason });
      this.send(from, { type: "zk.ConnectionClosed", sessionId: req.sessionId, reason });
      return;
    }
    const timeOut = Math.min(Math.max(req.timeOut, this.minSessionTimeout), this.maxSessionTimeout);
    if (req.sessionId === "0x0") {
      const id = `0x${(this.nextSessionId++).toString(16)}`;
      const txn = this.logTxn({ type: "createSession", sessionId: id, timeOut });
      const session: Session = { id, timeOut, expireAt: 0, clientNode: from };
      this.sessions.set(id, session);
      this.touch(session);
      this.runtime.trace.record(this.node, "zk.session.established", { sessionId: id, timeOut, client: from, zxid: zxidHex(txn.zxid) });
      this.send(from, { type: "zk.ConnectResponse", protocolVersion: 0, timeOut, sessionId: id });
      return;
    }
    const session = this.sessions.get(req.sessionId);
    if (!session) {
      // The session expired (or was closed): the client learns it now, on reconnecting.
      this.runtime.trace.record(this.node, "zk.session.invalid", { sessionId: req.sessionId, client: from });
      this.send(from, { type: "zk.ConnectResponse", protocolVersion: 0, timeOut: 0, sessionId: "0x0" });
      return;
    }
    if (session.clientNode !== null && session.clientNode !== from) {
      this.send(session.clientNode, { type: "zk.ConnectionClosed", sessionId: session.id, reason: "session moved to another connection" });
    }
    // A new connection: watches of the old one are gone until the client sends SetWatches.
    this.watches.removeSession(session.id);
    session.clientNode = from;
    session.timeOut = timeOut;
    this.touch(session);
    this.runtime.trace.record(this.node, "zk.session.reconnected", { sessionId: session.id, client: from });
    this.send(from, { type: "zk.ConnectResponse", protocolVersion: 0, timeOut, sessionId: session.id });
  }

  private onRequest(from: string, req: ZkRequest): void {
    const session = this.sessions.get(req.sessionId);
    if (!session || session.clientNode !== from) {
      // No such connection any more (the session expired, or it reconnected elsewhere).
      this.send(from, { type: "zk.ConnectionClosed", sessionId: req.sessionId, reason: "no connection for this session" });
      return;
    }
    this.touch(session);
    const tree = this.tree as DataTree;
    const op = req.request;
    if (op.op === "ping") {
      this.reply(from, req.xid === PING_XID ? PING_XID : req.xid, Code.OK);
      return;
    }
    if (isRead(op)) {
      this.onRead(from, req.xid, session.id, op);
      return;
    }
    // A write: it takes the next zxid, is logged (fsync) and applied, then watches fire and the client is answered.
    const zxid = tree.lastProcessedZxid + 1;
    const time = this.runtime.now();
    const triggers: WatchTrigger[] = [];
    let result: ZkResult = {};
    let logged: Txn;
    try {
      switch (op.op) {
        case "create": {
          validateServerPath(op.path, op.mode.endsWith("SEQUENTIAL"));
          const r = tree.create(op.path, op.data, op.mode, session.id, zxid, time, triggers);
          result = { path: r.path, stat: tree.exists(r.path) as Stat };
          logged = { zxid, time, ...r.txn };
          break;
        }
        case "delete":
          logged = { zxid, time, ...tree.delete(op.path, op.version, zxid, triggers) };
          break;
        case "setData": {
          const r = tree.setData(op.path, op.data, op.version, zxid, time, triggers);
          result = { stat: r.stat };
          logged = { zxid, time, ...r.txn };
          break;
        }
        case "check":
          logged = { zxid, time, ...tree.check(op.path, op.version) };
          break;
        case "multi": {
          const r = tree.multi(op.ops, session.id, zxid, time, triggers);
          result = { results: r.results };
          logged = { zxid, time, type: "multi", txns: r.txns };
          break;
        }
        case "closeSession":
          this.closeSession(session, "closed by the client");
          this.reply(from, req.xid, Code.OK);
          session.clientNode = null;
          return;
      }
    } catch (e) {
      if (!(e instanceof KeeperException)) throw e;
      tree.lastProcessedZxid = zxid;
      this.txnLog?.append({ zxid, time, type: "error", err: e.code });
      this.reply(from, req.xid, e.code, e.results ? { results: e.results } : undefined);
      return;
    }
    tree.lastProcessedZxid = zxid;
    this.appendAndMaybeSnapshot(logged);
    this.fire(triggers);
    this.reply(from, req.xid, Code.OK, result);
  }

  private onRead(from: string, xid: number, sessionId: string, op: ReadOp): void {
    const tree = this.tree as DataTree;
    switch (op.op) {
      case "exists": {
        // FinalRequestProcessor: exists sets a data watch whether or not the node exists (NodeCreated later).
        if (op.watch) this.watches.addDataWatch(op.path, sessionId);
        const stat = tree.exists(op.path);
        if (stat) this.reply(from, xid, Code.OK, { stat });
        else this.reply(from, xid, Code.NONODE);
        return;
      }
      case "getData":
      case "getChildren": {
        let result: ZkResult;
        try {
          result = op.op === "getData" ? tree.getData(op.path) : tree.getChildren(op.path);
        } catch (e) {
          this.reply(from, xid, (e as KeeperException).code);
          return;
        }
        if (op.watch) {
          if (op.op === "getData") this.watches.addDataWatch(op.path, sessionId);
          else this.watches.addChildWatch(op.path, sessionId);
        }
        this.reply(from, xid, Code.OK, result);
        return;
      }
      case "sync":
        this.reply(from, xid, Code.OK, { path: op.path });
        return;
      case "setWatches": {
        // After a reconnect the client re-registers its watches; whatever changed since relativeZxid fires now.
        const fired: WatchTrigger[] = [];
        for (const p of op.dataWatches) {
          const n = tree.getNode(p);
          if (!n) fired.push({ path: p, type: "NodeDeleted" });
          else if (n.stat.mzxid > op.relativeZxid) fired.push({ path: p, type: "NodeDataChanged" });
          else this.watches.addDataWatch(p, sessionId);
        }
        for (const p of op.existWatches) {
          if (tree.getNode(p)) fired.push({ path: p, type: "NodeCreated" });
          else this.watches.addDataWatch(p, sessionId);
        }
        for (const p of op.childWatches) {
          const n = tree.getNode(p);
          if (!n) fired.push({ path: p, type: "NodeDeleted" });
          else if (n.stat.pzxid > op.relativeZxid) fired.push({ path: p, type: "NodeChildrenChanged" });
          else this.watches.addChildWatch(p, sessionId);
        }
        for (const t of fired) this.notify(sessionId, t.path, t.type);
        this.reply(from, xid, Code.OK);
        return;
      }
    }
  }

  private reply(to: string, xid: number, err: number, result?: ZkResult): void {
    const msg: ZkReply = { type: "zk.reply", xid, zxid: (this.tree as DataTree).lastProcessedZxid, err };
    if (result) msg.result = result;
    this.send(to, msg);
  }

  private send(to: string, msg: ZkServerToClient): void {
    this.runtime.network.send(this.node, to, msg, approximateSize(msg));
  }

  private fire(triggers: readonly WatchTrigger[]): void {
    for (const n of this.watches.trigger(triggers)) this.notify(n.sessionId, n.path, n.type);
  }

  private notify(sessionId: string, path: string, type: WatchTrigger["type"]): void {
    const s = this.sessions.get(sessionId);
    if (!s || s.clientNode === null) return;
    this.send(s.clientNode, { type: "zk.WatcherEvent", xid: -1, zxid: (this.tree as DataTree).lastProcessedZxid, eventType: type, state: "SyncConnected", path });
  }

  // ---- sessions ----------------------------------------------------------------------------------------------------

  // SessionTrackerImpl.initializeNextSessionId: ((now << 24) >>> 8) | (serverId << 56), as a 64-bit value.
  private initializeNextSessionId(nowMs: number): bigint {
    const mask64 = (1n << 64n) - 1n;
    const shifted = ((BigInt(nowMs) << 24n) & mask64) >> 8n;
    return shifted | ((BigInt(this.serverId) << 56n) & mask64);
  }

  private roundToNextTick(time: number): number {
    return (Math.floor(time / this.tickTime) + 1) * this.tickTime;
  }

  private touch(s: Session): void {
    const at = this.roundToNextTick(this.runtime.now() + s.timeOut);
    if (at > s.expireAt) s.expireAt = at;
    this.armExpiry();
  }

  private armExpiry(): void {
    let next = Infinity;
    for (const s of this.sessions.values()) if (s.expireAt < next) next = s.expireAt;
    if (next === this.expiryTimerAt) return;
    if (this.expiryTimer !== null) this.runtime.cancel(this.expiryTimer);
    this.expiryTimer = null;
    this.expiryTimerAt = next;
    if (next === Infinity) return;
    this.expiryTimer = this.runtime.schedule(Math.max(0, next - this.runtime.now()), () => this.expireDue(), this.node, "zk.sessionExpiry");
  }

  private expireDue(): void {
    this.expiryTimer = null;
    this.expiryTimerAt = Infinity;
    const now = this.runtime.now();
    const due = [...this.sessions.values()].filter((s) => s.expireAt <= now).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const s of due) {
      this.runtime.trace.record(this.node, "zk.session.expired", { sessionId: s.id, timeOut: s.timeOut });
      const client = s.clientNode;
      this.closeSession(s, "expired");
      // ZooKeeper closes the expired session's connection; the client learns "Expired" when it reconnects.
      if (client !== null) this.send(client, { type: "zk.ConnectionClosed", sessionId: s.id, reason: "session expired" });
    }
    this.armExpiry();
  }

  /** closeSession txn: the session's ephemerals go (watches fire), the session and its watches are forgotten. */
  private closeSession(s: Session, why: string): void {
    const tree = this.tree as DataTree;
    const zxid = tree.lastProcessedZxid + 1;
    const triggers: WatchTrigger[] = [];
    const deleted = tree.killSession(s.id, zxid, triggers);
    tree.lastProcessedZxid = zxid;
    this.appendAndMaybeSnapshot({ zxid, time: this.runtime.now(), type: "closeSession", sessionId: s.id });
    this.sessions.delete(s.id);
    this.watches.removeSession(s.id);
    this.runtime.trace.record(this.node, "zk.session.closed", { sessionId: s.id, why, ephemeralsDeleted: deleted });
    this.fire(triggers);
  }

  // ---- persistence -------------------------------------------------------------------------------------------------

  private logTxn(body: Omit<Extract<Txn, { type: "createSession" }>, "zxid" | "time">): Txn {
    const tree = this.tree as DataTree;
    const txn: Txn = { zxid: tree.lastProcessedZxid + 1, time: this.runtime.now(), ...body };
    tree.lastProcessedZxid = txn.zxid;
    this.appendAndMaybeSnapshot(txn);
    return txn;
  }

  private appendAndMaybeSnapshot(txn: Txn): void {
    const log = this.txnLog as FileTxnSnapLog;
    log.append(txn);
    // SyncRequestProcessor: roll the log and snapshot after snapCount/2 + a random share of snapCount/2 txns.
    if (log.logCount > Math.floor(this.snapCount / 2) + this.snapRoll) {
      this.takeSnapshot();
      this.snapRoll = this.runtime.random.fork(`zookeeper/${this.node}/snapRoll/${txn.zxid}`).nextIntBelow(Math.max(1, Math.floor(this.snapCount / 2)));
    }
  }

  private takeSnapshot(): void {
    const tree = this.tree as DataTree;
    const name = (this.txnLog as FileTxnSnapLog).snapshot({
      lastProcessedZxid: tree.lastProcessedZxid,
      sessions: [...this.sessions.values()].map((s) => ({ sessionId: s.id, timeOut: s.timeOut })),
      nodes: tree.serialize(),
    });
    this.runtime.trace.record(this.node, "zk.snapshot", { file: name });
  }

  private replay(tree: DataTree, timeouts: Map<string, number>, txn: Txn): void {
    switch (txn.type) {
      case "createSession": timeouts.set(txn.sessionId, txn.timeOut); break;
      case "closeSession":
        tree.killSession(txn.sessionId, txn.zxid, []);
        timeouts.delete(txn.sessionId);
        break;
      case "multi": for (const t of txn.txns) tree.applyTxn(t, txn.zxid, txn.time); break;
      case "error": break;
      default: tree.applyTxn(txn, txn.zxid, txn.time);
    }
    tree.lastProcessedZxid = txn.zxid;
  }
}

type ReadOp = Extract<ZkOperation, { op: "exists" | "getData" | "getChildren" | "sync" | "setWatches" }>;

function isRead(op: ZkOperation): op is ReadOp {
  return op.op === "exists" || op.op === "getData" || op.op === "getChildren" || op.op === "sync" || op.op === "setWatches";
}

// The server re-checks paths (PrepRequestProcessor.validatePath): a bad one is BadArguments.
function validateServerPath(path: string, sequential: boolean): void {
  try {
    validatePath(path, sequential);
  } catch {
    throw KeeperException.create(Code.BADARGUMENTS, path);
  }
}
