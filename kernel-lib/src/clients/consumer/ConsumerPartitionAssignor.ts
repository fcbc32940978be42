// org.apache.kafka.clients.consumer.ConsumerPartitionAssignor: the client-side assignment strategy a group leader
// runs over all members' subscriptions (classic protocol). Each assignor is named (`range`, `roundrobin`,
// `sticky`, `cooperative-sticky`); the coordinator picks one every member supports (GroupMetadata.selectProtocol).
import { TopicPartition } from "../../protocol/TopicPartition";

/** ConsumerPartitionAssignor.RebalanceProtocol (KIP-429): EAGER revokes everything first; COOPERATIVE only what moves. */
export enum RebalanceProtocol {
  EAGER = 0,
  COOPERATIVE = 1,
}

/** ConsumerPartitionAssignor.Subscription: what a member sends in JoinGroup (ConsumerProtocolSubscription). */
export class Subscription {
  /** Set by the leader from the JoinGroup response (not part of the wire subscription). */
  groupInstanceId: string | null = null;

  constructor(
    readonly topics: readonly string[],
    readonly userData: Buffer | null = null,
    readonly ownedPartitions: readonly TopicPartition[] = [],
    readonly generationId: number = -1,
    readonly rackId: string | null = null,
  ) {}
}

/** ConsumerPartitionAssignor.Assignment: a member's share (ConsumerProtocolAssignment). */
export class Assignment {
  constructor(readonly partitions: readonly TopicPartition[], readonly userData: Buffer | null = null) {}
}

/** ConsumerPartitionAssignor.GroupSubscription: member id → subscription. */
export class GroupSubscription {
  constructor(readonly subscriptions: ReadonlyMap<string, Subscription>) {}

  groupSubscription(): ReadonlyMap<string, Subscription> {
    return this.subscriptions;
  }
}

/** ConsumerPartitionAssignor.GroupAssignment: member id → assignment. */
export class GroupAssignment {
  constructor(readonly assignments: ReadonlyMap<string, Assignment>) {}

  groupAssignment(): ReadonlyMap<string, Assignment> {
    return this.assignments;
  }
}

/** The metadata an assignor needs (Kafka passes a Cluster): partition counts per topic. */
export interface ClusterPartitions {
  /** Number of partitions of the topic, or undefined if the topic is unknown. */
  partitionCountForTopic(topic: string): number | undefined;
}

/** The consumer's group view handed to onAssignment (ConsumerGroupMetadata's generation). */
export interface AssignmentContext {
  generationId: number;
}

export interface ConsumerPartitionAssignor {
  /** The protocol name the group uses to agree on an assignor. */
  name(): string;
  /** Supported rebalance protocols, preferred first (default [EAGER]). */
  supportedProtocols(): RebalanceProtocol[];
  /** The userData this member adds to its subscription (null for none). */
  subscriptionUserData(topics: ReadonlySet<string>): Buffer | null;
  /** Runs on the leader: the assignment of every member. */
  assign(metadata: ClusterPartitions, groupSubscription: GroupSubscription): GroupAssignment;
  /** Runs on every member after SyncGroup with its own assignment. */
  onAssignment(assignment: Assignment, context: AssignmentContext): void;
}

/** A member id with its optional static instance id (AbstractPartitionAssignor.MemberInfo). */
export interface MemberInfo {
  memberId: string;
  groupInstanceId: string | null;
}

/**
 * MemberInfo.compareTo: static members (with group.instance.id) first, ordered by instance id; then dynamic
 * members by member id (plain string order, as Java's String.compareTo for these ASCII ids).
 */
export function compareMemberInfo(a: MemberInfo, b: MemberInfo): number {
  if (a.groupInstanceId !== null && b.groupInstanceId !== null) {
    const c = compareStrings(a.groupInstanceId, b.groupInstanceId);
    if (c !== 0) return c;
  } else if (a.groupInstanceId !== null) {
    return -1;
  } else if (b.groupInstanceId !== null) {
    return 1;
  }
  return compareStrings(a.memberId, b.memberId);
}

/** Java String.compareTo over UTF-16 code units. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * AbstractPartitionAssignor: assignors that only need partition counts and member subscriptions implement
 * `assignPartitions`; topics unknown to the metadata are skipped (Kafka logs "Skipping assignment for topic ...").
 */
export abstract class AbstractPartitionAssignor implements ConsumerPartitionAssignor {
  abstract name(): string;

  /** member id → its partitions; every member must be present (possibly with none). */
  abstract assignPartitions(partitionsPerTopic: ReadonlyMap<string, number>, subscriptions: ReadonlyMap<string, Subscription>): Map<string, TopicPartition[]>;

  supportedProtocols(): RebalanceProtocol[] {
    return [RebalanceProtocol.EAGER];
  }

  subscriptionUserData(_topics: ReadonlySet<string>): Buffer | null {
    return null;
  }

  onAssignment(_assignment: Assignment, _context: AssignmentContext): void {}

  assign(metadata: ClusterPartitions, groupSubscription: GroupSubscription): GroupAssignment {
    const subs = groupSubscription.groupSubscription();
    const allTopics = new Set<string>();
    for (const s of subs.values()) for (const t of s.topics) allTopics.add(t);
    const partitionsPerTopic = new Map<string, number>();
    for (const t of [...allTopics].sort(compareStrings)) {
      const n = metadata.partitionCountForTopic(t);
      if (n !== undefined && n > 0) partitionsPerTopic.set(t, n);
    }
    const raw = this.assignPartitions(partitionsPerTopic, subs);
    const out = new Map<string, Assignment>();
    for (const memberId of subs.keys()) out.set(memberId, new Assignment(raw.get(memberId) ?? []));
    return new GroupAssignment(out);
  }

  /** Every partition of a topic, in partition order. */
  protected static partitions(topic: string, numPartitions: number): TopicPartition[] {
    const out = new Array<TopicPartition>(numPartitions);
    for (let i = 0; i < numPartitions; i++) out[i] = new TopicPartition(topic, i);
    return out;
  }
}

/** Members sorted as Kafka's assignors sort them. */
export function sortedMembers(subscriptions: ReadonlyMap<string, Subscription>): MemberInfo[] {
  return [...subscriptions].map(([memberId, s]) => ({ memberId, groupInstanceId: s.groupInstanceId })).sort(compareMemberInfo);
}
