import { describe, it, expect, afterEach } from "vitest";
import { Runtime } from "../../../kernel-lib/src/sim/Runtime";
import { ConsumerConfig, AUTO_OFFSET_RESET_CONFIG, DEFAULT_PARTITION_ASSIGNMENT_STRATEGY } from "../../../kernel-lib/src/clients/consumer/ConsumerConfig";
import { KafkaConsumer } from "../../../kernel-lib/src/clients/consumer/KafkaConsumer";
import { TopicPartition } from "../../../kernel-lib/src/protocol/TopicPartition";
import { ConsumerRecords } from "../../../kernel-lib/src/clients/consumer/ConsumerRecords";

const SERDES = {
  "key.deserializer": "org.apache.kafka.common.serialization.StringDeserializer",
  "value.deserializer": "org.apache.kafka.common.serialization.StringDeserializer",
};

describe("ConsumerConfig", () => {
  it("has Kafka 3.9's defaults", () => {
    const c = new ConsumerConfig({ "bootstrap.servers": "hadoop102:9092", "group.id": "g", ...SERDES });
    expect(c.getString(AUTO_OFFSET_RESET_CONFIG)).toBe("latest");
    expect(c.getInt("session.timeout.ms")).toBe(45000);
    expect(c.getInt("heartbeat.interval.ms")).toBe(3000);
    expect(c.getInt("max.poll.interval.ms")).toBe(300000);
    expect(c.getInt("max.poll.records")).toBe(500);
    expect(c.getInt("fetch.min.bytes")).toBe(1);
    expect(c.getInt("fetch.max.bytes")).toBe(52428800);
    expect(c.getInt("fetch.max.wait.ms")).toBe(500);
    expect(c.getInt("max.partition.fetch.bytes")).toBe(1048576);
    expect(c.getBoolean("enable.auto.commit")).toBe(true);
    expect(c.getInt("auto.commit.interval.ms")).toBe(5000);
    expect(c.getString("isolation.level")).toBe("read_uncommitted");
    expect(c.getInt("default.api.timeout.ms")).toBe(60000);
    expect(c.getList("partition.assignment.strategy")).toEqual(DEFAULT_PARTITION_ASSIGNMENT_STRATEGY);
    expect(DEFAULT_PARTITION_ASSIGNMENT_STRATEGY).toEqual(["org.apache.kafka.clients.consumer.RangeAssignor", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"]);
  });

  it("validates with Kafka's wording", () => {
    const base = { "bootstrap.servers": "hadoop102:9092", ...SERDES };
    expect(() => new ConsumerConfig({ ...base, "auto.offset.reset": "smallest" }))
      .toThrow("Invalid value smallest for configuration auto.offset.reset: String must be one of: latest, earliest, none");
    expect(() => new ConsumerConfig({ ...base, "max.poll.records": "0" })).toThrow("Invalid value 0 for configuration max.poll.records: Value must be at least 1");
    expect(() => new ConsumerConfig({ ...base, "fetch.min.bytes": "abc" })).toThrow("Invalid value abc for configuration fetch.min.bytes: Not a number of type INT");
    expect(() => new ConsumerConfig({ ...base, "isolation.level": "committed" }))
      .toThrow("Invalid value committed for configuration isolation.level: String must be one of: read_committed, read_uncommitted");
    expect(() => new ConsumerConfig({ ...base, "enable.auto.commit": "yes" })).toThrow("Invalid value yes for configuration enable.auto.commit: Expected value to be either true or false");
    expect(() => new ConsumerConfig({ "bootstrap.servers": "hadoop102:9092" })).toThrow('Missing required configuration "key.deserializer" which has no default value.');
    expect(() => new ConsumerConfig({ ...base, "group.id": "g", "heartbeat.interval.ms": "45000" })).toThrow("Heartbeat must be set lower than the session timeout");
  });

  it("forces enable.auto.commit=false without group.id, and rejects an explicit true", () => {
    const base = { "bootstrap.servers": "hadoop102:9092", ...SERDES };
    expect(new ConsumerConfig(base).getBoolean("enable.auto.commit")).toBe(false);
    expect(new ConsumerConfig({ ...base, "group.id": "g" }).getBoolean("enable.auto.commit")).toBe(true);
    expect(() => new ConsumerConfig({ ...base, "enable.auto.commit": "true" })).toThrow("enable.auto.commit cannot be set to true when default group id (null) is used.");
  });
});

describe("KafkaConsumer misuse", () => {
  let runtime: Runtime | null = null;
  afterEach(async () => {
    await runtime?.close();
    runtime = null;
  });

  const make = (extra: Record<string, string> = {}) => {
    runtime = new Runtime({ seed: 1 });
    return new KafkaConsumer({ "bootstrap.servers": "hadoop102:9092", "group.id": "g", ...SERDES, ...extra }, runtime);
  };

  it("poll without subscription or assignment", async () => {
    const c = make();
    await expect(c.poll(100)).rejects.toThrow("Consumer is not subscribed to any topics or assigned any partitions");
    await expect(c.poll(100)).rejects.toMatchObject({ name: "IllegalStateException" });
  });

  it("subscribe and assign are mutually exclusive", () => {
    const c = make();
    c.subscribe(["first"]);
    expect(() => c.assign([new TopicPartition("first", 0)])).toThrow("Subscription to topics, partitions and pattern are mutually exclusive");
    c.unsubscribe();
    c.assign([new TopicPartition("first", 0)]);
    expect(() => c.subscribe(["first"])).toThrow("Subscription to topics, partitions and pattern are mutually exclusive");
  });

  it("client ids follow consumer-<group>-<n>; subscription() and assignment() report state", () => {
    const c = make();
    expect(c.clientId).toBe("consumer-g-1");
    c.subscribe(["b", "a"]);
    expect([...c.subscription()].sort()).toEqual(["a", "b"]);
    expect(c.assignment().size).toBe(0);
    expect(() => c.seek(new TopicPartition("a", 0), 5)).toThrow("No current assignment for partition a-0");
    expect(() => c.subscribe(["ok", ""])).toThrow("Topic collection to subscribe to cannot contain null or empty topic");
  });

  it("group APIs without group.id", () => {
    runtime = new Runtime({ seed: 1 });
    const c = new KafkaConsumer({ "bootstrap.servers": "hadoop102:9092", ...SERDES }, runtime);
    expect(c.clientId).toBe("consumer-1");
    expect(() => c.subscribe(["first"])).toThrow("To use the group management or offset commit APIs, you must provide a valid group.id in the consumer configuration.");
  });

  it("an unknown assignor class", () => {
    expect(() => make({ "partition.assignment.strategy": "range" })).toThrow("Invalid value range for configuration partition.assignment.strategy: Class range could not be found.");
  });

  it("ConsumerRecords of nothing", () => {
    const r = ConsumerRecords.empty();
    expect(r.count()).toBe(0);
    expect(r.isEmpty()).toBe(true);
    expect([...r]).toEqual([]);
  });
});
