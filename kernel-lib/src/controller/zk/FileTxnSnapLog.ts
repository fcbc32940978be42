// org.apache.zookeeper.server.persistence.FileTxnSnapLog: how a ZooKeeper server keeps its data on disk
// (`dataDir/version-2/`): a transaction log, fsynced before each change is acknowledged, in files named
// log.<first zxid in hex>, and snapshots of the whole tree named snapshot.<last zxid in hex>. On start the
// server loads the newest snapshot and replays the log after it.
//
// Same layout and names as ZooKeeper; the contents are JSON (one transaction per line in the logs, one JSON
// document per snapshot) instead of ZooKeeper's binary jute records, so a learner can read them.
import type { Disk } from "../../sim/Disk";
import type { SnapshotNode, TreeTxn } from "./DataTree";

/** A logged transaction (TxnHeader {zxid, time, type} + body). */
export type Txn = { zxid: number; time: number } & (
  | TreeTxn
  | { type: "createSession"; sessionId: string; timeOut: number }
  | { type: "closeSession"; sessionId: string }
  | { type: "multi"; txns: TreeTxn[] }
  /** A failed write still takes a zxid and is logged as an error (ErrorTxn). */
  | { type: "error"; err: number }
);

/** What a snapshot holds: the tree and the sessions with their timeouts. */
export interface Snapshot {
  lastProcessedZxid: number;
  sessions: { sessionId: string; timeOut: number }[];
  nodes: SnapshotNode[];
}

const DIR = "version-2";
const hex = (zxid: number): string => zxid.toString(16);

export class FileTxnSnapLog {
  /** The log file transactions go to, or null until the next transaction starts one. */
  private currentLog: string | null = null;
  /** Transactions logged since the last snapshot. */
  logCount = 0;

  constructor(private readonly disk: Disk) {
    disk.mkdirs(DIR);
  }

  /** The newest readable snapshot and every logged transaction after it, in zxid order. */
  restore(): { snapshot: Snapshot | null; txns: Txn[] } {
    const files = this.disk.list(DIR);
    const zxidOf = (f: string): number => Number.parseInt(f.substring(f.indexOf(".") + 1), 16);
    let snapshot: Snapshot | null = null;
    const snaps = files.filter((f) => /^snapshot\.[0-9a-f]+$/.test(f)).sort((a, b) => zxidOf(b) - zxidOf(a));
    for (const f of snaps) {
      try {
        snapshot = JSON.parse(this.disk.readAll(`${DIR}/${f}`).toString("utf8")) as Snapshot;
        break;
      } catch {
        // A damaged snapshot: ZooKeeper falls back to the previous one.
      }
    }
    const from = snapshot?.lastProcessedZxid ?? 0;
    const txns: Txn[] = [];
    const logs = files.filter((f) => /^log\.[0-9a-f]+$/.test(f)).sort((a, b) => zxidOf(a) - zxidOf(b));
    for (const f of logs) {
      const text = this.disk.readAll(`${DIR}/${f}`).toString("utf8");
      for (const line of text.split("\n")) {
        if (line === "") continue;
        let txn: Txn;
        try {
          txn = JSON.parse(line) as Txn;
        } catch {
          break; // a torn last write: the log ends here
        }
        if (txn.zxid > from && (txns.length === 0 || txn.zxid > (txns[txns.length - 1] as Txn).zxid)) txns.push(txn);
      }
    }
    return { snapshot, txns };
  }

  /** Appends a transaction and forces it to disk (ZooKeeper's forceSync=yes) before the change is answered. */
  append(txn: Txn): void {
    if (this.currentLog === null) this.currentLog = `${DIR}/log.${hex(txn.zxid)}`;
    this.disk.append(this.currentLog, Buffer.from(`${JSON.stringify(txn)}\n`, "utf8"));
    this.disk.flush(this.currentLog);
    this.logCount++;
  }

  /** Writes snapshot.<zxid>; the next transaction starts a new log file. */
  snapshot(s: Snapshot): string {
    const name = `${DIR}/snapshot.${hex(s.lastProcessedZxid)}`;
    this.disk.writeFileAtomic(name, `${JSON.stringify(s)}\n`);
    this.currentLog = null;
    this.logCount = 0;
    return name;
  }
}
