// Read-outs of a coordinator's groups for display (what kafka-consumer-groups.sh --describe shows, read straight from
// the coordinator): state, generation, protocol, leader, members with client ids, hosts and assigned partitions,
// committed offsets per partition and the lag against the partition's high watermark (§11: LOG-END-OFFSET is the
// HW, LAG = HW − committed).
import type { GroupCoordinator } from "./GroupCoordinator";
import { GROUP_METADATA_TOPIC_NAME } from "./GroupMetadataManager";

export interface AssignedPartition {
  topic: string;
  partition: number;
}

export interface GroupMemberReadout {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  isLeader: boolean;
  /** Decoded ConsumerProtocolAssignment (empty if the group is not a consumer group or has none yet). */
  assignment: AssignedPartition[];
}

export interface PartitionOffsetReadout {
  topic: string;
  partition: number;
  /** CURRENT-OFFSET: the committed offset (next record to consume). */
  committedOffset: number;
  leaderEpoch: number;
  metadata: string;
  /** LOG-END-OFFSET: the partition's HW, or null if unknown here. */
  logEndOffset: number | null;
  /** LAG = HW − committed, or null when the HW is unknown. */
  lag: number | null;
  /** The member the partition is assigned to, or null. */
  consumerId: string | null;
  clientId: string | null;
  host: string | null;
}

export interface GroupReadout {
  groupId: string;
  coordinatorPartition: string;
  state: string;
  generationId: number;
  protocolType: string;
  protocol: string;
  leader: string | null;
  members: GroupMemberReadout[];
  offsets: PartitionOffsetReadout[];
}

/** ConsumerProtocolAssignment (versions 0-3 share the prefix): int16 version, [topic string, [int32 partition]]. */
export function parseConsumerAssignment(buf: Buffer): AssignedPartition[] {
  if (buf.length < 6) return [];
  try {
    let pos = 2;
    const nTopics = buf.readInt32BE(pos);
    pos += 4;
    const out: AssignedPartition[] = [];
    for (let i = 0; i < nTopics; i++) {
      const len = buf.readInt16BE(pos);
      pos += 2;
      const topic = buf.toString("utf8", pos, pos + len);
      pos += len;
      const nParts = buf.readInt32BE(pos);
      pos += 4;
      for (let j = 0; j < nParts; j++) {
        out.push({ topic, partition: buf.readInt32BE(pos) });
        pos += 4;
      }
    }
    return out;
  } catch {
    return [];
  }
}

/**
 * A group as its coordinator holds it, or null if this coordinator does not have it. `hwOf` gives a partition's
 * high watermark (e.g. from the leader's ReplicaManager), for LOG-END-OFFSET and LAG.
 */
export function readGroup(coordinator: GroupCoordinator, groupId: string, hwOf: (topic: string, partition: number) => number | null = () => null): GroupReadout | null {
  const group = coordinator.groupManager.getGroup(groupId);
  if (group === null) return null;
  const isConsumer = group.isConsumerGroup;
  const members: GroupMemberReadout[] = group.allMemberMetadata().map((m) => ({
    memberId: m.memberId, groupInstanceId: m.groupInstanceId, clientId: m.clientId, clientHost: m.clientHost,
    sessionTimeoutMs: m.sessionTimeoutMs, rebalanceTimeoutMs: m.rebalanceTimeoutMs, isLeader: group.isLeader(m.memberId),
    assignment: isConsumer ? parseConsumerAssignment(m.assignment) : [],
  }));
  const owner = new Map<string, GroupMemberReadout>();
  for (const m of members) for (const a of m.assignment) owner.set(`${a.topic}-${a.partition}`, m);
  const rows = new Map<string, PartitionOffsetReadout>();
  const row = (topic: string, partition: number): PartitionOffsetReadout => {
    const k = `${topic}-${partition}`;
    let r = rows.get(k);
    if (r === undefined) {
      const m = owner.get(k) ?? null;
      const hw = hwOf(topic, partition);
      r = { topic, partition, committedOffset: -1, leaderEpoch: -1, metadata: "", logEndOffset: hw, lag: null,
        consumerId: m?.memberId ?? null, clientId: m?.clientId ?? null, host: m?.clientHost ?? null };
      rows.set(k, r);
    }
    return r;
  };
  for (const o of group.allOffsets()) {
    const r = row(o.topic, o.partition);
    r.committedOffset = o.offset.offset;
    r.leaderEpoch = o.offset.leaderEpoch;
    r.metadata = o.offset.metadata;
  }
  for (const m of members) for (const a of m.assignment) row(a.topic, a.partition);
  for (const r of rows.values()) r.lag = r.logEndOffset !== null && r.committedOffset >= 0 ? r.logEndOffset - r.committedOffset : null;
  const offsets = [...rows.values()].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  return {
    groupId, coordinatorPartition: `${GROUP_METADATA_TOPIC_NAME}-${coordinator.partitionFor(groupId)}`, state: group.currentState,
    generationId: group.generationId, protocolType: group.protocolType ?? "", protocol: group.protocolName ?? "", leader: group.leaderOrNull, members, offsets,
  };
}
