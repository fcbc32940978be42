// The broker's configuration (kafka.server.KafkaConfig): server.properties keys with Kafka 3.9's names, types and
// defaults, parsed with Kafka's ConfigDef wording ("Invalid value abc for configuration replica.lag.time.max.ms:
// Not a number of type LONG"). The log.* keys become the topic-config defaults through their synonyms
// (log.retention.ms > log.retention.minutes > log.retention.hours), as KafkaConfig.extractLogConfigMap does.
// Keys this engine does not know are ignored with Kafka's warning (AbstractConfig.logUnused).
import { ConfigDef, LONG_MAX_VALUE, Range, ValidString, type ConfigValue, type RawConfigValue } from "../storage/log/ConfigDef";
import { ConfigException } from "../storage/log/errors";
import { LogConfig, topicDefaultsFromBrokerProps } from "../storage/log/LogConfig";
import { GROUP_COORDINATOR_CONFIG_DEF } from "./group/GroupCoordinatorConfig";

/** Our own key (not Kafka's): how a follower truncates after a leader change — KIP-101 epochs, or the pre-0.11 HW rule. */
export const FOLLOWER_TRUNCATION_CONFIG = "kafkalab.follower.truncation";

const INT_MAX = 2147483647;

/** KafkaConfig.configDef (the part this engine implements). */
export const KAFKA_CONFIG_DEF: ConfigDef = new ConfigDef()
  .define("broker.id", "INT", -1, null, "HIGH")
  .define("broker.id.generation.enable", "BOOLEAN", true, null, "MEDIUM")
  .define("reserved.broker.max.id", "INT", 1000, Range.atLeast(0), "MEDIUM")
  .define("broker.rack", "STRING", null, null, "MEDIUM")
  .define("listeners", "STRING", "PLAINTEXT://:9092", null, "HIGH")
  .define("advertised.listeners", "STRING", null, null, "HIGH")
  .define("log.dirs", "STRING", null, null, "HIGH")
  .define("log.dir", "STRING", "/tmp/kafka-logs", null, "HIGH")
  .define("zookeeper.connect", "STRING", null, null, "HIGH")
  .define("zookeeper.session.timeout.ms", "INT", 18000, null, "HIGH")
  .define("zookeeper.connection.timeout.ms", "INT", null, null, "HIGH")
  .define("num.partitions", "INT", 1, Range.atLeast(1), "MEDIUM")
  .define("default.replication.factor", "INT", 1, null, "MEDIUM")
  .define("min.insync.replicas", "INT", 1, Range.atLeast(1), "HIGH")
  .define("unclean.leader.election.enable", "BOOLEAN", false, null, "HIGH")
  .define("replica.lag.time.max.ms", "LONG", 30000, null, "HIGH")
  .define("replica.socket.timeout.ms", "INT", 30000, null, "HIGH")
  .define("replica.fetch.wait.max.ms", "INT", 500, null, "MEDIUM")
  .define("replica.fetch.min.bytes", "INT", 1, null, "HIGH")
  .define("replica.fetch.max.bytes", "INT", 1048576, Range.atLeast(0), "MEDIUM")
  .define("replica.fetch.response.max.bytes", "INT", 10485760, Range.atLeast(0), "MEDIUM")
  .define("replica.fetch.backoff.ms", "INT", 1000, Range.atLeast(0), "MEDIUM")
  .define("replica.high.watermark.checkpoint.interval.ms", "LONG", 5000, null, "HIGH")
  .define("num.replica.fetchers", "INT", 1, null, "HIGH")
  .define("request.timeout.ms", "INT", 30000, null, "HIGH")
  .define("message.max.bytes", "INT", 1048588, Range.atLeast(0), "HIGH")
  .define("auto.create.topics.enable", "BOOLEAN", true, null, "HIGH")
  .define("delete.topic.enable", "BOOLEAN", true, null, "HIGH")
  .define("offsets.topic.replication.factor", "SHORT", 3, Range.atLeast(1), "HIGH")
  .define("offsets.topic.num.partitions", "INT", 50, Range.atLeast(1), "HIGH")
  .define("transaction.state.log.replication.factor", "SHORT", 3, Range.atLeast(1), "HIGH")
  .define("transaction.state.log.num.partitions", "INT", 50, Range.atLeast(1), "HIGH")
  .define("transaction.state.log.min.isr", "INT", 2, Range.atLeast(1), "HIGH")
  .define("controlled.shutdown.enable", "BOOLEAN", true, null, "MEDIUM")
  .define("controlled.shutdown.max.retries", "INT", 3, null, "MEDIUM")
  .define("controlled.shutdown.retry.backoff.ms", "LONG", 5000, null, "MEDIUM")
  .define("controller.socket.timeout.ms", "INT", 30000, null, "MEDIUM")
  .define("inter.broker.listener.name", "STRING", null, null, "MEDIUM")
  .define("auto.leader.rebalance.enable", "BOOLEAN", true, null, "HIGH")
  .define("leader.imbalance.per.broker.percentage", "INT", 10, null, "HIGH")
  .define("leader.imbalance.check.interval.seconds", "LONG", 300, Range.atLeast(1), "HIGH")
  .define("group.initial.rebalance.delay.ms", "INT", 3000, null, "MEDIUM")
  .define("num.network.threads", "INT", 3, Range.atLeast(1), "HIGH")
  .define("num.io.threads", "INT", 8, Range.atLeast(1), "HIGH")
  .define("num.recovery.threads.per.data.dir", "INT", 1, Range.atLeast(1), "HIGH")
  .define("socket.send.buffer.bytes", "INT", 102400, null, "HIGH")
  .define("socket.receive.buffer.bytes", "INT", 102400, null, "HIGH")
  .define("socket.request.max.bytes", "INT", 104857600, Range.atLeast(1), "HIGH")
  // log.* (topic defaults through ServerTopicConfigSynonyms; typed here so bad values fail at startup)
  .define("log.segment.bytes", "INT", 1073741824, Range.atLeast(14), "HIGH")
  .define("log.roll.ms", "LONG", null, null, "HIGH")
  .define("log.roll.hours", "INT", 168, Range.atLeast(1), "HIGH")
  .define("log.roll.jitter.ms", "LONG", null, null, "HIGH")
  .define("log.roll.jitter.hours", "INT", 0, Range.atLeast(0), "HIGH")
  .define("log.retention.ms", "LONG", null, null, "HIGH")
  .define("log.retention.minutes", "INT", null, null, "HIGH")
  .define("log.retention.hours", "INT", 168, null, "HIGH")
  .define("log.retention.bytes", "LONG", -1, null, "HIGH")
  .define("log.retention.check.interval.ms", "LONG", 300000, Range.atLeast(1), "MEDIUM")
  .define("log.cleanup.policy", "LIST", ["delete"], null, "MEDIUM")
  .define("log.index.size.max.bytes", "INT", 10485760, Range.atLeast(4), "MEDIUM")
  .define("log.index.interval.bytes", "INT", 4096, Range.atLeast(0), "MEDIUM")
  .define("log.flush.interval.messages", "LONG", LONG_MAX_VALUE, Range.atLeast(1), "HIGH")
  .define("log.flush.interval.ms", "LONG", null, null, "HIGH")
  .define("log.flush.scheduler.interval.ms", "LONG", LONG_MAX_VALUE, null, "HIGH")
  .define("log.flush.offset.checkpoint.interval.ms", "INT", 60000, Range.atLeast(0), "HIGH")
  .define("log.flush.start.offset.checkpoint.interval.ms", "INT", 60000, Range.atLeast(0), "HIGH")
  .define("log.segment.delete.delay.ms", "LONG", 60000, Range.atLeast(0), "HIGH")
  .define("log.initial.task.delay.ms", "LONG", 30000, Range.atLeast(0), "LOW")
  .define("log.preallocate", "BOOLEAN", false, null, "MEDIUM")
  .define("log.message.timestamp.type", "STRING", "CreateTime", ValidString.in("CreateTime", "LogAppendTime"), "MEDIUM")
  .define("log.message.timestamp.difference.max.ms", "LONG", LONG_MAX_VALUE, null, "MEDIUM")
  .define("log.message.timestamp.before.max.ms", "LONG", LONG_MAX_VALUE, Range.atLeast(0), "MEDIUM")
  .define("log.message.timestamp.after.max.ms", "LONG", LONG_MAX_VALUE, Range.atLeast(0), "MEDIUM")
  .define("log.message.format.version", "STRING", "3.0-IV1", null, "MEDIUM")
  .define("log.message.downconversion.enable", "BOOLEAN", true, null, "LOW")
  .define("log.cleaner.enable", "BOOLEAN", true, null, "MEDIUM")
  .define("log.cleaner.delete.retention.ms", "LONG", 86400000, Range.atLeast(0), "MEDIUM")
  .define("log.cleaner.min.compaction.lag.ms", "LONG", 0, Range.atLeast(0), "MEDIUM")
  .define("log.cleaner.max.compaction.lag.ms", "LONG", LONG_MAX_VALUE, Range.atLeast(1), "MEDIUM")
  .define("log.cleaner.min.cleanable.ratio", "DOUBLE", 0.5, Range.between(0, 1), "MEDIUM")
  .define("log.local.retention.ms", "LONG", -2, null, "MEDIUM")
  .define("log.local.retention.bytes", "LONG", -2, null, "MEDIUM")
  .define("compression.type", "STRING", "producer", null, "HIGH")
  .define("compression.gzip.level", "INT", -1, null, "MEDIUM")
  .define("compression.lz4.level", "INT", 9, null, "MEDIUM")
  .define("compression.zstd.level", "INT", 3, null, "MEDIUM")
  .define(FOLLOWER_TRUNCATION_CONFIG, "STRING", "leader-epoch", ValidString.in("leader-epoch", "high-watermark"), "LOW");

export type BrokerProps = Readonly<Record<string, RawConfigValue>>;

export class KafkaConfig {
  /** Every parsed value, defaults included. */
  readonly values: ReadonlyMap<string, ConfigValue>;
  /** The properties as given (what `server.properties` said). */
  readonly originals: Readonly<Record<string, RawConfigValue>>;
  /** Warnings a Kafka broker would log at startup (unused keys). */
  readonly warnings: string[] = [];

  readonly brokerId: number;
  readonly logDirs: string;
  readonly zkConnect: string | null;
  readonly zkSessionTimeoutMs: number;
  readonly zkConnectionTimeoutMs: number;
  readonly numPartitions: number;
  readonly defaultReplicationFactor: number;
  readonly minInSyncReplicas: number;
  readonly uncleanLeaderElectionEnable: boolean;
  readonly replicaLagTimeMaxMs: number;
  readonly replicaFetchWaitMaxMs: number;
  readonly replicaFetchMinBytes: number;
  readonly replicaFetchMaxBytes: number;
  readonly replicaFetchResponseMaxBytes: number;
  readonly replicaFetchBackoffMs: number;
  readonly replicaHighWatermarkCheckpointIntervalMs: number;
  readonly requestTimeoutMs: number;
  readonly messageMaxBytes: number;
  readonly autoCreateTopicsEnable: boolean;
  readonly deleteTopicEnable: boolean;
  readonly offsetsTopicReplicationFactor: number;
  readonly offsetsTopicPartitions: number;
  readonly controlledShutdownEnable: boolean;
  readonly controlledShutdownMaxRetries: number;
  readonly controlledShutdownRetryBackoffMs: number;
  readonly autoLeaderRebalanceEnable: boolean;
  readonly controllerSocketTimeoutMs: number;
  readonly interBrokerListenerName: string;
  readonly leaderImbalancePerBrokerPercentage: number;
  readonly leaderImbalanceCheckIntervalSeconds: number;
  readonly followerTruncation: "leader-epoch" | "high-watermark";
  readonly listeners: string;
  readonly advertisedListeners: string | null;
  readonly rack: string | null;

  constructor(props: BrokerProps = {}) {
    const given: Record<string, RawConfigValue> = {};
    for (const [k, v] of Object.entries(props)) if (v !== undefined) given[k] = v;
    this.originals = given;
    const v = KAFKA_CONFIG_DEF.parse(given);
    this.values = v;
    const num = (k: string): number => v.get(k) as number;
    const bool = (k: string): boolean => v.get(k) as boolean;
    this.brokerId = num("broker.id");
    this.logDirs = (v.get("log.dirs") as string | null) ?? (v.get("log.dir") as string);
    this.zkConnect = v.get("zookeeper.connect") as string | null;
    this.zkSessionTimeoutMs = num("zookeeper.session.timeout.ms");
    // KafkaConfig: zookeeper.connection.timeout.ms defaults to zookeeper.session.timeout.ms.
    this.zkConnectionTimeoutMs = (v.get("zookeeper.connection.timeout.ms") as number | null) ?? this.zkSessionTimeoutMs;
    this.numPartitions = num("num.partitions");
    this.defaultReplicationFactor = num("default.replication.factor");
    this.minInSyncReplicas = num("min.insync.replicas");
    this.uncleanLeaderElectionEnable = bool("unclean.leader.election.enable");
    this.replicaLagTimeMaxMs = num("replica.lag.time.max.ms");
    this.replicaFetchWaitMaxMs = num("replica.fetch.wait.max.ms");
    this.replicaFetchMinBytes = num("replica.fetch.min.bytes");
    this.replicaFetchMaxBytes = num("replica.fetch.max.bytes");
    this.replicaFetchResponseMaxBytes = num("replica.fetch.response.max.bytes");
    this.replicaFetchBackoffMs = num("replica.fetch.backoff.ms");
    this.replicaHighWatermarkCheckpointIntervalMs = num("replica.high.watermark.checkpoint.interval.ms");
    this.requestTimeoutMs = num("request.timeout.ms");
    this.messageMaxBytes = num("message.max.bytes");
    this.autoCreateTopicsEnable = bool("auto.create.topics.enable");
    this.deleteTopicEnable = bool("delete.topic.enable");
    this.offsetsTopicReplicationFactor = num("offsets.topic.replication.factor");
    this.offsetsTopicPartitions = num("offsets.topic.num.partitions");
    this.controlledShutdownEnable = bool("controlled.shutdown.enable");
    this.controlledShutdownMaxRetries = num("controlled.shutdown.max.retries");
    this.controlledShutdownRetryBackoffMs = num("controlled.shutdown.retry.backoff.ms");
    this.autoLeaderRebalanceEnable = bool("auto.leader.rebalance.enable");
    this.controllerSocketTimeoutMs = num("controller.socket.timeout.ms");
    this.interBrokerListenerName = (v.get("inter.broker.listener.name") as string | null) ?? "PLAINTEXT";
    this.leaderImbalancePerBrokerPercentage = num("leader.imbalance.per.broker.percentage");
    this.leaderImbalanceCheckIntervalSeconds = num("leader.imbalance.check.interval.seconds");
    this.followerTruncation = v.get(FOLLOWER_TRUNCATION_CONFIG) as "leader-epoch" | "high-watermark";
    this.listeners = v.get("listeners") as string;
    this.advertisedListeners = v.get("advertised.listeners") as string | null;
    this.rack = v.get("broker.rack") as string | null;

    // KafkaConfig.validateValues (the checks that concern what is implemented).
    if (this.logDirs.split(",").filter((s) => s.trim() !== "").length === 0)
      throw new ConfigException("log.dirs", this.logDirs, "At least one log directory must be defined via log.dirs or log.dir.");
    if (this.replicaFetchWaitMaxMs > this.replicaLagTimeMaxMs)
      throw new ConfigException("replica.fetch.wait.max.ms should always be less than or equal to replica.lag.time.max.ms" +
        " to prevent frequent changes in ISR");
    if (this.brokerId > num("reserved.broker.max.id") && !(this.brokerId < 0))
      throw new ConfigException("broker.id", this.brokerId, "broker.id must be greater than or equal to -1 and not greater than reserved.broker.max.id");
    if (this.brokerId < -1) throw new ConfigException("broker.id", this.brokerId, "broker.id must be greater than or equal to -1 and not greater than reserved.broker.max.id");
    if (this.offsetsTopicReplicationFactor > INT_MAX) throw new ConfigException("offsets.topic.replication.factor", this.offsetsTopicReplicationFactor, "too large");

    // group.* and offsets.* keys are the group coordinator's (GroupCoordinatorConfig), read where it is built.
    const unused = Object.keys(given)
      .filter((k) => !KAFKA_CONFIG_DEF.configKeys().has(k) && !GROUP_COORDINATOR_CONFIG_DEF.configKeys().has(k)).sort();
    if (unused.length > 0) this.warnings.push(`These configurations '[${unused.join(", ")}]' were supplied but are not used yet.`);
  }

  /** A config value by key (parsed), or undefined for a key this engine does not define. */
  get(key: string): ConfigValue | undefined {
    return this.values.get(key);
  }

  /** The topic-config defaults this broker's log.* settings imply (KafkaConfig.extractLogConfigMap). */
  topicDefaults(): Record<string, string> {
    return topicDefaultsFromBrokerProps(this.originals);
  }

  /** The LogConfig of a topic: broker defaults overlaid with the topic's overrides (/config/topics/<t>). */
  logConfigFor(overrides: Readonly<Record<string, RawConfigValue>> = {}): LogConfig {
    return LogConfig.fromProps(this.topicDefaults(), overrides);
  }

  /** The host part of this broker's listener (`PLAINTEXT://hadoop102:9092` → hadoop102), or the fallback. */
  listenerHost(fallback: string): string {
    const m = /:\/\/\[?([^\]:]*)\]?:(\d+)/.exec(this.advertisedListeners ?? this.listeners);
    return m !== null && m[1] !== "" && m[1] !== "0.0.0.0" ? m[1] : fallback;
  }

  /** The port of this broker's listener (9092 by default). */
  listenerPort(): number {
    const m = /:(\d+)\s*(,|$)/.exec(this.advertisedListeners ?? this.listeners);
    return m === null ? 9092 : Number(m[1]);
  }
}
