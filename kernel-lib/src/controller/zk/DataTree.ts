// org.apache.zookeeper.server.DataTree: the znode tree a ZooKeeper server holds in memory, with the checks
// ZooKeeper's PrepRequestProcessor makes before a change (NoNode, NodeExists, BadVersion, NotEmpty, ...).
// Changes report the watch triggers they cause; the server fires them once the change is committed.
import { type CreateMode, isEphemeral, isSequential } from "./CreateMode";
import { Code, KeeperException, type ErrorResult } from "./KeeperException";
import { childPath, nameOf, parentOf } from "./PathUtils";
import type { Stat } from "./Stat";
import type { Op, OpResult } from "./ZooKeeperProtocol";
import { EventType } from "./WatchedEvent";

/** A znode: data, stat and child names. */
export interface DataNode {
  data: Buffer | null;
  stat: Omit<Stat, "dataLength" | "numChildren">;
  children: Set<string>;
}

/** A watch to fire: `path` changed in the way `type` says. */
export interface WatchTrigger {
  path: string;
  type: EventType;
}

/** A committed change, as written to the transaction log and replayed on restart. */
export type TreeTxn =
  | { type: "create"; path: string; data: string | null; ephemeralOwner: string }
  | { type: "delete"; path: string }
  | { type: "setData"; path: string; data: string | null }
  | { type: "check"; path: string };

/** The form a node takes in a snapshot. */
export interface SnapshotNode {
  path: string;
  data: string | null;
  stat: DataNode["stat"];
}

// Data in the log and snapshots: UTF-8 text when it round-trips (so a learner can read the files), else base64.
export function encodeData(data: Buffer | null): string | null {
  if (data === null) return null;
  const s = data.toString("utf8");
  return Buffer.from(s, "utf8").equals(data) && !s.startsWith("base64:") ? s : `base64:${data.toString("base64")}`;
}

export function decodeData(s: string | null): Buffer | null {
  if (s === null) return null;
  return s.startsWith("base64:") ? Buffer.from(s.substring(7), "base64") : Buffer.from(s, "utf8");
}

const NO_OWNER = "0x0";

function newStat(zxid: number, time: number, ephemeralOwner: string): DataNode["stat"] {
  return { czxid: zxid, mzxid: zxid, ctime: time, mtime: time, version: 0, cversion: 0, aversion: 0, ephemeralOwner, pzxid: zxid };
}

export class DataTree {
  private readonly nodes = new Map<string, DataNode>();
  /** Session id -> paths of its ephemeral nodes. */
  private readonly ephemerals = new Map<string, Set<string>>();
  /** zxid of the last transaction applied. */
  lastProcessedZxid = 0;
  /** Undo steps of the multi() in progress, or null. */
  private journal: (() => void)[] | null = null;

  constructor() {
    // Every ZooKeeper server has these (DataTree's constructor); all their stats are zero.
    this.nodes.set("/", { data: Buffer.alloc(0), stat: newStat(0, 0, NO_OWNER), children: new Set(["zookeeper"]) });
    this.nodes.set("/zookeeper", { data: Buffer.alloc(0), stat: newStat(0, 0, NO_OWNER), children: new Set(["config", "quota"]) });
    this.nodes.set("/zookeeper/config", { data: Buffer.alloc(0), stat: newStat(0, 0, NO_OWNER), children: new Set() });
    this.nodes.set("/zookeeper/quota", { data: Buffer.alloc(0), stat: newStat(0, 0, NO_OWNER), children: new Set() });
  }

  get nodeCount(): number {
    return this.nodes.size;
  }

  getNode(path: string): DataNode | undefined {
    return this.nodes.get(path);
  }

  /** A copy of a node's Stat. */
  statOf(node: DataNode): Stat {
    return { ...node.stat, dataLength: node.data?.length ?? 0, numChildren: node.children.size };
  }

  // ---- reads ---------------------------------------------------------------------------------------------------

  exists(path: string): Stat | null {
    const n = this.nodes.get(path);
    return n ? this.statOf(n) : null;
  }

  getData(path: string): { data: Buffer | null; stat: Stat } {
    const n = this.nodeOrThrow(path);
    return { data: n.data === null ? null : Buffer.from(n.data), stat: this.statOf(n) };
  }

  /** Child names, sorted (ZooKeeper answers in hash order; sorting is ours, for stable output). */
  getChildren(path: string): { children: string[]; stat: Stat } {
    const n = this.nodeOrThrow(path);
    return { children: [...n.children].sort(), stat: this.statOf(n) };
  }

  /** The ephemeral paths of a session, sorted. */
  ephemeralsOf(sessionId: string): string[] {
    return [...(this.ephemerals.get(sessionId) ?? [])].sort();
  }

  /** Session ids that own ephemeral nodes. */
  sessionsWithEphemerals(): string[] {
    return [...this.ephemerals.keys()];
  }

  // ---- checked changes (live requests) -----------------------------------------------------------------------------

  /** create: checks, then applies; returns the created path (with the sequence suffix) and the txn. */
  create(path: string, data: Buffer | null, mode: CreateMode, sessionId: string, zxid: number, time: number,
    triggers: WatchTrigger[]): { path: string; txn: TreeTxn } {
    const parentPath = parentOf(path);
    const parent = this.nodes.get(parentPath);
    if (!parent) throw KeeperException.create(Code.NONODE, path);
    if (parent.stat.ephemeralOwner !== NO_OWNER) throw KeeperException.create(Code.NOCHILDRENFOREPHEMERALS, path);
    // PrepRequestProcessor: a sequential name takes the parent's cversion before this create, %010d.
    const finalPath = isSequential(mode) ? `${path}${String(parent.stat.cversion).padStart(10, "0")}` : path;
    if (this.nodes.has(finalPath)) throw KeeperException.create(Code.NODEEXISTS, finalPath);
    const owner = isEphemeral(mode) ? sessionId : NO_OWNER;
    this.applyCreate(finalPath, data, owner, zxid, time, triggers);
    return { path: finalPath, txn: { type: "create", path: finalPath, data: encodeData(data), ephemeralOwner: owner } };
  }

  delete(path: string, version: number, zxid: number, triggers: WatchTrigger[]): TreeTxn {
    const n = this.nodeOrThrow(path);
    this.checkVersion(n, version, path);
    if (n.children.size > 0) throw KeeperException.create(Code.NOTEMPTY, path);
    this.applyDelete(path, zxid, triggers);
    return { type: "delete", path };
  }

  setData(path: string, data: Buffer | null, version: number, zxid: number, time: number,
    triggers: WatchTrigger[]): { stat: Stat; txn: TreeTxn } {
    const n = this.nodeOrThrow(path);
    this.checkVersion(n, version, path);
    this.applySetData(path, data, zxid, time, triggers);
    return { stat: this.statOf(n), txn: { type: "setData", path, data: encodeData(data) } };
  }

  check(path: string, version: number): TreeTxn {
    this.checkVersion(this.nodeOrThrow(path), version, path);
    return { type: "check", path };
  }

  /**
   * multi: all operations or none. Each operation sees the effects of the ones before it; on the first
   * failure everything is undone and a KeeperException (no path) carries ZooKeeper's results:
   * OK before the failure, its code, then RUNTIMEINCONSISTENCY.
   */
  multi(ops: readonly Op[], sessionId: string, zxid: number, time: number, triggers: WatchTrigger[]): { results: OpResult[]; txns: TreeTxn[] } {
    const results: OpResult[] = [];
    const txns: TreeTxn[] = [];
    const pending: WatchTrigger[] = [];
    this.journal = [];
    try {
      for (const op of ops) {
        switch (op.op) {
          case "create": {
            const r = this.create(op.path, op.data, op.mode, sessionId, zxid, time, pending);
            results.push({ type: "create", path: r.path });
            txns.push(r.txn);
            break;
          }
          case "delete":
            txns.push(this.delete(op.path, op.version, zxid, pending));
            results.push({ type: "delete" });
            break;
          case "setData": {
            const r = this.setData(op.path, op.data, op.version, zxid, time, pending);
            results.push({ type: "setData", stat: r.stat });
            txns.push(r.txn);
            break;
          }
          case "check":
            txns.push(this.check(op.path, op.version));
            results.push({ type: "check" });
            break;
        }
      }
    } catch (e) {
      const undo = this.journal;
      this.journal = null;
      for (let i = undo.length - 1; i >= 0; i--) (undo[i] as () => void)();
      if (!(e instanceof KeeperException)) throw e;
      const failedAt = results.length;
      const errors: ErrorResult[] = ops.map((_op, i) => ({
        type: "error", err: i < failedAt ? Code.OK : i === failedAt ? e.code : Code.RUNTIMEINCONSISTENCY,
      }));
      const ex = KeeperException.create(e.code);
      ex.results = errors;
      throw ex;
    }
    this.journal = null;
    triggers.push(...pending);
    return { results, txns };
  }

  // ---- raw changes (also used to replay the transaction log) -------------------------------------------------------------

  applyCreate(path: string, data: Buffer | null, ephemeralOwner: string, zxid: number, time: number, triggers: WatchTrigger[]): void {
    const parentPath = parentOf(path);
    const parent = this.nodes.get(parentPath) as DataNode;
    const name = nameOf(path);
    const before = { cversion: parent.stat.cversion, pzxid: parent.stat.pzxid };
    this.nodes.set(path, { data: data === null ? null : Buffer.from(data), stat: newStat(zxid, time, ephemeralOwner), children: new Set() });
    parent.children.add(name);
    parent.stat.cversion++;
    parent.stat.pzxid = zxid;
    if (ephemeralOwner !== NO_OWNER) this.addEphemeral(ephemeralOwner, path);
    this.journal?.push(() => {
      this.nodes.delete(path);
      parent.children.delete(name);
      parent.stat.cversion = before.cversion;
      parent.stat.pzxid = before.pzxid;
      if (ephemeralOwner !== NO_OWNER) this.removeEphemeral(ephemeralOwner, path);
    });
    // DataTree.createNode: NodeCreated on the path, NodeChildrenChanged on the parent.
    triggers.push({ path, type: EventType.NodeCreated }, { path: parentPath, type: EventType.NodeChildrenChanged });
  }

  applyDelete(path: string, zxid: number, triggers: WatchTrigger[]): void {
    const node = this.nodes.get(path) as DataNode;
    const parentPath = parentOf(path);
    const parent = this.nodes.get(parentPath) as DataNode;
    const name = nameOf(path);
    const before = { cversion: parent.stat.cversion, pzxid: parent.stat.pzxid };
    this.nodes.delete(path);
    parent.children.delete(name);
    parent.stat.cversion++;
    parent.stat.pzxid = zxid;
    const owner = node.stat.ephemeralOwner;
    if (owner !== NO_OWNER) this.removeEphemeral(owner, path);
    this.journal?.push(() => {
      this.nodes.set(path, node);
      parent.children.add(name);
      parent.stat.cversion = before.cversion;
      parent.stat.pzxid = before.pzxid;
      if (owner !== NO_OWNER) this.addEphemeral(owner, path);
    });
    // DataTree.deleteNode: NodeDeleted to data and child watchers of the path, NodeChildrenChanged on the parent.
    triggers.push({ path, type: EventType.NodeDeleted }, { path: parentPath, type: EventType.NodeChildrenChanged });
  }

  applySetData(path: string, data: Buffer | null, zxid: number, time: number, triggers: WatchTrigger[]): void {
    const node = this.nodes.get(path) as DataNode;
    const before = { data: node.data, mzxid: node.stat.mzxid, mtime: node.stat.mtime, version: node.stat.version };
    node.data = data === null ? null : Buffer.from(data);
    node.stat.mzxid = zxid;
    node.stat.mtime = time;
    node.stat.version++;
    this.journal?.push(() => {
      node.data = before.data;
      Object.assign(node.stat, { mzxid: before.mzxid, mtime: before.mtime, version: before.version });
    });
    triggers.push({ path, type: EventType.NodeDataChanged });
  }

  /** closeSession / session expiry: deletes the session's ephemeral nodes (sorted); returns their paths. */
  killSession(sessionId: string, zxid: number, triggers: WatchTrigger[]): string[] {
    const paths = this.ephemeralsOf(sessionId);
    for (const p of paths) this.applyDelete(p, zxid, triggers); // ephemerals have no children
    this.ephemerals.delete(sessionId);
    return paths;
  }

  /** Replays a logged change. */
  applyTxn(txn: TreeTxn, zxid: number, time: number): void {
    const ignored: WatchTrigger[] = [];
    switch (txn.type) {
      case "create": this.applyCreate(txn.path, decodeData(txn.data), txn.ephemeralOwner, zxid, time, ignored); break;
      case "delete": this.applyDelete(txn.path, zxid, ignored); break;
      case "setData": this.applySetData(txn.path, decodeData(txn.data), zxid, time, ignored); break;
      case "check": break;
    }
  }

  // ---- snapshots -------------------------------------------------------------------------------------------------------

  /** Every node, parents before children. */
  serialize(): SnapshotNode[] {
    return [...this.nodes.keys()].sort().map((path) => {
      const n = this.nodes.get(path) as DataNode;
      return { path, data: encodeData(n.data), stat: { ...n.stat } };
    });
  }

  static deserialize(nodes: readonly SnapshotNode[], lastProcessedZxid: number): DataTree {
    const tree = new DataTree();
    tree.nodes.clear();
    for (const s of nodes) tree.nodes.set(s.path, { data: decodeData(s.data), stat: { ...s.stat }, children: new Set() });
    for (const path of tree.nodes.keys()) {
      if (path === "/") continue;
      tree.nodes.get(parentOf(path))?.children.add(nameOf(path));
      const owner = (tree.nodes.get(path) as DataNode).stat.ephemeralOwner;
      if (owner !== NO_OWNER) tree.addEphemeral(owner, path);
    }
    tree.lastProcessedZxid = lastProcessedZxid;
    return tree;
  }

  /** The paths under `path` (itself first), breadth first, children sorted: ZKUtil.listSubTreeBFS. */
  listSubTreeBFS(path: string): string[] {
    this.nodeOrThrow(path);
    const out = [path];
    for (let i = 0; i < out.length; i++) {
      const p = out[i] as string;
      for (const c of [...(this.nodes.get(p) as DataNode).children].sort()) out.push(childPath(p, c));
    }
    return out;
  }

  private nodeOrThrow(path: string): DataNode {
    const n = this.nodes.get(path);
    if (!n) throw KeeperException.create(Code.NONODE, path);
    return n;
  }

  // PrepRequestProcessor.checkAndIncVersion: -1 matches any version.
  private checkVersion(node: DataNode, expected: number, path: string): void {
    if (expected !== -1 && expected !== node.stat.version) throw KeeperException.create(Code.BADVERSION, path);
  }

  private addEphemeral(owner: string, path: string): void {
    let set = this.ephemerals.get(owner);
    if (!set) this.ephemerals.set(owner, (set = new Set()));
    set.add(path);
  }

  private removeEphemeral(owner: string, path: string): void {
    const set = this.ephemerals.get(owner);
    if (!set) return;
    set.delete(path);
    if (set.size === 0) this.ephemerals.delete(owner);
  }
}
