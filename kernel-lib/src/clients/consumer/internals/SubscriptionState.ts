// org.apache.kafka.clients.consumer.internals.SubscriptionState: what the consumer reads — subscribed topics
// (group-managed) or user-assigned partitions, never both — and per assigned partition its fetch position
// (the next offset to return), pause flag, pending offset reset, and the last high watermark / log start offset
// seen. Positions live here; the Fetcher advances them as records are handed to the application.
import { TopicPartition } from "../../../protocol/TopicPartition";
import { IllegalArgumentException, IllegalStateException } from "../../../sim/errors";
import type { ConsumerRebalanceListener } from "../ConsumerRebalanceListener";
import { OffsetAndMetadata } from "../OffsetAndMetadata";
import { TopicPartitionMap } from "../TopicPartitionMap";

/** OffsetResetStrategy */
export type OffsetResetStrategy = "earliest" | "latest" | "none";

export type SubscriptionType = "NONE" | "AUTO_TOPICS" | "AUTO_PATTERN" | "USER_ASSIGNED";

export const SUBSCRIPTION_EXCEPTION_MESSAGE = "Subscription to topics, partitions and pattern are mutually exclusive";

/** SubscriptionState.TopicPartitionState */
export class TopicPartitionState {
  /** Next offset to fetch and return; null until initialized (committed offset or reset). */
  position: number | null = null;
  /** Leader epoch of the last record returned (OffsetAndMetadata.leaderEpoch on commit). */
  positionLeaderEpoch: number | null = null;
  paused = false;
  /** A reset requested (auto.offset.reset, seekToBeginning/End) and not yet resolved with ListOffsets. */
  resetStrategy: "earliest" | "latest" | null = null;
  highWatermark: number | null = null;
  logStartOffset: number | null = null;
  lastStableOffset: number | null = null;

  constructor(readonly tp: TopicPartition) {}

  hasValidPosition(): boolean {
    return this.position !== null && this.resetStrategy === null;
  }
}

export class SubscriptionState {
  private type: SubscriptionType = "NONE";
  private subscriptionSet = new Set<string>();
  /** Topics every member of the group subscribes to (the leader widens this for the assignor). */
  private groupSubscriptionSet = new Set<string>();
  private readonly assignmentMap = new Map<string, TopicPartitionState>();
  rebalanceListener: ConsumerRebalanceListener | null = null;
  /** Bumped whenever the assignment changes (fetch responses for an older assignment are dropped). */
  assignmentId = 0;

  constructor(readonly defaultResetStrategy: OffsetResetStrategy) {}

  get subscriptionType(): SubscriptionType {
    return this.type;
  }

  private setSubscriptionType(t: SubscriptionType): void {
    if (this.type === "NONE") this.type = t;
    else if (this.type !== t) throw new IllegalStateException(SUBSCRIPTION_EXCEPTION_MESSAGE);
  }

  /** subscribe(topics): true if the subscription changed. */
  subscribe(topics: ReadonlySet<string>, listener: ConsumerRebalanceListener | null): boolean {
    this.setSubscriptionType("AUTO_TOPICS");
    this.rebalanceListener = listener;
    const changed = topics.size !== this.subscriptionSet.size || [...topics].some((t) => !this.subscriptionSet.has(t));
    this.subscriptionSet = new Set(topics);
    return changed;
  }

  /** assign(partitions): true if the assignment changed. */
  assignFromUser(partitions: readonly TopicPartition[]): boolean {
    this.setSubscriptionType("USER_ASSIGNED");
    const want = new Set(partitions.map(String));
    const same = want.size === this.assignmentMap.size && [...want].every((k) => this.assignmentMap.has(k));
    if (same) return false;
    this.replaceAssignment(partitions);
    return true;
  }

  /** The group's assignment after a rebalance (only subscribed topics are accepted, as Kafka checks). */
  assignFromSubscribed(partitions: readonly TopicPartition[]): void {
    if (!this.hasAutoAssignedPartitions()) throw new IllegalArgumentException("Attempt to dynamically assign partitions while manual assignment in use");
    for (const tp of partitions) {
      if (!this.subscriptionSet.has(tp.topic)) {
        throw new IllegalArgumentException("Assigned partition " + tp.toString() + " for non-subscribed topic.");
      }
    }
    this.replaceAssignment(partitions);
  }

  private replaceAssignment(partitions: readonly TopicPartition[]): void {
    const next = new Map<string, TopicPartitionState>();
    for (const tp of partitions) {
      const k = tp.toString();
      next.set(k, this.assignmentMap.get(k) ?? new TopicPartitionState(new TopicPartition(tp.topic, tp.partition)));
    }
    this.assignmentMap.clear();
    for (const [k, v] of next) this.assignmentMap.set(k, v);
    this.assignmentId++;
  }

  unsubscribe(): void {
    this.subscriptionSet = new Set();
    this.groupSubscriptionSet = new Set();
    this.assignmentMap.clear();
    this.assignmentId++;
    this.type = "NONE";
    this.rebalanceListener = null;
  }

  hasAutoAssignedPartitions(): boolean {
    return this.type === "AUTO_TOPICS" || this.type === "AUTO_PATTERN";
  }

  hasNoSubscriptionOrUserAssignment(): boolean {
    return this.type === "NONE";
  }

  subscription(): Set<string> {
    return this.hasAutoAssignedPartitions() ? new Set(this.subscriptionSet) : new Set();
  }

  groupSubscription(): Set<string> {
    return new Set([...this.subscriptionSet, ...this.groupSubscriptionSet]);
  }

  /** The leader learns every member's topics (it must fetch metadata for all of them). */
  groupSubscribe(topics: Iterable<string>): boolean {
    let changed = false;
    for (const t of topics) {
      if (!this.groupSubscriptionSet.has(t)) {
        this.groupSubscriptionSet.add(t);
        changed = true;
      }
    }
    return changed;
  }

  resetGroupSubscription(): void {
    this.groupSubscriptionSet = new Set();
  }

  assignedPartitions(): TopicPartition[] {
    return [...this.assignmentMap.values()].map((s) => s.tp);
  }

  numAssignedPartitions(): number {
    return this.assignmentMap.size;
  }

  isAssigned(tp: TopicPartition): boolean {
    return this.assignmentMap.has(tp.toString());
  }

  states(): IterableIterator<TopicPartitionState> {
    return this.assignmentMap.values();
  }

  /** The state of an assigned partition; IllegalStateException "No current assignment for partition x" otherwise. */
  assignedState(tp: TopicPartition): TopicPartitionState {
    const s = this.assignmentMap.get(tp.toString());
    if (s === undefined) throw new IllegalStateException("No current assignment for partition " + tp.toString());
    return s;
  }

  stateOrNull(tp: TopicPartition | string): TopicPartitionState | null {
    return this.assignmentMap.get(typeof tp === "string" ? tp : tp.toString()) ?? null;
  }

  seek(tp: TopicPartition, offset: number, leaderEpoch: number | null = null): void {
    const s = this.assignedState(tp);
    s.position = offset;
    s.positionLeaderEpoch = leaderEpoch;
    s.resetStrategy = null;
  }

  requestOffsetReset(tp: TopicPartition, strategy: "earliest" | "latest"): void {
    this.assignedState(tp).resetStrategy = strategy;
  }

  /** Partitions that have neither a position nor a pending reset (need their committed offset). */
  initializingPartitions(): TopicPartition[] {
    const out: TopicPartition[] = [];
    for (const s of this.assignmentMap.values()) if (s.position === null && s.resetStrategy === null) out.push(s.tp);
    return out;
  }

  partitionsNeedingReset(): TopicPartitionState[] {
    const out: TopicPartitionState[] = [];
    for (const s of this.assignmentMap.values()) if (s.resetStrategy !== null) out.push(s);
    return out;
  }

  hasAllFetchPositions(): boolean {
    for (const s of this.assignmentMap.values()) if (!s.hasValidPosition()) return false;
    return true;
  }

  isFetchable(s: TopicPartitionState): boolean {
    return !s.paused && s.hasValidPosition();
  }

  pause(tp: TopicPartition): void {
    this.assignedState(tp).paused = true;
  }

  resume(tp: TopicPartition): void {
    this.assignedState(tp).paused = false;
  }

  pausedPartitions(): TopicPartition[] {
    return [...this.assignmentMap.values()].filter((s) => s.paused).map((s) => s.tp);
  }

  /** The positions of all partitions with a valid position: what a commit without arguments commits. */
  allConsumed(): TopicPartitionMap<OffsetAndMetadata> {
    const out = new TopicPartitionMap<OffsetAndMetadata>();
    for (const s of this.assignmentMap.values()) {
      if (s.hasValidPosition()) out.set(s.tp, new OffsetAndMetadata(s.position as number, s.positionLeaderEpoch, ""));
    }
    return out;
  }
}
