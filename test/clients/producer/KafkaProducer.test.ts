import { describe, it, expect } from "vitest";
import { addTopic, clusterWithTopic, STRING_SERDES } from "./harness";
import type { TestCluster } from "../../broker/harness";
import { KafkaProducer } from "../../../kernel-lib/src/clients/producer/KafkaProducer";
import { ProducerRecord } from "../../../kernel-lib/src/clients/producer/ProducerRecord";
import type { RecordMetadata } from "../../../kernel-lib/src/clients/producer/RecordMetadata";
import type { ProducerInterceptor } from "../../../kernel-lib/src/clients/producer/ProducerInterceptor";
import { RoundRobinPartitioner, RoundRobinPartitioner390 } from "../../../kernel-lib/src/clients/producer/partitioner/RoundRobinPartitioner";
import { partitionForKey } from "../../../kernel-lib/src/protocol/Utils";
import { SerializationException } from "../../../kernel-lib/src/clients/common/serialization/SerializationException";
import { IllegalStateException } from "../../../kernel-lib/src/sim/errors";
import { RecordTooLargeException, TimeoutException } from "../../../kernel-lib/src/protocol/ApiExceptions";
import { batchesIn } from "../../../kernel-lib/src/storage/MemoryRecords";
import { decodeRecords } from "../../../kernel-lib/src/storage/DefaultRecordBatch";

type Props = Record<string, string | number | boolean | object>;

function producer(c: TestCluster, props: Props = {}): KafkaProducer<string, string> {
  return new KafkaProducer<string, string>({ "bootstrap.servers": "broker0:9092", ...STRING_SERDES, ...props }, c.runtime);
}

/** The log of a partition on a broker: value (UTF-8) by offset. */
async function readLog(c: TestCluster, brokerId: number, topic: string, partition: number): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (;;) {
    const resp = await c.fetch(brokerId, topic, partition, out.size === 0 ? 0 : Math.max(...out.keys()) + 1);
    const records = resp.responses[0]!.partitions[0]!.records;
    if (records === null || records.length === 0) return out;
    const before = out.size;
    for (const b of batchesIn(records)) for (const r of decodeRecords(records, b.position)) out.set(r.offset, r.value === null ? "" : r.value.toString());
    if (out.size === before) return out;
  }
}

interface Ack { value: string; partition: number; offset: number; error: Error | null }

describe("KafkaProducer against brokers", () => {
  it("acknowledges records with offsets; keys go to murmur2 partitions; callbacks in send order per partition", async () => {
    const c = clusterWithTopic(7, "first", 3, 2);
    const p = producer(c, { "linger.ms": 5 });
    const acks: Ack[] = [];
    for (let i = 0; i < 30; i++) {
      const key = `key${i % 5}`;
      p.send(new ProducerRecord("first", key, `v${i}`), (m, e) => acks.push({ value: `v${i}`, partition: m.partition, offset: m.offset, error: e }));
    }
    const last: RecordMetadata = await p.send(new ProducerRecord("first", "key1", "last"));
    await p.flush();
    expect(acks).toHaveLength(30);
    expect(acks.every((a) => a.error === null)).toBe(true);
    for (const a of acks) {
      const i = Number(a.value.slice(1));
      expect(a.partition).toBe(partitionForKey(Buffer.from(`key${i % 5}`), 3));
    }
    // Per partition, callbacks ran in send order and offsets are dense from 0.
    for (let part = 0; part < 3; part++) {
      const mine = acks.filter((a) => a.partition === part);
      expect(mine.map((a) => a.offset)).toEqual(mine.map((_, k) => k));
      expect(mine.map((a) => Number(a.value.slice(1)))).toEqual([...mine.map((a) => Number(a.value.slice(1)))].sort((x, y) => x - y));
    }
    expect(last.partition).toBe(partitionForKey(Buffer.from("key1"), 3));
    expect(last.offset).toBe(acks.filter((a) => a.partition === last.partition).length);
    const log = await readLog(c, last.partition, "first", last.partition); // partition p's leader is broker p
    expect(log.get(last.offset)).toBe("last");
    await p.close();
    await c.close();
  });

  it("acks=0 resolves without any broker response (offset -1), and the broker still appends", async () => {
    const c = clusterWithTopic(3, "first", 1, 1);
    const p = producer(c, { acks: "0" });
    const m = await p.send(new ProducerRecord("first", "k", "fire"));
    expect(m.offset).toBe(-1);
    expect(m.hasOffset()).toBe(false);
    await p.flush();
    await c.runtime.sleep(10);
    const produceResponses = c.runtime.trace.events().filter((e) => e.kind === "net.send" && e.detail?.type === "ProduceResponse" && e.detail.to === p.node);
    expect(produceResponses).toHaveLength(0);
    expect((await readLog(c, 0, "first", 0)).get(0)).toBe("fire");
    // Control: with acks=1 the broker answers.
    const p1 = producer(c, { acks: "1" });
    expect((await p1.send(new ProducerRecord("first", "k", "acked"))).offset).toBe(1);
    expect(c.runtime.trace.events().some((e) => e.kind === "net.send" && e.detail?.type === "ProduceResponse" && e.detail.to === p1.node)).toBe(true);
    await p.close();
    await p1.close();
    await c.close();
  });

  it("keyless records stick to one partition until its batch is full (uniform sticky, KIP-794)", async () => {
    const c = clusterWithTopic(11, "first", 6, 1);
    const batchSize = 1000;
    const p = producer(c, { "linger.ms": 100000, "batch.size": batchSize, "partitioner.adaptive.partitioning.enable": false });
    const value = "x".repeat(100);
    await p.partitionsFor("first");
    const futures = Array.from({ length: 60 }, () => p.send(new ProducerRecord("first", null, value)));
    // Nothing is sent yet (linger): the queues show where records went. A partition is left only once its batch
    // is full (producedBytes >= batch.size and all its batches full), so at most one batch is not full.
    const acc = p.recordAccumulator;
    const batches = [0, 1, 2, 3, 4, 5].flatMap((part) => [...(acc.getDeque("first", part) ?? [])]);
    expect(batches.reduce((n, b) => n + b.recordCount, 0)).toBe(60);
    // In each queue only the last batch may still take records.
    for (let part = 0; part < 6; part++) {
      const dq = acc.getDeque("first", part) ?? [];
      for (let i = 0; i < dq.length - 1; i++) expect(dq[i]!.isFull()).toBe(true);
    }
    await p.flush();
    // In send order: a partition gets batch.size..2*batch.size bytes before the switch (~108 bytes a record; a
    // 1000-byte batch holds 8 of them, and the switch waits until the partition's last batch is full).
    const order: number[] = [];
    for (const f of futures) order.push((await f).partition);
    const runs: number[] = [];
    let run = 1;
    for (let i = 1; i <= order.length; i++) {
      if (i < order.length && order[i] === order[i - 1]) run++;
      else {
        runs.push(run);
        run = 1;
      }
    }
    for (const r of runs.slice(0, -1)) {
      expect(r * 108).toBeGreaterThanOrEqual(batchSize - 108);
      expect(r * 108).toBeLessThanOrEqual(2 * batchSize + 108);
    }
    expect(new Set(order).size).toBeGreaterThan(1);
    await p.close();
    await c.close();
  });

  it("RoundRobinPartitioner: one partition per record in turn; the 3.9.0 flavour skips every other partition", async () => {
    const c = clusterWithTopic(5, "first", 4, 1);
    const intended = producer(c, { "partitioner.class": RoundRobinPartitioner, "linger.ms": 100000 });
    const a = Array.from({ length: 8 }, (_, i) => intended.send(new ProducerRecord("first", `k${i}`, "v")));
    await intended.flush();
    expect(await Promise.all(a.map(async (f) => (await f).partition))).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    const buggy = producer(c, { "partitioner.class": new RoundRobinPartitioner390(), "linger.ms": 100000 });
    const b = Array.from({ length: 8 }, () => buggy.send(new ProducerRecord("first", null, "v")));
    await buggy.flush();
    const parts = await Promise.all(b.map(async (f) => (await f).partition));
    expect(new Set(parts)).toEqual(new Set([1, 3]));
    const byName = producer(c, { "partitioner.class": "org.apache.kafka.clients.producer.RoundRobinPartitioner" });
    expect((await byName.send(new ProducerRecord("first", null, "v"))).partition).toBe(0);
    for (const x of [intended, buggy, byName]) await x.close();
    await c.close();
  });

  it("serializer type mismatch throws SerializationException in Kafka's words; send after close throws", async () => {
    const c = clusterWithTopic(1, "first", 1, 1);
    const p = producer(c);
    await p.send(new ProducerRecord("first", "k", "v"));
    expect(() => p.send(new ProducerRecord("first", "k", 42 as unknown as string))).toThrow(SerializationException);
    expect(() => p.send(new ProducerRecord("first", "k", 42 as unknown as string)))
      .toThrow("Can't convert value of class java.lang.Integer to class org.apache.kafka.common.serialization.StringSerializer specified in value.serializer");
    await p.close();
    expect(() => p.send(new ProducerRecord("first", "k", "v"))).toThrow(IllegalStateException);
    expect(() => p.send(new ProducerRecord("first", "k", "v"))).toThrow("Cannot perform operation after producer has been closed");
    await c.close();
  });

  it("unknown topic without auto-creation: TimeoutException after max.block.ms of virtual time", async () => {
    const c = clusterWithTopic(1, "first", 1, 1);
    const p = producer(c);
    const t0 = c.runtime.now();
    let cbError: Error | null = null;
    const f = p.send(new ProducerRecord("nope", "k", "v"), (_m, e) => { cbError = e; });
    await expect(f.get()).rejects.toThrow(TimeoutException);
    await expect(f.get()).rejects.toThrow("Topic nope not present in metadata after 60000 ms.");
    expect(c.runtime.now() - t0).toBe(60000);
    expect(cbError).toBeInstanceOf(TimeoutException);
    expect(p.logs.some((l) => /Error while fetching metadata with correlation id \d+ : \{nope=UNKNOWN_TOPIC_OR_PARTITION\}/.test(l.message))).toBe(true);
    await p.close();
    await c.close();
  });

  it("record too large fails through the callback; interceptors see records first and acks before callbacks", async () => {
    const c = clusterWithTopic(1, "first", 1, 1);
    const seen: string[] = [];
    const interceptor: ProducerInterceptor<string, string> = {
      onSend: (r) => { seen.push(`onSend ${String(r.value)}`); return new ProducerRecord(r.topic, r.partition, r.key, `${String(r.value)}!`); },
      onAcknowledgement: (m, e) => seen.push(`ack ${m?.offset} ${e === null ? "ok" : e.name}`),
    };
    const p = producer(c, { "max.request.size": 2000, "interceptor.classes": [interceptor] });
    let err: Error | null = null;
    await p.send(new ProducerRecord("first", "k", "x".repeat(3000)), (_m, e) => { err = e; }).get().catch(() => {});
    expect(err).toBeInstanceOf(RecordTooLargeException);
    expect((err as unknown as Error).message).toMatch(/^The message is \d+ bytes when serialized which is larger than 2000, which is the value of the max.request.size configuration.$/);
    const m = await p.send(new ProducerRecord("first", "k", "a"), () => seen.push("callback"));
    expect(m.offset).toBe(0);
    expect(seen.slice(-3)).toEqual(["onSend a", "ack 0 ok", "callback"]);
    expect((await readLog(c, 0, "first", 0)).get(0)).toBe("a!");
    await p.close();
    await c.close();
  });

  it("batches per request with linger.ms: one ProduceRequest per broker carries many batches", async () => {
    const c = clusterWithTopic(2, "first", 6, 1);
    const p = producer(c, { "linger.ms": 20 });
    for (let i = 0; i < 600; i++) p.send(new ProducerRecord("first", `key-${i}`, `value-${i}`));
    await p.flush();
    const m = p.metrics();
    expect(m["record-send-total"]).toBe(600);
    // 3 brokers, 2 partitions each: all 600 records fit in a few requests.
    expect(m["request-total"]).toBeLessThanOrEqual(6);
    expect(m["records-per-request-avg"]).toBeGreaterThanOrEqual(100);
    await p.close();
    await c.close();
  });

  it("delivery.timeout.ms expires batches with Kafka's message", async () => {
    const c = clusterWithTopic(1, "first", 1, 1);
    const p = producer(c, { acks: "1", "request.timeout.ms": 1000, "delivery.timeout.ms": 5000 });
    await p.send(new ProducerRecord("first", "k", "v"));
    c.runtime.network.cut(p.node, "broker0");
    const t0 = c.runtime.now();
    const f = p.send(new ProducerRecord("first", "k", "lost"));
    await expect(f.get()).rejects.toThrow(/^Expiring 1 record\(s\) for first-0:50\d\d ms has passed since batch creation$/);
    expect(c.runtime.now() - t0).toBeGreaterThanOrEqual(5000);
    await p.close(0);
    await c.close();
  });

  it("retries after the leader crashes mid-stream (acks=all, RF 3): every acknowledged record is in the new leader's log", async () => {
    const c = clusterWithTopic(21, "first", 1, 3);
    const p = producer(c, { acks: "all", "request.timeout.ms": 3000, "linger.ms": 1 });
    const acks: Ack[] = [];
    for (let i = 0; i < 100; i++) {
      p.send(new ProducerRecord("first", null, `m${i}`), (m, e) => acks.push({ value: `m${i}`, partition: m.partition, offset: m.offset, error: e }));
      if (i % 10 === 9) await c.runtime.sleep(3);
      if (i === 55) {
        // Records 50..55 in flight to broker 0 (waiting for the ISR) when it dies.
        await c.runtime.runUntil(() => acks.length === 50 && p.metrics()["requests-in-flight"] > 0);
        c.crashBroker(0);
        await c.runtime.sleep(50);
        c.setPartition("first", 0, { leader: 1, leaderEpoch: 1, isr: [1, 2], replicas: [0, 1, 2] });
      }
    }
    await p.flush();
    expect(acks).toHaveLength(100);
    expect(acks.filter((a) => a.error !== null)).toEqual([]);
    expect(p.metrics()["record-retry-total"]).toBeGreaterThan(0);
    const log = await readLog(c, 1, "first", 0);
    for (const a of acks) expect(log.get(a.offset)).toBe(a.value);
    const values = new Set(log.values());
    for (let i = 0; i < 100; i++) expect(values.has(`m${i}`)).toBe(true);
    await p.close();
    await c.close();
  });

  it("is deterministic: the same seed gives the same partitions and offsets", async () => {
    const run = async (seed: number): Promise<string[]> => {
      const c = clusterWithTopic(seed, "first", 5, 1);
      addTopic(c, "second", 3, 1);
      const p = producer(c, { "linger.ms": 2, "batch.size": 500 });
      const fs = [];
      for (let i = 0; i < 200; i++) fs.push(p.send(new ProducerRecord(i % 3 === 0 ? "second" : "first", null, `value-${i}`)));
      await p.flush();
      const out: string[] = [];
      for (const f of fs) out.push((await f).toString());
      await p.close();
      await c.close();
      return out;
    };
    const a = await run(99);
    expect(await run(99)).toEqual(a);
    expect(new Set(a.map((s) => s.split("@")[0])).size).toBeGreaterThan(2);
  });
});
