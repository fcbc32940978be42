import { describe, it, expect } from "vitest";
import { TestCluster } from "./harness";
import { recordsIn } from "../../kernel-lib/src/storage/MemoryRecords";

function values(buf: Buffer | null, from = 0): string[] {
  if (buf === null) return [];
  const out: string[] = [];
  for (const { record } of recordsIn(buf)) if (record.offset >= from) out.push(record.value!.toString());
  return out;
}

describe("replication (controller simulated by the test)", () => {
  it("acks=all completes once followers fetched; HW = min LEO over the ISR; followers learn the HW a round later", async () => {
    const c = new TestCluster(1, [0, 1, 2]);
    c.setPartition("t", 0, { leader: 0, leaderEpoch: 0, isr: [0, 1, 2], replicas: [0, 1, 2] });
    const r = await c.produce(0, "t", 0, ["a", "b", "c"], -1);
    const pr = r.responses[0]!.partitionResponses[0]!;
    expect(pr.errorCode).toBe(0);
    expect(pr.baseOffset).toBe(0);
    const leader = c.brokers.get(0)!.replicaManager.getPartition("t-0")!;
    expect(leader.log!.highWatermark).toBe(3);
    // follower HW: min(leader HW, own LEO), one fetch round later
    await c.runtime.runUntil(() => c.brokers.get(1)!.replicaManager.getPartition("t-0")!.log!.highWatermark === 3, { timeoutMs: 5000 });
    expect(c.brokers.get(1)!.replicaManager.getPartition("t-0")!.log!.logEndOffset).toBe(3);
    const f = await c.fetch(0, "t", 0, 0);
    expect(values(f.responses[0]!.partitions[0]!.records)).toEqual(["a", "b", "c"]);
    expect(f.responses[0]!.partitions[0]!.highWatermark).toBe(3);
    await c.close();
  });

  it("acks=1 answers before replication; consumers see only below the HW", async () => {
    const c = new TestCluster(2, [0, 1]);
    c.setPartition("t", 0, { leader: 0, leaderEpoch: 0, isr: [0, 1], replicas: [0, 1] });
    c.runtime.network.pause("broker1");
    const r = await c.produce(0, "t", 0, ["x"], 1);
    expect(r.responses[0]!.partitionResponses[0]!.errorCode).toBe(0);
    const f = await c.fetch(0, "t", 0, 0);
    expect(f.responses[0]!.partitions[0]!.highWatermark).toBe(0);
    expect(values(f.responses[0]!.partitions[0]!.records)).toEqual([]);
    c.runtime.network.resume("broker1");
    await c.runtime.runUntil(() => c.brokers.get(0)!.replicaManager.getPartition("t-0")!.log!.highWatermark === 1, { timeoutMs: 5000 });
    await c.close();
  });

  it("unknown topic → UNKNOWN_TOPIC_OR_PARTITION; not leader → NOT_LEADER_OR_FOLLOWER; nothing written", async () => {
    const c = new TestCluster(3, [0, 1]);
    c.setPartition("t", 0, { leader: 0, leaderEpoch: 0, isr: [0, 1], replicas: [0, 1] });
    const r1 = await c.produce(0, "nope", 0, ["x"], 1);
    expect(r1.responses[0]!.partitionResponses[0]!.errorCode).toBe(3);
    const r2 = await c.produce(0, "t", 7, ["x"], 1);
    expect(r2.responses[0]!.partitionResponses[0]!.errorCode).toBe(3);
    const r3 = await c.produce(1, "t", 0, ["x"], 1);
    expect(r3.responses[0]!.partitionResponses[0]!.errorCode).toBe(6);
    expect(c.brokers.get(0)!.replicaManager.getPartition("t-0")!.log!.logEndOffset).toBe(0);
    await c.close();
  });

  it("a LeaderAndIsr from a stale controller epoch is refused and changes nothing", async () => {
    const c = new TestCluster(4, [0, 1]);
    c.controllerEpoch = 5;
    c.setPartition("t", 0, { leader: 0, leaderEpoch: 3, isr: [0, 1], replicas: [0, 1] });
    const r = await c.request(1, { apiKey: 4, controllerId: 9, isKRaftController: false, controllerEpoch: 4, brokerEpoch: -1, type: 0,
      topicStates: [{ topicName: "t", topicId: "", partitionStates: [{ partitionIndex: 0, controllerEpoch: 4, leader: 1, leaderEpoch: 9, isr: [1], partitionEpoch: 9,
        replicas: [0, 1], addingReplicas: [], removingReplicas: [], isNew: false, leaderRecoveryState: 0 }] }], liveLeaders: [] });
    expect(r.errorCode).toBe(11); // STALE_CONTROLLER_EPOCH
    const p = c.brokers.get(1)!.replicaManager.getPartition("t-0")!;
    expect(p.isLeader).toBe(false);
    expect(p.leaderEpoch).toBe(3);
    // An older leader epoch from the current controller is skipped per partition.
    const r2 = await c.request(1, { apiKey: 4, controllerId: 9, isKRaftController: false, controllerEpoch: 5, brokerEpoch: -1, type: 0,
      topicStates: [{ topicName: "t", topicId: "", partitionStates: [{ partitionIndex: 0, controllerEpoch: 5, leader: 1, leaderEpoch: 2, isr: [1], partitionEpoch: 0,
        replicas: [0, 1], addingReplicas: [], removingReplicas: [], isNew: false, leaderRecoveryState: 0 }] }], liveLeaders: [] });
    expect(r2.topics![0]!.partitionErrors[0]!.errorCode).toBe(11);
    expect(p.isLeader).toBe(false);
    const um = await c.request(1, { apiKey: 6, controllerId: 9, isKRaftController: false, controllerEpoch: 1, brokerEpoch: -1, type: 0, topicStates: [], liveBrokers: [] });
    expect(um.errorCode).toBe(11);
    expect(c.brokers.get(1)!.metadataCache.getAliveBrokers().length).toBe(2);
    await c.close();
  });
});
