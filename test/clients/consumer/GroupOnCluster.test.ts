// Consumer groups on a real EmbeddedCluster (ZooKeeper, controller, three brokers hadoop102..104 with the group
// coordinator wired into KafkaApis), driven by the real KafkaProducer and KafkaConsumer. The key cases of
// Group.test.ts (which used the GroupTestCluster harness) again, end to end, plus offsets surviving a full cluster
// restart and the committed offset read back from __consumer_offsets in the coordinator's record format.
// Simulated time, fixed seed: every run is the same run.
import { afterEach, describe, it, expect } from "vitest";
import { EmbeddedCluster } from "../../../kernel-lib/src/broker/EmbeddedCluster";
import { readMessageKey, readOffsetMessageValue } from "../../../kernel-lib/src/broker/group/GroupMetadataRecords";
import { Admin } from "../../../kernel-lib/src/clients/admin/Admin";
import { NewTopic } from "../../../kernel-lib/src/clients/admin/NewTopic";
import { abs, javaHashCode } from "../../../kernel-lib/src/protocol/Utils";
import { CommitFailedException } from "../../../kernel-lib/src/clients/consumer/CommitFailedException";
import { ConsumerRecord } from "../../../kernel-lib/src/clients/consumer/ConsumerRecord";
import { ConsumerRecords } from "../../../kernel-lib/src/clients/consumer/ConsumerRecords";
import { KafkaConsumer } from "../../../kernel-lib/src/clients/consumer/KafkaConsumer";
import { OffsetAndMetadata } from "../../../kernel-lib/src/clients/consumer/OffsetAndMetadata";
import { KafkaProducer } from "../../../kernel-lib/src/clients/producer/KafkaProducer";
import { ProducerRecord } from "../../../kernel-lib/src/clients/producer/ProducerRecord";
import { TopicPartition } from "../../../kernel-lib/src/protocol/TopicPartition";
import { recordsIn } from "../../../kernel-lib/src/storage/MemoryRecords";
import { ScenarioClient } from "../../scenario/ScenarioClient";

const HOSTS = ["hadoop102", "hadoop103", "hadoop104"];
const BOOTSTRAP = "hadoop102:9092,hadoop103:9092";
const STRINGS = {
  "key.deserializer": "org.apache.kafka.common.serialization.StringDeserializer",
  "value.deserializer": "org.apache.kafka.common.serialization.StringDeserializer",
};
const COMMIT_FAILED = "Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member. " +
  "This means that the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the " +
  "poll loop is spending too much time message processing. You can address this either by increasing max.poll.interval.ms or by reducing the maximum " +
  "size of batches returned in poll() with max.poll.records.";

let cluster: EmbeddedCluster | null = null;
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close().catch(() => {});
  if (cluster !== null) {
    await cluster.close();
    await cluster.runtime.close();
  }
  cluster = null;
});

async function startCluster(): Promise<EmbeddedCluster> {
  cluster = await EmbeddedCluster.start({ seed: 42, brokers: HOSTS });
  return cluster;
}

async function createTopic(c: EmbeddedCluster, name: string, partitions: number, rf: number): Promise<void> {
  const admin = Admin.create({ "bootstrap.servers": BOOTSTRAP }, c);
  await admin.createTopics([new NewTopic(name, partitions, rf)]).all();
  await admin.close();
  await c.runtime.runUntil(() => Array.from({ length: partitions }, (_, p) => c.leaderOf(name, p)).every((l) => l >= 0), { timeoutMs: 10000 });
}

/** Produces `values` to one partition with a real KafkaProducer (acks=all) and waits for every ack. */
async function produce(c: EmbeddedCluster, topic: string, partition: number, values: string[]): Promise<void> {
  const p = new KafkaProducer<string, string>({ "bootstrap.servers": BOOTSTRAP, acks: "all",
    "key.serializer": "org.apache.kafka.common.serialization.StringSerializer", "value.serializer": "org.apache.kafka.common.serialization.StringSerializer" }, c);
  await Promise.all(values.map((v) => p.send(new ProducerRecord(topic, partition, null, v))));
  await p.close();
}

function consumer(group: string, extra: Record<string, string> = {}): KafkaConsumer<string, string> {
  // No cluster argument: the consumer finds the cluster EmbeddedCluster.start made the default runtime.
  const k = new KafkaConsumer<string, string>({ "bootstrap.servers": BOOTSTRAP, "group.id": group, ...STRINGS, ...extra });
  open.push(k);
  return k;
}

/** Polls every consumer together (poll(timeoutMs) each) until `done` or `rounds` rounds have passed. */
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
const tp = (t: string, p: number): TopicPartition => new TopicPartition(t, p);

describe("consumer groups on an EmbeddedCluster (KafkaProducer → brokers → KafkaConsumer)", () => {
  it("3 consumers, 3 partitions: one each (RangeAssignor by default); a crashed member's partition moves after session.timeout.ms; commit-after-processing reads nothing twice", async () => {
    const c = await startCluster();
    await createTopic(c, "first", 3, 3);
    for (let p = 0; p < 3; p++) await produce(c, "first", p, [`p${p}-a`, `p${p}-b`]);
    const opts = { "enable.auto.commit": "false", "auto.offset.reset": "earliest" };
    const cs = [consumer("g1", opts), consumer("g1", opts), consumer("g1", opts)];
    // The default partition.assignment.strategy is [RangeAssignor, CooperativeStickyAssignor]; the group picks range.
    expect(cs[0]!.config.getList("partition.assignment.strategy")).toEqual(["org.apache.kafka.clients.consumer.RangeAssignor",
      "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"]);
    for (const k of cs) k.subscribe(["first"]);
    const consumed = new Map<string, number>();
    const process = async (k: KafkaConsumer<string, string>, recs: ConsumerRecord<string, string>[]): Promise<void> => {
      for (const r of recs) consumed.set(`${r.partition}:${r.offset}`, (consumed.get(`${r.partition}:${r.offset}`) ?? 0) + 1);
      if (recs.length > 0) await k.commitSync(); // processing first, then the commit
    };
    await pollAll(cs, () => cs.every((k) => k.assignment().size === 1) && consumed.size === 6, 80, 500, process);
    expect(cs.map(names).flat().sort()).toEqual(["first-0", "first-1", "first-2"]);
    for (const k of cs) expect(k.assignment().size).toBe(1);
    const gen = cs[0]!.groupMetadata().generationId;
    expect(gen).toBeGreaterThan(0);
    for (const k of cs) expect(k.groupMetadata().generationId).toBe(gen);
    // RangeAssignor orders members by member id: the smallest id takes partition 0, and so on.
    const byMember = [...cs].sort((a, b) => (a.groupMetadata().memberId < b.groupMetadata().memberId ? -1 : 1));
    expect(byMember.map(names)).toEqual([["first-0"], ["first-1"], ["first-2"]]);
    expect(consumed.size).toBe(6);

    // kill -9 of the consumer owning first-1: no LeaveGroup, so the coordinator waits out session.timeout.ms (45 s).
    const victim = cs.find((k) => names(k).includes("first-1"))!;
    const survivors = cs.filter((k) => k !== victim);
    victim.crash();
    const t0 = c.runtime.now();
    for (let p = 0; p < 3; p++) await produce(c, "first", p, [`p${p}-c`]);
    let movedAt = -1;
    await pollAll(survivors, () => {
      if (movedAt < 0 && survivors.map(names).flat().length === 3) movedAt = c.runtime.now();
      return movedAt >= 0 && consumed.size === 9;
    }, 400, 500, process);
    expect(survivors.map(names).flat().sort()).toEqual(["first-0", "first-1", "first-2"]);
    // The partition moved after the session timeout expired (not before), and within one more rebalance round.
    expect(movedAt - t0).toBeGreaterThanOrEqual(45000);
    expect(movedAt - t0).toBeLessThan(45000 + 10000);
    expect(survivors[0]!.groupMetadata().generationId).toBeGreaterThan(gen);
    // Every record consumed exactly once by the group: the survivor resumed first-1 at the victim's commit.
    expect(consumed.size).toBe(9);
    expect([...consumed.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  });

  it("committed offsets survive a full cluster restart (brokers, then ZooKeeper, stopped; started again on the same disks)", async () => {
    const c = await startCluster();
    await createTopic(c, "orders", 2, 3);
    await produce(c, "orders", 0, ["o0-1", "o0-2", "o0-3"]);
    await produce(c, "orders", 1, ["o1-1", "o1-2"]);
    const k = consumer("billing", { "enable.auto.commit": "false", "auto.offset.reset": "earliest" });
    k.subscribe(["orders"]);
    const seen: string[] = [];
    await pollAll([k], () => seen.length === 5, 60, 500, async (_k, recs) => void seen.push(...recs.map((r) => r.value!)));
    expect(seen.sort()).toEqual(["o0-1", "o0-2", "o0-3", "o1-1", "o1-2"]);
    // Commit partition 0 at 2 (o0-3 not processed yet) and partition 1 at its end.
    await k.commitSync(new Map([[tp("orders", 0), new OffsetAndMetadata(2)], [tp("orders", 1), new OffsetAndMetadata(2, "done") /* Java's (offset, metadata) form */]]));
    await k.close();
    open.splice(0);

    await c.shutdown();
    expect(c.servers.every((s) => !s.isRunning)).toBe(true);
    expect(c.zookeeper.isRunning).toBe(false);
    await c.restart();
    expect(c.servers.every((s) => s.isRunning)).toBe(true);
    await produce(c, "orders", 1, ["o1-3"]);

    const k2 = consumer("billing", { "enable.auto.commit": "false", "auto.offset.reset": "earliest" });
    k2.subscribe(["orders"]);
    const after: string[] = [];
    await pollAll([k2], () => after.length === 2, 120, 500, async (_k, recs) => void after.push(...recs.map((r) => `${r.partition}:${r.offset}:${r.value}`)));
    expect(after.sort()).toEqual(["0:2:o0-3", "1:2:o1-3"]);
    const committed = await k2.committed([tp("orders", 0), tp("orders", 1)]);
    expect(committed.get(tp("orders", 0))?.offset).toBe(2);
    expect(committed.get(tp("orders", 1))?.offset).toBe(2);
    expect(committed.get(tp("orders", 1))?.metadata).toBe("done");
  });

  it("auto.offset.reset: a new group with latest skips the records already there; with earliest it reads them", async () => {
    const c = await startCluster();
    await createTopic(c, "logs", 1, 2);
    await produce(c, "logs", 0, ["old-1", "old-2", "old-3"]);
    const latest = consumer("fresh-latest", { "auto.offset.reset": "latest" });
    const earliest = consumer("fresh-earliest", { "auto.offset.reset": "earliest" });
    latest.subscribe(["logs"]);
    earliest.subscribe(["logs"]);
    const seenLatest: string[] = [];
    const seenEarliest: string[] = [];
    const collect = async (k: KafkaConsumer<string, string>, recs: ConsumerRecord<string, string>[]): Promise<void> =>
      void (k === latest ? seenLatest : seenEarliest).push(...recs.map((r) => r.value!));
    await pollAll([latest, earliest], () => latest.assignment().size === 1 && seenEarliest.length === 3, 60, 500, collect);
    expect(await latest.position(tp("logs", 0))).toBe(3);
    expect(seenEarliest).toEqual(["old-1", "old-2", "old-3"]);
    await produce(c, "logs", 0, ["new-1"]);
    await pollAll([latest, earliest], () => seenLatest.length === 1 && seenEarliest.length === 4, 40, 500, collect);
    expect(seenLatest).toEqual(["new-1"]);
    expect(seenEarliest).toEqual(["old-1", "old-2", "old-3", "new-1"]);
  });

  it("a commit with a stale generation fails with CommitFailedException (Kafka's message); the coordinator answers ILLEGAL_GENERATION", async () => {
    const c = await startCluster();
    await createTopic(c, "pay", 2, 3);
    const opts = { "enable.auto.commit": "false", "auto.offset.reset": "earliest" };
    const a = consumer("g-stale", opts);
    const b = consumer("g-stale", opts);
    a.subscribe(["pay"]);
    b.subscribe(["pay"]);
    await pollAll([a, b], () => a.assignment().size === 1 && b.assignment().size === 1);
    const stale = a.groupMetadata();
    expect(stale.generationId).toBe(b.groupMetadata().generationId);

    // a is cut off from every broker (a network partition, not a crash): after session.timeout.ms the coordinator
    // drops it and b takes both partitions in a new generation.
    for (const h of HOSTS) c.runtime.network.cut(a.node, h);
    await pollAll([b], () => b.assignment().size === 2, 200, 1000);
    expect(names(b)).toEqual(["pay-0", "pay-1"]);
    expect(b.groupMetadata().generationId).toBeGreaterThan(stale.generationId);
    c.runtime.network.heal();

    // The coordinator's side: an OffsetCommit stamped with a's old generation and member id.
    const raw = new ScenarioClient(c);
    const find = await raw.request(0, { apiKey: 10, keyType: 0, key: "g-stale", coordinatorKeys: ["g-stale"] });
    const coordinatorId = find.coordinators[0]!.nodeId;
    const resp = await raw.request(coordinatorId, { apiKey: 8, groupId: "g-stale", generationIdOrMemberEpoch: stale.generationId, memberId: b.groupMetadata().memberId,
      groupInstanceId: null, topics: [{ name: "pay", partitions: [{ partitionIndex: 0, committedOffset: 0, committedLeaderEpoch: -1, committedMetadata: "" }] }] });
    expect(resp.topics[0]!.partitions[0]!.errorCode).toBe(22); // ILLEGAL_GENERATION

    // The client's side: a still believes it owns its partition in the old generation; commitSync fails.
    const err = await a.commitSync(new Map([[[...a.assignment()][0] ?? tp("pay", 0), new OffsetAndMetadata(0)]])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommitFailedException);
    expect((err as Error).message).toBe(COMMIT_FAILED);
  });

  it("a committed offset is a record in __consumer_offsets partition abs(hashCode(group)) % 50, in the coordinator's format", async () => {
    const c = await startCluster();
    await createTopic(c, "first", 1, 3);
    await produce(c, "first", 0, ["a", "b", "c", "d"]);
    const group = "console-consumer-42";
    const k = consumer(group, { "enable.auto.commit": "false", "auto.offset.reset": "earliest" });
    k.subscribe(["first"]);
    let n = 0;
    await pollAll([k], () => n === 4, 60, 500, async (_k, recs) => void (n += recs.length));
    await k.commitSync();
    expect((await k.committed([tp("first", 0)])).get(tp("first", 0))?.offset).toBe(4);

    const partition = abs(javaHashCode(group)) % 50;
    expect(javaHashCode(group)).toBe(javaHashCodeReference(group));
    const leader = c.leaderOf("__consumer_offsets", partition);
    expect(leader).toBeGreaterThanOrEqual(0);
    const log = c.broker(leader).replicaManager!.localLog("__consumer_offsets", partition)!;
    const data = log.read(0, 1 << 20, "HIGH_WATERMARK").records;
    const offsets: { group: string; topic: string; partition: number; offset: number; leaderEpoch: number | null }[] = [];
    for (const { record } of recordsIn(data)) {
      const key = readMessageKey(record.key!);
      if (key.kind !== "offset") continue;
      const v = readOffsetMessageValue(record.value)!;
      offsets.push({ group: key.group, topic: key.topic, partition: key.partition, offset: v.offset, leaderEpoch: v.leaderEpoch ?? null });
    }
    expect(offsets.at(-1)).toMatchObject({ group, topic: "first", partition: 0, offset: 4 });
    // The key bytes: version 1, then group, topic (int16-length strings) and the partition (int32).
    const lastKey = [...recordsIn(data)].map((r) => r.record.key!).filter((kb) => readMessageKey(kb).kind === "offset").at(-1)!;
    const expectKey = Buffer.concat([Buffer.from([0, 1, 0, group.length]), Buffer.from(group), Buffer.from([0, 5]), Buffer.from("first"), Buffer.from([0, 0, 0, 0])]);
    expect(lastKey.equals(expectKey)).toBe(true);
    // Every other __consumer_offsets partition is empty of this group's records.
    for (let p = 0; p < 50; p++) {
      if (p === partition) continue;
      const l = c.broker(c.leaderOf("__consumer_offsets", p)).replicaManager!.localLog("__consumer_offsets", p)!;
      for (const { record } of recordsIn(l.read(0, 1 << 20, "HIGH_WATERMARK").records)) expect(readMessageKey(record.key!).group).not.toBe(group);
    }
  });
});

describe("small fixes found on the way", () => {
  it("OffsetAndMetadata has Java's (offset, metadata) constructor next to (offset, leaderEpoch, metadata)", () => {
    expect(new OffsetAndMetadata(7, "done")).toMatchObject({ offset: 7, leaderEpoch: null, metadata: "done" });
    expect(new OffsetAndMetadata(7, 3, "x")).toMatchObject({ offset: 7, leaderEpoch: 3, metadata: "x" });
    expect(new OffsetAndMetadata(7)).toMatchObject({ offset: 7, leaderEpoch: null, metadata: "" });
    expect(new OffsetAndMetadata(7, null, null).metadata).toBe("");
    expect(String(new OffsetAndMetadata(7, "done"))).toBe("OffsetAndMetadata{offset=7, leaderEpoch=null, metadata='done'}");
  });

  it("a member joining: the eager protocol revokes everything first; cooperative-sticky (KIP-429) revokes only what moves, in two rounds", async () => {
    const c = await startCluster();
    await createTopic(c, "coop", 4, 3);
    type Event = { gen: number; kind: "revoked" | "assigned"; parts: string[] };
    // Each consumer's listener records what it was told, with the generation it was in at that moment.
    const run = async (group: string, strategy: string): Promise<{ events: Event[][]; final: string[][]; gens: number[] }> => {
      const opts = { "partition.assignment.strategy": strategy, "auto.offset.reset": "earliest" };
      const events: Event[][] = [[], [], []];
      const ks = [consumer(group, opts), consumer(group, opts), consumer(group, opts)];
      const listen = (i: number) => ({
        onPartitionsRevoked: (ps: TopicPartition[]) => void events[i]!.push({ gen: ks[i]!.groupMetadata().generationId, kind: "revoked", parts: ps.map(String).sort() }),
        onPartitionsAssigned: (ps: TopicPartition[]) => void events[i]!.push({ gen: ks[i]!.groupMetadata().generationId, kind: "assigned", parts: ps.map(String).sort() }),
      });
      ks[0]!.subscribe(["coop"], listen(0));
      ks[1]!.subscribe(["coop"], listen(1));
      await pollAll([ks[0]!, ks[1]!], () => ks[0]!.assignment().size === 2 && ks[1]!.assignment().size === 2);
      const before = [names(ks[0]!), names(ks[1]!)];
      for (const e of events) e.length = 0;
      ks[2]!.subscribe(["coop"], listen(2));
      const gen0 = ks[0]!.groupMetadata().generationId;
      await pollAll(ks, () => ks.map((k) => k.assignment().size).sort().join() === "1,1,2" &&
        ks.every((k) => k.groupMetadata().generationId === ks[2]!.groupMetadata().generationId), 120);
      expect(before.flat().sort()).toEqual(["coop-0", "coop-1", "coop-2", "coop-3"]);
      return { events, final: ks.map(names), gens: [gen0, ...ks.map((k) => k.groupMetadata().generationId)] };
    };

    // Eager (range): both old members give up all their partitions before the rebalance, then get some back.
    const eager = await run("g-eager", "org.apache.kafka.clients.consumer.RangeAssignor");
    for (const i of [0, 1]) {
      const revoked = eager.events[i]!.filter((e) => e.kind === "revoked");
      expect(revoked).toHaveLength(1);
      expect(revoked[0]!.parts).toHaveLength(2);
    }
    expect(eager.final.flat().sort()).toEqual(["coop-0", "coop-1", "coop-2", "coop-3"]);
    expect(eager.gens[3]).toBe(eager.gens[0]! + 1); // one rebalance

    // Cooperative-sticky: no member is told to give up a partition it keeps. One partition moves: its owner
    // revokes just that one after the first rebalance; a second rebalance assigns it to the new member.
    const coop = await run("g-coop", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    const revokedByOld = [0, 1].flatMap((i) => coop.events[i]!.filter((e) => e.kind === "revoked").flatMap((e) => e.parts));
    expect(revokedByOld).toHaveLength(1);
    expect(coop.final[2]).toEqual(revokedByOld);
    for (const i of [0, 1]) {
      // What an old member kept, it held throughout: it was never revoked.
      for (const kept of coop.final[i]!) expect(revokedByOld).not.toContain(kept);
      // Nothing new was assigned to the old members: they only lost the moved partition, or nothing.
      expect(coop.events[i]!.filter((e) => e.kind === "assigned").flatMap((e) => e.parts)).toEqual([]);
    }
    const newcomer = coop.events[2]!.filter((e) => e.kind === "assigned" && e.parts.length > 0);
    expect(newcomer).toHaveLength(1);
    expect(newcomer[0]!.parts).toEqual(revokedByOld);
    expect(coop.gens[3]).toBe(coop.gens[0]! + 2); // two rebalances: revoke, then assign
    expect(coop.final.map((f) => f.length).sort()).toEqual([1, 1, 2]);
  });

  it("ConsumerRecords iterates every partition's records in order (and its iterator is iterable)", () => {
    const rec = (p: number, o: number): ConsumerRecord<string, string> =>
      new ConsumerRecord<string, string>("t", p, o, 0, "CreateTime", -1, 1, null, "v", [], null);
    const rs = new ConsumerRecords<string, string>(new Map([["t-0", { tp: tp("t", 0), records: [rec(0, 0), rec(0, 1)] }],
      ["t-1", { tp: tp("t", 1), records: [] }], ["t-2", { tp: tp("t", 2), records: [rec(2, 5)] }]]));
    expect([...rs].map((r) => `${r.partition}:${r.offset}`)).toEqual(["0:0", "0:1", "2:5"]);
    expect([...rs[Symbol.iterator]()].length).toBe(3);
    expect([...ConsumerRecords.empty()]).toEqual([]);
  });
});

/** String.hashCode by its definition (s[0]*31^(n-1) + ... + s[n-1], int32), independent of Utils. */
function javaHashCodeReference(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}
