import { afterEach, describe, expect, it } from "vitest";
import type { EmbeddedCluster } from "../../kernel-lib/src/broker/EmbeddedCluster";
import { KafkaConsumer } from "../../kernel-lib/src/clients/consumer/KafkaConsumer";
import { TopicPartition } from "../../kernel-lib/src/protocol/TopicPartition";
import { BS, startCluster } from "./ConsoleCluster";

let cluster: EmbeddedCluster | null = null;
afterEach(async () => {
  await cluster?.close();
  cluster = null;
});

async function readAll(c: EmbeddedCluster, topic: string, partition = 0): Promise<{ key: string | null; value: string | null; headers: string }[]> {
  const consumer = new KafkaConsumer<string, string>({ "bootstrap.servers": "hadoop102:9092",
    "key.deserializer": "org.apache.kafka.common.serialization.StringDeserializer",
    "value.deserializer": "org.apache.kafka.common.serialization.StringDeserializer", "auto.offset.reset": "earliest" }, c);
  consumer.assign([new TopicPartition(topic, partition)]);
  const out: { key: string | null; value: string | null; headers: string }[] = [];
  for (let i = 0; i < 5; i++) {
    const rs = await consumer.poll(500);
    for (const r of rs) out.push({ key: r.key, value: r.value, headers: r.headers.map((h) => `${h.key}=${h.value === null ? "null" : h.value.toString()}`).join(",") });
  }
  await consumer.close();
  return out;
}

describe("kafka-console-producer.sh", () => {
  it("sends each input line as a record and waits for the acknowledgements", async () => {
    const s = await startCluster();
    cluster = s.cluster;
    expect((await s.sh.run(`kafka-topics.sh ${BS} --create --topic first --partitions 1 --replication-factor 3`)).exitCode).toBe(0);
    const r = await s.sh.run(`bin/kafka-console-producer.sh ${BS} --topic first`, { stdin: "hello\nworld\n" });
    expect(r.output).toBe("");
    expect(r.exitCode).toBe(0);
    expect(await readAll(s.cluster, "first")).toEqual([{ key: null, value: "hello", headers: "" }, { key: null, value: "world", headers: "" }]);
  });
});
