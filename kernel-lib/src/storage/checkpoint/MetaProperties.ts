// `meta.properties` of a log dir (org.apache.kafka.metadata.properties.MetaProperties): which cluster and which
// broker the directory belongs to. Version 0 (ZooKeeper mode) stores broker.id, version 1 (KRaft) node.id;
// both store cluster.id and, since 3.7, directory.id.
//
// Kafka writes it with java.util.Properties.store(writer, ""), which gives an empty comment line, a comment with
// the current date and the keys in the order of Properties' internal ConcurrentHashMap (Java 11+). A ZooKeeper-
// mode broker (version 0, no directory.id unless migrating) writes:
//   #
//   #Tue Nov 14 22:13:20 UTC 2023
//   broker.id=1
//   version=0
//   cluster.id=MkU3OEVBNTcwNTJENDM2Qg
// The date comes from the runtime clock passed to write() (printed as UTC), so outputs stay deterministic;
// the key order is computed as Java's hash table orders the keys.
import type { Disk } from "../../sim/Disk";
import { javaDateString } from "../../sim/JavaDate";
import { InconsistentBrokerIdException, InconsistentClusterIdException, KafkaStorageException } from "../log/errors";
import { displayPath, joinPath } from "../log/LogFileUtils";

export const META_PROPERTIES_NAME = "meta.properties";

// Re-exported: part of this module's exports before the function moved down to sim/.
export { javaDateString };

const VERSION_PROP = "version";
const CLUSTER_ID_PROP = "cluster.id";
const BROKER_ID_PROP = "broker.id";
const NODE_ID_PROP = "node.id";
const DIRECTORY_ID_PROP = "directory.id";

export class MetaProperties {
  constructor(
    /** 0: ZooKeeper mode (broker.id), 1: KRaft (node.id). */
    readonly version: 0 | 1,
    readonly clusterId: string | null,
    readonly nodeId: number | null,
    readonly directoryId: string | null = null,
  ) {
    if (version !== 0) {
      if (clusterId === null) throw new Error("cluster.id was not found.");
      if (nodeId === null) throw new Error("node.id was not found.");
    }
  }

  /** MetaProperties.toProperties, in the order Kafka sets them. */
  toProperties(): [string, string][] {
    const props: [string, string][] = [[VERSION_PROP, String(this.version)]];
    if (this.clusterId !== null) props.push([CLUSTER_ID_PROP, this.clusterId]);
    if (this.version === 0) {
      if (this.nodeId !== null) props.push([BROKER_ID_PROP, String(this.nodeId)]);
    } else {
      props.push([NODE_ID_PROP, String(this.nodeId)]);
    }
    if (this.directoryId !== null) props.push([DIRECTORY_ID_PROP, this.directoryId]);
    return props;
  }

  /** The file text Kafka writes (Properties.store with comment ""), dated `nowMs` (UTC). */
  format(nowMs: number): string {
    let text = "#\n#" + javaDateString(nowMs) + "\n";
    for (const [k, v] of javaPropertiesOrder(this.toProperties())) text += escapeKey(k) + "=" + escapeValue(v) + "\n";
    return text;
  }

  /** Writes `<logDir>/meta.properties` atomically (PropertiesUtils.writePropertiesFile). */
  write(disk: Disk, logDir: string, nowMs: number): void {
    disk.mkdirs(logDir);
    disk.writeFileAtomic(joinPath(logDir, META_PROPERTIES_NAME), this.format(nowMs));
  }

  /** Reads `<logDir>/meta.properties`; null when the file does not exist. */
  static read(disk: Disk, logDir: string): MetaProperties | null {
    const file = joinPath(logDir, META_PROPERTIES_NAME);
    if (!disk.exists(file)) return null;
    try {
      return MetaProperties.fromProperties(parseJavaProperties(disk.readAll(file).toString("latin1")));
    } catch (e) {
      throw new KafkaStorageException("Failed to load " + displayPath(file) + ": " + (e as Error).message, { cause: e });
    }
  }

  /** MetaProperties.Builder(Properties). */
  static fromProperties(props: ReadonlyMap<string, string>): MetaProperties {
    const versionString = props.get(VERSION_PROP) ?? "0";
    if (versionString !== "0" && versionString !== "1") throw new Error("Unknown meta.properties version number " + versionString);
    const version = Number(versionString) as 0 | 1;
    let nodeId: number | null = null;
    if (version === 0) {
      if (props.has(BROKER_ID_PROP)) nodeId = loadRequiredIntProp(props, BROKER_ID_PROP);
    } else {
      nodeId = loadRequiredIntProp(props, NODE_ID_PROP);
    }
    return new MetaProperties(version, props.get(CLUSTER_ID_PROP) ?? null, nodeId, props.get(DIRECTORY_ID_PROP) ?? null);
  }

  /**
   * MetaPropertiesEnsemble.verify for one log dir: the stored cluster id and node (broker) id must be the
   * expected ones, with Kafka 3.9's messages.
   */
  verify(logDir: string, expectedClusterId: string | null, expectedNodeId: number | null): void {
    const path = displayPath(joinPath(logDir, META_PROPERTIES_NAME));
    if (expectedClusterId !== null && this.clusterId !== null && this.clusterId !== expectedClusterId)
      throw new InconsistentClusterIdException("Invalid cluster.id in: " + path + ". Expected " + expectedClusterId +
        ", but read " + this.clusterId);
    if (expectedNodeId !== null && expectedNodeId >= 0 && this.nodeId !== null && this.nodeId !== expectedNodeId)
      throw new InconsistentBrokerIdException("Stored node id " + this.nodeId + " doesn't match previous node id " +
        expectedNodeId + " in " + path + ". If you moved your data, make sure your configured node id matches. If you " +
        "intend to create a new node, you should remove all data in your data directories.");
  }

  toString(): string {
    let s = "MetaProperties(version=" + this.version;
    if (this.clusterId !== null) s += ", clusterId=" + this.clusterId;
    if (this.nodeId !== null) s += ", nodeId=" + this.nodeId;
    if (this.directoryId !== null) s += ", directoryId=" + this.directoryId;
    return s + ")";
  }
}

function loadRequiredIntProp(props: ReadonlyMap<string, string>, keyName: string): number {
  const value = props.get(keyName);
  if (value === undefined) throw new Error("Failed to find " + keyName);
  if (!/^[+-]?\d+$/.test(value) || Number(value) > 2147483647 || Number(value) < -2147483648)
    throw new Error("Unable to read " + keyName + " as a base-10 number.");
  return Number(value);
}

/** java.lang.String.hashCode */
function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * The iteration order of java.util.Properties (a ConcurrentHashMap of 16 bins for a few keys): by bin index
 * spread(hash) & 15, then insertion order within a bin.
 */
export function javaPropertiesOrder(entries: readonly [string, string][]): [string, string][] {
  const bins = Math.max(16, 2 ** Math.ceil(Math.log2(Math.ceil(entries.length / 0.75) + 1)));
  const bin = (k: string): number => {
    const h = javaStringHashCode(k);
    return ((h ^ (h >>> 16)) & 0x7fffffff) & (bins - 1);
  };
  return entries.map((e, i) => ({ e, b: bin(e[0]), i })).sort((x, y) => x.b - y.b || x.i - y.i).map((x) => x.e);
}

/** Properties.saveConvert for keys. */
function escapeKey(s: string): string {
  return escape(s, true);
}

/** Properties.saveConvert for values (only a leading space is escaped). */
function escapeValue(s: string): string {
  return escape(s, false);
}

function escape(s: string, isKey: boolean): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === " " && (isKey || i === 0)) out += "\\ ";
    else if (c === "\\") out += "\\\\";
    else if (c === "\t") out += "\\t";
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\f") out += "\\f";
    else if (c === "=" || c === ":" || c === "#" || c === "!") out += "\\" + c;
    else out += c;
  }
  return out;
}

/** Properties.load for the simple files Kafka writes: comments, key=value / key:value / key value, escapes. */
export function parseJavaProperties(text: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const rawLine of text.split(/\r\n|\n|\r/)) {
    const line = rawLine.replace(/^[ \t\f]+/, "");
    if (line.length === 0 || line[0] === "#" || line[0] === "!") continue;
    let i = 0;
    let key = "";
    while (i < line.length) {
      const c = line[i]!;
      if (c === "\\" && i + 1 < line.length) { key += unescapeChar(line[i + 1]!); i += 2; continue; }
      if (c === "=" || c === ":" || c === " " || c === "\t" || c === "\f") break;
      key += c;
      i++;
    }
    while (i < line.length && (line[i] === " " || line[i] === "\t" || line[i] === "\f")) i++;
    if (i < line.length && (line[i] === "=" || line[i] === ":")) i++;
    while (i < line.length && (line[i] === " " || line[i] === "\t" || line[i] === "\f")) i++;
    let value = "";
    while (i < line.length) {
      const c = line[i]!;
      if (c === "\\" && i + 1 < line.length) { value += unescapeChar(line[i + 1]!); i += 2; continue; }
      value += c;
      i++;
    }
    props.set(key, value);
  }
  return props;
}

function unescapeChar(c: string): string {
  switch (c) {
    case "t": return "\t";
    case "n": return "\n";
    case "r": return "\r";
    case "f": return "\f";
    default: return c;
  }
}
