// The consumer-group part of the Admin API (KafkaAdminClient's listConsumerGroups, describeConsumerGroups,
// listConsumerGroupOffsets, alterConsumerGroupOffsets, deleteConsumerGroups) and listOffsets, as kafka-consumer-groups.sh
// uses them. Group calls go to the group's coordinator, found with FindCoordinator (Kafka's CoordinatorStrategy):
// COORDINATOR_NOT_AVAILABLE / NOT_COORDINATOR send the call back to FindCoordinator, COORDINATOR_LOAD_IN_PROGRESS
// retries the same coordinator, both until the call's deadline. ListGroups asks every broker (each coordinates
// its own share of the groups). ListOffsets goes to each partition's leader.
import { Errors } from "../../protocol/Errors";
import { TimeoutException, UnknownTopicOrPartitionException } from "../../protocol/ApiExceptions";
import { Node } from "../../protocol/Node";
import { TopicPartition } from "../../protocol/TopicPartition";
import type { RequestTypes, ResponseTypes, SupportedApiKey } from "../../protocol/messages/index";
import type { Runtime } from "../../sim/Runtime";
import { CONSUMER_PROTOCOL_TYPE, deserializeAssignment } from "../consumer/ConsumerProtocol";
import { OffsetAndMetadata } from "../consumer/OffsetAndMetadata";
import type { NodeTarget } from "./AdminMetadataManager";

/** The call machinery of KafkaAdminClient (one request to a target, judged, retried until the deadline). */
export interface AdminCaller {
  readonly runtime: Runtime;
  readonly defaultApiTimeoutMs: number;
  readonly retryBackoffMs: number;
  call<K extends SupportedApiKey, T>(callName: string, target: NodeTarget, options: { timeoutMs?: number },
    request: (remainingMs: number) => RequestTypes[K] & { apiKey: K }, judge: (response: ResponseTypes[K]) => { done: T } | { retry: Error }): Promise<T>;
  brokers(options: { timeoutMs?: number }): Promise<Node[]>;
  partitionLeaders(topics: string[], options: { timeoutMs?: number }): Promise<Map<string, Map<number, number>>>;
}

/** org.apache.kafka.clients.admin.ConsumerGroupListing */
export class ConsumerGroupListing {
  constructor(readonly groupId: string, readonly isSimpleConsumerGroup: boolean, readonly state: string | null) {}
}

/** org.apache.kafka.clients.admin.MemberDescription */
export class MemberDescription {
  constructor(readonly consumerId: string, readonly groupInstanceId: string | null, readonly clientId: string, readonly host: string,
    readonly assignment: TopicPartition[]) {}
}

/** org.apache.kafka.clients.admin.ConsumerGroupDescription (classic groups; state "Dead" for an unknown group). */
export class ConsumerGroupDescription {
  constructor(readonly groupId: string, readonly isSimpleConsumerGroup: boolean, readonly members: MemberDescription[],
    readonly partitionAssignor: string, readonly state: string, readonly coordinator: Node) {}
}

/** ListOffsetsResult.ListOffsetsResultInfo */
export interface ListOffsetsResultInfo { offset: number; timestamp: number; leaderEpoch: number | null }

/** OffsetSpec: latest (-1), earliest (-2), or a timestamp. */
export const OffsetSpec = {
  latest: (): number => -1,
  earliest: (): number => -2,
  forTimestamp: (ts: number): number => ts,
} as const;

const REFIND = Symbol("refind");

/** A call to a group's coordinator: FindCoordinator, then the request; re-find on a moved/unavailable coordinator. */
async function coordinatorCall<K extends SupportedApiKey, T>(c: AdminCaller, callName: string, groupId: string, options: { timeoutMs?: number },
  request: () => RequestTypes[K] & { apiKey: K }, judge: (response: ResponseTypes[K]) => T | Error | typeof REFIND | "retry"): Promise<{ value: T; coordinator: Node }> {
  const deadline = c.runtime.now() + (options.timeoutMs ?? c.defaultApiTimeoutMs);
  const remaining = (): number => Math.max(1, deadline - c.runtime.now());
  for (;;) {
    const coordinator = await c.call<10, Node>("findCoordinator", { kind: "leastLoaded" }, { timeoutMs: remaining() }, () => ({
      apiKey: 10 as const, key: groupId, keyType: 0, coordinatorKeys: [groupId],
    }), (resp) => {
      const co = resp.coordinators.find((x) => x.key === groupId) ?? { errorCode: resp.errorCode ?? 0, errorMessage: resp.errorMessage ?? null,
        nodeId: resp.nodeId ?? -1, host: resp.host ?? "", port: resp.port ?? -1 };
      const error = Errors.forCode(co.errorCode);
      if (error === Errors.NONE) return { done: new Node(co.nodeId, co.host, co.port) };
      if (error === Errors.COORDINATOR_NOT_AVAILABLE || error === Errors.NOT_COORDINATOR || error === Errors.COORDINATOR_LOAD_IN_PROGRESS) {
        return { retry: error.exception(co.errorMessage) };
      }
      throw error.exception(co.errorMessage);
    });
    const result = await c.call<K, T | typeof REFIND>(callName, { kind: "broker", brokerId: coordinator.id }, { timeoutMs: remaining() }, request, (resp) => {
      const v = judge(resp);
      if (v === "retry") return { retry: Errors.COORDINATOR_LOAD_IN_PROGRESS.exception() };
      if (v instanceof Error) throw v;
      return { done: v };
    });
    if (result !== REFIND) return { value: result, coordinator };
    if (c.runtime.now() >= deadline) throw new TimeoutException(`Timed out waiting for the coordinator of group ${groupId}. Call: ${callName}`);
    await c.runtime.sleep(c.retryBackoffMs);
  }
}

/** How a group call answers a group-level error code. */
function groupErrorVerdict(code: number, message: string | null = null): Error | typeof REFIND | "retry" | null {
  const error = Errors.forCode(code);
  if (error === Errors.NONE) return null;
  if (error === Errors.COORDINATOR_NOT_AVAILABLE || error === Errors.NOT_COORDINATOR) return REFIND;
  if (error === Errors.COORDINATOR_LOAD_IN_PROGRESS) return "retry";
  return error.exception(message);
}

/** Admin.listConsumerGroups: ListGroups to every broker, merged; only consumer (or simple, protocolType "") groups. */
export async function listConsumerGroups(c: AdminCaller, options: { timeoutMs?: number; states?: string[] } = {}): Promise<ConsumerGroupListing[]> {
  const brokers = await c.brokers(options);
  const parts = await Promise.all(brokers.map((b) => c.call<16, ConsumerGroupListing[]>("listConsumerGroups", { kind: "broker", brokerId: b.id }, options, () => ({
    apiKey: 16 as const, statesFilter: options.states ?? [], typesFilter: [],
  }), (resp) => {
    const verdict = groupErrorVerdict(resp.errorCode);
    if (verdict === "retry" || verdict === REFIND) return { retry: Errors.forCode(resp.errorCode).exception() };
    if (verdict !== null) throw verdict;
    return { done: resp.groups.filter((g) => g.protocolType === CONSUMER_PROTOCOL_TYPE || g.protocolType === "")
      .map((g) => new ConsumerGroupListing(g.groupId, g.protocolType === "", g.groupState === "" ? null : g.groupState)) };
  })));
  return parts.flat();
}

/** Admin.describeConsumerGroups for one group. */
export async function describeConsumerGroup(c: AdminCaller, groupId: string, options: { timeoutMs?: number } = {}): Promise<ConsumerGroupDescription> {
  const { value, coordinator } = await coordinatorCall<15, ResponseTypes[15]["groups"][number]>(c, "describeConsumerGroups", groupId, options, () => ({
    apiKey: 15 as const, groups: [groupId], includeAuthorizedOperations: false,
  }), (resp) => {
    const g = resp.groups.find((x) => x.groupId === groupId);
    if (g === undefined) return Errors.UNKNOWN_SERVER_ERROR.exception(`The server response did not contain group ${groupId}`);
    return groupErrorVerdict(g.errorCode) ?? g;
  });
  const g = value;
  if (g.protocolType !== "" && g.protocolType !== CONSUMER_PROTOCOL_TYPE) {
    throw Errors.GROUP_ID_NOT_FOUND.exception(`Group ${groupId} is not a consumer group (protocol type ${g.protocolType})`);
  }
  const members = g.members.map((m) => new MemberDescription(m.memberId, m.groupInstanceId, m.clientId, m.clientHost,
    m.memberAssignment.length > 0 ? deserializeAssignment(Buffer.from(m.memberAssignment)).partitions.map((tp) => new TopicPartition(tp.topic, tp.partition)) : []));
  return new ConsumerGroupDescription(groupId, g.protocolType === "", members, g.protocolData, g.groupState, coordinator);
}

/** Admin.listConsumerGroupOffsets(groupId): the committed offsets (partitions without one are left out). */
export async function listConsumerGroupOffsets(c: AdminCaller, groupId: string, options: { timeoutMs?: number } = {}): Promise<Map<TopicPartition, OffsetAndMetadata>> {
  const { value } = await coordinatorCall<9, Map<TopicPartition, OffsetAndMetadata>>(c, "listConsumerGroupOffsets", groupId, options, () => ({
    apiKey: 9 as const, groups: [{ groupId, topics: null }], requireStable: true,
  }), (resp) => {
    const group = resp.groups?.find((x) => x.groupId === groupId);
    const errorCode = group?.errorCode ?? resp.errorCode ?? 0;
    const verdict = groupErrorVerdict(errorCode);
    if (verdict !== null) return verdict;
    const out = new Map<TopicPartition, OffsetAndMetadata>();
    for (const t of group?.topics ?? resp.topics ?? []) {
      for (const p of t.partitions) {
        const pv = groupErrorVerdict(p.errorCode);
        if (pv === "retry") return "retry";
        if (pv !== null && pv !== REFIND) return pv;
        if (p.committedOffset < 0) continue;
        out.set(new TopicPartition(t.name, p.partitionIndex), new OffsetAndMetadata(p.committedOffset, p.committedLeaderEpoch >= 0 ? p.committedLeaderEpoch : null, p.metadata));
      }
    }
    return out;
  });
  return value;
}

/** Admin.alterConsumerGroupOffsets: an OffsetCommit outside any generation (the group must have no members). */
export async function alterConsumerGroupOffsets(c: AdminCaller, groupId: string, offsets: ReadonlyMap<TopicPartition, OffsetAndMetadata>,
  options: { timeoutMs?: number } = {}): Promise<void> {
  const byTopic = new Map<string, { partitionIndex: number; committedOffset: number; committedLeaderEpoch: number; committedMetadata: string | null }[]>();
  for (const [tp, om] of offsets) {
    let list = byTopic.get(tp.topic);
    if (list === undefined) byTopic.set(tp.topic, (list = []));
    list.push({ partitionIndex: tp.partition, committedOffset: om.offset, committedLeaderEpoch: om.leaderEpoch ?? -1, committedMetadata: om.metadata });
  }
  await coordinatorCall<8, true>(c, "alterConsumerGroupOffsets", groupId, options, () => ({
    apiKey: 8 as const, groupId, generationIdOrMemberEpoch: -1, memberId: "", groupInstanceId: null,
    topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })),
  }), (resp) => {
    for (const t of resp.topics) {
      for (const p of t.partitions) {
        const v = groupErrorVerdict(p.errorCode);
        if (v !== null) return v;
      }
    }
    return true;
  });
}

/** Admin.deleteConsumerGroups: per group, null (deleted) or the error. */
export async function deleteConsumerGroups(c: AdminCaller, groupIds: readonly string[], options: { timeoutMs?: number } = {}): Promise<Map<string, Error | null>> {
  const out = new Map<string, Error | null>();
  for (const groupId of groupIds) {
    try {
      await coordinatorCall<42, true>(c, "deleteConsumerGroups", groupId, options, () => ({ apiKey: 42 as const, groupsNames: [groupId] }), (resp) => {
        const r = resp.results.find((x) => x.groupId === groupId);
        return (r === undefined ? null : groupErrorVerdict(r.errorCode)) ?? true;
      });
      out.set(groupId, null);
    } catch (e) {
      out.set(groupId, e instanceof Error ? e : new Error(String(e)));
    }
  }
  return out;
}

/** Admin.listOffsets: ListOffsets to each partition's leader (read_uncommitted: latest = the high watermark). */
export async function listOffsets(c: AdminCaller, specs: ReadonlyMap<TopicPartition, number>, options: { timeoutMs?: number; isolationLevel?: 0 | 1 } = {}):
  Promise<Map<TopicPartition, ListOffsetsResultInfo>> {
  const topics = [...new Set([...specs.keys()].map((tp) => tp.topic))];
  const leaders = await c.partitionLeaders(topics, options);
  const byLeader = new Map<number, [TopicPartition, number][]>();
  for (const [tp, spec] of specs) {
    const leader = leaders.get(tp.topic)?.get(tp.partition);
    if (leader === undefined) throw new UnknownTopicOrPartitionException(`Partition ${tp} does not exist`);
    let list = byLeader.get(leader);
    if (list === undefined) byLeader.set(leader, (list = []));
    list.push([tp, spec]);
  }
  const out = new Map<TopicPartition, ListOffsetsResultInfo>();
  await Promise.all([...byLeader].map(([leader, entries]) => c.call<2, true>("listOffsets", { kind: "broker", brokerId: leader }, options, () => {
    const topicsReq = new Map<string, { partitionIndex: number; currentLeaderEpoch: number; timestamp: number }[]>();
    for (const [tp, spec] of entries) {
      let l = topicsReq.get(tp.topic);
      if (l === undefined) topicsReq.set(tp.topic, (l = []));
      l.push({ partitionIndex: tp.partition, currentLeaderEpoch: -1, timestamp: spec });
    }
    return { apiKey: 2 as const, replicaId: -1, isolationLevel: options.isolationLevel ?? 0, topics: [...topicsReq].map(([name, partitions]) => ({ name, partitions })) };
  }, (resp) => {
    for (const [tp] of entries) {
      const p = resp.topics.find((t) => t.name === tp.topic)?.partitions.find((x) => x.partitionIndex === tp.partition);
      if (p === undefined) continue;
      const error = Errors.forCode(p.errorCode);
      if (error === Errors.NOT_LEADER_OR_FOLLOWER || error === Errors.LEADER_NOT_AVAILABLE || error === Errors.UNKNOWN_LEADER_EPOCH) return { retry: error.exception() };
      if (error !== Errors.NONE) throw error.exception();
      out.set(tp, { offset: p.offset, timestamp: p.timestamp, leaderEpoch: p.leaderEpoch >= 0 ? p.leaderEpoch : null });
    }
    return { done: true };
  })));
  return out;
}
