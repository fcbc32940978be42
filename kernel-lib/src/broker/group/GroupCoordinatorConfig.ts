// The broker settings of the classic group coordinator (GroupCoordinatorConfig / OffsetConfig in Kafka 3.9), read
// from server.properties with Kafka's names, defaults and validation wording. KafkaConfig (H8) defines only some of
// these keys; the rest are parsed here from the same properties.
import { ConfigDef, INT_MAX_VALUE, Range, type ConfigValue, type RawConfigValue } from "../../storage/log/ConfigDef";

/** GroupCoordinatorConfig / OffsetConfig keys (KafkaConfig.configDef, group and offsets part). */
export const GROUP_COORDINATOR_CONFIG_DEF: ConfigDef = new ConfigDef()
  .define("group.min.session.timeout.ms", "INT", 6000, null, "MEDIUM")
  .define("group.max.session.timeout.ms", "INT", 1800000, null, "MEDIUM")
  .define("group.initial.rebalance.delay.ms", "INT", 3000, null, "MEDIUM")
  .define("group.max.size", "INT", INT_MAX_VALUE, Range.atLeast(1), "MEDIUM")
  .define("offset.metadata.max.bytes", "INT", 4096, null, "HIGH")
  .define("offsets.load.buffer.size", "INT", 5242880, Range.atLeast(1), "HIGH")
  .define("offsets.topic.replication.factor", "SHORT", 3, Range.atLeast(1), "HIGH")
  .define("offsets.topic.num.partitions", "INT", 50, Range.atLeast(1), "HIGH")
  .define("offsets.topic.segment.bytes", "INT", 104857600, Range.atLeast(1), "HIGH")
  .define("offsets.topic.compression.codec", "INT", 0, null, "HIGH")
  .define("offsets.retention.minutes", "INT", 10080, Range.atLeast(1), "HIGH")
  .define("offsets.retention.check.interval.ms", "LONG", 600000, Range.atLeast(1), "HIGH")
  .define("offsets.commit.timeout.ms", "INT", 5000, Range.atLeast(1), "HIGH")
  .define("offsets.commit.required.acks", "SHORT", -1, null, "HIGH");

export class GroupCoordinatorConfig {
  readonly groupMinSessionTimeoutMs: number;
  readonly groupMaxSessionTimeoutMs: number;
  readonly groupInitialRebalanceDelayMs: number;
  readonly groupMaxSize: number;
  readonly offsetMetadataMaxSize: number;
  readonly offsetsTopicReplicationFactor: number;
  readonly offsetsTopicPartitions: number;
  readonly offsetsTopicSegmentBytes: number;
  readonly offsetsTopicCompressionCodec: number;
  readonly offsetsRetentionMs: number;
  readonly offsetsRetentionCheckIntervalMs: number;
  readonly offsetCommitTimeoutMs: number;
  readonly offsetCommitRequiredAcks: number;

  /** From the broker's properties (server.properties); unknown keys are ignored here. */
  constructor(props: Readonly<Record<string, RawConfigValue>> = {}) {
    const v: Map<string, ConfigValue> = GROUP_COORDINATOR_CONFIG_DEF.parse(props);
    const num = (k: string): number => v.get(k) as number;
    this.groupMinSessionTimeoutMs = num("group.min.session.timeout.ms");
    this.groupMaxSessionTimeoutMs = num("group.max.session.timeout.ms");
    this.groupInitialRebalanceDelayMs = num("group.initial.rebalance.delay.ms");
    this.groupMaxSize = num("group.max.size");
    this.offsetMetadataMaxSize = num("offset.metadata.max.bytes");
    this.offsetsTopicReplicationFactor = num("offsets.topic.replication.factor");
    this.offsetsTopicPartitions = num("offsets.topic.num.partitions");
    this.offsetsTopicSegmentBytes = num("offsets.topic.segment.bytes");
    this.offsetsTopicCompressionCodec = num("offsets.topic.compression.codec");
    this.offsetsRetentionMs = num("offsets.retention.minutes") * 60 * 1000;
    this.offsetsRetentionCheckIntervalMs = num("offsets.retention.check.interval.ms");
    this.offsetCommitTimeoutMs = num("offsets.commit.timeout.ms");
    this.offsetCommitRequiredAcks = num("offsets.commit.required.acks");
  }

  /** GroupCoordinator.offsetsTopicConfigs: what __consumer_offsets is created with. */
  offsetsTopicConfigs(): Record<string, string> {
    return { "cleanup.policy": "compact", "segment.bytes": String(this.offsetsTopicSegmentBytes), "compression.type": "producer" };
  }
}
