import { describe, it, expect } from "vitest";
import { TestCluster } from "./harness";
import { buildBatch } from "../../kernel-lib/src/storage/MemoryRecordsBuilder";
import { Errors } from "../../kernel-lib/src/protocol/Errors";

async function listOffset(c: TestCluster, broker: number, timestamp: number, isolationLevel = 0) {
  const r = await c.request(broker, { apiKey: 2, replicaId: -1, isolationLevel, topics: [{ name: "t", partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp }] }] });
  return r.topics[0]!.partitions[0]!;
}

describe("ListOffsets (§1.7, §8.7)", () => {
  it("earliest = log start, latest = HW (not the LEO), by timestamp = first record at or after it, below the HW", async () => {
    const c = new TestCluster(31, [0, 1]);
    c.setPartition("t", 0, { leader: 0, leaderEpoch: 0, isr: [0, 1], replicas: [0, 1] });
    const batch = (ts: number[]) => buildBatch(ts.map((t) => ({ timestamp: t, key: null, value: Buffer.from(String(t)) })));
    const produce = (b: Buffer, acks: number) => c.request(0, { apiKey: 0, transactionalId: null, acks, timeoutMs: 30000, topicData: [{ name: "t", partitionData: [{ index: 0, records: b }] }] });
    await produce(batch([1000, 2000, 3000]), -1);
    c.runtime.network.pause("broker1");
    await produce(batch([4000]), 1); // offset 3, above the HW
    expect(await listOffset(c, 0, -2)).toMatchObject({ errorCode: 0, offset: 0 });
    expect(await listOffset(c, 0, -1)).toMatchObject({ errorCode: 0, offset: 3, timestamp: -1 });
    expect(await listOffset(c, 0, 1500)).toMatchObject({ errorCode: 0, offset: 1, timestamp: 2000 });
    expect(await listOffset(c, 0, 3000)).toMatchObject({ errorCode: 0, offset: 2, timestamp: 3000 });
    // 4000 is only at offset 3, not yet below the HW: no answer for clients.
    expect(await listOffset(c, 0, 3500)).toMatchObject({ errorCode: 0, offset: -1, timestamp: -1 });
    expect(await listOffset(c, 0, 9999)).toMatchObject({ errorCode: 0, offset: -1 });
    // Not the leader; unknown partition.
    c.runtime.network.resume("broker1");
    expect((await listOffset(c, 1, -1)).errorCode).toBe(Errors.NOT_LEADER_OR_FOLLOWER.code);
    const r = await c.request(0, { apiKey: 2, replicaId: -1, isolationLevel: 0, topics: [{ name: "zz", partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1 }] }] });
    expect(r.topics[0]!.partitions[0]!.errorCode).toBe(Errors.UNKNOWN_TOPIC_OR_PARTITION.code);
    await c.close();
  });

  it("a new leader whose HW is behind the start of its epoch answers OFFSET_NOT_AVAILABLE until the HW catches up", async () => {
    const c = new TestCluster(32, [0, 1, 2]);
    c.setPartition("t", 0, { leader: 0, leaderEpoch: 0, isr: [0, 1, 2], replicas: [0, 1, 2] });
    c.runtime.network.pause("broker2");
    c.setPartition("t", 0, { leader: 0, leaderEpoch: 1, isr: [0, 1], replicas: [0, 1, 2] });
    await c.produce(0, "t", 0, ["a"], -1);
    // broker1 has offset 0 but its HW is still 0 (it learns HW 1 a fetch later): the leader dies now.
    expect(c.brokers.get(1)!.replicaManager.getPartition("t-0")!.log!.highWatermark).toBe(0);
    c.crashBroker(0);
    c.setPartition("t", 0, { leader: 1, leaderEpoch: 2, isr: [1, 2], replicas: [0, 1, 2] });
    expect((await listOffset(c, 1, -1)).errorCode).toBe(Errors.OFFSET_NOT_AVAILABLE.code);
    expect((await listOffset(c, 1, -2)).errorCode).toBe(0); // earliest is fine
    c.runtime.network.resume("broker2");
    const p = c.brokers.get(1)!.replicaManager.getPartition("t-0")!;
    await c.runtime.runUntil(() => p.log!.highWatermark === 1, { timeoutMs: 10_000 });
    expect(await listOffset(c, 1, -1)).toMatchObject({ errorCode: 0, offset: 1 });
    await c.close();
  });

  it("a corrupt batch gets CORRUPT_MESSAGE and the log files stay byte-identical", async () => {
    const c = new TestCluster(33, [0]);
    c.setPartition("t", 0, { leader: 0, leaderEpoch: 0, isr: [0], replicas: [0] });
    await c.produce(0, "t", 0, ["ok"], 1);
    const disk = c.runtime.disk("broker0");
    const dir = "tmp/kafka-logs/t-0";
    const snapshot = () => disk.list(dir).map((f) => [f, disk.readAll(`${dir}/${f}`).toString("hex")]);
    const before = snapshot();
    const bad = buildBatch([{ timestamp: 5, key: null, value: Buffer.from("evil") }]);
    bad[bad.length - 1] ^= 0xff; // flip a bit inside the CRC-covered part
    const r = await c.request(0, { apiKey: 0, transactionalId: null, acks: 1, timeoutMs: 1000, topicData: [{ name: "t", partitionData: [{ index: 0, records: bad }] }] });
    expect(r.responses[0]!.partitionResponses[0]!.errorCode).toBe(Errors.CORRUPT_MESSAGE.code);
    expect(snapshot()).toEqual(before);
    await c.close();
  });
});
