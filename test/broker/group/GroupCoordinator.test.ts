import { afterEach, describe, it, expect } from "vitest";
import { Errors } from "../../../kernel-lib/src/protocol/Errors";
import type { GroupCoordinator, JoinGroupParams } from "../../../kernel-lib/src/broker/group/GroupCoordinator";
import type { JoinGroupResult, SyncGroupResult } from "../../../kernel-lib/src/broker/group/GroupResults";
import { tpKey } from "../../../kernel-lib/src/broker/group/GroupMetadata";
import { GroupTestCluster } from "./GroupHarness";

const GROUP = "my-group"; // → __consumer_offsets-12
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

let cluster: GroupTestCluster | null = null;
afterEach(async () => {
  await cluster?.close();
  cluster = null;
});

/** A one-broker cluster leading __consumer_offsets-12 (the coordinator of "my-group"), loaded. */
async function setup(props: Record<string, string> = {}): Promise<{ c: GroupTestCluster; coord: GroupCoordinator }> {
  const c = new GroupTestCluster(7, [0], { "offsets.topic.replication.factor": "1", ...props });
  cluster = c;
  c.setPartition("first", 0, { leader: 0, leaderEpoch: 0, isr: [0], replicas: [0] });
  c.setPartition("first", 1, { leader: 0, leaderEpoch: 0, isr: [0], replicas: [0] });
  c.moveOffsetsPartition(12, 0, [0]);
  await c.runtime.advance(1);
  return { c, coord: c.groupApis.get(0)!.coordinator };
}

function subscription(topics: string[]): Buffer {
  const parts = [Buffer.from([0, 0]), Buffer.alloc(4)];
  parts[1]!.writeInt32BE(topics.length);
  for (const t of topics) {
    const len = Buffer.alloc(2);
    len.writeInt16BE(Buffer.byteLength(t));
    parts.push(len, Buffer.from(t));
  }
  parts.push(Buffer.from([0xff, 0xff, 0xff, 0xff])); // userData null
  return Buffer.concat(parts);
}

function joinParams(clientId: string, memberId = "", protocols = ["range", "cooperative-sticky"]): JoinGroupParams {
  return { groupId: GROUP, memberId, groupInstanceId: null, requireKnownMemberId: true, supportSkippingAssignment: true, clientId,
    clientHost: "/10.0.0.1", rebalanceTimeoutMs: 300000, sessionTimeoutMs: 45000, protocolType: "consumer",
    protocols: protocols.map((name) => ({ name, metadata: subscription(["first"]) })) };
}

function join(coord: GroupCoordinator, p: JoinGroupParams): { result: JoinGroupResult | null; at: number } {
  const box: { result: JoinGroupResult | null; at: number } = { result: null, at: -1 };
  const now = (): number => cluster!.runtime.now();
  coord.handleJoinGroup(p, (r) => {
    box.result = r;
    box.at = now();
  });
  return box;
}

function sync(coord: GroupCoordinator, memberId: string, generationId: number, assignments: Map<string, Buffer> = new Map()): { result: SyncGroupResult | null } {
  const box: { result: SyncGroupResult | null } = { result: null };
  coord.handleSyncGroup({ groupId: GROUP, generationId, memberId, protocolType: "consumer", protocolName: "range", groupInstanceId: null, assignments },
    (r) => { box.result = r; });
  return box;
}

function heartbeat(coord: GroupCoordinator, memberId: string, generationId: number): Errors {
  let out: Errors | null = null;
  coord.handleHeartbeat(GROUP, memberId, null, generationId, (e) => { out = e; });
  return out!;
}

function commit(coord: GroupCoordinator, memberId: string, generationId: number, offset: number, metadata = ""): Errors | null {
  let out: Errors | null = null;
  coord.handleCommitOffsets(GROUP, memberId, null, generationId, [{ topic: "first", partition: 0,
    offset: { offset, leaderEpoch: 0, metadata, commitTimestamp: cluster!.runtime.now(), expireTimestamp: -1 } }], (m) => { out = m.get(tpKey("first", 0)) ?? null; });
  return out;
}

/** KIP-394: first join with an empty member id, then rejoin with the id the coordinator made. */
function dance(coord: GroupCoordinator, clientId: string): { memberId: string; box: { result: JoinGroupResult | null; at: number } } {
  const first = join(coord, joinParams(clientId));
  expect(first.result?.error).toBe(Errors.MEMBER_ID_REQUIRED);
  const memberId = first.result!.memberId;
  return { memberId, box: join(coord, joinParams(clientId, memberId)) };
}

/** Three consumers form generation 1 and sync; returns their ids (a = leader). */
async function stableGroupOfThree(coord: GroupCoordinator): Promise<{ a: string; b: string; cc: string }> {
  const A = dance(coord, "consumer-my-group-1");
  const B = dance(coord, "consumer-my-group-2");
  const C = dance(coord, "consumer-my-group-3");
  await cluster!.runtime.advance(6000);
  const assignments = new Map([[A.memberId, Buffer.from("A")], [B.memberId, Buffer.from("B")], [C.memberId, Buffer.from("C")]]);
  sync(coord, B.memberId, 1);
  sync(coord, C.memberId, 1);
  sync(coord, A.memberId, 1, assignments);
  await cluster!.runtime.advance(1);
  return { a: A.memberId, b: B.memberId, cc: C.memberId };
}

describe("JoinGroup", () => {
  it("MEMBER_ID_REQUIRED: a new member gets `clientId-UUID` and joins with it after the initial rebalance delay", async () => {
    const { c, coord } = await setup();
    const t0 = c.runtime.now();
    const first = join(coord, joinParams("consumer-my-group-1"));
    expect(first.result?.error).toBe(Errors.MEMBER_ID_REQUIRED);
    expect(first.result?.memberId).toMatch(new RegExp(`^consumer-my-group-1-${UUID}$`));
    expect(first.result?.generationId).toBe(-1);
    const group = coord.groupManager.getGroup(GROUP)!;
    expect(group.currentState).toBe("Empty");
    expect(group.numPending).toBe(1);

    const second = join(coord, joinParams("consumer-my-group-1", first.result!.memberId));
    expect(second.result).toBeNull();
    expect(group.currentState).toBe("PreparingRebalance");
    await c.runtime.advance(2999);
    expect(second.result).toBeNull(); // group.initial.rebalance.delay.ms = 3000
    await c.runtime.advance(1);
    expect(second.at - t0).toBe(3000);
    const r = second.result!;
    expect(r.error).toBe(Errors.NONE);
    expect(r.generationId).toBe(1);
    expect(r.protocolName).toBe("range");
    expect(r.leaderId).toBe(first.result!.memberId);
    expect(r.members.map((m) => m.memberId)).toEqual([first.result!.memberId]);
    expect(group.currentState).toBe("CompletingRebalance");
  });

  it("a known member id the group has never seen is UNKNOWN_MEMBER_ID; a bad session timeout is INVALID_SESSION_TIMEOUT", async () => {
    const { coord } = await setup();
    expect(join(coord, joinParams("c", "c-made-up")).result?.error).toBe(Errors.UNKNOWN_MEMBER_ID);
    expect(join(coord, { ...joinParams("c"), sessionTimeoutMs: 5999 }).result?.error).toBe(Errors.INVALID_SESSION_TIMEOUT);
    expect(join(coord, { ...joinParams("c"), sessionTimeoutMs: 1800001 }).result?.error).toBe(Errors.INVALID_SESSION_TIMEOUT);
    expect(join(coord, { ...joinParams("c"), groupId: "" }).result?.error).toBe(Errors.INVALID_GROUP_ID);
    expect(join(coord, { ...joinParams("c"), groupId: "group1" }).result?.error).toBe(Errors.NOT_COORDINATOR); // partition 40 is not led here
  });

  it("three members join one generation: the delay is extended per joiner, only the leader gets the metadata, SyncGroup parks followers", async () => {
    const { c, coord } = await setup();
    const t0 = c.runtime.now();
    const A = dance(coord, "consumer-my-group-1");
    const B = dance(coord, "consumer-my-group-2");
    const C = dance(coord, "consumer-my-group-3");
    await c.runtime.advance(3000);
    // B and C joined during the first delay: InitialDelayedJoin waits another 3000 ms.
    expect(A.box.result).toBeNull();
    await c.runtime.advance(3000);
    for (const x of [A, B, C]) {
      expect(x.box.result?.error).toBe(Errors.NONE);
      expect(x.box.at - t0).toBe(6000);
      expect(x.box.result?.generationId).toBe(1);
      expect(x.box.result?.leaderId).toBe(A.memberId);
      expect(x.box.result?.protocolName).toBe("range");
    }
    expect(A.box.result!.members.map((m) => m.memberId).sort()).toEqual([A.memberId, B.memberId, C.memberId].sort());
    expect(A.box.result!.members[0]!.metadata.equals(subscription(["first"]))).toBe(true);
    expect(B.box.result!.members).toEqual([]);
    expect(C.box.result!.members).toEqual([]);

    const group = coord.groupManager.getGroup(GROUP)!;
    expect(group.currentState).toBe("CompletingRebalance");
    const sb = sync(coord, B.memberId, 1);
    const sc = sync(coord, C.memberId, 1);
    await c.runtime.advance(100);
    expect(sb.result).toBeNull();
    expect(sc.result).toBeNull();
    const sa = sync(coord, A.memberId, 1, new Map([[A.memberId, Buffer.from("A")], [B.memberId, Buffer.from("B")], [C.memberId, Buffer.from("C")]]));
    await c.runtime.advance(1);
    expect(sa.result?.assignment.toString()).toBe("A");
    expect(sb.result?.assignment.toString()).toBe("B");
    expect(sc.result?.assignment.toString()).toBe("C");
    expect(sb.result?.error).toBe(Errors.NONE);
    expect(group.currentState).toBe("Stable");
    // A late SyncGroup in Stable gets the stored assignment; a stale generation is refused.
    expect(sync(coord, B.memberId, 1).result?.assignment.toString()).toBe("B");
    expect(sync(coord, B.memberId, 0).result?.error).toBe(Errors.ILLEGAL_GENERATION);
    expect(sync(coord, "nobody", 1).result?.error).toBe(Errors.UNKNOWN_MEMBER_ID);
  });
});

describe("sessions and rebalances", () => {
  it("a member that stops heartbeating is removed after session.timeout.ms and the others rebalance", async () => {
    const { c, coord } = await setup();
    const { a, b, cc } = await stableGroupOfThree(coord);
    const group = coord.groupManager.getGroup(GROUP)!;
    const stableAt = c.runtime.now();
    // a and b heartbeat every 3 s; cc is silent.
    const errors: Errors[] = [];
    const timer = c.runtime.every(3000, () => {
      errors.push(heartbeat(coord, a, group.generationId), heartbeat(coord, b, group.generationId));
    });
    await c.runtime.advance(45000 - 2);
    expect(group.has(cc)).toBe(true);
    expect(group.currentState).toBe("Stable");
    await c.runtime.advance(2);
    expect(c.runtime.now() - stableAt).toBe(45000);
    expect(group.has(cc)).toBe(false);
    expect(group.currentState).toBe("PreparingRebalance");
    c.runtime.cancel(timer);
    expect(heartbeat(coord, a, 1)).toBe(Errors.REBALANCE_IN_PROGRESS);
    // The survivors rejoin; the rebalance completes as soon as all known members are back (no initial delay).
    const ja = join(coord, joinParams("consumer-my-group-1", a));
    const jb = join(coord, joinParams("consumer-my-group-2", b));
    expect(ja.result?.generationId).toBe(2);
    expect(jb.result?.generationId).toBe(2);
    expect(ja.result?.leaderId).toBe(a);
    expect(ja.result?.members.length).toBe(2);
    expect(heartbeat(coord, cc, 2)).toBe(Errors.UNKNOWN_MEMBER_ID);
    expect(heartbeat(coord, a, 1)).toBe(Errors.ILLEGAL_GENERATION);
  });

  it("LeaveGroup of the leader hands leadership to a remaining member at the next generation", async () => {
    const { c, coord } = await setup();
    const { a, b, cc } = await stableGroupOfThree(coord);
    let left: Errors | null = null;
    coord.handleLeaveGroup(GROUP, [{ memberId: a, groupInstanceId: null, reason: "the consumer is being closed" }], (r) => { left = r.memberResponses[0]!.error; });
    expect(left).toBe(Errors.NONE);
    const group = coord.groupManager.getGroup(GROUP)!;
    expect(group.currentState).toBe("PreparingRebalance");
    const jb = join(coord, joinParams("consumer-my-group-2", b));
    const jc = join(coord, joinParams("consumer-my-group-3", cc));
    await c.runtime.advance(1);
    expect(jb.result?.generationId).toBe(2);
    expect([b, cc]).toContain(jb.result?.leaderId);
    expect(jc.result?.leaderId).toBe(jb.result?.leaderId);
  });

  it("a member that does not rejoin within the rebalance timeout is dropped from the next generation", async () => {
    const { c, coord } = await setup();
    const { a, b, cc } = await stableGroupOfThree(coord);
    const ja = join(coord, joinParams("consumer-my-group-1", a)); // leader rejoin forces a rebalance
    const jb = join(coord, joinParams("consumer-my-group-2", b));
    // cc stays alive (heartbeats answer REBALANCE_IN_PROGRESS) but never rejoins: max.poll.interval.ms exceeded.
    const hb: Errors[] = [];
    const timer = c.runtime.every(3000, () => hb.push(heartbeat(coord, cc, 1)));
    await c.runtime.advance(300000 - 1);
    expect(ja.result).toBeNull();
    expect(hb.every((e) => e === Errors.REBALANCE_IN_PROGRESS)).toBe(true);
    await c.runtime.advance(1);
    c.runtime.cancel(timer);
    expect(heartbeat(coord, cc, 1)).toBe(Errors.UNKNOWN_MEMBER_ID);
    expect(ja.result?.generationId).toBe(2);
    expect(ja.result?.members.length).toBe(2);
    expect(jb.result?.error).toBe(Errors.NONE);
  });
});

describe("OffsetCommit validation (GroupCoordinator.validateOffsetCommit)", () => {
  it("stale generation → ILLEGAL_GENERATION, CompletingRebalance → REBALANCE_IN_PROGRESS, unknown member → UNKNOWN_MEMBER_ID", async () => {
    const { c, coord } = await setup();
    const A = dance(coord, "consumer-my-group-1");
    await c.runtime.advance(3000);
    const a = A.memberId;
    expect(coord.groupManager.getGroup(GROUP)!.currentState).toBe("CompletingRebalance");
    expect(commit(coord, a, 1, 5)).toBe(Errors.REBALANCE_IN_PROGRESS);
    sync(coord, a, 1, new Map([[a, Buffer.from("A")]]));
    await c.runtime.advance(1);
    expect(commit(coord, a, 0, 5)).toBe(Errors.ILLEGAL_GENERATION);
    expect(commit(coord, "consumer-x-1", 1, 5)).toBe(Errors.UNKNOWN_MEMBER_ID);
    expect(commit(coord, "", -1, 5)).toBe(Errors.UNKNOWN_MEMBER_ID); // anonymous commit while the group has members
    expect(commit(coord, a, 1, 5, "x".repeat(4097))).toBe(Errors.OFFSET_METADATA_TOO_LARGE);
    expect(commit(coord, a, 1, 5, "x".repeat(4096))).toBe(Errors.NONE);
    expect(coord.handleFetchOffsets(GROUP, false, [{ topic: "first", partition: 0 }, { topic: "first", partition: 1 }]).partitions.map((p) => [p.offset, p.metadata.length]))
      .toEqual([[5, 4096], [-1, 0]]);
  });

  it("generation -1 on an Empty or unknown group is accepted (admin / assign()); an unknown group with a generation is not", async () => {
    const { coord } = await setup();
    expect(commit(coord, "", 0, 3)).toBe(Errors.ILLEGAL_GENERATION);
    expect(coord.groupManager.getGroup(GROUP)).toBeNull();
    expect(commit(coord, "", -1, 3)).toBe(Errors.NONE);
    const group = coord.groupManager.getGroup(GROUP)!;
    expect(group.currentState).toBe("Empty");
    expect(group.offset("first", 0)?.offset).toBe(3);
    expect(commit(coord, "", -1, 4)).toBe(Errors.NONE);
    expect(group.offset("first", 0)?.offset).toBe(4);
  });
});

describe("static membership (KIP-345)", () => {
  it("a static member rejoining a Stable group with a new member id does not rebalance; its old id is fenced", async () => {
    const { c, coord } = await setup();
    const p = { ...joinParams("consumer-my-group-1"), groupInstanceId: "instance-a" };
    const j = join(coord, p); // static members get their id at once (no MEMBER_ID_REQUIRED)
    await c.runtime.advance(3000);
    const oldId = j.result!.memberId;
    expect(oldId).toMatch(new RegExp(`^instance-a-${UUID}$`));
    sync(coord, oldId, 1, new Map([[oldId, Buffer.from("A")]]));
    await c.runtime.advance(1);
    const group = coord.groupManager.getGroup(GROUP)!;
    expect(group.currentState).toBe("Stable");
    // Restart: unknown member id, same group.instance.id.
    const again = join(coord, p);
    await c.runtime.advance(1);
    expect(again.result?.error).toBe(Errors.NONE);
    expect(again.result?.generationId).toBe(1);
    expect(again.result?.memberId).not.toBe(oldId);
    expect(group.currentState).toBe("Stable");
    expect(group.get(again.result!.memberId).assignment.toString()).toBe("A");
    let err: Errors | null = null;
    coord.handleHeartbeat(GROUP, oldId, "instance-a", 1, (e) => { err = e; });
    expect(err).toBe(Errors.FENCED_INSTANCE_ID);
  });
});

describe("read-outs", () => {
  it("readGroup shows members, assignment, committed offsets and lag against the HW", async () => {
    const { readGroup } = await import("../../../kernel-lib/src/broker/group/GroupReadout");
    const { c, coord } = await setup();
    const A = dance(coord, "consumer-my-group-1");
    await c.runtime.advance(3000);
    const a = A.memberId;
    // ConsumerProtocolAssignment v0: first → [0, 1], no user data
    const asg = Buffer.from([0, 0, 0, 0, 0, 1, 0, 5, ...Buffer.from("first"), 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff]);
    sync(coord, a, 1, new Map([[a, asg]]));
    await c.runtime.advance(1);
    expect(commit(coord, a, 1, 15)).toBe(Errors.NONE);
    const r = readGroup(coord, GROUP, (_t, p) => (p === 0 ? 20 : 7))!;
    expect(r).toMatchObject({ groupId: GROUP, coordinatorPartition: "__consumer_offsets-12", state: "Stable", generationId: 1, protocol: "range", leader: a });
    expect(r.members).toEqual([expect.objectContaining({ memberId: a, clientId: "consumer-my-group-1", clientHost: "/10.0.0.1", isLeader: true,
      assignment: [{ topic: "first", partition: 0 }, { topic: "first", partition: 1 }] })]);
    expect(r.offsets.map((o) => [o.partition, o.committedOffset, o.logEndOffset, o.lag, o.consumerId])).toEqual([[0, 15, 20, 5, a], [1, -1, 7, null, a]]);
  });
});
