import { describe, it, expect } from "vitest";
import { TestCluster } from "./harness";
import { Errors } from "../../kernel-lib/src/protocol/Errors";

describe("Partition ISR and high watermark (Kafka 3.9 rules)", () => {
  it("a follower paused past replica.lag.time.max.ms leaves the ISR; HW advances with the rest; it rejoins after catching up", async () => {
    const c = new TestCluster(11, [0, 1, 2]);
    c.setPartition("t", 0, { leader: 0, leaderEpoch: 0, isr: [0, 1, 2], replicas: [0, 1, 2] });
    await c.produce(0, "t", 0, ["a"], -1);
    const leader = c.brokers.get(0)!.replicaManager.getPartition("t-0")!;
    c.runtime.network.pause("broker2");
    const t0 = c.runtime.now();
    // acks=1 keeps the leader's LEO ahead of the paused follower.
    await c.produce(0, "t", 0, ["b"], 1);
    // Not shrunk before 30 s of lag...
    await c.runtime.advance(29_000);
    expect(leader.inSyncReplicaIds).toEqual([0, 1, 2]);
    expect(leader.log!.highWatermark).toBe(1); // waits for broker2
    // ...shrunk at the first isr-expiration check after 30 s (checks every 15 s): by t0 + 45 s at the latest.
    await c.runtime.runUntil(() => leader.inSyncReplicaIds.length === 2, { timeoutMs: 20_000 });
    expect(leader.inSyncReplicaIds).toEqual([0, 1]);
    expect(c.runtime.now() - t0).toBeGreaterThan(30_000);
    expect(c.runtime.now() - t0).toBeLessThanOrEqual(45_000);
    expect(leader.log!.highWatermark).toBe(2); // HW moved on without broker2
    const r = await c.produce(0, "t", 0, ["c"], -1);
    expect(r.responses[0]!.partitionResponses[0]!.errorCode).toBe(0);
    c.runtime.network.resume("broker2");
    await c.runtime.runUntil(() => leader.inSyncReplicaIds.length === 3, { timeoutMs: 10_000 });
    expect([...leader.inSyncReplicaIds].sort()).toEqual([0, 1, 2]);
    expect(c.brokers.get(2)!.replicaManager.getPartition("t-0")!.log!.logEndOffset).toBe(3);
    await c.close();
  });

  it("a follower fetching at the LEO stays in the ISR however long nothing is produced", async () => {
    const c = new TestCluster(12, [0, 1]);
    c.setPartition("t", 0, { leader: 0, leaderEpoch: 0, isr: [0, 1], replicas: [0, 1] });
    const leader = c.brokers.get(0)!.replicaManager.getPartition("t-0")!;
    // Idle for 5 minutes: the follower fetches at the LEO, so it stays in the ISR.
    await c.runtime.advance(300_000);
    expect(leader.inSyncReplicaIds).toEqual([0, 1]);
    await c.close();
  });

  it("acks=all with ISR < min.insync.replicas: NOT_ENOUGH_REPLICAS and nothing written; acks=1 written but the HW is frozen (3.7+)", async () => {
    const c = new TestCluster(13, [0, 1, 2], { "min.insync.replicas": "2" });
    c.setPartition("t", 0, { leader: 0, leaderEpoch: 0, isr: [0], replicas: [0, 1, 2] });
    c.runtime.network.pause("broker1");
    c.runtime.network.pause("broker2");
    const leader = c.brokers.get(0)!.replicaManager.getPartition("t-0")!;
    const r = await c.produce(0, "t", 0, ["x"], -1);
    const pr = r.responses[0]!.partitionResponses[0]!;
    expect(pr.errorCode).toBe(Errors.NOT_ENOUGH_REPLICAS.code);
    expect(pr.errorMessage).toBe("The size of the current ISR Set(0) is insufficient to satisfy the min.isr requirement of 2 for partition t-0");
    expect(leader.log!.logEndOffset).toBe(0);
    const r1 = await c.produce(0, "t", 0, ["y"], 1);
    expect(r1.responses[0]!.partitionResponses[0]!.errorCode).toBe(0);
    expect(leader.log!.logEndOffset).toBe(1);
    expect(leader.log!.highWatermark).toBe(0);
    await c.close();
  });

  it("acks=all times out with REQUEST_TIMED_OUT when the ISR does not catch up; the data stays in the log", async () => {
    const c = new TestCluster(14, [0, 1]);
    c.setPartition("t", 0, { leader: 0, leaderEpoch: 0, isr: [0, 1], replicas: [0, 1] });
    c.runtime.network.pause("broker1");
    const r = await c.produce(0, "t", 0, ["x"], -1, 5000);
    expect(r.responses[0]!.partitionResponses[0]!.errorCode).toBe(Errors.REQUEST_TIMED_OUT.code);
    expect(c.brokers.get(0)!.replicaManager.getPartition("t-0")!.log!.logEndOffset).toBe(1);
    await c.close();
  });

  it("NOT_ENOUGH_REPLICAS_AFTER_APPEND: the HW reached the append but the ISR is below min ISR by then", async () => {
    const c = new TestCluster(15, [0, 1, 2]);
    c.setPartition("t", 0, { leader: 0, leaderEpoch: 0, isr: [0, 1, 2], replicas: [0, 1, 2] });
    await c.produce(0, "t", 0, ["a"], -1);
    const leader = c.brokers.get(0)!.replicaManager.getPartition("t-0")!;
    expect(leader.checkEnoughReplicasReachOffset(1)).toEqual({ done: true, error: Errors.NONE });
    // The controller shrinks the ISR to {0} (broker deaths) and min.insync.replicas is raised to 2.
    c.setPartition("t", 0, { leader: 0, leaderEpoch: 1, isr: [0], replicas: [0, 1, 2] });
    leader.log!.updateConfig(c.brokers.get(0)!.config.logConfigFor({ "min.insync.replicas": "2" }));
    expect(leader.checkEnoughReplicasReachOffset(1)).toEqual({ done: true, error: Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND });
    expect(leader.checkEnoughReplicasReachOffset(5)).toEqual({ done: false, error: Errors.NONE });
    await c.close();
  });

  it("acks=0 gets no response at all, but the batch is appended", async () => {
    const c = new TestCluster(16, [0]);
    c.setPartition("t", 0, { leader: 0, leaderEpoch: 0, isr: [0], replicas: [0] });
    const { buildBatch } = await import("../../kernel-lib/src/storage/MemoryRecordsBuilder");
    let done = false;
    c.client.send("broker0", { apiKey: 0, transactionalId: null, acks: 0, timeoutMs: 1000,
      topicData: [{ name: "t", partitionData: [{ index: 0, records: buildBatch([{ timestamp: 1, key: null, value: Buffer.from("z") }]) }] }] },
    () => { done = true; }, { expectResponse: false });
    await c.runtime.advance(100);
    expect(done).toBe(true);
    expect(c.brokers.get(0)!.replicaManager.getPartition("t-0")!.log!.logEndOffset).toBe(1);
    const responses = c.runtime.trace.events().filter((e) => e.kind === "net.send" && e.detail?.type === "ProduceResponse");
    expect(responses).toEqual([]);
    await c.close();
  });
});
