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
