// The fetch path against real brokers (H8's TestCluster: brokers without ZooKeeper): assign(), positions from
// auto.offset.reset via ListOffsets, max.poll.records, seek/seekToBeginning/seekToEnd, reads end at the HW.
import { describe, it, expect } from "vitest";
import { TestCluster } from "../../broker/harness";
import { KafkaConsumer } from "../../../kernel-lib/src/clients/consumer/KafkaConsumer";
import { TopicPartition } from "../../../kernel-lib/src/protocol/TopicPartition";
import { NoOffsetForPartitionException } from "../../../kernel-lib/src/clients/consumer/NoOffsetForPartitionException";
import { TopicPartitionMap } from "../../../kernel-lib/src/clients/consumer/TopicPartitionMap";

const SERDES = {
  "key.deserializer": "org.apache.kafka.common.serialization.StringDeserializer",
  "value.deserializer": "org.apache.kafka.common.serialization.StringDeserializer",
};

async function withCluster(fn: (c: TestCluster) => Promise<void>): Promise<void> {
  const c = new TestCluster(7, [0, 1]);
  try {
    c.setPartition("first", 0, { leader: 0, leaderEpoch: 0, isr: [0, 1], replicas: [0, 1] });
    c.setPartition("first", 1, { leader: 1, leaderEpoch: 0, isr: [1, 0], replicas: [1, 0] });
    await fn(c);
  } finally {
    await c.close();
  }
}

const tp0 = new TopicPartition("first", 0);
const tp1 = new TopicPartition("first", 1);

describe("KafkaConsumer fetching (assign)", () => {
  it("earliest reads everything up to the HW, in order, in max.poll.records chunks", async () => {
    await withCluster(async (c) => {
      await c.produce(0, "first", 0, ["a", "b", "c"]);
      await c.produce(0, "first", 0, ["d", "e"]);
      await c.produce(1, "first", 1, ["x"]);
      const consumer = new KafkaConsumer({ "bootstrap.servers": "broker0:9092", "auto.offset.reset": "earliest", "max.poll.records": "4", ...SERDES }, c.runtime);
      consumer.assign([tp0, tp1]);
      const seen: string[] = [];
      for (let i = 0; i < 10 && seen.length < 6; i++) {
        const recs = await consumer.poll(1000);
        expect(recs.count()).toBeLessThanOrEqual(4);
        for (const r of recs) seen.push(`${r.partition}:${r.offset}:${r.value}`);
      }
      expect(seen.filter((s) => s.startsWith("0:"))).toEqual(["0:0:a", "0:1:b", "0:2:c", "0:3:d", "0:4:e"]);
      expect(seen.filter((s) => s.startsWith("1:"))).toEqual(["1:0:x"]);
      expect(await consumer.position(tp0)).toBe(5);
      const rec = (await (async () => {
        consumer.seek(tp0, 3);
        return consumer.poll(1000);
      })()).records(tp0)[0];
      expect(rec.offset).toBe(3);
      expect(rec.value).toBe("d");
      expect(rec.key).toBeNull();
      expect(rec.serializedKeySize).toBe(-1);
      expect(rec.serializedValueSize).toBe(1);
      expect(rec.timestampType).toBe("CreateTime");
      expect(rec.leaderEpoch).toBe(0);
      expect(rec.topic).toBe("first");
      await consumer.close();
    });
  });

  it("latest skips existing records; seekToBeginning/seekToEnd are lazy; endOffsets = HW", async () => {
    await withCluster(async (c) => {
      await c.produce(0, "first", 0, ["old1", "old2"]);
      const consumer = new KafkaConsumer({ "bootstrap.servers": "broker0:9092", ...SERDES }, c.runtime);
      consumer.assign([tp0]);
      expect((await consumer.poll(200)).count()).toBe(0);
      expect(await consumer.position(tp0)).toBe(2);
      await c.produce(0, "first", 0, ["new"]);
      const got = (await consumer.poll(1000)).records(tp0).map((r) => r.value);
      expect(got).toEqual(["new"]);
      consumer.seekToBeginning([tp0]);
      expect(await consumer.position(tp0)).toBe(0);
      consumer.seekToEnd([tp0]);
      expect(await consumer.position(tp0)).toBe(3);
      const ends = await consumer.endOffsets([tp0, tp1]);
      expect(ends.get(new TopicPartition("first", 0))).toBe(3);
      expect(ends.get(tp1)).toBe(0);
      const begins = await consumer.beginningOffsets([tp0]);
      expect(begins.get(tp0)).toBe(0);
      const ts = await consumer.offsetsForTimes(new TopicPartitionMap([[tp0, 0]]));
      expect(ts.get(tp0)?.offset).toBe(0);
      const none = await consumer.offsetsForTimes(new TopicPartitionMap([[tp0, c.runtime.now() + 1e9]]));
      expect(none.get(tp0)).toBeNull();
      await consumer.close();
    });
  });

  it("auto.offset.reset=none without a committed offset: NoOffsetForPartitionException", async () => {
    await withCluster(async (c) => {
      const consumer = new KafkaConsumer({ "bootstrap.servers": "broker0:9092", "auto.offset.reset": "none", ...SERDES }, c.runtime);
      consumer.assign([tp0]);
      const err = await consumer.poll(500).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NoOffsetForPartitionException);
      expect((err as Error).message).toBe("Undefined offset with no reset policy for partitions: [first-0]");
      await consumer.close();
    });
  });

  it("pause stops fetching a partition until resume; out-of-range seek resets", async () => {
    await withCluster(async (c) => {
      await c.produce(0, "first", 0, ["a"]);
      await c.produce(1, "first", 1, ["b"]);
      const consumer = new KafkaConsumer({ "bootstrap.servers": "broker0:9092", "auto.offset.reset": "earliest", ...SERDES }, c.runtime);
      consumer.assign([tp0, tp1]);
      consumer.pause([tp1]);
      const seen: string[] = [];
      for (let i = 0; i < 3; i++) for (const r of await consumer.poll(300)) seen.push(String(r.value));
      expect(seen).toEqual(["a"]);
      consumer.resume([tp1]);
      for (let i = 0; i < 3 && seen.length < 2; i++) for (const r of await consumer.poll(300)) seen.push(String(r.value));
      expect(seen).toEqual(["a", "b"]);
      consumer.seek(tp0, 100); // beyond the log end: OFFSET_OUT_OF_RANGE -> reset to earliest
      const again: string[] = [];
      for (let i = 0; i < 5 && again.length < 1; i++) for (const r of await consumer.poll(300)) again.push(`${r.partition}:${r.offset}`);
      expect(again).toEqual(["0:0"]);
      await consumer.close();
    });
  });
});
