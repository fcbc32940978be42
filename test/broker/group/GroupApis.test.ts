import { afterEach, describe, it, expect } from "vitest";
import { Errors } from "../../../kernel-lib/src/protocol/Errors";
import { decodeRecords } from "../../../kernel-lib/src/storage/DefaultRecordBatch";
import { batchesIn } from "../../../kernel-lib/src/storage/MemoryRecords";
import { GroupTestCluster } from "./GroupHarness";

const GROUP = "my-group"; // __consumer_offsets-12

let cluster: GroupTestCluster | null = null;
afterEach(async () => {
  await cluster?.close();
  cluster = null;
});

const i16 = (v: number): Buffer => { const b = Buffer.alloc(2); b.writeInt16BE(v); return b; };
const i32 = (v: number): Buffer => { const b = Buffer.alloc(4); b.writeInt32BE(v); return b; };
const i64 = (v: number): Buffer => { const b = Buffer.alloc(8); b.writeBigInt64BE(BigInt(v)); return b; };
const str = (s: string): Buffer => Buffer.concat([i16(Buffer.byteLength(s)), Buffer.from(s)]);

function commitRequest(offsets: Record<number, number>, generation = -1, memberId = "") {
  return { apiKey: 8 as const, groupId: GROUP, generationIdOrMemberEpoch: generation, memberId, groupInstanceId: null,
    topics: [{ name: "first", partitions: Object.entries(offsets).map(([p, o]) => ({ partitionIndex: Number(p), committedOffset: o, committedLeaderEpoch: 0, committedMetadata: "" })) }] };
}

function fetchRequest(partitions: number[] | null) {
  return { apiKey: 9 as const, groupId: GROUP, topics: partitions === null ? null : [{ name: "first", partitionIndexes: partitions }], requireStable: false };
}

function withTopic(c: GroupTestCluster, replicas: number[]): void {
  for (const p of [0, 1]) c.setPartition("first", p, { leader: replicas[0]!, leaderEpoch: 0, isr: replicas, replicas });
}

describe("FindCoordinator", () => {
  it("creates __consumer_offsets on first use; with fewer live brokers than offsets.topic.replication.factor it stays COORDINATOR_NOT_AVAILABLE", async () => {
    const c = (cluster = new GroupTestCluster(3, [0, 1]));
    const find = { apiKey: 10 as const, key: GROUP, keyType: 0, coordinatorKeys: [GROUP] };
    const r1 = await c.send(0, find);
    expect(r1.coordinators[0]).toMatchObject({ key: GROUP, errorCode: Errors.COORDINATOR_NOT_AVAILABLE.code, nodeId: -1, errorMessage: "The coordinator is not available." });
    const failed = c.runtime.trace.events().filter((e) => e.kind === "group.createOffsetsTopicFailed");
    expect(failed[0]?.detail?.message).toBe("Replication factor: 3 larger than available brokers: 2.");
    expect(c.brokers.get(0)!.metadataCache.contains("__consumer_offsets")).toBe(false);
    // A third broker: the next FindCoordinator creates the topic (50 partitions, RF 3), the one after finds the leader.
    c.startBroker(2);
    c.updateMetadata();
    expect((await c.send(0, find)).coordinators[0]!.errorCode).toBe(Errors.COORDINATOR_NOT_AVAILABLE.code);
    expect(c.brokers.get(0)!.metadataCache.numPartitions("__consumer_offsets")).toBe(50);
    expect(c.brokers.get(0)!.metadataCache.getPartitionInfo("__consumer_offsets", 12)!.replicas.length).toBe(3);
    const r3 = await c.send(1, find);
    const leader = c.brokers.get(0)!.metadataCache.getPartitionInfo("__consumer_offsets", 12)!.leader;
    expect(r3.coordinators[0]).toMatchObject({ key: GROUP, errorCode: 0, errorMessage: "NONE", nodeId: leader, host: c.host(leader), port: 9092 });
    // v0-3 single-key form
    const r4 = await c.send(2, { apiKey: 10, key: "group1", keyType: 0, coordinatorKeys: [] }, 3);
    expect(r4.errorCode).toBe(0);
    expect(r4.nodeId).toBe(c.brokers.get(0)!.metadataCache.getPartitionInfo("__consumer_offsets", 40)!.leader);
  });
});

describe("offsets in __consumer_offsets", () => {
  it("an OffsetCommit is appended as Kafka's OffsetCommitKey v1 / OffsetCommitValue v3 record", async () => {
    const c = (cluster = new GroupTestCluster(5, [0], { "offsets.topic.replication.factor": "1" }));
    withTopic(c, [0]);
    c.moveOffsetsPartition(12, 0, [0]);
    await c.runtime.advance(1);
    const before = c.runtime.now();
    const resp = await c.send(0, commitRequest({ 0: 15, 1: 7 }));
    expect(resp.topics[0]!.partitions).toEqual([{ partitionIndex: 0, errorCode: 0 }, { partitionIndex: 1, errorCode: 0 }]);
    const log = c.brokers.get(0)!.replicaManager.getPartition("__consumer_offsets-12")!.log!;
    const data = log.read(0, 1 << 20, "LOG_END").records;
    const batches = [...batchesIn(data)];
    expect(batches.length).toBe(1);
    expect(batches[0]!.header.producerId).toBe(-1);
    const records = decodeRecords(data, batches[0]!.position);
    expect(records.length).toBe(2);
    const ts = records[0]!.timestamp;
    expect(ts).toBe(before);
    expect(records[0]!.key!.equals(Buffer.concat([i16(1), str(GROUP), str("first"), i32(0)]))).toBe(true);
    expect(records[0]!.value!.equals(Buffer.concat([i16(3), i64(15), i32(0), str(""), i64(ts)]))).toBe(true);
    expect(records[1]!.key!.equals(Buffer.concat([i16(1), str(GROUP), str("first"), i32(1)]))).toBe(true);
    expect(records[1]!.value!.equals(Buffer.concat([i16(3), i64(7), i32(0), str(""), i64(ts)]))).toBe(true);
    const fetched = await c.send(0, fetchRequest([0, 1]), 7);
    expect(fetched.errorCode).toBe(0);
    expect(fetched.topics![0]!.partitions.map((p) => p.committedOffset)).toEqual([15, 7]);
    // Unknown topics are refused per partition; nothing is written for them.
    const bad = await c.send(0, { ...commitRequest({ 0: 1 }), topics: [{ name: "nope", partitions: [{ partitionIndex: 0, committedOffset: 1, committedLeaderEpoch: -1, committedMetadata: null }] }] });
    expect(bad.topics[0]!.partitions[0]!.errorCode).toBe(Errors.UNKNOWN_TOPIC_OR_PARTITION.code);
  });

  it("committed offsets and a Stable group survive a coordinator failover (replayed by the new leader)", async () => {
    const c = (cluster = new GroupTestCluster(11, [0, 1], { "offsets.topic.replication.factor": "2" }));
    withTopic(c, [0, 1]);
    c.moveOffsetsPartition(12, 0, [0, 1]);
    await c.runtime.advance(1);
    const coord0 = c.groupApis.get(0)!.coordinator;
    // A one-member group through the wire: MEMBER_ID_REQUIRED, rejoin, sync, commit.
    const join = { apiKey: 11 as const, groupId: GROUP, sessionTimeoutMs: 45000, rebalanceTimeoutMs: 300000, memberId: "", groupInstanceId: null,
      protocolType: "consumer", protocols: [{ name: "range", metadata: Buffer.from([0, 0, 0, 0, 0, 1, 0, 5, ...Buffer.from("first"), 0xff, 0xff, 0xff, 0xff]) }], reason: null };
    const j1 = await c.send(0, join, 9);
    expect(j1.errorCode).toBe(Errors.MEMBER_ID_REQUIRED.code);
    expect(j1.memberId.startsWith("test-")).toBe(true);
    const j2 = await c.send(0, { ...join, memberId: j1.memberId }, 9);
    expect(j2).toMatchObject({ errorCode: 0, generationId: 1, leader: j1.memberId, protocolName: "range", protocolType: "consumer" });
    const s = await c.send(0, { apiKey: 14, groupId: GROUP, generationId: 1, memberId: j1.memberId, groupInstanceId: null, protocolType: "consumer",
      protocolName: "range", assignments: [{ memberId: j1.memberId, assignment: Buffer.from("asg") }] });
    expect(s.errorCode).toBe(0);
    expect(s.assignment.toString()).toBe("asg");
    const cm = await c.send(0, commitRequest({ 0: 42, 1: 9 }, 1, j1.memberId));
    expect(cm.topics[0]!.partitions.every((p) => p.errorCode === 0)).toBe(true); // acks=-1: both replicas have it
    expect(coord0.groupManager.getGroup(GROUP)!.currentState).toBe("Stable");

    // Broker 1 takes over __consumer_offsets-12 (leader epoch 1): broker 0 unloads, broker 1 replays.
    c.moveOffsetsPartition(12, 1, [0, 1]);
    const coord1 = c.groupApis.get(1)!.coordinator;
    expect(coord1.handleFetchOffsets(GROUP, false, null).error).toBe(Errors.COORDINATOR_LOAD_IN_PROGRESS);
    await c.runtime.advance(1);
    expect(coord0.groupManager.getGroup(GROUP)).toBeNull();
    expect((await c.send(0, fetchRequest([0]), 7)).errorCode).toBe(Errors.NOT_COORDINATOR.code);
    const f = await c.send(1, fetchRequest([0, 1]), 7);
    expect(f.errorCode).toBe(0);
    expect(f.topics![0]!.partitions.map((p) => [p.committedOffset, p.committedLeaderEpoch])).toEqual([[42, 0], [9, 0]]);
    const g = coord1.groupManager.getGroup(GROUP)!;
    expect(g.currentState).toBe("Stable");
    expect(g.generationId).toBe(1);
    expect(g.leaderOrNull).toBe(j1.memberId);
    expect(g.get(j1.memberId).assignment.toString()).toBe("asg");
    // The member keeps heartbeating against the new coordinator without a rebalance.
    const hb = await c.send(1, { apiKey: 12, groupId: GROUP, generationId: 1, memberId: j1.memberId, groupInstanceId: null });
    expect(hb.errorCode).toBe(0);
  });

  it("committed offsets survive a broker restart: the log is replayed when it leads the partition again", async () => {
    const c = (cluster = new GroupTestCluster(13, [0], { "offsets.topic.replication.factor": "1" }));
    withTopic(c, [0]);
    c.moveOffsetsPartition(12, 0, [0]);
    await c.runtime.advance(1);
    await c.send(0, commitRequest({ 0: 5 }));
    await c.send(0, commitRequest({ 0: 6, 1: 3 }));
    c.crashBroker(0);
    c.startBroker(0);
    c.setPartition("first", 0, { leader: 0, leaderEpoch: 1, isr: [0], replicas: [0] });
    c.setPartition("first", 1, { leader: 0, leaderEpoch: 1, isr: [0], replicas: [0] });
    c.moveOffsetsPartition(12, 0, [0]);
    await c.runtime.advance(1);
    const f = await c.send(0, fetchRequest(null), 7);
    expect(f.topics![0]!.partitions.map((p) => [p.partitionIndex, p.committedOffset])).toEqual([[0, 6], [1, 3]]);
    expect(c.groupApis.get(0)!.coordinator.groupManager.loadStats.get(12)).toMatchObject({ records: 3, groups: 0, offsets: 2 });
  });

  it("offsets of an Empty group expire offsets.retention.minutes after it became Empty (tombstones written)", async () => {
    const c = (cluster = new GroupTestCluster(17, [0], { "offsets.topic.replication.factor": "1", "offsets.retention.minutes": "1", "offsets.retention.check.interval.ms": "10000" }));
    withTopic(c, [0]);
    c.moveOffsetsPartition(12, 0, [0]);
    await c.runtime.advance(1);
    const coord = c.groupApis.get(0)!.coordinator;
    await c.send(0, commitRequest({ 0: 5 }));
    expect(coord.groupManager.getGroup(GROUP)!.protocolType).toBeNull();
    // A standalone group's offset expires a retention period after its commit.
    await c.runtime.advance(60000 + 10000);
    expect(coord.groupManager.getGroup(GROUP)).toBeNull();
    const f = await c.send(0, fetchRequest([0]), 7);
    expect(f.topics![0]!.partitions[0]!.committedOffset).toBe(-1);
    // After a restart the tombstones keep them gone.
    c.crashBroker(0);
    c.startBroker(0);
    withTopic(c, [0]);
    c.moveOffsetsPartition(12, 0, [0]);
    await c.runtime.advance(1);
    expect(c.groupApis.get(0)!.coordinator.groupManager.getGroup(GROUP)).toBeNull();
  });
});

describe("group admin APIs", () => {
  it("DescribeGroups, ListGroups, DeleteGroups", async () => {
    const c = (cluster = new GroupTestCluster(19, [0], { "offsets.topic.replication.factor": "1" }));
    withTopic(c, [0]);
    c.moveOffsetsPartition(12, 0, [0]);
    await c.runtime.advance(1);
    await c.send(0, commitRequest({ 0: 5 }));
    const d = await c.send(0, { apiKey: 15, groups: [GROUP, "unknown-but-here"], includeAuthorizedOperations: false });
    expect(d.groups[0]).toMatchObject({ errorCode: 0, groupId: GROUP, groupState: "Empty", protocolType: "", protocolData: "", members: [] });
    // "unknown-but-here" hashes elsewhere: NOT_COORDINATOR
    expect(d.groups[1]!.errorCode).toBe(Errors.NOT_COORDINATOR.code);
    const l = await c.send(0, { apiKey: 16, statesFilter: [], typesFilter: [] });
    expect(l.groups).toEqual([{ groupId: GROUP, protocolType: "", groupState: "Empty", groupType: "classic" }]);
    expect((await c.send(0, { apiKey: 16, statesFilter: ["stable"], typesFilter: [] })).groups).toEqual([]);
    const del = await c.send(0, { apiKey: 42, groupsNames: [GROUP, "test-group"] });
    // test-group also maps to partition 12 but does not exist
    expect(del.results).toEqual([{ groupId: GROUP, errorCode: 0 }, { groupId: "test-group", errorCode: Errors.GROUP_ID_NOT_FOUND.code }]);
    expect((await c.send(0, fetchRequest([0]), 7)).topics![0]!.partitions[0]!.committedOffset).toBe(-1);
    const d2 = await c.send(0, { apiKey: 15, groups: [GROUP], includeAuthorizedOperations: false });
    expect(d2.groups[0]!.groupState).toBe("Dead");
  });
});
