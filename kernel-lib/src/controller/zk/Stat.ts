// org.apache.zookeeper.data.Stat: a znode's metadata, and its printout in zookeeper-shell.sh (`get -s`, `stat`).
import { javaDateString } from "../../sim/JavaDate";

// Re-exported: the shell's date format has been reachable from here (and from the package root) all along.
export { javaDateString };

export interface Stat {
  /** zxid of the transaction that created the node. */
  czxid: number;
  /** zxid of the last change of its data. */
  mzxid: number;
  /** Creation time, ms since the epoch (the server's clock). */
  ctime: number;
  mtime: number;
  /** Data version: +1 per setData. Conditional writes name the version they expect (Kafka's zkVersion). */
  version: number;
  /** Child version: +1 per child created or deleted (also the sequential-name counter). */
  cversion: number;
  /** ACL version. */
  aversion: number;
  /** Session id owning an ephemeral node, "0x0" for persistent nodes. */
  ephemeralOwner: string;
  dataLength: number;
  numChildren: number;
  /** zxid of the last child change. */
  pzxid: number;
}

/** "0x" + Long.toHexString(zxid), as ZooKeeper prints zxids. */
export function zxidHex(zxid: number): string {
  return `0x${zxid.toString(16)}`;
}

/** The stat block zookeeper-shell prints (ZooKeeper's StatPrinter), one line per field. */
export function formatStat(stat: Stat): string {
  return [
    `cZxid = ${zxidHex(stat.czxid)}`,
    `ctime = ${javaDateString(stat.ctime)}`,
    `mZxid = ${zxidHex(stat.mzxid)}`,
    `mtime = ${javaDateString(stat.mtime)}`,
    `pZxid = ${zxidHex(stat.pzxid)}`,
    `cversion = ${stat.cversion}`,
    `dataVersion = ${stat.version}`,
    `aclVersion = ${stat.aversion}`,
    `ephemeralOwner = ${stat.ephemeralOwner}`,
    `dataLength = ${stat.dataLength}`,
    `numChildren = ${stat.numChildren}`,
  ].join("\n");
}
