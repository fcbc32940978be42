import { describe, it, expect } from "vitest";
import { TopicPartition } from "../../../kernel-lib/src/protocol/TopicPartition";
import { GroupSubscription, Subscription, type ConsumerPartitionAssignor } from "../../../kernel-lib/src/clients/consumer/ConsumerPartitionAssignor";
import { RangeAssignor } from "../../../kernel-lib/src/clients/consumer/RangeAssignor";
import { RoundRobinAssignor } from "../../../kernel-lib/src/clients/consumer/RoundRobinAssignor";
import { StickyAssignor } from "../../../kernel-lib/src/clients/consumer/StickyAssignor";
import { CooperativeStickyAssignor } from "../../../kernel-lib/src/clients/consumer/CooperativeStickyAssignor";
import { deserializeAssignment, deserializeSubscription, serializeAssignment, serializeSubscription } from "../../../kernel-lib/src/clients/consumer/ConsumerProtocol";
import { Assignment } from "../../../kernel-lib/src/clients/consumer/ConsumerPartitionAssignor";

const cluster = (counts: Record<string, number>) => ({ partitionCountForTopic: (t: string) => counts[t] });

/** Runs an assignor; returns member → "t0 t3 ..." (partition numbers for one topic, topic-p for several). */
function run(a: ConsumerPartitionAssignor, counts: Record<string, number>, members: Record<string, Subscription>): Record<string, string> {
  const subs = new Map(Object.entries(members));
  const ga = a.assign(cluster(counts), new GroupSubscription(subs));
  const multi = Object.keys(counts).length > 1;
  const out: Record<string, string> = {};
  for (const [m, asg] of ga.groupAssignment()) out[m] = asg.partitions.map((tp) => (multi ? tp.toString() : `p${tp.partition}`)).join(" ");
  return out;
}

const sub = (topics: string[], owned: number[] = [], gen = -1, topic = "t") => new Subscription(topics, null, owned.map((p) => new TopicPartition(topic, p)), gen);
const parts = (s: string) => s.split(" ").filter((x) => x !== "").map((x) => Number(x.slice(1)));

describe("RangeAssignor", () => {
  it("7 partitions over 3 consumers: 0,1,2 | 3,4 | 5,6", () => {
    expect(run(new RangeAssignor(), { t: 7 }, { C0: sub(["t"]), C1: sub(["t"]), C2: sub(["t"]) })).toEqual({ C0: "p0 p1 p2", C1: "p3 p4", C2: "p5 p6" });
  });

  it("orders members by member id, not insertion order", () => {
    expect(run(new RangeAssignor(), { t: 7 }, { "consumer-g-3-x": sub(["t"]), "consumer-g-1-z": sub(["t"]), "consumer-g-2-y": sub(["t"]) }))
      .toEqual({ "consumer-g-1-z": "p0 p1 p2", "consumer-g-2-y": "p3 p4", "consumer-g-3-x": "p5 p6" });
  });

  it("static members (group.instance.id) sort first", () => {
    const a = sub(["t"]); const b = sub(["t"]);
    b.groupInstanceId = "zz";
    expect(run(new RangeAssignor(), { t: 3 }, { A: a, B: b })).toEqual({ B: "p0 p1", A: "p2" });
  });

  it("multi-topic skew: the first consumer gets the extra partition of every topic", () => {
    const r = run(new RangeAssignor(), { a: 3, b: 3 }, { C0: sub(["a", "b"]), C1: sub(["a", "b"]) });
    expect(r).toEqual({ C0: "a-0 a-1 b-0 b-1", C1: "a-2 b-2" });
  });

  it("per topic: only subscribers of a topic share it", () => {
    const r = run(new RangeAssignor(), { a: 4, b: 2 }, { C0: sub(["a"]), C1: sub(["a", "b"]), C2: sub(["b"]) });
    expect(r).toEqual({ C0: "a-0 a-1", C1: "a-2 a-3 b-0", C2: "b-1" });
  });

  it("§10.6 table: initial, after C1 leaves, after C3 joins", () => {
    const a = new RangeAssignor();
    expect(run(a, { t: 7 }, { C0: sub(["t"]), C2: sub(["t"]) })).toEqual({ C0: "p0 p1 p2 p3", C2: "p4 p5 p6" });
    expect(run(a, { t: 7 }, { C0: sub(["t"]), C1: sub(["t"]), C2: sub(["t"]), C3: sub(["t"]) })).toEqual({ C0: "p0 p1", C1: "p2 p3", C2: "p4 p5", C3: "p6" });
  });

  it("more consumers than partitions leaves the extras idle; unknown topics are skipped", () => {
    expect(run(new RangeAssignor(), { t: 1 }, { C0: sub(["t", "missing"]), C1: sub(["t"]) })).toEqual({ C0: "p0", C1: "" });
  });
});

describe("RoundRobinAssignor", () => {
  it("§10.6 table", () => {
    const a = new RoundRobinAssignor();
    expect(run(a, { t: 7 }, { C0: sub(["t"]), C1: sub(["t"]), C2: sub(["t"]) })).toEqual({ C0: "p0 p3 p6", C1: "p1 p4", C2: "p2 p5" });
    expect(run(a, { t: 7 }, { C0: sub(["t"]), C2: sub(["t"]) })).toEqual({ C0: "p0 p2 p4 p6", C2: "p1 p3 p5" });
    expect(run(a, { t: 7 }, { C0: sub(["t"]), C1: sub(["t"]), C2: sub(["t"]), C3: sub(["t"]) })).toEqual({ C0: "p0 p4", C1: "p1 p5", C2: "p2 p6", C3: "p3" });
  });

  it("lays all topics out as one list (topics by name)", () => {
    expect(run(new RoundRobinAssignor(), { b: 2, a: 3 }, { C0: sub(["a", "b"]), C1: sub(["a", "b"]) })).toEqual({ C0: "a-0 a-2 b-1", C1: "a-1 b-0" });
  });
});

describe("StickyAssignor / CooperativeStickyAssignor", () => {
  for (const make of [() => new StickyAssignor(), () => new CooperativeStickyAssignor()]) {
    const name = make().name();
    it(`${name}: §10.6 table`, () => {
      const a = make();
      const initial = run(a, { t: 7 }, { C0: sub(["t"]), C1: sub(["t"]), C2: sub(["t"]) });
      expect(initial).toEqual({ C0: "p0 p3 p6", C1: "p1 p4", C2: "p2 p5" });
      // C1 leaves: only its partitions move (C2 under min gets p1, then C0 gets p4).
      const left = run(make(), { t: 7 }, { C0: sub(["t"], parts(initial.C0), 1), C2: sub(["t"], parts(initial.C2), 1) });
      expect(left).toEqual({ C0: "p0 p3 p6 p4", C2: "p2 p5 p1" });
    });
  }

  it("sticky (eager): C3 joins — C0 keeps its first maxQuota=2, p6 moves to C3", () => {
    const r = run(new StickyAssignor(), { t: 7 }, { C0: sub(["t"], [0, 3, 6], 1), C1: sub(["t"], [1, 4], 1), C2: sub(["t"], [2, 5], 1), C3: sub(["t"]) });
    expect(r).toEqual({ C0: "p0 p3", C1: "p1 p4", C2: "p2 p5", C3: "p6" });
  });

  it("cooperative-sticky: C3 joins — round 1 withholds p6 (still owned by C0), round 2 assigns it", () => {
    const a = new CooperativeStickyAssignor();
    const r1 = run(a, { t: 7 }, { C0: sub(["t"], [0, 3, 6], 1), C1: sub(["t"], [1, 4], 1), C2: sub(["t"], [2, 5], 1), C3: sub(["t"]) });
    expect(r1).toEqual({ C0: "p0 p3", C1: "p1 p4", C2: "p2 p5", C3: "" });
    const r2 = run(a, { t: 7 }, { C0: sub(["t"], [0, 3], 2), C1: sub(["t"], [1, 4], 2), C2: sub(["t"], [2, 5], 2), C3: sub(["t"], [], 2) });
    expect(r2).toEqual({ C0: "p0 p3", C1: "p1 p4", C2: "p2 p5", C3: "p6" });
  });

  it("sticky keeps ownership from its userData (eager members revoke before rejoining)", () => {
    const ud = (ps: number[], g: number) => StickyAssignor.serializeTopicPartitionAssignment({ partitions: ps.map((p) => new TopicPartition("t", p)), generation: g });
    const subs = { C0: new Subscription(["t"], ud([0, 3, 6], 1)), C2: new Subscription(["t"], ud([2, 5], 1)) };
    expect(run(new StickyAssignor(), { t: 7 }, subs)).toEqual({ C0: "p0 p3 p6 p4", C2: "p2 p5 p1" });
  });

  it("a partition claimed by two members goes to the higher generation", () => {
    const r = run(new CooperativeStickyAssignor(), { t: 2 }, { C0: sub(["t"], [0], 1), C1: sub(["t"], [0], 2) });
    expect(r).toEqual({ C0: "p1", C1: "p0" });
  });

  it("unequal subscriptions stay balanced and sticky", () => {
    const r = run(new StickyAssignor(), { a: 4, b: 2 }, { C0: sub(["a"]), C1: sub(["a", "b"]) });
    const n0 = r.C0.split(" ").length; const n1 = r.C1.split(" ").length;
    expect(n0 + n1).toBe(6);
    expect(Math.abs(n0 - n1)).toBeLessThanOrEqual(1);
    expect(r.C0).not.toContain("b-");
  });
});

describe("ConsumerProtocol", () => {
  it("subscription v3 round-trips and has Kafka's layout", () => {
    const s = new Subscription(["first", "second"], Buffer.from([1, 2]), [new TopicPartition("first", 0), new TopicPartition("first", 2)], 5, null);
    const bytes = serializeSubscription(s);
    expect(bytes.readInt16BE(0)).toBe(3);
    expect(bytes.readInt32BE(2)).toBe(2); // topic count
    expect(bytes.readInt16BE(6)).toBe(5); // "first"
    expect(bytes.toString("utf8", 8, 13)).toBe("first");
    const back = deserializeSubscription(bytes);
    expect(back.topics).toEqual(["first", "second"]);
    expect([...(back.userData ?? [])]).toEqual([1, 2]);
    expect(back.ownedPartitions.map(String)).toEqual(["first-0", "first-2"]);
    expect(back.generationId).toBe(5);
    expect(back.rackId).toBeNull();
    // a v0 subscription (topics + userData only) still reads
    const v0 = deserializeSubscription(serializeSubscription(s, 0));
    expect(v0.ownedPartitions).toEqual([]);
    expect(v0.generationId).toBe(-1);
  });

  it("assignment round-trips; an empty buffer is an empty assignment", () => {
    const a = new Assignment([new TopicPartition("t", 1), new TopicPartition("u", 0), new TopicPartition("t", 4)]);
    const back = deserializeAssignment(serializeAssignment(a));
    expect(back.partitions.map(String)).toEqual(["t-1", "t-4", "u-0"]);
    expect(back.userData).toBeNull();
    expect(deserializeAssignment(Buffer.alloc(0)).partitions).toEqual([]);
  });
});
