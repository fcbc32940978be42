import { describe, it, expect } from "vitest";
import { EmbeddedCluster } from "../../../kernel-lib/src/broker/EmbeddedCluster";
import { KafkaProducer } from "../../../kernel-lib/src/clients/producer/KafkaProducer";
import { ProducerRecord } from "../../../kernel-lib/src/clients/producer/ProducerRecord";
import { ProducerConfig } from "../../../kernel-lib/src/clients/producer/ProducerConfig";

describe("KafkaProducer with an EmbeddedCluster", () => {
  it("auto-creates an unknown topic through metadata and delivers to it", async () => {
    const cluster = await EmbeddedCluster.start({ seed: 42, brokers: ["hadoop102", "hadoop103", "hadoop104"] });
    try {
      const p = new KafkaProducer<string, string>({
        [ProducerConfig.BOOTSTRAP_SERVERS_CONFIG]: "hadoop102:9092",
        [ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG]: "org.apache.kafka.common.serialization.StringSerializer",
        [ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG]: "org.apache.kafka.common.serialization.StringSerializer",
      }, cluster);
      const m = await p.send(new ProducerRecord("first", "hello", "world"));
      expect(m.topic).toBe("first");
      expect(m.offset).toBe(0);
      const parts = await p.partitionsFor("first");
      expect(parts.length).toBeGreaterThan(0);
      expect(m.partition).toBeLessThan(parts.length);
      await p.close();
    } finally {
      await cluster.close();
      await cluster.runtime.close();
    }
  });
});

describe("KafkaProducer.send with named fields", () => {
  it("sends { topic, key, value } as the same record as new ProducerRecord(topic, key, value), and refuses a missing topic in Kafka's words", async () => {
    const cluster = await EmbeddedCluster.start({ seed: 7, brokers: ["hadoop102", "hadoop103", "hadoop104"] });
    try {
      // No cluster argument: EmbeddedCluster.start made this cluster the default one.
      const p = new KafkaProducer<string, string>({
        "bootstrap.servers": "hadoop102:9092",
        "key.serializer": "org.apache.kafka.common.serialization.StringSerializer",
        "value.serializer": "org.apache.kafka.common.serialization.StringSerializer",
      });
      const a = await p.send(new ProducerRecord("first", "k1", "hello"));
      const b = await p.send({ topic: "first", key: "k1", value: "hello" });
      expect(b.partition).toBe(a.partition); // same key, same murmur2 partition
      expect(b.offset).toBe(a.offset + 1);
      expect(b.serializedValueSize).toBe(5);
      expect(() => p.send({ value: "x" } as unknown as ProducerRecord<string, string>)).toThrow("Topic cannot be null.");
      await p.close();
    } finally {
      await cluster.close();
      await cluster.runtime.close();
    }
  });
});
