// The classic group protocol end to end: KafkaConsumer (this side) against H12's GroupCoordinator on brokers of
// H8's TestCluster (GroupTestCluster wires GroupApis as KafkaApis will). All in simulated time.
import { afterEach, describe, it, expect } from "vitest";
import { GroupTestCluster } from "../../broker/group/GroupHarness";
import { KafkaConsumer } from "../../../kernel-lib/src/clients/consumer/KafkaConsumer";
import { CommitFailedException } from "../../../kernel-lib/src/clients/consumer/CommitFailedException";
import type { ConsumerRecord } from "../../../kernel-lib/src/clients/consumer/ConsumerRecord";
import { TopicPartition } from "../../../kernel-lib/src/protocol/TopicPartition";

const SERDES = {
  "key.deserializer": "org.apache.kafka.common.serialization.StringDeserializer",
  "value.deserializer": "org.apache.kafka.common.serialization.StringDeserializer",
};

let cluster: GroupTestCluster | null = null;
afterEach(async () => {
  await cluster?.close();
  cluster = null;
});

function start(partitions = 3): GroupTestCluster {
  const c = (cluster = new GroupTestCluster(11, [0, 1, 2]));
  for (let p = 0; p < partitions; p++) {
    const replicas = [p % 3, (p + 1) % 3];
    c.setPartition("first", p, { leader: replicas[0], leaderEpoch: 0, isr: replicas, replicas });
  }
  return c;
}

function consumer(c: GroupTestCluster, group: string, extra: Record<string, string> = {}): KafkaConsumer<string, string> {
  return new KafkaConsumer<string, string>({ "bootstrap.servers": "broker0:9092", "group.id": group, ...SERDES, ...extra }, c.runtime);
}

/** Polls all consumers together (each poll(timeout)) until `done` or `rounds` rounds; returns records per consumer. */
async function pollAll(cs: KafkaConsumer<string, string>[], done: () => boolean, rounds = 60, timeoutMs = 500,
  onRecords?: (c: KafkaConsumer<string, string>, r: ConsumerRecord<string, string>[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < rounds && !done(); i++) {
    await Promise.all(cs.map(async (c) => {
      const recs = await c.poll(timeoutMs);
      if (onRecords !== undefined) await onRecords(c, recs.toArray());
    }));
  }
}

const names = (c: KafkaConsumer): string[] => [...c.assignment()].map(String).sort();

describe("consumer group (classic protocol)", () => {
  it("3 consumers on a 3-partition topic get one partition each (eager Range); a killed member's partition moves after the session timeout; no committed record is consumed twice", async () => {
    const c = start();
    const cs = [consumer(c, "g1", { "enable.auto.commit": "false", "auto.offset.reset": "earliest" }),
      consumer(c, "g1", { "enable.auto.commit": "false", "auto.offset.reset": "earliest" }),
      consumer(c, "g1", { "enable.auto.commit": "false", "auto.offset.reset": "earliest" })];
    for (const x of cs) x.subscribe(["first"]);
    for (let p = 0; p < 3; p++) await c.produce(p % 3, "first", p, [`p${p}-a`, `p${p}-b`]);
    const consumed = new Map<string, number>();
    // Process, then commit: the at-least-once loop with commits following processing.
    const process = async (k: KafkaConsumer<string, string>, recs: ConsumerRecord<string, string>[]): Promise<void> => {
      for (const r of recs) consumed.set(`${r.partition}:${r.offset}`, (consumed.get(`${r.partition}:${r.offset}`) ?? 0) + 1);
      if (recs.length > 0) await k.commitSync();
    };
    await pollAll(cs, () => cs.every((x) => x.assignment().size === 1) && consumed.size === 6, 80, 500, process);
    expect(cs.map(names).flat().sort()).toEqual(["first-0", "first-1", "first-2"]);
    for (const x of cs) expect(x.assignment().size).toBe(1);
    expect(cs.map((x) => x.groupMetadata().generationId)).toEqual([1, 1, 1].map(() => cs[0].groupMetadata().generationId));
    expect(consumed.size).toBe(6);

    // Kill the member that owns partition 1 (no LeaveGroup): after session.timeout.ms (45 s) the others take it.
    const victim = cs.find((x) => names(x).includes("first-1")) as KafkaConsumer<string, string>;
    const survivors = cs.filter((x) => x !== victim);
    victim.crash();
    const t0 = c.runtime.now();
    for (let p = 0; p < 3; p++) await c.produce(p % 3, "first", p, [`p${p}-c`]);
    await pollAll(survivors, () => survivors.map(names).flat().length === 3 && consumed.size === 9, 400, 500, process);
    expect(survivors.map(names).flat().sort()).toEqual(["first-0", "first-1", "first-2"]);
    expect(c.runtime.now() - t0).toBeGreaterThanOrEqual(45000 - 3000);
    expect(consumed.size).toBe(9);
    expect([...consumed.values()].every((n) => n === 1)).toBe(true);
    for (const x of survivors) await x.close();
  });

  it("a new group with auto.offset.reset=latest skips records produced before its first assignment; committed() reports its commits", async () => {
    const c = start(1);
    await c.produce(0, "first", 0, ["old1", "old2", "old3"]);
    const k = consumer(c, "fresh");
    k.subscribe(["first"]);
    await pollAll([k], () => k.assignment().size === 1);
    expect(await k.position(new TopicPartition("first", 0))).toBe(3);
    await c.produce(0, "first", 0, ["new1"]);
    const seen: string[] = [];
    await pollAll([k], () => seen.length >= 1, 20, 500, async (_x, recs) => void seen.push(...recs.map((r) => r.value as string)));
    expect(seen).toEqual(["new1"]);
    await k.commitSync();
    const committed = await k.committed([new TopicPartition("first", 0)]);
    expect(committed.get(new TopicPartition("first", 0))?.offset).toBe(4);
    await k.close();
    // A second consumer of the same group resumes from the committed offset, not from latest/earliest.
    await c.produce(0, "first", 0, ["after-close"]);
    const k2 = consumer(c, "fresh", { "auto.offset.reset": "earliest" });
    k2.subscribe(["first"]);
    const seen2: string[] = [];
    await pollAll([k2], () => seen2.length >= 1, 40, 500, async (_x, recs) => void seen2.push(...recs.map((r) => r.value as string)));
    expect(seen2).toEqual(["after-close"]);
    await k2.close();
  });

  it("a member that stops polling for max.poll.interval.ms leaves; its later commitSync fails with CommitFailedException", async () => {
    const c = start(2);
    const opts = { "max.poll.interval.ms": "20000", "enable.auto.commit": "false", "auto.offset.reset": "earliest" };
    const slow = consumer(c, "g2", opts);
    const busy = consumer(c, "g2", opts);
    slow.subscribe(["first"]);
    busy.subscribe(["first"]);
    await pollAll([slow, busy], () => slow.assignment().size === 1 && busy.assignment().size === 1);
    expect(slow.assignment().size).toBe(1);
    // `slow` processes for a long time (no poll) while `busy` keeps polling: slow is kicked out, busy takes all.
    await pollAll([busy], () => busy.assignment().size === 2, 200, 1000);
    expect(names(busy)).toEqual(["first-0", "first-1"]);
    const err = await slow.commitSync().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommitFailedException);
    expect((err as Error).message).toBe("Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member. " +
      "This means that the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the " +
      "poll loop is spending too much time message processing. You can address this either by increasing max.poll.interval.ms or by reducing the maximum " +
      "size of batches returned in poll() with max.poll.records.");
    await slow.close();
    await busy.close();
  });

  it("rebalance listener: eager revocation of everything before each join, then the new assignment", async () => {
    const c = start(3);
    const events: string[] = [];
    const a = consumer(c, "g3");
    a.subscribe(["first"], {
      onPartitionsRevoked: (ps) => void events.push("revoked " + ps.map(String).join(",")),
      onPartitionsAssigned: (ps) => void events.push("assigned " + ps.map(String).join(",")),
    });
    await pollAll([a], () => a.assignment().size === 3);
    const b = consumer(c, "g3");
    b.subscribe(["first"]);
    await pollAll([a, b], () => a.assignment().size + b.assignment().size === 3 && b.assignment().size > 0, 80);
    expect(events[0]).toBe("assigned first-0,first-1,first-2");
    expect(events).toContain("revoked first-0,first-1,first-2");
    expect(a.assignment().size + b.assignment().size).toBe(3);
    await a.close();
    await b.close();
  });
});
