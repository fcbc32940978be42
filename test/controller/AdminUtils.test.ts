import { describe, expect, it } from "vitest";
import { AdminOperationException } from "../../kernel-lib/src/controller/errors";
import { assignReplicasToBrokers, getRackAlternatedBrokerList, replicaIndex } from "../../kernel-lib/src/controller/AdminUtils";
import { InvalidPartitionsException, InvalidReplicationFactorException } from "../../kernel-lib/src/protocol/ApiExceptions";
import { SeededRandom } from "../../kernel-lib/src/sim/SeededRandom";

const asObject = (m: Map<number, number[]>): Record<number, number[]> => Object.fromEntries(m);
const racks = (m: Record<number, string>) => Object.entries(m).map(([id, rack]) => ({ id: Number(id), rack }));

describe("AdminUtils.assignReplicasToBrokers (rack unaware)", () => {
  it("reference §7.5: brokers [1,2,3], 6 partitions, RF 2, start 0", () => {
    expect(asObject(assignReplicasToBrokers([1, 2, 3], 6, 2, 0))).toEqual({
      0: [1, 2], 1: [2, 3], 2: [3, 1], 3: [1, 3], 4: [2, 1], 5: [3, 2],
    });
  });

  it("Kafka AdminTest.testReplicaAssignment: brokers 0..4, 10 partitions, RF 3, start 0", () => {
    expect(asObject(assignReplicasToBrokers([0, 1, 2, 3, 4], 10, 3, 0))).toEqual({
      0: [0, 1, 2], 1: [1, 2, 3], 2: [2, 3, 4], 3: [3, 4, 0], 4: [4, 0, 1],
      5: [0, 2, 3], 6: [1, 3, 4], 7: [2, 4, 0], 8: [3, 0, 1], 9: [4, 1, 2],
    });
  });

  it("B-10: 16 partitions x 3 replicas on 4 brokers, start 0 (the shift grows every 4 partitions)", () => {
    expect(asObject(assignReplicasToBrokers([0, 1, 2, 3], 16, 3, 0))).toEqual({
      0: [0, 1, 2], 1: [1, 2, 3], 2: [2, 3, 0], 3: [3, 0, 1],
      4: [0, 2, 3], 5: [1, 3, 0], 6: [2, 0, 1], 7: [3, 1, 2],
      8: [0, 3, 1], 9: [1, 0, 2], 10: [2, 1, 3], 11: [3, 2, 0],
      12: [0, 1, 2], 13: [1, 2, 3], 14: [2, 3, 0], 15: [3, 0, 1],
    });
    // every broker leads 4 partitions and holds 12 replicas
    const a = assignReplicasToBrokers([0, 1, 2, 3], 16, 3, 0);
    const leaders = new Map<number, number>();
    const replicas = new Map<number, number>();
    for (const r of a.values()) {
      leaders.set(r[0] as number, (leaders.get(r[0] as number) ?? 0) + 1);
      for (const b of r) replicas.set(b, (replicas.get(b) ?? 0) + 1);
    }
    expect([...leaders.values()]).toEqual([4, 4, 4, 4]);
    expect([...replicas.values()]).toEqual([12, 12, 12, 12]);
  });

  it("fixedStartIndex is also the replica shift (as in Kafka)", () => {
    // start 1, shift 1 over [0,1,2]: p0 first=1, follower (1 + 1 + (1 % 2)) % 3 = 0
    expect(asObject(assignReplicasToBrokers([0, 1, 2], 3, 2, 1))).toEqual({ 0: [1, 0], 1: [2, 1], 2: [0, 2] });
  });

  it("startPartitionId: leaders continue round-robin, the shift restarts (as in Kafka's addPartitions)", () => {
    // The shift only grows inside one call, so added partitions 6..10 use shift 0 until p10.
    expect(asObject(assignReplicasToBrokers([0, 1, 2, 3, 4], 5, 3, 0, 6))).toEqual({
      6: [1, 2, 3], 7: [2, 3, 4], 8: [3, 4, 0], 9: [4, 0, 1], 10: [0, 2, 3],
    });
  });

  it("draws start index and shift from the given random stream, deterministically", () => {
    const a = assignReplicasToBrokers([1, 2, 3], 6, 2, -1, -1, new SeededRandom(42).fork("AdminUtils"));
    const b = assignReplicasToBrokers([1, 2, 3], 6, 2, -1, -1, new SeededRandom(42).fork("AdminUtils"));
    expect(asObject(a)).toEqual(asObject(b));
    // the result is one of the 9 (start, shift) patterns
    const patterns = new Set<string>();
    for (let s = 0; s < 3; s++) {
      for (let t = 0; t < 3; t++) {
        patterns.add(JSON.stringify(asObject(assignReplicasToBrokers([1, 2, 3], 6, 2, -1, -1, { nextIntBelow: (() => { let k = 0; return () => (k++ === 0 ? s : t); })() }))));
      }
    }
    expect(patterns.has(JSON.stringify(asObject(a)))).toBe(true);
    expect(() => assignReplicasToBrokers([1, 2, 3], 6, 2)).toThrow(/random/);
  });

  it("rejects bad counts with Kafka's exceptions and wording", () => {
    expect(() => assignReplicasToBrokers([1, 2], 3, 3, 0)).toThrow(InvalidReplicationFactorException);
    expect(() => assignReplicasToBrokers([1, 2], 3, 3, 0)).toThrow("Replication factor: 3 larger than available brokers: 2.");
    expect(() => assignReplicasToBrokers([1, 2], 0, 1, 0)).toThrow(InvalidPartitionsException);
    expect(() => assignReplicasToBrokers([1, 2], 0, 1, 0)).toThrow("Number of partitions must be larger than 0.");
    expect(() => assignReplicasToBrokers([1, 2], 1, 0, 0)).toThrow(InvalidReplicationFactorException);
    expect(() => assignReplicasToBrokers([1, 2], 1, 0, 0)).toThrow("Replication factor must be larger than 0.");
    expect(new InvalidReplicationFactorException("x").code).toBe(38);
  });

  it("replicaIndex", () => {
    expect(replicaIndex(0, 0, 0, 5)).toBe(1);
    expect(replicaIndex(4, 1, 1, 5)).toBe(2); // p9 of the 0..4 example: third replica
  });
});

describe("AdminUtils rack-aware placement (Kafka AdminRackAwareTest)", () => {
  const rackMap = new Map<number, string>([[0, "rack1"], [1, "rack3"], [2, "rack3"], [3, "rack2"], [4, "rack2"], [5, "rack1"]]);

  it("getRackAlternatedBrokerList", () => {
    expect(getRackAlternatedBrokerList(rackMap)).toEqual([0, 3, 1, 5, 4, 2]);
    const without5 = new Map(rackMap);
    without5.delete(5);
    expect(getRackAlternatedBrokerList(without5)).toEqual([0, 3, 1, 4, 2]);
    expect(getRackAlternatedBrokerList(new Map([[0, "rack1"], [1, "rack1"], [2, "rack1"], [3, "rack2"], [4, "rack2"], [5, "rack2"], [6, "rack3"], [7, "rack3"], [8, "rack3"]])))
      .toEqual([0, 3, 6, 1, 4, 7, 2, 5, 8]);
  });

  it("7 partitions RF 3, start 0: testGetRackAlternatedBrokerListAndAssignReplicasToBrokers", () => {
    const brokers = [...rackMap].map(([id, rack]) => ({ id, rack }));
    expect(asObject(assignReplicasToBrokers(brokers, 7, 3, 0, 0))).toEqual({
      0: [0, 3, 1], 1: [3, 1, 5], 2: [1, 5, 4], 3: [5, 4, 2], 4: [4, 2, 0], 5: [2, 0, 3], 6: [0, 4, 2],
    });
  });

  it("every partition spans min(RF, #racks) racks; leaders and replicas spread evenly", () => {
    const mapping = { 0: "rack1", 1: "rack2", 2: "rack2", 3: "rack3", 4: "rack3", 5: "rack1" };
    const a = assignReplicasToBrokers(racks(mapping), 6, 3, 2, 0);
    const leaderCount = new Map<number, number>();
    const replicaCount = new Map<number, number>();
    for (const r of a.values()) {
      expect(new Set(r.map((b) => (mapping as Record<number, string>)[b])).size).toBe(3);
      leaderCount.set(r[0] as number, (leaderCount.get(r[0] as number) ?? 0) + 1);
      for (const b of r) replicaCount.set(b, (replicaCount.get(b) ?? 0) + 1);
    }
    expect([...leaderCount.values()].every((c) => c === 1)).toBe(true);
    expect([...replicaCount.values()].every((c) => c === 3)).toBe(true);
    // more replicas than racks: still 3 racks each (testMoreReplicasThanRacks)
    const b = assignReplicasToBrokers(racks({ 0: "rack1", 1: "rack2", 2: "rack2", 3: "rack3", 4: "rack3", 5: "rack2" }), 6, 5, 0);
    for (const r of b.values()) {
      expect(r).toHaveLength(5);
      expect(new Set(r).size).toBe(5);
    }
  });

  it("rejects a mix of brokers with and without rack", () => {
    expect(() => assignReplicasToBrokers([{ id: 0, rack: "a" }, { id: 1, rack: null }], 1, 1, 0))
      .toThrow(AdminOperationException);
    expect(() => assignReplicasToBrokers([{ id: 0, rack: "a" }, { id: 1 }], 1, 1, 0))
      .toThrow("Not all brokers have rack information for replica rack aware assignment.");
  });
});
