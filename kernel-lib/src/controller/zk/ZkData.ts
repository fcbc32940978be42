// kafka.zk.ZkData: the znodes a Kafka 3.9 cluster keeps in ZooKeeper, their paths and their JSON, byte for
// byte as Kafka writes them (key order included: see KafkaJson.ts). Paths are relative to the chroot of
// `zookeeper.connect` (e.g. /kafka).
import { KafkaException } from "../../protocol/KafkaException";
import { TopicPartition } from "../../protocol/TopicPartition";
import { JsonObject, type JsonValue, ScalaMutableHashMap, encodeJson, javaProperties, javaStringHash, scalaImmutableMap, scalaImmutableOrder } from "./KafkaJson";
import type { Stat } from "./Stat";

const utf8 = (s: string): Buffer => Buffer.from(s, "utf8");
const json = (v: JsonValue): Buffer => utf8(encodeJson(v));
const map = (...entries: [string, JsonValue][]): JsonObject => scalaImmutableMap(entries);

function parse(bytes: Uint8Array | null, what: () => string): Record<string, unknown> {
  const text = bytes === null ? "null" : Buffer.from(bytes).toString("utf8");
  try {
    const v = JSON.parse(text) as unknown;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new KafkaException(`${what()}: ${text}`);
}

/** ZkVersion: -1 matches any version in a conditional write; -2 is Kafka's "node does not exist". */
export const ZkVersion = { MatchAnyVersion: -1, UnknownVersion: -2 } as const;

// ---- controller -------------------------------------------------------------------------------------------------

/** /controller (ephemeral): the broker that created it is the controller. */
export const ControllerZNode = {
  path: "/controller",
  encode(brokerId: number, timestampMs: number, kraftControllerEpoch = -1): Buffer {
    return json(map(["version", 2], ["brokerid", brokerId], ["timestamp", String(timestampMs)], ["kraftControllerEpoch", kraftControllerEpoch]));
  },
  /** The controller's broker id. */
  decode(bytes: Uint8Array): number {
    return parse(bytes, () => "Failed to parse ZooKeeper registration for controller").brokerid as number;
  },
  decodeController(bytes: Uint8Array, zkVersion: number): { brokerId: number; kraftEpoch: number | null; zkVersion: number } {
    const js = parse(bytes, () => "Failed to parse ZooKeeper registration for controller");
    const kraft = js.kraftControllerEpoch;
    return { brokerId: js.brokerid as number, kraftEpoch: typeof kraft === "number" ? kraft : null, zkVersion };
  },
};

/** /controller_epoch (persistent): the epoch as decimal text, +1 per election; fences zombie controllers. */
export const ControllerEpochZNode = {
  path: "/controller_epoch",
  encode(epoch: number): Buffer {
    return utf8(String(epoch));
  },
  decode(bytes: Uint8Array): number {
    return Number.parseInt(Buffer.from(bytes).toString("utf8"), 10);
  },
};

// ---- brokers ------------------------------------------------------------------------------------------------------

export const BrokersZNode = { path: "/brokers" };
export const BrokerIdsZNode = { path: "/brokers/ids" };
/** /brokers/seqid: its version hands out broker ids when broker.id.generation.enable (ids > reserved.broker.max.id). */
export const BrokerSequenceIdZNode = { path: "/brokers/seqid" };

/** kafka.cluster.EndPoint: an advertised listener. */
export interface EndPoint {
  host: string | null;
  port: number;
  listenerName: string;
  securityProtocol: string;
}

/** EndPoint.connectionString: `PLAINTEXT://hadoop102:9092` (IPv6 hosts in brackets). */
export function connectionString(ep: EndPoint): string {
  const hostPort = ep.host === null ? `:${ep.port}` : ep.host.includes(":") ? `[${ep.host}]:${ep.port}` : `${ep.host}:${ep.port}`;
  return `${ep.listenerName}://${hostPort}`;
}

/** What /brokers/ids/<id> holds (kafka.zk.BrokerInfo + kafka.cluster.Broker). */
export interface BrokerInfo {
  id: number;
  endpoints: EndPoint[];
  rack: string | null;
  /** JMX port, -1 if JMX is off. */
  jmxPort: number;
  /** Registration JSON version: 5 since IBP 2.7. */
  version: number;
  /** Supported features (empty for ZooKeeper-mode brokers in 3.9), name -> {min_version, max_version}. */
  features?: Record<string, { min_version: number; max_version: number }>;
  /** Registration time (ms), written as a string. */
  timestamp?: number;
}

/** /brokers/ids/<id> (ephemeral): broker registration JSON v5. Its existence is the broker being alive. */
export const BrokerIdZNode = {
  path: (id: number): string => `/brokers/ids/${id}`,
  /** BrokerIdZNode.encode; `timestampMs` is the broker's clock (Kafka: Time.SYSTEM.milliseconds()). */
  encode(info: BrokerInfo, timestampMs: number): Buffer {
    // The top-level host/port is the first PLAINTEXT endpoint, for old clients (else null / -1).
    const plaintext = info.endpoints.find((e) => e.securityProtocol === "PLAINTEXT");
    const m = ScalaMutableHashMap.of([
      ["version", info.version],
      ["host", plaintext ? plaintext.host : null],
      ["port", plaintext ? plaintext.port : -1],
      ["endpoints", info.endpoints.map(connectionString)],
      ["jmx_port", info.jmxPort],
      ["timestamp", String(timestampMs)],
    ]);
    if (info.rack !== null && info.version >= 3) m.put("rack", info.rack);
    if (info.version >= 4) m.put("listener_security_protocol_map", map(...info.endpoints.map((e): [string, JsonValue] => [e.listenerName, e.securityProtocol])));
    if (info.version >= 5) {
      const features = Object.entries(info.features ?? {}).map(([name, r]): [string, JsonValue] =>
        [name, new JsonObject([["min_version", r.min_version], ["max_version", r.max_version]])]);
      m.put("features", new JsonObject(features));
    }
    return json(m.toJson());
  },
  decode(id: number, bytes: Uint8Array): BrokerInfo {
    const js = parse(bytes, () => `Failed to parse ZooKeeper registration for broker ${id}`);
    const version = js.version as number;
    if (version < 1) throw new KafkaException(`Unsupported version of broker registration: ${Buffer.from(bytes).toString("utf8")}`);
    let endpoints: EndPoint[];
    if (version === 1) {
      endpoints = [{ host: js.host as string, port: js.port as number, listenerName: "PLAINTEXT", securityProtocol: "PLAINTEXT" }];
    } else {
      const protocols = (js.listener_security_protocol_map ?? { PLAINTEXT: "PLAINTEXT", SSL: "SSL", SASL_PLAINTEXT: "SASL_PLAINTEXT", SASL_SSL: "SASL_SSL" }) as Record<string, string>;
      endpoints = (js.endpoints as string[]).map((s) => {
        const m = /^(.*):\/\/\[?([^\]]*?)\]?:(-?\d+)$/.exec(s);
        if (!m) throw new KafkaException(`Unable to parse ${s} to a broker endpoint`);
        const listenerName = m[1] as string;
        return { host: m[2] === "" ? null : (m[2] as string), port: Number(m[3]), listenerName, securityProtocol: protocols[listenerName] ?? listenerName };
      });
    }
    const info: BrokerInfo = { id, endpoints, rack: typeof js.rack === "string" ? js.rack : null, jmxPort: js.jmx_port as number, version };
    if (js.features && typeof js.features === "object") info.features = js.features as BrokerInfo["features"];
    if (typeof js.timestamp === "string") info.timestamp = Number(js.timestamp);
    return info;
  },
};

// ---- topics ---------------------------------------------------------------------------------------------------------

export const TopicsZNode = { path: "/brokers/topics" };

/** kafka.controller.ReplicaAssignment: the replicas (AR) of a partition, and a reassignment in progress. */
export interface ReplicaAssignment {
  replicas: number[];
  addingReplicas?: number[];
  removingReplicas?: number[];
}

/** /brokers/topics/<topic> (persistent): topic id and replica assignment; replicas[0] is the preferred leader. */
export const TopicZNode = {
  path: (topic: string): string => `/brokers/topics/${topic}`,
  /** TopicZNode.encode: `topicId` printed as Kafka's base64 Uuid (null: no "topic_id" key, pre-2.8 topics). */
  encode(topicId: string | null, assignment: ReadonlyMap<number, ReplicaAssignment> | readonly ReplicaAssignment[]): Buffer {
    const partitions = new ScalaMutableHashMap();
    const adding = new ScalaMutableHashMap();
    const removing = new ScalaMutableHashMap();
    const list: [number, ReplicaAssignment][] = Array.isArray(assignment)
      ? (assignment as readonly ReplicaAssignment[]).map((a, p) => [p, a])
      : [...(assignment as ReadonlyMap<number, ReplicaAssignment>).entries()];
    for (const [p, a] of list) {
      partitions.put(String(p), a.replicas);
      if (a.addingReplicas && a.addingReplicas.length > 0) adding.put(String(p), a.addingReplicas);
      if (a.removingReplicas && a.removingReplicas.length > 0) removing.put(String(p), a.removingReplicas);
    }
    const m = ScalaMutableHashMap.of([
      ["version", 3],
      ["partitions", partitions.toJson()],
      ["adding_replicas", adding.toJson()],
      ["removing_replicas", removing.toJson()],
    ]);
    if (topicId !== null) m.put("topic_id", topicId);
    return json(m.toJson());
  },
  /** The topic id (null if absent) and the assignment by partition, ascending. */
  decode(topic: string, bytes: Uint8Array | null): { topic: string; topicId: string | null; partitions: Map<number, ReplicaAssignment> } {
    if (bytes === null) return { topic, topicId: null, partitions: new Map() };
    const js = parse(bytes, () => `Failed to parse the assignment of topic ${topic}`);
    const replicasOf = (o: unknown, p: string): number[] => ((o as Record<string, number[]> | undefined)?.[p] ?? []);
    const parts = (js.partitions ?? {}) as Record<string, number[]>;
    const partitions = new Map<number, ReplicaAssignment>();
    for (const p of Object.keys(parts).sort((a, b) => Number(a) - Number(b))) {
      partitions.set(Number(p), { replicas: parts[p] as number[], addingReplicas: replicasOf(js.adding_replicas, p), removingReplicas: replicasOf(js.removing_replicas, p) });
    }
    return { topic, topicId: typeof js.topic_id === "string" ? js.topic_id : null, partitions };
  },
};

export const TopicPartitionsZNode = { path: (topic: string): string => `/brokers/topics/${topic}/partitions` };
export const TopicPartitionZNode = { path: (tp: TopicPartition): string => `/brokers/topics/${tp.topic}/partitions/${tp.partition}` };

/** Leader, ISR and epochs of a partition (kafka.controller.LeaderIsrAndControllerEpoch). */
export interface LeaderIsrAndControllerEpoch {
  leader: number;
  leaderEpoch: number;
  isr: number[];
  /** 0 RECOVERED, 1 RECOVERING (after an unclean election, KIP-704); written only when not 0. */
  leaderRecoveryState?: number;
  controllerEpoch: number;
  /** The state znode's version, used for conditional updates (from the Stat when decoding). */
  zkVersion?: number;
}

/** /brokers/topics/<t>/partitions/<p>/state (persistent): leader and ISR, updated with conditional writes. */
export const TopicPartitionStateZNode = {
  path: (tp: TopicPartition): string => `/brokers/topics/${tp.topic}/partitions/${tp.partition}/state`,
  encode(s: LeaderIsrAndControllerEpoch): Buffer {
    const entries: [string, JsonValue][] = [
      ["version", 1], ["leader", s.leader], ["leader_epoch", s.leaderEpoch], ["controller_epoch", s.controllerEpoch], ["isr", s.isr],
    ];
    if ((s.leaderRecoveryState ?? 0) !== 0) entries.push(["leader_recovery_state", s.leaderRecoveryState as number]);
    return json(scalaImmutableMap(entries));
  },
  decode(bytes: Uint8Array, stat: Stat): LeaderIsrAndControllerEpoch {
    const js = parse(bytes, () => "Failed to parse the partition state");
    return {
      leader: js.leader as number,
      leaderEpoch: js.leader_epoch as number,
      isr: js.isr as number[],
      leaderRecoveryState: typeof js.leader_recovery_state === "number" ? js.leader_recovery_state : 0,
      controllerEpoch: js.controller_epoch as number,
      zkVersion: stat.version,
    };
  },
};

// ---- configs --------------------------------------------------------------------------------------------------------

export const ConfigZNode = { path: "/config" };

/** ConfigType: the entity types that have dynamic configs in ZooKeeper mode. */
export const ConfigType = { Topic: "topics", Client: "clients", User: "users", Broker: "brokers", Ip: "ips" } as const;

export const ConfigEntityTypeZNode = { path: (entityType: string): string => `/config/${entityType}` };

/** /config/<type>/<name> (persistent): dynamic config overrides, e.g. /config/topics/first. */
export const ConfigEntityZNode = {
  path: (entityType: string, entityName: string): string => `/config/${entityType}/${entityName}`,
  /** `config`: the java.util.Properties Kafka writes, as entries in setProperty order (or a plain object). */
  encode(config: Iterable<readonly [string, string]> | Record<string, string>): Buffer {
    const entries = Symbol.iterator in Object(config) ? [...(config as Iterable<readonly [string, string]>)] : Object.entries(config as Record<string, string>);
    return json(map(["version", 1], ["config", javaProperties(entries)]));
  },
  /** The config entries in the order they are written (null data: no overrides). */
  decode(bytes: Uint8Array | null): [string, string][] {
    if (bytes === null) return [];
    const js = parse(bytes, () => "Failed to parse the entity config");
    const config = (js.config ?? {}) as Record<string, unknown>;
    return Object.entries(config).map(([k, v]) => [k, String(v)]);
  },
};

export const ConfigEntityChangeNotificationZNode = { path: "/config/changes" };

/** /config/changes/config_change_<seq> (persistent sequential): tells every broker to reload an entity's config. */
export const ConfigEntityChangeNotificationSequenceZNode = {
  SequenceNumberPrefix: "config_change_",
  createPath: "/config/changes/config_change_",
  /** `sanitizedEntityPath`: e.g. "topics/first". */
  encode(sanitizedEntityPath: string): Buffer {
    return json(map(["version", 2], ["entity_path", sanitizedEntityPath]));
  },
};

// ---- notifications -----------------------------------------------------------------------------------------------------

// A Scala Set of java maps {topic, partition}: its order is that of an immutable Set keyed by the
// java.util.Map hashCode (sum of key.hashCode ^ value.hashCode).
function partitionsJson(partitions: readonly TopicPartition[]): JsonObject[] {
  const distinct = [...new Map(partitions.map((tp) => [tp.toString(), tp])).values()];
  const hash = (tp: TopicPartition): number =>
    ((javaStringHash("topic") ^ javaStringHash(tp.topic)) + (javaStringHash("partition") ^ tp.partition)) | 0;
  return scalaImmutableOrder(distinct, hash).map((tp) => map(["topic", tp.topic], ["partition", tp.partition]));
}

function decodePartitions(bytes: Uint8Array): TopicPartition[] {
  const js = parse(bytes, () => "Failed to parse the partitions");
  return (js.partitions as { topic: string; partition: number }[]).map((p) => new TopicPartition(p.topic, p.partition));
}

export const IsrChangeNotificationZNode = { path: "/isr_change_notification" };

/** /isr_change_notification/isr_change_<seq>: pre-2.7 way a leader told the controller that ISRs changed. */
export const IsrChangeNotificationSequenceZNode = {
  SequenceNumberPrefix: "isr_change_",
  path: (sequenceNumber = ""): string => `/isr_change_notification/isr_change_${sequenceNumber}`,
  encode(partitions: readonly TopicPartition[]): Buffer {
    return json(map(["version", 1], ["partitions", partitionsJson(partitions)]));
  },
  decode: decodePartitions,
  sequenceNumber: (path: string): string => path.substring(path.lastIndexOf("isr_change_") + "isr_change_".length),
};

export const LogDirEventNotificationZNode = { path: "/log_dir_event_notification" };

/** /log_dir_event_notification/log_dir_event_<seq>: a broker reports a failed log directory. */
export const LogDirEventNotificationSequenceZNode = {
  SequenceNumberPrefix: "log_dir_event_",
  path: (sequenceNumber: string): string => `/log_dir_event_notification/log_dir_event_${sequenceNumber}`,
  encode(brokerId: number): Buffer {
    return json(map(["version", 1], ["broker", brokerId], ["event", 1]));
  },
  decode(bytes: Uint8Array): number {
    return parse(bytes, () => "Failed to parse the log dir event").broker as number;
  },
  sequenceNumber: (path: string): string => path.substring(path.lastIndexOf("log_dir_event_") + "log_dir_event_".length),
};

// ---- admin ----------------------------------------------------------------------------------------------------------

export const AdminZNode = { path: "/admin" };
/** /admin/delete_topics: a child per topic waiting to be deleted (delete.topic.enable=true). */
export const DeleteTopicsZNode = { path: "/admin/delete_topics" };
export const DeleteTopicsTopicZNode = { path: (topic: string): string => `/admin/delete_topics/${topic}` };

/** /admin/reassign_partitions: the legacy (pre-2.4) reassignment request. */
export const ReassignPartitionsZNode = {
  path: "/admin/reassign_partitions",
  encode(reassignment: Iterable<readonly [TopicPartition, readonly number[]]>): Buffer {
    const partitions = [...reassignment].map(([tp, replicas]) =>
      new JsonObject([["topic", tp.topic], ["partition", tp.partition], ["replicas", [...replicas]]]));
    return json(new JsonObject([["version", 1], ["partitions", partitions]]));
  },
  decode(bytes: Uint8Array): [TopicPartition, number[]][] {
    const js = parse(bytes, () => "Failed to parse the partition reassignment");
    return (js.partitions as { topic: string; partition: number; replicas: number[] }[])
      .map((p) => [new TopicPartition(p.topic, p.partition), p.replicas]);
  },
};

/** /admin/preferred_replica_election: the legacy preferred-leader election request. */
export const PreferredReplicaElectionZNode = {
  path: "/admin/preferred_replica_election",
  encode(partitions: readonly TopicPartition[]): Buffer {
    return json(map(["version", 1], ["partitions", partitionsJson(partitions)]));
  },
  decode: decodePartitions,
};

/** /consumers: the old Scala consumer's tree (removed in 2.0); still created at startup. */
export const ConsumerPathZNode = { path: "/consumers" };

// ---- cluster-wide -------------------------------------------------------------------------------------------------------

export const ClusterZNode = { path: "/cluster" };

/** /cluster/id: the cluster id, made by the first broker that starts. */
export const ClusterIdZNode = {
  path: "/cluster/id",
  toJson(id: string): Buffer {
    return json(map(["version", "1"], ["id", id]));
  },
  fromJson(bytes: Uint8Array): string {
    return parse(bytes, () => "Failed to parse the cluster id json").id as string;
  },
};

/** /latest_producer_id_block: the last block of producer ids handed out (blocks of 1000). */
export const ProducerIdBlockZNode = {
  path: "/latest_producer_id_block",
  /** ProducerIdsBlock.PRODUCER_ID_BLOCK_SIZE */
  BlockSize: 1000,
  generateProducerIdBlockJson(block: { assignedBrokerId: number; firstProducerId: number; size: number }): Buffer {
    return json(map(["version", 1], ["broker", block.assignedBrokerId],
      ["block_start", String(block.firstProducerId)], ["block_end", String(block.firstProducerId + block.size - 1)]));
  },
  parseProducerIdBlockData(bytes: Uint8Array): { assignedBrokerId: number; firstProducerId: number; size: number } {
    const js = parse(bytes, () => "Failed to parse the producerId block json");
    const start = Number(js.block_start);
    return { assignedBrokerId: js.broker as number, firstProducerId: start, size: Number(js.block_end) - start + 1 };
  },
};

/** /feature: the finalized feature versions (KIP-584). Status 1 = Enabled, 0 = Disabled. */
export const FeatureZNode = {
  path: "/feature",
  V1: 1,
  V2: 2,
  encode(node: { version: number; status: number; features: Record<string, number> }): Buffer {
    const features = scalaImmutableMap(Object.entries(node.features).map(([name, v]): [string, JsonValue] =>
      [name, node.version === 1 ? map(["max_version_level", v], ["min_version_level", v]) : map(["max_version_level", v])]));
    return json(ScalaMutableHashMap.of([["version", node.version], ["status", node.status], ["features", features]]).toJson());
  },
  decode(bytes: Uint8Array): { version: number; status: number; features: Record<string, number> } {
    const js = parse(bytes, () => "Failed to parse feature information");
    const features: Record<string, number> = {};
    for (const [name, v] of Object.entries((js.features ?? {}) as Record<string, { max_version_level: number }>)) features[name] = v.max_version_level;
    return { version: js.version as number, status: js.status as number, features };
  },
};

// ---- ACLs and tokens (paths only) ------------------------------------------------------------------------------------

export const AclZNodes = {
  literal: "/kafka-acl",
  literalChanges: "/kafka-acl-changes",
  extended: "/kafka-acl-extended",
  extendedChanges: "/kafka-acl-extended-changes",
} as const;
export const DelegationTokenAuthZNode = { path: "/delegation_token" };

/** ZkData.PersistentZkPaths: created (with null data) by every broker at startup if missing, in this order. */
export const PersistentZkPaths: readonly string[] = [
  ConsumerPathZNode.path,
  BrokerIdsZNode.path,
  TopicsZNode.path,
  ConfigEntityChangeNotificationZNode.path,
  DeleteTopicsZNode.path,
  BrokerSequenceIdZNode.path,
  IsrChangeNotificationZNode.path,
  ProducerIdBlockZNode.path,
  LogDirEventNotificationZNode.path,
  ...Object.values(ConfigType).map(ConfigEntityTypeZNode.path),
];
