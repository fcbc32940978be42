import { describe, it, expect } from "vitest";
import { KafkaConfig } from "../../kernel-lib/src/broker/KafkaConfig";

describe("KafkaConfig", () => {
  it("has Kafka 3.9's defaults", () => {
    const c = new KafkaConfig({ "broker.id": "1", "zookeeper.connect": "hadoop102:2181" });
    expect(c.brokerId).toBe(1);
    expect(c.logDirs).toBe("/tmp/kafka-logs");
    expect(c.zkSessionTimeoutMs).toBe(18000);
    expect(c.zkConnectionTimeoutMs).toBe(18000); // defaults to the session timeout
    expect(c.numPartitions).toBe(1);
    expect(c.defaultReplicationFactor).toBe(1);
    expect(c.minInSyncReplicas).toBe(1);
    expect(c.uncleanLeaderElectionEnable).toBe(false);
    expect(c.replicaLagTimeMaxMs).toBe(30000);
    expect(c.replicaFetchWaitMaxMs).toBe(500);
    expect(c.replicaFetchMinBytes).toBe(1);
    expect(c.replicaFetchMaxBytes).toBe(1048576);
    expect(c.replicaFetchResponseMaxBytes).toBe(10485760);
    expect(c.replicaFetchBackoffMs).toBe(1000);
    expect(c.replicaHighWatermarkCheckpointIntervalMs).toBe(5000);
    expect(c.messageMaxBytes).toBe(1048588);
    expect(c.autoCreateTopicsEnable).toBe(true);
    expect(c.deleteTopicEnable).toBe(true);
    expect(c.offsetsTopicReplicationFactor).toBe(3);
    expect(c.offsetsTopicPartitions).toBe(50);
    expect(c.controlledShutdownEnable).toBe(true);
    expect(c.autoLeaderRebalanceEnable).toBe(true);
    expect(c.followerTruncation).toBe("leader-epoch");
    expect(c.listenerPort()).toBe(9092);
  });

  it("rejects bad values with Kafka's ConfigException wording", () => {
    expect(() => new KafkaConfig({ "replica.lag.time.max.ms": "abc" })).toThrow("Invalid value abc for configuration replica.lag.time.max.ms: Not a number of type LONG");
    expect(() => new KafkaConfig({ "num.partitions": "0" })).toThrow("Invalid value 0 for configuration num.partitions: Value must be at least 1");
    expect(() => new KafkaConfig({ "auto.create.topics.enable": "yes" })).toThrow("Invalid value yes for configuration auto.create.topics.enable: Expected value to be either true or false");
    expect(() => new KafkaConfig({ "kafkalab.follower.truncation": "sometimes" })).toThrow("String must be one of: leader-epoch, high-watermark");
  });

  it("ignores unknown keys with Kafka's warning", () => {
    const c = new KafkaConfig({ foo: "1", "bar.baz": "x", "broker.id": "0" });
    expect(c.warnings).toEqual(["These configurations '[bar.baz, foo]' were supplied but are not used yet."]);
  });

  it("log.retention.ms > log.retention.minutes > log.retention.hours for the topic default", () => {
    expect(new KafkaConfig({ "log.retention.hours": "1" }).logConfigFor().retentionMs).toBe(3600000);
    expect(new KafkaConfig({ "log.retention.hours": "1", "log.retention.minutes": "2" }).logConfigFor().retentionMs).toBe(120000);
    expect(new KafkaConfig({ "log.retention.hours": "1", "log.retention.minutes": "2", "log.retention.ms": "5" }).logConfigFor().retentionMs).toBe(5);
    expect(new KafkaConfig({}).logConfigFor({ "retention.ms": "7" }).retentionMs).toBe(7);
    expect(new KafkaConfig({ "min.insync.replicas": "2" }).logConfigFor().minInSyncReplicas).toBe(2);
  });
});
