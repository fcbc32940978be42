// org.apache.zookeeper.server.WatchManager: which sessions watch which paths. ZooKeeper keeps two managers,
// data watches (set by getData and exists) and child watches (set by getChildren). A watch fires once and is
// then forgotten; a session that set both kinds on a deleted node still hears NodeDeleted only once.
import type { WatchTrigger } from "./DataTree";
import { EventType } from "./WatchedEvent";

export class WatchManager {
  private readonly dataWatches = new Map<string, Set<string>>();
  private readonly childWatches = new Map<string, Set<string>>();

  addDataWatch(path: string, sessionId: string): void {
    add(this.dataWatches, path, sessionId);
  }

  addChildWatch(path: string, sessionId: string): void {
    add(this.childWatches, path, sessionId);
  }

  /** The sessions to notify for each trigger, in trigger order, each watch fired (and removed) once. */
  trigger(triggers: readonly WatchTrigger[]): { sessionId: string; path: string; type: EventType }[] {
    const out: { sessionId: string; path: string; type: EventType }[] = [];
    for (const t of triggers) {
      // DataTree: data watches hear NodeCreated/NodeDataChanged/NodeDeleted, child watches hear
      // NodeChildrenChanged and NodeDeleted (minus sessions already told through a data watch).
      const told = new Set<string>();
      if (t.type !== EventType.NodeChildrenChanged) {
        for (const s of take(this.dataWatches, t.path)) {
          told.add(s);
          out.push({ sessionId: s, path: t.path, type: t.type });
        }
      }
      if (t.type === EventType.NodeChildrenChanged || t.type === EventType.NodeDeleted) {
        for (const s of take(this.childWatches, t.path)) if (!told.has(s)) out.push({ sessionId: s, path: t.path, type: t.type });
      }
    }
    return out;
  }

  /** Forgets every watch of a session (its connection closed). */
  removeSession(sessionId: string): void {
    for (const m of [this.dataWatches, this.childWatches]) {
      for (const [path, set] of m) {
        set.delete(sessionId);
        if (set.size === 0) m.delete(path);
      }
    }
  }

  clear(): void {
    this.dataWatches.clear();
    this.childWatches.clear();
  }

  /** Number of watches (for `wchs`-style summaries). */
  get size(): number {
    let n = 0;
    for (const m of [this.dataWatches, this.childWatches]) for (const s of m.values()) n += s.size;
    return n;
  }
}

function add(m: Map<string, Set<string>>, path: string, sessionId: string): void {
  let set = m.get(path);
  if (!set) m.set(path, (set = new Set()));
  set.add(sessionId);
}

function take(m: Map<string, Set<string>>, path: string): string[] {
  const set = m.get(path);
  if (!set) return [];
  m.delete(path);
  return [...set];
}

