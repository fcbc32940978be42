// One partition as this broker sees it (kafka.cluster.Partition): the local replica's log, whether this broker leads
// it or follows, and — on the leader — the ISR, every follower's fetch state and the high watermark.
//
// Rules (Kafka 3.9, §8):
// - HighWatermark = min LEO over the leader and the "maximal ISR" (the ISR plus additions still in flight, KIP-497),
//   also waiting for a caught-up follower that is about to join; never backwards; frozen while the ISR is smaller
//   than min(min.insync.replicas, replicas) (KAFKA-15583, 3.7+).
// - ISR shrink: a follower leaves when its LEO differs from the leader's and it was last caught up more than
//   replica.lag.time.max.ms ago. Expand: a follower joins when its LEO >= HW and >= the start of the leader's epoch.
// - ISR changes go to the controller as AlterPartition; only one is in flight at a time; the controller's answer
//   (or a newer LeaderAndIsr) commits it.
import { Errors } from "../protocol/Errors";
import { NotEnoughReplicasException, NotLeaderOrFollowerException, FencedLeaderEpochException, UnknownLeaderEpochException, OffsetNotAvailableException } from "../protocol/ApiExceptions";
import type { LeaderAndIsrPartitionState } from "../protocol/messages/LeaderAndIsr";
import type { AlterPartitionPartitionResult } from "../protocol/messages/AlterPartition";
import type { LogAppendInfo, UnifiedLog, FetchIsolation } from "../storage/log/UnifiedLog";
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, MAX_TIMESTAMP, EARLIEST_LOCAL_TIMESTAMP, LATEST_TIERED_TIMESTAMP } from "../storage/log/UnifiedLog";
import type { TimestampAndOffset } from "../storage/log/FileRecords";
import { Replica } from "./Replica";

export interface TopicPartitionKey {
  readonly topic: string;
  readonly partition: number;
}

/** A requested ISR change sent to the controller (LeaderAndIsr in Kafka's terms). */
export interface ProposedLeaderAndIsr {
  leader: number;
  leaderEpoch: number;
  isr: number[];
  partitionEpoch: number;
}

/** What a Partition needs from its broker (ReplicaManager). */
export interface PartitionContext {
  readonly brokerId: number;
  now(): number;
  readonly replicaLagTimeMaxMs: number;
  /** The local log, created if missing (LogManager.getOrCreateLog), with its checkpointed HW restored. */
  getOrCreateLog(topic: string, partition: number, topicId: string | null): UnifiedLog;
  /** Sends AlterPartition to the controller; cb gets the controller's answer for this partition or an error. */
  submitAlterPartition(p: Partition, proposed: ProposedLeaderAndIsr, cb: (error: Errors, result: AlterPartitionPartitionResult | null) => void): void;
  /** Partition.isReplicaIsrEligible, ZooKeeper mode: the broker is alive in this broker's metadata. */
  isReplicaIsrEligible(brokerId: number): boolean;
  /** The HW moved (or the ISR changed): delayed produce/fetch requests of this partition may complete. */
  onHighWatermarkChange(p: Partition): void;
  trace(kind: string, detail: Record<string, unknown>): void;
}

/** ISR state: committed, or with a change in flight (PendingExpandIsr / PendingShrinkIsr). */
interface PartitionState {
  isr: number[];
  /** isr ∪ pending additions: what the HW waits for. */
  maximalIsr: number[];
  isInflight: boolean;
}

/** LeaderAndIsr.LeaderRecoveryState: unclean elections mark the partition RECOVERING (KIP-704). */
export const NO_LEADER = -1;

function sameMembers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (const x of a) if (!b.includes(x)) return false;
  return true;
}

/** Scala's Set printing, as Kafka's messages show an ISR: `Set(0, 1)`. */
export function scalaSet(ids: readonly number[]): string {
  return `Set(${ids.join(", ")})`;
}

export class Partition {
  readonly key: string;
  log: UnifiedLog | null = null;
  topicId: string | null = null;
  leaderReplicaIdOpt: number | null = null;
  leaderEpoch = -1;
  /** The LEO when this broker became leader for the current epoch (None on followers). */
  leaderEpochStartOffsetOpt: number | null = null;
  partitionEpoch = 0;
  controllerEpoch = 0;
  assignment: number[] = [];
  partitionState: PartitionState = { isr: [], maximalIsr: [], isInflight: false };
  readonly remoteReplicas = new Map<number, Replica>();
  /** Counters for display (IsrShrinksPerSec/IsrExpandsPerSec). */
  isrShrinks = 0;
  isrExpands = 0;

  constructor(readonly topic: string, readonly partition: number, private readonly ctx: PartitionContext) {
    this.key = `${topic}-${partition}`;
  }

  get isLeader(): boolean {
    return this.leaderReplicaIdOpt === this.ctx.brokerId;
  }

  /** The committed ISR (what Metadata shows and acks=all checks). */
  get inSyncReplicaIds(): number[] {
    return this.partitionState.isr;
  }

  localLogOrException(): UnifiedLog {
    if (this.log === null) throw new NotLeaderOrFollowerException(`Log for partition ${this.key} is not available on broker ${this.ctx.brokerId}`);
    return this.log;
  }

  leaderLogIfLocal(): UnifiedLog | null {
    return this.isLeader ? this.log : null;
  }

  /** min(min.insync.replicas, replication factor) — the effective min ISR of 3.7+ (KAFKA-15583). */
  effectiveMinIsr(log: UnifiedLog): number {
    return Math.min(log.config.minInSyncReplicas, this.remoteReplicas.size + 1);
  }

  isUnderMinIsr(): boolean {
    const log = this.leaderLogIfLocal();
    return log !== null && this.partitionState.isr.length < this.effectiveMinIsr(log);
  }

  isUnderReplicated(): boolean {
    return this.isLeader && this.partitionState.isr.length < this.assignment.length;
  }

  // ------------------------------------------------------------------------------------------ leadership changes

  /**
   * Partition.makeLeader: apply a LeaderAndIsr naming this broker leader. A new leader epoch records its start
   * offset (= LEO) in the epoch cache and resets every follower's state. Returns true if this broker was not
   * leader before.
   */
  makeLeader(state: LeaderAndIsrPartitionState, topicId: string | null): boolean {
    const now = this.ctx.now();
    this.controllerEpoch = state.controllerEpoch;
    this.updateAssignmentAndIsr(state.replicas, state.isr);
    const log = this.createLogIfNotExists(topicId);
    const isNewLeader = !this.isLeader;
    const isNewLeaderEpoch = state.leaderEpoch > this.leaderEpoch;
    const leaderEndOffset = log.logEndOffset;
    if (isNewLeaderEpoch) {
      // The epoch starts at the LEO: every offset from here on was written in this epoch (KIP-101).
      log.maybeAssignEpochStartOffset(state.leaderEpoch, leaderEndOffset);
      for (const r of this.remoteReplicas.values()) {
        r.resetReplicaState(now, leaderEndOffset, isNewLeader, state.isr.includes(r.brokerId));
      }
      this.leaderEpochStartOffsetOpt = leaderEndOffset;
    }
    this.leaderEpoch = state.leaderEpoch;
    this.partitionEpoch = state.partitionEpoch;
    this.leaderReplicaIdOpt = this.ctx.brokerId;
    this.ctx.trace("partition.makeLeader", { partition: this.key, leaderEpoch: this.leaderEpoch, isr: [...state.isr], leo: leaderEndOffset });
    // The new leader's HW may move at once (e.g. ISR = {leader}); never below what it had.
    this.maybeIncrementLeaderHW(log, now);
    return isNewLeader;
  }

  /**
   * Partition.makeFollower: apply a LeaderAndIsr naming another broker leader. Returns true if the leader or the
   * epoch changed (the fetcher must then restart with truncation).
   */
  makeFollower(state: LeaderAndIsrPartitionState, topicId: string | null): boolean {
    this.controllerEpoch = state.controllerEpoch;
    this.updateAssignmentAndIsr(state.replicas, []);
    this.remoteReplicas.clear(); // followers keep no follower state
    this.createLogIfNotExists(topicId);
    const isNewLeaderEpoch = state.leaderEpoch > this.leaderEpoch;
    const changed = this.leaderReplicaIdOpt !== state.leader || isNewLeaderEpoch;
    this.leaderEpoch = state.leaderEpoch;
    this.leaderEpochStartOffsetOpt = null;
    this.partitionEpoch = state.partitionEpoch;
    this.leaderReplicaIdOpt = state.leader >= 0 ? state.leader : null;
    this.ctx.trace("partition.makeFollower", { partition: this.key, leader: state.leader, leaderEpoch: this.leaderEpoch });
    return changed;
  }

  private updateAssignmentAndIsr(replicas: number[], isr: number[]): void {
    this.assignment = [...replicas];
    const self = this.ctx.brokerId;
    for (const id of [...this.remoteReplicas.keys()]) if (!replicas.includes(id)) this.remoteReplicas.delete(id);
    for (const id of replicas) if (id !== self && !this.remoteReplicas.has(id)) this.remoteReplicas.set(id, new Replica(id));
    this.partitionState = { isr: [...isr], maximalIsr: [...isr], isInflight: false };
  }

  private createLogIfNotExists(topicId: string | null): UnifiedLog {
    if (topicId !== null) this.topicId = topicId;
    if (this.log === null) this.log = this.ctx.getOrCreateLog(this.topic, this.partition, this.topicId);
    return this.log;
  }

  // -------------------------------------------------------------------------------------------- leader: appends

  /**
   * Partition.appendRecordsToLeader: acks=all is refused before anything is written when the ISR is below the
   * effective min ISR (NOT_ENOUGH_REPLICAS); otherwise the batch is validated and appended with this leader's
   * epoch, and the HW may move (ISR = {leader}).
   */
  appendRecordsToLeader(records: Buffer, requiredAcks: number): LogAppendInfo {
    const log = this.leaderLogIfLocal();
    if (log === null) throw new NotLeaderOrFollowerException(`Leader not local for partition ${this.key} on broker ${this.ctx.brokerId}`);
    const minIsr = this.effectiveMinIsr(log);
    const inSyncSize = this.partitionState.isr.length;
    if (inSyncSize < minIsr && requiredAcks === -1)
      throw new NotEnoughReplicasException(`The size of the current ISR ${scalaSet(this.partitionState.isr)} is insufficient to satisfy ` +
        `the min.isr requirement of ${minIsr} for partition ${this.key}`);
    const info = log.appendAsLeader(records, this.leaderEpoch);
    this.maybeIncrementLeaderHW(log, this.ctx.now());
    return info;
  }

  /**
   * Partition.checkEnoughReplicasReachOffset: an acks=all produce completes when the HW reaches `requiredOffset`
   * (its last offset + 1) — with NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR fell below min ISR meanwhile.
   */
  checkEnoughReplicasReachOffset(requiredOffset: number): { done: boolean; error: Errors } {
    const log = this.leaderLogIfLocal();
    if (log === null) return { done: false, error: Errors.NOT_LEADER_OR_FOLLOWER };
    if (log.highWatermark >= requiredOffset) {
      return this.effectiveMinIsr(log) <= this.partitionState.maximalIsr.length
        ? { done: true, error: Errors.NONE }
        : { done: true, error: Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND };
    }
    return { done: false, error: Errors.NONE };
  }

  // -------------------------------------------------------------------------------------- leader: follower state

  /**
   * Partition.updateFollowerFetchState: a follower fetched at `fetchOffset`; record it, maybe add it to the ISR,
   * maybe advance the HW. Returns false if the replica is not assigned to this partition.
   */
  updateFollowerFetchState(replicaId: number, fetchOffset: number, followerStartOffset: number, fetchTimeMs: number, leaderEndOffset: number): boolean {
    const replica = this.remoteReplicas.get(replicaId);
    if (replica === undefined) return false;
    const prevFollowerEndOffset = replica.logEndOffset;
    replica.updateFetchState(fetchOffset, followerStartOffset, fetchTimeMs, leaderEndOffset);
    this.maybeExpandIsr(replica);
    // The HW moves only if this follower's LEO moved (and it counts for the HW).
    const log = this.leaderLogIfLocal();
    if (log !== null && replica.logEndOffset !== prevFollowerEndOffset) this.maybeIncrementLeaderHW(log, fetchTimeMs);
    return true;
  }

  /** Partition.isFollowerInSync: LEO >= HW and >= the start offset of the leader's current epoch. */
  private isFollowerInSync(replica: Replica, log: UnifiedLog): boolean {
    const end = replica.logEndOffset;
    return end >= log.highWatermark && this.leaderEpochStartOffsetOpt !== null && end >= this.leaderEpochStartOffsetOpt;
  }

  /** Partition.maybeExpandIsr: propose adding a follower that caught up (one ISR change in flight at a time). */
  maybeExpandIsr(replica: Replica): void {
    const log = this.leaderLogIfLocal();
    if (log === null || this.partitionState.isInflight) return;
    if (this.partitionState.isr.includes(replica.brokerId)) return;
    if (!this.isFollowerInSync(replica, log) || !this.ctx.isReplicaIsrEligible(replica.brokerId)) return;
    const newIsr = [...this.partitionState.isr, replica.brokerId];
    this.ctx.trace("partition.expandIsr", { partition: this.key, replica: replica.brokerId, newIsr, leo: replica.logEndOffset, hw: log.highWatermark });
    // PendingExpandIsr: the HW already waits for the new member.
    this.partitionState = { isr: this.partitionState.isr, maximalIsr: newIsr, isInflight: true };
    this.isrExpands++;
    this.sendAlterPartition(newIsr);
  }

  /** Followers of the ISR that are out of sync now (Partition.getOutOfSyncReplicas). */
  getOutOfSyncReplicas(maxLagMs: number): number[] {
    const log = this.leaderLogIfLocal();
    if (log === null) return [];
    const leaderEndOffset = log.logEndOffset;
    const now = this.ctx.now();
    return this.partitionState.isr.filter((id) => {
      if (id === this.ctx.brokerId) return false;
      const r = this.remoteReplicas.get(id);
      return r !== undefined && !r.isCaughtUp(leaderEndOffset, now, maxLagMs);
    });
  }

  /**
   * Partition.maybeShrinkIsr (run every replica.lag.time.max.ms / 2): propose removing followers that are not
   * caught up. The HW keeps counting them until the controller commits the change (PendingShrinkIsr).
   */
  maybeShrinkIsr(): void {
    const log = this.leaderLogIfLocal();
    if (log === null || this.partitionState.isInflight) return;
    const outOfSync = this.getOutOfSyncReplicas(this.ctx.replicaLagTimeMaxMs);
    if (outOfSync.length === 0) return;
    const newIsr = this.partitionState.isr.filter((id) => !outOfSync.includes(id));
    const now = this.ctx.now();
    this.ctx.trace("partition.shrinkIsr", {
      partition: this.key, newIsr, outOfSync,
      lag: outOfSync.map((id) => ({ replica: id, leo: this.remoteReplicas.get(id)!.logEndOffset, lastCaughtUpMsAgo: now - this.remoteReplicas.get(id)!.lastCaughtUpTimeMs })),
      leaderLeo: log.logEndOffset, hw: log.highWatermark,
    });
    this.partitionState = { isr: this.partitionState.isr, maximalIsr: this.partitionState.isr, isInflight: true };
    this.isrShrinks++;
    this.sendAlterPartition(newIsr);
  }

  private sendAlterPartition(newIsr: number[]): void {
    const proposed: ProposedLeaderAndIsr = { leader: this.ctx.brokerId, leaderEpoch: this.leaderEpoch, isr: newIsr, partitionEpoch: this.partitionEpoch };
    const epochAtSend = this.leaderEpoch;
    this.ctx.submitAlterPartition(this, proposed, (error, result) => {
      // A newer LeaderAndIsr already replaced the state: the answer is stale.
      if (!this.isLeader || this.leaderEpoch !== epochAtSend || !this.partitionState.isInflight) return;
      if (error === Errors.NONE && result !== null) {
        if (result.leaderEpoch > this.leaderEpoch) {
          // The controller moved on (a newer epoch): wait for its LeaderAndIsr.
          this.partitionState = { isr: this.partitionState.isr, maximalIsr: this.partitionState.isr, isInflight: false };
          return;
        }
        this.partitionState = { isr: [...result.isr], maximalIsr: [...result.isr], isInflight: false };
        this.partitionEpoch = result.partitionEpoch;
        this.ctx.trace("partition.isrUpdated", { partition: this.key, isr: [...result.isr], partitionEpoch: result.partitionEpoch });
        const log = this.leaderLogIfLocal();
        // KAFKA-13091: the HW may advance once the shrink is committed.
        if (log !== null) this.maybeIncrementLeaderHW(log, this.ctx.now());
        this.ctx.onHighWatermarkChange(this);
      } else {
        // Rejected (stale epoch/version) or not delivered: back to the committed ISR; the next check proposes again.
        this.ctx.trace("partition.isrUpdateFailed", { partition: this.key, error: error.name });
        this.partitionState = { isr: this.partitionState.isr, maximalIsr: this.partitionState.isr, isInflight: false };
      }
    });
  }

  /**
   * Partition.maybeIncrementLeaderHW (§8.4): newHW = min LEO over the leader, the maximal ISR and caught-up
   * followers about to join; only forward; not while under min ISR (3.7+). True if the HW moved; then delayed
   * requests are woken.
   */
  maybeIncrementLeaderHW(log: UnifiedLog, now: number): boolean {
    if (this.partitionState.isr.length < this.effectiveMinIsr(log)) return false;
    const leaderEndOffset = log.logEndOffset;
    let newHw = leaderEndOffset;
    for (const r of this.remoteReplicas.values()) {
      const end = r.logEndOffset;
      if (end >= newHw) continue;
      // A caught-up follower about to join is waited for — unless it is not eligible (dead), KAFKA-15021.
      const waitToJoin = end >= 0 && r.isCaughtUp(leaderEndOffset, now, this.ctx.replicaLagTimeMaxMs) && this.ctx.isReplicaIsrEligible(r.brokerId);
      if (this.partitionState.maximalIsr.includes(r.brokerId) || waitToJoin) newHw = Math.max(end, 0);
    }
    const old = log.maybeIncrementHighWatermark(newHw);
    if (old === null) return false;
    this.ctx.onHighWatermarkChange(this);
    return true;
  }

  // ------------------------------------------------------------------------------------------------- reads

  /** Kafka 3.x KIP-320: a request's current leader epoch must match (FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH). */
  validateLeaderEpoch(currentLeaderEpoch: number): void {
    if (currentLeaderEpoch < 0) return;
    if (currentLeaderEpoch < this.leaderEpoch)
      throw new FencedLeaderEpochException(`The leader epoch in the request ${currentLeaderEpoch} is smaller than the current leader epoch ${this.leaderEpoch} for partition ${this.key}`);
    if (currentLeaderEpoch > this.leaderEpoch)
      throw new UnknownLeaderEpochException(`The leader epoch in the request ${currentLeaderEpoch} is larger than the current leader epoch ${this.leaderEpoch} for partition ${this.key}`);
  }

  /** The upper bound of a fetch: LEO for followers, HW for read_uncommitted consumers, LSO for read_committed. */
  static isolationFor(replicaId: number, isolationLevel: number): FetchIsolation {
    if (replicaId >= 0) return "LOG_END";
    return isolationLevel === 1 ? "TXN_COMMITTED" : "HIGH_WATERMARK";
  }

  /**
   * Partition.fetchOffsetForTimestamp (§1.7, §8.7): EARLIEST = log start; LATEST = HW (LSO for read_committed),
   * not the LEO; a timestamp = the first record at or after it, only below the HW for clients. A new leader whose
   * HW has not reached its epoch start answers OFFSET_NOT_AVAILABLE until it has.
   */
  fetchOffsetForTimestamp(timestamp: number, isolationLevel: number | null, currentLeaderEpoch: number, fetchOnlyFromLeader: boolean): TimestampAndOffset | null {
    const log = fetchOnlyFromLeader ? this.leaderLogIfLocal() : this.log;
    if (log === null) throw new NotLeaderOrFollowerException(`Leader not local for partition ${this.key} on broker ${this.ctx.brokerId}`);
    this.validateLeaderEpoch(currentLeaderEpoch);
    const lastFetchableOffset = isolationLevel === null ? log.logEndOffset : log.highWatermark; // LSO = HW until transactions
    const epochStart = this.leaderEpochStartOffsetOpt;
    if (isolationLevel !== null && epochStart !== null && epochStart > lastFetchableOffset &&
      timestamp !== EARLIEST_TIMESTAMP && timestamp !== EARLIEST_LOCAL_TIMESTAMP) {
      throw new OffsetNotAvailableException(`Failed to fetch offsets for partition ${this.key} with leader epoch ${this.leaderEpoch} as this partition's high watermark (${lastFetchableOffset}) is lagging behind the start offset from the beginning of this epoch (${epochStart}).`);
    }
    if (timestamp === LATEST_TIMESTAMP) {
      return { timestamp: -1, offset: lastFetchableOffset, leaderEpoch: log.leaderEpochCache.epochForOffset(Math.max(0, lastFetchableOffset - 1)) ?? this.leaderEpoch };
    }
    if (timestamp === MAX_TIMESTAMP || timestamp === LATEST_TIERED_TIMESTAMP || timestamp === EARLIEST_TIMESTAMP || timestamp === EARLIEST_LOCAL_TIMESTAMP) {
      return log.fetchOffsetByTimestamp(timestamp);
    }
    const found = log.fetchOffsetByTimestamp(timestamp);
    // Clients may not see offsets at or above the HW.
    if (found === null || (isolationLevel !== null && found.offset >= lastFetchableOffset)) return null;
    return found;
  }

  /**
   * Partition.lastOffsetForLeaderEpoch (OffsetForLeaderEpoch, §8.5): the end offset of `leaderEpoch` in this
   * leader's log, per the leader epoch cache.
   */
  lastOffsetForLeaderEpoch(currentLeaderEpoch: number, leaderEpoch: number, fetchOnlyFromLeader: boolean): { errorCode: number; leaderEpoch: number; endOffset: number } {
    const log = fetchOnlyFromLeader ? this.leaderLogIfLocal() : this.log;
    if (log === null) return { errorCode: Errors.NOT_LEADER_OR_FOLLOWER.code, leaderEpoch: -1, endOffset: -1 };
    try {
      this.validateLeaderEpoch(currentLeaderEpoch);
    } catch (e) {
      return { errorCode: Errors.forException(e).code, leaderEpoch: -1, endOffset: -1 };
    }
    const r = log.leaderEpochCache.endOffsetFor(leaderEpoch, log.logEndOffset);
    return { errorCode: Errors.NONE.code, leaderEpoch: r.epoch, endOffset: r.endOffset };
  }

  /** Whether the ISR equals a given list (for tests and display). */
  isrEquals(ids: readonly number[]): boolean {
    return sameMembers(this.partitionState.isr, ids);
  }

  /** A snapshot for display and invariant checks. */
  snapshot(): { leader: number; leaderEpoch: number; isr: number[]; replicas: number[]; hw: number; leo: number; logStartOffset: number; followers: { id: number; leo: number; lastCaughtUpTimeMs: number }[] } {
    return {
      leader: this.leaderReplicaIdOpt ?? -1, leaderEpoch: this.leaderEpoch, isr: [...this.partitionState.isr], replicas: [...this.assignment],
      hw: this.log?.highWatermark ?? -1, leo: this.log?.logEndOffset ?? -1, logStartOffset: this.log?.logStartOffset ?? -1,
      followers: [...this.remoteReplicas.values()].map((r) => ({ id: r.brokerId, leo: r.logEndOffset, lastCaughtUpTimeMs: r.lastCaughtUpTimeMs })),
    };
  }

  /** Drops this broker's state for the partition (StopReplica); the log is deleted by the caller when asked. */
  close(): void {
    this.leaderReplicaIdOpt = null;
    this.remoteReplicas.clear();
    this.partitionState = { isr: [], maximalIsr: [], isInflight: false };
  }
}
