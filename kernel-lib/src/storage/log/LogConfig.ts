// Topic-level log configuration (org.apache.kafka.storage.internals.log.LogConfig, Kafka 3.9): the keys of
// TopicConfig with their types, defaults and validators, the typed values the log uses, and Kafka's validation
// (unknown names -> InvalidConfigurationException "Unknown topic config name: foo", bad values ->
// ConfigException "Invalid value ... for configuration ...: ...").
import {
  GZIP_DEFAULT_LEVEL,
  GZIP_MAX_LEVEL,
  GZIP_MIN_LEVEL,
  LZ4_DEFAULT_LEVEL,
  LZ4_MAX_LEVEL,
  LZ4_MIN_LEVEL,
  ZSTD_DEFAULT_LEVEL,
  ZSTD_MAX_LEVEL,
  ZSTD_MIN_LEVEL,
} from "../compression";
import {
  ConfigDef,
  type ConfigKey,
  type ConfigType,
  type ConfigValue,
  LambdaValidator,
  LONG_MAX_VALUE,
  Range,
  type RawConfigValue,
  ValidList,
  ValidString,
  convertToString,
  parseType,
} from "./ConfigDef";
import { ConfigException, InvalidConfigurationException } from "./errors";
import { ALL_TOPIC_CONFIG_SYNONYMS, serverConfigName } from "./ServerTopicConfigSynonyms";

export const DEFAULT_SEGMENT_BYTES = 1024 * 1024 * 1024;
export const DEFAULT_SEGMENT_MS = 24 * 7 * 60 * 60 * 1000;
export const DEFAULT_SEGMENT_JITTER_MS = 0;
export const DEFAULT_RETENTION_MS = 24 * 7 * 60 * 60 * 1000;
export const DEFAULT_RETENTION_BYTES = -1;
export const DEFAULT_SEGMENT_INDEX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_INDEX_INTERVAL_BYTES = 4096;
/** 1 MiB + LOG_OVERHEAD (12). */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024 + 12;
export const DEFAULT_FILE_DELETE_DELAY_MS = 60000;
export const DEFAULT_CLEANUP_POLICY = "delete";
export const DEFAULT_FLUSH_MESSAGES_INTERVAL = LONG_MAX_VALUE;
export const DEFAULT_FLUSH_MS = LONG_MAX_VALUE;
export const DEFAULT_DELETE_RETENTION_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_MIN_COMPACTION_LAG_MS = 0;
export const DEFAULT_MAX_COMPACTION_LAG_MS = LONG_MAX_VALUE;
export const DEFAULT_MIN_CLEANABLE_DIRTY_RATIO = 0.5;
export const DEFAULT_UNCLEAN_LEADER_ELECTION_ENABLE = false;
export const DEFAULT_MIN_IN_SYNC_REPLICAS = 1;
export const DEFAULT_COMPRESSION_TYPE = "producer";
export const DEFAULT_PREALLOCATE = false;
export const DEFAULT_MESSAGE_TIMESTAMP_TYPE = "CreateTime";
export const DEFAULT_MESSAGE_FORMAT_VERSION = "3.0-IV1";
export const DEFAULT_LOCAL_RETENTION_MS = -2;
export const DEFAULT_LOCAL_RETENTION_BYTES = -2;
/** LegacyRecord.RECORD_OVERHEAD_V0: the smallest segment.bytes Kafka 3.9 accepts (4.0 raised it to 1 MiB). */
const MIN_SEGMENT_BYTES = 14;

/** BrokerCompressionType.names(), in Kafka's order. */
export const BROKER_COMPRESSION_TYPES = ["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"] as const;

const THROTTLED_REPLICAS_VALIDATOR = new LambdaValidator((name, value) => {
  // ThrottledReplicaListValidator
  const proposed = (value as string[] | null) ?? [];
  if (!(proposed.every((s) => /^([0-9]+:[0-9]+)?$/.test(s.trim())) || proposed.join("") === "*"))
    throw new ConfigException(name, proposed, name +
      " must be the literal '*' or a list of replicas in the following format: [partitionId]:[brokerId],[partitionId]:[brokerId],...");
}, "[partitionId]:[brokerId],[partitionId]:[brokerId],...");

const GZIP_LEVEL_VALIDATOR = new LambdaValidator((name, value) => {
  // GzipCompression.LevelValidator
  if (value === null) throw new ConfigException(name, null, "Value must be non-null");
  const level = value as number;
  if (level > GZIP_MAX_LEVEL || (level < GZIP_MIN_LEVEL && level !== GZIP_DEFAULT_LEVEL))
    throw new ConfigException(name, level, "Value must be between " + GZIP_MIN_LEVEL + " and " + GZIP_MAX_LEVEL + " or equal to " +
      GZIP_DEFAULT_LEVEL);
}, "[" + GZIP_MIN_LEVEL + ",...," + GZIP_MAX_LEVEL + "] or " + GZIP_DEFAULT_LEVEL);

/** LogConfig.CONFIG: every topic config of Kafka 3.9. */
export const LOG_CONFIG_DEF: ConfigDef = new ConfigDef()
  .define("segment.bytes", "INT", DEFAULT_SEGMENT_BYTES, Range.atLeast(MIN_SEGMENT_BYTES), "MEDIUM")
  .define("segment.ms", "LONG", DEFAULT_SEGMENT_MS, Range.atLeast(1), "MEDIUM")
  .define("segment.jitter.ms", "LONG", DEFAULT_SEGMENT_JITTER_MS, Range.atLeast(0), "MEDIUM")
  .define("segment.index.bytes", "INT", DEFAULT_SEGMENT_INDEX_BYTES, Range.atLeast(4), "MEDIUM")
  .define("flush.messages", "LONG", DEFAULT_FLUSH_MESSAGES_INTERVAL, Range.atLeast(1), "MEDIUM")
  .define("flush.ms", "LONG", DEFAULT_FLUSH_MS, Range.atLeast(0), "MEDIUM")
  // can be negative: -1 = unlimited
  .define("retention.bytes", "LONG", DEFAULT_RETENTION_BYTES, null, "MEDIUM")
  .define("retention.ms", "LONG", DEFAULT_RETENTION_MS, Range.atLeast(-1), "MEDIUM")
  .define("max.message.bytes", "INT", DEFAULT_MAX_MESSAGE_BYTES, Range.atLeast(0), "MEDIUM")
  .define("index.interval.bytes", "INT", DEFAULT_INDEX_INTERVAL_BYTES, Range.atLeast(0), "MEDIUM")
  .define("delete.retention.ms", "LONG", DEFAULT_DELETE_RETENTION_MS, Range.atLeast(0), "MEDIUM")
  .define("min.compaction.lag.ms", "LONG", DEFAULT_MIN_COMPACTION_LAG_MS, Range.atLeast(0), "MEDIUM")
  .define("max.compaction.lag.ms", "LONG", DEFAULT_MAX_COMPACTION_LAG_MS, Range.atLeast(1), "MEDIUM")
  .define("file.delete.delay.ms", "LONG", DEFAULT_FILE_DELETE_DELAY_MS, Range.atLeast(0), "MEDIUM")
  .define("min.cleanable.dirty.ratio", "DOUBLE", DEFAULT_MIN_CLEANABLE_DIRTY_RATIO, Range.between(0, 1), "MEDIUM")
  .define("cleanup.policy", "LIST", [DEFAULT_CLEANUP_POLICY], ValidList.in("compact", "delete"), "MEDIUM")
  .define("unclean.leader.election.enable", "BOOLEAN", DEFAULT_UNCLEAN_LEADER_ELECTION_ENABLE, null, "MEDIUM")
  .define("min.insync.replicas", "INT", DEFAULT_MIN_IN_SYNC_REPLICAS, Range.atLeast(1), "MEDIUM")
  .define("compression.type", "STRING", DEFAULT_COMPRESSION_TYPE, ValidString.in(...BROKER_COMPRESSION_TYPES), "MEDIUM")
  .define("compression.gzip.level", "INT", GZIP_DEFAULT_LEVEL, GZIP_LEVEL_VALIDATOR, "MEDIUM")
  .define("compression.lz4.level", "INT", LZ4_DEFAULT_LEVEL, Range.between(LZ4_MIN_LEVEL, LZ4_MAX_LEVEL), "MEDIUM")
  .define("compression.zstd.level", "INT", ZSTD_DEFAULT_LEVEL, Range.between(ZSTD_MIN_LEVEL, ZSTD_MAX_LEVEL), "MEDIUM")
  .define("preallocate", "BOOLEAN", DEFAULT_PREALLOCATE, null, "MEDIUM")
  // Deprecated, ignored since inter.broker.protocol.version 3.0 (v2 batches only).
  .define("message.format.version", "STRING", DEFAULT_MESSAGE_FORMAT_VERSION, null, "MEDIUM")
  .define("message.timestamp.type", "STRING", DEFAULT_MESSAGE_TIMESTAMP_TYPE, ValidString.in("CreateTime", "LogAppendTime"), "MEDIUM")
  .define("message.timestamp.difference.max.ms", "LONG", LONG_MAX_VALUE, Range.atLeast(0), "MEDIUM")
  .define("message.timestamp.before.max.ms", "LONG", LONG_MAX_VALUE, Range.atLeast(0), "MEDIUM")
  .define("message.timestamp.after.max.ms", "LONG", LONG_MAX_VALUE, Range.atLeast(0), "MEDIUM")
  .define("leader.replication.throttled.replicas", "LIST", [], THROTTLED_REPLICAS_VALIDATOR, "MEDIUM")
  .define("follower.replication.throttled.replicas", "LIST", [], THROTTLED_REPLICAS_VALIDATOR, "MEDIUM")
  .define("message.downconversion.enable", "BOOLEAN", true, null, "LOW")
  .define("remote.storage.enable", "BOOLEAN", false, null, "MEDIUM")
  .define("local.retention.ms", "LONG", DEFAULT_LOCAL_RETENTION_MS, Range.atLeast(-2), "MEDIUM")
  .define("local.retention.bytes", "LONG", DEFAULT_LOCAL_RETENTION_BYTES, Range.atLeast(-2), "MEDIUM")
  .define("remote.log.copy.disable", "BOOLEAN", false, null, "MEDIUM")
  .define("remote.log.delete.on.disable", "BOOLEAN", false, null, "MEDIUM");

/** Raw topic config properties, as strings (a properties file, `--config k=v`) or typed values. */
export type LogConfigProps = Readonly<Record<string, RawConfigValue>>;

export class LogConfig {
  /** Every key's parsed value (defaults included). */
  readonly values: ReadonlyMap<string, ConfigValue>;
  /** Keys set by a topic override (not broker defaults). */
  readonly overriddenConfigs: ReadonlySet<string>;

  readonly segmentSize: number;
  readonly segmentMs: number;
  readonly segmentJitterMs: number;
  readonly maxIndexSize: number;
  readonly flushInterval: number;
  readonly flushMs: number;
  readonly retentionSize: number;
  readonly retentionMs: number;
  readonly maxMessageSize: number;
  readonly indexInterval: number;
  readonly fileDeleteDelayMs: number;
  readonly deleteRetentionMs: number;
  readonly compactionLagMs: number;
  readonly maxCompactionLagMs: number;
  readonly minCleanableRatio: number;
  /** cleanup.policy contains compact */
  readonly compact: boolean;
  /** cleanup.policy contains delete */
  readonly delete: boolean;
  readonly uncleanLeaderElectionEnable: boolean;
  readonly minInSyncReplicas: number;
  /** compression.type, lower case: uncompressed | zstd | lz4 | snappy | gzip | producer */
  readonly compressionType: string;
  readonly compressionGzipLevel: number;
  readonly compressionLz4Level: number;
  readonly compressionZstdLevel: number;
  readonly preallocate: boolean;
  readonly messageTimestampType: "CreateTime" | "LogAppendTime";
  readonly messageTimestampBeforeMaxMs: number;
  readonly messageTimestampAfterMaxMs: number;

  /**
   * Parses `props` over the defaults (unknown keys are ignored here, as Kafka's LogConfig constructor does; use
   * LogConfig.validate to reject them). Throws ConfigException for a bad value.
   */
  constructor(props: LogConfigProps = {}, overriddenConfigs: Iterable<string> = []) {
    const v = LOG_CONFIG_DEF.parse(props);
    this.values = v;
    this.overriddenConfigs = new Set(overriddenConfigs);
    const num = (k: string): number => v.get(k) as number;
    this.segmentSize = num("segment.bytes");
    this.segmentMs = num("segment.ms");
    this.segmentJitterMs = num("segment.jitter.ms");
    this.maxIndexSize = num("segment.index.bytes");
    this.flushInterval = num("flush.messages");
    this.flushMs = num("flush.ms");
    this.retentionSize = num("retention.bytes");
    this.retentionMs = num("retention.ms");
    this.maxMessageSize = num("max.message.bytes");
    this.indexInterval = num("index.interval.bytes");
    this.fileDeleteDelayMs = num("file.delete.delay.ms");
    this.deleteRetentionMs = num("delete.retention.ms");
    this.compactionLagMs = num("min.compaction.lag.ms");
    this.maxCompactionLagMs = num("max.compaction.lag.ms");
    this.minCleanableRatio = num("min.cleanable.dirty.ratio");
    const policy = (v.get("cleanup.policy") as string[]).map((p) => p.toLowerCase());
    this.compact = policy.includes("compact");
    this.delete = policy.includes("delete");
    this.uncleanLeaderElectionEnable = v.get("unclean.leader.election.enable") as boolean;
    this.minInSyncReplicas = num("min.insync.replicas");
    this.compressionType = (v.get("compression.type") as string).toLowerCase();
    this.compressionGzipLevel = num("compression.gzip.level");
    this.compressionLz4Level = num("compression.lz4.level");
    this.compressionZstdLevel = num("compression.zstd.level");
    this.preallocate = v.get("preallocate") as boolean;
    this.messageTimestampType = v.get("message.timestamp.type") as "CreateTime" | "LogAppendTime";
    // Until message.timestamp.difference.max.ms is removed, it applies where before/after are left at default.
    const difference = num("message.timestamp.difference.max.ms");
    const before = num("message.timestamp.before.max.ms");
    const after = num("message.timestamp.after.max.ms");
    this.messageTimestampBeforeMaxMs = before !== LONG_MAX_VALUE ? before : difference;
    this.messageTimestampAfterMaxMs = after !== LONG_MAX_VALUE ? after : difference;
  }

  /** LogConfig.fromProps: broker-derived defaults overlaid with topic overrides. */
  static fromProps(defaults: LogConfigProps, overrides: LogConfigProps = {}): LogConfig {
    return new LogConfig({ ...defaults, ...overrides }, Object.keys(overrides));
  }

  /**
   * LogConfig.validate: every name must be a topic config ("Unknown topic config name: foo") and every value
   * must parse and pass its validator (ConfigException); min.compaction.lag.ms must not exceed
   * max.compaction.lag.ms.
   */
  static validate(props: LogConfigProps): void {
    LogConfig.validateNames(props);
    LogConfig.validateValues(LOG_CONFIG_DEF.parse(props));
  }

  static validateNames(props: LogConfigProps): void {
    const names = LOG_CONFIG_DEF.configKeys();
    for (const name of Object.keys(props)) if (!names.has(name)) throw new InvalidConfigurationException("Unknown topic config name: " + name);
  }

  static validateValues(values: ReadonlyMap<string, ConfigValue>): void {
    const minCompactionLag = values.get("min.compaction.lag.ms") as number;
    const maxCompactionLag = values.get("max.compaction.lag.ms") as number;
    if (minCompactionLag > maxCompactionLag)
      throw new InvalidConfigurationException("conflict topic config setting min.compaction.lag.ms (" + minCompactionLag +
        ") > max.compaction.lag.ms (" + maxCompactionLag + ")");
  }

  /** Every topic config name, sorted. */
  static configNames(): string[] {
    return LOG_CONFIG_DEF.names().sort();
  }

  static configKey(name: string): ConfigKey | undefined {
    return LOG_CONFIG_DEF.configKeys().get(name);
  }

  static configType(name: string): ConfigType | undefined {
    return LOG_CONFIG_DEF.configKeys().get(name)?.type;
  }

  /** The broker config a topic config falls back to ("Server Default Property"), e.g. log.retention.ms. */
  static serverConfigName(name: string): string | null {
    return serverConfigName(name);
  }

  /** The value of a key as Kafka prints it (describe-configs), e.g. "604800000", "delete", "0.5". */
  valueString(name: string): string | null {
    const key = LOG_CONFIG_DEF.configKeys().get(name);
    if (key === undefined) return null;
    return convertToString(this.values.get(name) ?? null, key.type);
  }

  /**
   * LogConfig.randomSegmentJitter: a random roll jitter in [0, min(segment.jitter.ms, segment.ms)), drawn from the
   * runtime's seeded random source (Utils.abs(nextInt()) % bound).
   */
  randomSegmentJitter(random?: { nextInt(): number } | null): number {
    if (this.segmentJitterMs === 0 || random === undefined || random === null) return 0;
    const r = random.nextInt();
    const abs = r === -2147483648 ? 0 : Math.abs(r);
    return abs % Math.min(this.segmentJitterMs, this.segmentMs);
  }

  /** The segment.ms used for rolling: bounded by max.compaction.lag.ms on compacted topics. */
  maxSegmentMs(): number {
    if (this.compact && this.maxCompactionLagMs > 0) return Math.min(this.maxCompactionLagMs, this.segmentMs);
    return this.segmentMs;
  }

  initFileSize(): number {
    return this.preallocate ? this.segmentSize : 0;
  }
}

/**
 * KafkaConfig.extractLogConfigMap: the topic-config defaults a broker's properties imply. For each topic config,
 * the first of its broker synonyms that is set wins (log.retention.ms > log.retention.minutes >
 * log.retention.hours), converted to the topic config's unit; when none is set the broker default applies
 * (BROKER_LOG_DEFAULTS). A negative retention time means unlimited (-1), as KafkaConfig.logRetentionTimeMillis.
 */
export function topicDefaultsFromBrokerProps(brokerProps: Readonly<Record<string, RawConfigValue>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [topicName, synonyms] of ALL_TOPIC_CONFIG_SYNONYMS) {
    let value: string | null = null;
    for (const s of synonyms) {
      const raw = brokerProps[s.name];
      if (raw === undefined || raw === null) continue;
      value = convertSynonym(topicName, s.name, raw, s.converter);
      break;
    }
    if (value === null) {
      for (const s of synonyms) {
        const def = BROKER_LOG_DEFAULTS[s.name];
        if (def === undefined) continue;
        value = convertSynonym(topicName, s.name, def, s.converter);
        break;
      }
    }
    if (value !== null) out[topicName] = value;
  }
  return out;
}

function convertSynonym(topicName: string, brokerName: string, raw: RawConfigValue, converter: (v: number) => number): string {
  const type = LOG_CONFIG_DEF.configKeys().get(topicName)?.type;
  if (type === "LONG" || type === "INT") {
    const parsed = parseType(brokerName, raw, BROKER_LOG_CONFIG_TYPES[brokerName] ?? type) as number;
    let ms = converter(parsed);
    if (topicName === "retention.ms" && ms < 0) ms = -1;
    return convertToString(ms, "LONG")!;
  }
  return Array.isArray(raw) ? raw.join(",") : String(raw);
}

/** Types of the broker log keys that carry numbers (for parsing broker synonyms). */
const BROKER_LOG_CONFIG_TYPES: Readonly<Record<string, "INT" | "LONG">> = {
  "log.segment.bytes": "INT", "log.roll.ms": "LONG", "log.roll.hours": "INT", "log.roll.jitter.ms": "LONG",
  "log.roll.jitter.hours": "INT", "log.index.size.max.bytes": "INT", "log.flush.interval.messages": "LONG",
  "log.flush.interval.ms": "LONG", "log.flush.scheduler.interval.ms": "LONG", "log.retention.bytes": "LONG",
  "log.retention.ms": "LONG", "log.retention.minutes": "INT", "log.retention.hours": "INT", "message.max.bytes": "INT",
  "log.index.interval.bytes": "INT", "log.cleaner.delete.retention.ms": "LONG", "log.cleaner.min.compaction.lag.ms": "LONG",
  "log.cleaner.max.compaction.lag.ms": "LONG", "log.segment.delete.delay.ms": "LONG", "min.insync.replicas": "INT",
  "compression.gzip.level": "INT", "compression.lz4.level": "INT", "compression.zstd.level": "INT",
  "log.message.timestamp.difference.max.ms": "LONG", "log.message.timestamp.before.max.ms": "LONG",
  "log.message.timestamp.after.max.ms": "LONG", "log.local.retention.ms": "LONG", "log.local.retention.bytes": "LONG",
};

/** Broker-level defaults of the log keys (ServerLogConfigs / KafkaConfig, Kafka 3.9). */
export const BROKER_LOG_DEFAULTS: Readonly<Record<string, string>> = {
  "log.segment.bytes": String(DEFAULT_SEGMENT_BYTES),
  "log.roll.hours": "168",
  "log.roll.jitter.hours": "0",
  "log.index.size.max.bytes": String(DEFAULT_SEGMENT_INDEX_BYTES),
  "log.flush.interval.messages": "9223372036854775807",
  "log.flush.scheduler.interval.ms": "9223372036854775807",
  "log.retention.bytes": "-1",
  "log.retention.hours": "168",
  "message.max.bytes": String(DEFAULT_MAX_MESSAGE_BYTES),
  "log.index.interval.bytes": String(DEFAULT_INDEX_INTERVAL_BYTES),
  "log.cleaner.delete.retention.ms": String(DEFAULT_DELETE_RETENTION_MS),
  "log.cleaner.min.compaction.lag.ms": "0",
  "log.cleaner.max.compaction.lag.ms": "9223372036854775807",
  "log.segment.delete.delay.ms": String(DEFAULT_FILE_DELETE_DELAY_MS),
  "log.cleaner.min.cleanable.ratio": "0.5",
  "log.cleanup.policy": "delete",
  "unclean.leader.election.enable": "false",
  "min.insync.replicas": "1",
  "compression.type": "producer",
  "compression.gzip.level": String(GZIP_DEFAULT_LEVEL),
  "compression.lz4.level": String(LZ4_DEFAULT_LEVEL),
  "compression.zstd.level": String(ZSTD_DEFAULT_LEVEL),
  "log.preallocate": "false",
  "log.message.format.version": DEFAULT_MESSAGE_FORMAT_VERSION,
  "log.message.timestamp.type": "CreateTime",
  "log.message.timestamp.difference.max.ms": "9223372036854775807",
  "log.message.timestamp.before.max.ms": "9223372036854775807",
  "log.message.timestamp.after.max.ms": "9223372036854775807",
  "log.message.downconversion.enable": "true",
  "log.local.retention.ms": "-2",
  "log.local.retention.bytes": "-2",
  "log.retention.check.interval.ms": "300000",
  "log.flush.offset.checkpoint.interval.ms": "60000",
  "log.flush.start.offset.checkpoint.interval.ms": "60000",
  "log.initial.task.delay.ms": "30000",
  "log.dir": "/tmp/kafka-logs",
};
