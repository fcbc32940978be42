// Group and offset storage of the classic coordinator (kafka.coordinator.group.GroupMetadataManager): the cache of
// groups whose __consumer_offsets partition this broker leads, writes of group metadata and offset commits as
// records in that partition (acks = offsets.commit.required.acks, timeout offsets.commit.timeout.ms), the reload of
// a partition's groups and offsets by replaying it when this broker becomes its leader (COORDINATOR_LOAD_IN_PROGRESS
// meanwhile), the unload when it stops leading, and the periodic expiry of offsets (offsets.retention.minutes after
// the group became Empty, checked every offsets.retention.check.interval.ms).
import { Errors } from "../../protocol/Errors";
import type { PartitionProduceResponse } from "../../protocol/messages/Produce";
import type { Runtime } from "../../sim/Runtime";
import type { TimerId } from "../../sim/Scheduler";
import { CompressionType } from "../../storage/compression/CompressionType";
import { isControl, isTransactional } from "../../storage/DefaultRecordBatch";
import { recordsIn } from "../../storage/MemoryRecords";
import { buildBatch } from "../../storage/MemoryRecordsBuilder";
import type { ReplicaManager } from "../ReplicaManager";
import type { GroupCoordinatorConfig } from "./GroupCoordinatorConfig";
import { GroupMetadata, tpKey, type TopicPartitionOffset } from "./GroupMetadata";
import {
  groupMetadataKey, groupMetadataValue, offsetCommitKey, offsetCommitValue, readGroupMessageValue, readMessageKey, readOffsetMessageValue,
  type GroupMetadataValueRecord,
} from "./GroupMetadataRecords";
import { abs, javaHashCode } from "../../protocol/Utils";
import { MemberMetadata } from "./MemberMetadata";
import type { CommitRecordMetadataAndOffset, OffsetAndMetadata } from "./OffsetAndMetadata";

/** Topic.GROUP_METADATA_TOPIC_NAME */
export const GROUP_METADATA_TOPIC_NAME = "__consumer_offsets";

/** What the manager needs from the broker's ReplicaManager. */
export type OffsetsReplicaManager = Pick<ReplicaManager, "appendRecords" | "getPartition">;

/** One partition's answer to an OffsetFetch (OffsetFetchResponse.PartitionData). */
export interface OffsetFetchPartitionData {
  topic: string;
  partition: number;
  offset: number;
  leaderEpoch: number;
  metadata: string;
  error: Errors;
}

export interface GroupMetadataManagerOptions {
  runtime: Runtime;
  brokerId: number;
  nodeName: string;
  config: GroupCoordinatorConfig;
  replicaManager: OffsetsReplicaManager;
}

/** GroupMetadataManager.maybeConvertOffsetCommitError: log-append errors as the committing client sees them. */
export function maybeConvertOffsetCommitError(error: Errors): Errors {
  switch (error) {
    case Errors.UNKNOWN_TOPIC_OR_PARTITION:
    case Errors.NOT_ENOUGH_REPLICAS:
    case Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND:
      return Errors.COORDINATOR_NOT_AVAILABLE;
    case Errors.NOT_LEADER_OR_FOLLOWER:
    case Errors.KAFKA_STORAGE_ERROR:
      return Errors.NOT_COORDINATOR;
    case Errors.MESSAGE_TOO_LARGE:
    case Errors.RECORD_LIST_TOO_LARGE:
    case Errors.INVALID_FETCH_SIZE:
      return Errors.INVALID_COMMIT_OFFSET_SIZE;
    default:
      return error;
  }
}

/** The conversion storeGroup applies (a timeout asks the members to rejoin). */
function convertStoreGroupError(error: Errors): Errors {
  switch (error) {
    case Errors.UNKNOWN_TOPIC_OR_PARTITION:
    case Errors.NOT_ENOUGH_REPLICAS:
    case Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND:
      return Errors.COORDINATOR_NOT_AVAILABLE;
    case Errors.NOT_LEADER_OR_FOLLOWER:
    case Errors.KAFKA_STORAGE_ERROR:
      return Errors.NOT_COORDINATOR;
    case Errors.REQUEST_TIMED_OUT:
      return Errors.REBALANCE_IN_PROGRESS;
    case Errors.MESSAGE_TOO_LARGE:
    case Errors.RECORD_LIST_TOO_LARGE:
    case Errors.INVALID_FETCH_SIZE:
      return Errors.UNKNOWN_SERVER_ERROR;
    default:
      return error;
  }
}

export class GroupMetadataManager {
  private readonly groupMetadataCache = new Map<string, GroupMetadata>();
  private readonly loadingPartitions = new Set<number>();
  private readonly ownedPartitions = new Set<number>();
  private readonly epochForPartitionId = new Map<number, number>();
  private readonly timers: TimerId[] = [];
  private readonly compression: CompressionType;
  private shuttingDown = false;
  /** Load statistics per partition (what the "Finished loading offsets and group metadata" log line says). */
  readonly loadStats = new Map<number, { records: number; groups: number; offsets: number; tookMs: number }>();

  constructor(private readonly o: GroupMetadataManagerOptions) {
    this.compression = o.config.offsetsTopicCompressionCodec as CompressionType;
  }

  private trace(kind: string, detail: Record<string, unknown>): void {
    const t = this.o.runtime.trace;
    if (t.wants("group")) t.record(this.o.nodeName, kind, detail);
  }

  /** GroupMetadataManager.startup: the offsets expiration task ("delete-expired-group-metadata"). */
  startup(enableMetadataExpiration = true): void {
    this.shuttingDown = false;
    if (enableMetadataExpiration) {
      this.timers.push(this.o.runtime.every(this.o.config.offsetsRetentionCheckIntervalMs, () => this.cleanupGroupMetadata(),
        this.o.nodeName, "delete-expired-group-metadata"));
    }
  }

  shutdown(): void {
    this.shuttingDown = true;
    for (const t of this.timers) this.o.runtime.cancel(t);
    this.timers.length = 0;
    this.groupMetadataCache.clear();
    this.loadingPartitions.clear();
    this.ownedPartitions.clear();
  }

  // ------------------------------------------------------------------------------------------------ ownership

  /** GroupMetadataManager.partitionFor: Utils.abs(groupId.hashCode) % offsets.topic.num.partitions. */
  partitionFor(groupId: string): number {
    return abs(javaHashCode(groupId)) % this.o.config.offsetsTopicPartitions;
  }

  isPartitionOwned(partition: number): boolean {
    return this.ownedPartitions.has(partition);
  }

  isPartitionLoading(partition: number): boolean {
    return this.loadingPartitions.has(partition);
  }

  isGroupLocal(groupId: string): boolean {
    return this.isPartitionOwned(this.partitionFor(groupId));
  }

  isGroupLoading(groupId: string): boolean {
    return this.isPartitionLoading(this.partitionFor(groupId));
  }

  get isLoading(): boolean {
    return this.loadingPartitions.size > 0;
  }

  ownedPartitionIds(): number[] {
    return [...this.ownedPartitions].sort((a, b) => a - b);
  }

  /** A group this coordinator owns that does not exist (or is Dead). */
  groupNotExists(groupId: string): boolean {
    if (!this.isGroupLocal(groupId)) return false;
    const g = this.groupMetadataCache.get(groupId);
    return g === undefined || g.is("Dead");
  }

  getGroup(groupId: string): GroupMetadata | null {
    return this.groupMetadataCache.get(groupId) ?? null;
  }

  /** GroupMetadataManager.getOrMaybeCreateGroup: a new Empty group only when asked to create it. */
  getOrMaybeCreateGroup(groupId: string, createIfNotExist: boolean): GroupMetadata | null {
    const g = this.groupMetadataCache.get(groupId);
    if (g !== undefined) return g;
    if (!createIfNotExist) return null;
    return this.addGroup(new GroupMetadata(groupId, "Empty", () => this.o.runtime.now()));
  }

  addGroup(group: GroupMetadata): GroupMetadata {
    const cur = this.groupMetadataCache.get(group.groupId);
    if (cur !== undefined) return cur;
    this.groupMetadataCache.set(group.groupId, group);
    return group;
  }

  currentGroups(): GroupMetadata[] {
    return [...this.groupMetadataCache.values()];
  }

  /** GroupMetadataManager.maybeUpdateCoordinatorEpoch: true unless `epoch` is older than the one already seen. */
  private maybeUpdateCoordinatorEpoch(partition: number, epoch: number | null): boolean {
    const cur = this.epochForPartitionId.get(partition);
    let updated = cur;
    if (cur === undefined) updated = epoch ?? undefined;
    else if (epoch !== null && epoch > cur) updated = epoch;
    if (updated !== undefined) this.epochForPartitionId.set(partition, updated);
    return epoch === null || epoch === updated;
  }

  private offsetsTopicPartition(partition: number): string {
    return `${GROUP_METADATA_TOPIC_NAME}-${partition}`;
  }

  /** getMagic: the offsets partition is local and led here (else the coordinator answers NOT_COORDINATOR). */
  private isLocalLeader(partition: number): boolean {
    return this.o.replicaManager.getPartition(this.offsetsTopicPartition(partition))?.isLeader === true;
  }

  // ------------------------------------------------------------------------------------------------- writes

  private appendForGroup(partition: number, records: Buffer, requiredAcks: number, cb: (r: PartitionProduceResponse) => void): void {
    const key = this.offsetsTopicPartition(partition);
    this.o.replicaManager.appendRecords(this.o.config.offsetCommitTimeoutMs, requiredAcks, [{ topic: GROUP_METADATA_TOPIC_NAME, partition, records }], (responses) => {
      const r = responses.get(key);
      cb(r ?? { index: partition, errorCode: Errors.UNKNOWN_TOPIC_OR_PARTITION.code, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1, recordErrors: [], errorMessage: null });
    });
  }

  /** The GroupMetadataValue of a group and an assignment (GroupMetadataManager.groupMetadataValue). */
  groupMetadataRecordValue(group: GroupMetadata, assignment: ReadonlyMap<string, Buffer>): GroupMetadataValueRecord {
    const protocol = group.protocolName;
    return {
      protocolType: group.protocolType ?? "",
      generation: group.generationId,
      protocol,
      leader: group.leaderOrNull,
      currentStateTimestamp: group.currentStateTimestampOrDefault,
      members: group.allMemberMetadata().map((m) => {
        const a = assignment.get(m.memberId);
        if (a === undefined) throw new Error(`Attempted to write member ${m.memberId} of group ${group.groupId} with no assignment.`);
        return {
          memberId: m.memberId, groupInstanceId: m.groupInstanceId, clientId: m.clientId, clientHost: m.clientHost,
          rebalanceTimeout: m.rebalanceTimeoutMs, sessionTimeout: m.sessionTimeoutMs,
          subscription: protocol === null ? Buffer.alloc(0) : m.metadata(protocol), assignment: a,
        };
      }),
    };
  }

  /** GroupMetadataManager.storeGroup: one GroupMetadata record with every member and its assignment. */
  storeGroup(group: GroupMetadata, assignment: ReadonlyMap<string, Buffer>, cb: (error: Errors) => void): void {
    const partition = this.partitionFor(group.groupId);
    if (!this.isLocalLeader(partition)) {
      cb(Errors.NOT_COORDINATOR);
      return;
    }
    const now = this.o.runtime.now();
    const value = groupMetadataValue(this.groupMetadataRecordValue(group, assignment));
    const records = buildBatch([{ timestamp: now, key: groupMetadataKey(group.groupId), value }], { compression: this.compression });
    const generation = group.generationId;
    this.appendForGroup(partition, records, this.o.config.offsetCommitRequiredAcks, (r) => {
      const error = Errors.forCode(r.errorCode);
      if (error !== Errors.NONE) this.trace("group.storeGroupFailed", { group: group.groupId, generation, error: error.name });
      cb(error === Errors.NONE ? Errors.NONE : convertStoreGroupError(error));
    });
  }

  validateOffsetMetadataLength(metadata: string | null): boolean {
    return metadata === null || metadata.length <= this.o.config.offsetMetadataMaxSize;
  }

  /**
   * GroupMetadataManager.storeOffsets: partitions whose metadata exceeds offset.metadata.max.bytes answer
   * OFFSET_METADATA_TOO_LARGE; the rest go into one batch of OffsetCommit records, cached once appended.
   */
  storeOffsets(group: GroupMetadata, memberId: string, offsets: readonly TopicPartitionOffset[], cb: (errors: Map<string, Errors>) => void): void {
    const valid = offsets.filter((o) => this.validateOffsetMetadataLength(o.offset.metadata));
    const finish = (status: Errors): void => {
      const out = new Map<string, Errors>();
      for (const o of offsets) out.set(tpKey(o.topic, o.partition), this.validateOffsetMetadataLength(o.offset.metadata) ? status : Errors.OFFSET_METADATA_TOO_LARGE);
      cb(out);
    };
    if (valid.length === 0) {
      finish(Errors.NONE);
      return;
    }
    const partition = this.partitionFor(group.groupId);
    if (!this.isLocalLeader(partition)) {
      finish(Errors.NOT_COORDINATOR);
      return;
    }
    const now = this.o.runtime.now();
    const records = buildBatch(valid.map((o) => ({ timestamp: now, key: offsetCommitKey(group.groupId, o.topic, o.partition), value: offsetCommitValue(o.offset) })),
      { compression: this.compression });
    group.prepareOffsetCommit(valid);
    this.appendForGroup(partition, records, this.o.config.offsetCommitRequiredAcks, (r) => {
      const error = Errors.forCode(r.errorCode);
      if (error === Errors.NONE) {
        if (!group.is("Dead")) for (const o of valid) group.onOffsetCommitAppend(o.topic, o.partition, { appendedBatchOffset: r.baseOffset, offsetAndMetadata: o.offset });
        this.trace("group.offsetCommit", { group: group.groupId, member: memberId, partition, offsets: valid.map((o) => `${o.topic}-${o.partition}@${o.offset.offset}`) });
        finish(Errors.NONE);
      } else {
        if (!group.is("Dead")) for (const o of valid) group.failPendingOffsetWrite(o.topic, o.partition, o.offset);
        this.trace("group.offsetCommitFailed", { group: group.groupId, member: memberId, error: error.name });
        finish(maybeConvertOffsetCommitError(error));
      }
    });
  }

  /**
   * GroupMetadataManager.getOffsets: the committed offsets of the partitions asked (all when null); -1 and ""
   * for a partition without one, and for a group this coordinator does not know.
   */
  getOffsets(groupId: string, partitions: readonly { topic: string; partition: number }[] | null): OffsetFetchPartitionData[] {
    const group = this.groupMetadataCache.get(groupId);
    const none = (topic: string, partition: number): OffsetFetchPartitionData => ({ topic, partition, offset: -1, leaderEpoch: -1, metadata: "", error: Errors.NONE });
    if (group === undefined || group.is("Dead")) return (partitions ?? []).map((p) => none(p.topic, p.partition));
    const of = (topic: string, partition: number, o: OffsetAndMetadata | null): OffsetFetchPartitionData =>
      o === null ? none(topic, partition) : { topic, partition, offset: o.offset, leaderEpoch: o.leaderEpoch, metadata: o.metadata, error: Errors.NONE };
    if (partitions === null) return group.allOffsets().map((o) => of(o.topic, o.partition, o.offset));
    return partitions.map((p) => of(p.topic, p.partition, group.offset(p.topic, p.partition)));
  }

  // --------------------------------------------------------------------------------------------- load / unload

  /**
   * GroupMetadataManager.scheduleLoadGroupAndOffsets: this broker now leads partition `partition` of
   * __consumer_offsets in `epoch`; its groups answer COORDINATOR_LOAD_IN_PROGRESS until the replay finishes.
   */
  scheduleLoadGroupAndOffsets(partition: number, epoch: number, onGroupLoaded: (g: GroupMetadata) => void): void {
    if (!this.maybeUpdateCoordinatorEpoch(partition, epoch)) {
      this.trace("group.loadSkipped", { partition, epoch, current: this.epochForPartitionId.get(partition) });
      return;
    }
    if (this.ownedPartitions.has(partition) || this.loadingPartitions.has(partition)) return;
    this.loadingPartitions.add(partition);
    const start = this.o.runtime.now();
    this.trace("group.loadScheduled", { partition, epoch });
    this.o.runtime.schedule(0, () => this.loadGroupsAndOffsets(partition, epoch, onGroupLoaded, start), this.o.nodeName, "group-metadata-load");
  }

  private loadGroupsAndOffsets(partition: number, epoch: number, onGroupLoaded: (g: GroupMetadata) => void, startMs: number): void {
    if (this.shuttingDown || !this.loadingPartitions.has(partition) || this.epochForPartitionId.get(partition) !== epoch) return;
    try {
      this.doLoadGroupsAndOffsets(partition, onGroupLoaded, startMs);
    } finally {
      this.ownedPartitions.add(partition);
      this.loadingPartitions.delete(partition);
    }
  }

  /**
   * GroupMetadataManager.doLoadGroupsAndOffsets: replays the partition from its log start to its log end; the last
   * record per key wins, tombstones remove. Groups with members come back Stable (heartbeats restart), the others
   * Empty; offsets without a group record make an Empty group (standalone commits).
   */
  private doLoadGroupsAndOffsets(partition: number, onGroupLoaded: (g: GroupMetadata) => void, startMs: number): void {
    const p = this.o.replicaManager.getPartition(this.offsetsTopicPartition(partition));
    const log = p?.log ?? null;
    const loadedOffsets = new Map<string, Map<string, { topic: string; partition: number; commit: CommitRecordMetadataAndOffset }>>();
    const loadedGroups = new Map<string, GroupMetadataValueRecord>();
    const removedGroups = new Set<string>();
    let records = 0;
    if (log !== null) {
      let offset = log.logStartOffset;
      const end = log.logEndOffset;
      while (offset < end) {
        const data = log.read(offset, 5242880, "LOG_END", true).records;
        if (data.length === 0) break;
        let next = offset;
        for (const { batch, record } of recordsIn(data)) {
          next = Math.max(next, record.offset + 1);
          if (record.offset < offset) continue;
          // Control records and transactional offset commits (not modelled yet) are skipped.
          if (isControl(batch) || isTransactional(batch)) continue;
          if (record.key === null) continue;
          records++;
          const key = readMessageKey(record.key);
          if (key.kind === "offset") {
            let m = loadedOffsets.get(key.group);
            if (m === undefined) loadedOffsets.set(key.group, (m = new Map()));
            const k = tpKey(key.topic, key.partition);
            const value = readOffsetMessageValue(record.value);
            if (value === null) m.delete(k);
            else m.set(k, { topic: key.topic, partition: key.partition, commit: { appendedBatchOffset: batch.baseOffset, offsetAndMetadata: value } });
          } else {
            const value = readGroupMessageValue(record.value);
            if (value === null) {
              loadedGroups.delete(key.group);
              removedGroups.add(key.group);
            } else {
              loadedGroups.set(key.group, value);
              removedGroups.delete(key.group);
            }
          }
        }
        if (next <= offset) break;
        offset = next;
      }
    }
    let offsetsCount = 0;
    const now = (): number => this.o.runtime.now();
    for (const [groupId, value] of loadedGroups) {
      const offsets = loadedOffsets.get(groupId);
      loadedOffsets.delete(groupId);
      const group = loadGroup(groupId, value, now);
      if (offsets !== undefined) {
        group.initializeOffsets(offsets.values());
        offsetsCount += offsets.size;
      }
      this.loadGroup(group, onGroupLoaded);
    }
    for (const [groupId, offsets] of loadedOffsets) {
      if (offsets.size === 0) continue;
      // Offsets without group metadata: a group that only commits (assign() or an admin reset).
      const group = new GroupMetadata(groupId, "Empty", now);
      group.initializeOffsets(offsets.values());
      offsetsCount += offsets.size;
      this.loadGroup(group, onGroupLoaded);
    }
    for (const groupId of removedGroups) {
      const g = this.groupMetadataCache.get(groupId);
      if (g !== undefined && !loadedGroups.has(groupId)) this.trace("group.loadRemovedGroupConflict", { group: groupId });
    }
    const tookMs = this.o.runtime.now() - startMs;
    this.loadStats.set(partition, { records, groups: loadedGroups.size, offsets: offsetsCount, tookMs });
    this.trace("group.loaded", { partition: this.offsetsTopicPartition(partition), records, groups: loadedGroups.size, offsets: offsetsCount });
  }

  private loadGroup(group: GroupMetadata, onGroupLoaded: (g: GroupMetadata) => void): void {
    const current = this.addGroup(group);
    if (current !== group) {
      // A group created while loading (e.g. a commit that raced the load): Kafka keeps the cached one.
      this.trace("group.loadConflict", { group: group.groupId });
      return;
    }
    onGroupLoaded(group);
  }

  /**
   * GroupMetadataManager.removeGroupsForPartition: this broker no longer leads the partition; its groups are
   * unloaded (members parked in JoinGroup/SyncGroup get NOT_COORDINATOR) and forgotten.
   */
  removeGroupsForPartition(partition: number, epoch: number | null, onGroupUnloaded: (g: GroupMetadata) => void): void {
    if (!this.maybeUpdateCoordinatorEpoch(partition, epoch)) return;
    const wasOwned = this.ownedPartitions.delete(partition);
    const wasLoading = this.loadingPartitions.delete(partition);
    let removed = 0;
    for (const g of [...this.groupMetadataCache.values()]) {
      if (this.partitionFor(g.groupId) !== partition) continue;
      onGroupUnloaded(g);
      this.groupMetadataCache.delete(g.groupId);
      removed++;
    }
    if (wasOwned || wasLoading || removed > 0) this.trace("group.unloaded", { partition: this.offsetsTopicPartition(partition), groups: removed });
  }

  // ----------------------------------------------------------------------------------------------- expiration

  /**
   * GroupMetadataManager.cleanupGroupMetadata: removes offsets chosen by `selector` (by default the expired ones);
   * a group left Empty without offsets becomes Dead and is dropped; tombstones for both are appended to the
   * group's partition. Returns the number of offsets removed.
   */
  cleanupGroupMetadata(groups: readonly GroupMetadata[] = this.currentGroups(),
    selector: (g: GroupMetadata) => TopicPartitionOffset[] = (g) => g.removeExpiredOffsets(this.o.runtime.now(), this.o.config.offsetsRetentionMs)): number {
    let removedTotal = 0;
    const now = this.o.runtime.now();
    for (const group of groups) {
      const groupId = group.groupId;
      const removed = selector(group);
      let groupIsDead = false;
      if (group.is("Empty") && !group.hasOffsets) {
        group.transitionTo("Dead");
        if (this.groupMetadataCache.get(groupId) === group) this.groupMetadataCache.delete(groupId);
        groupIsDead = true;
      }
      removedTotal += removed.length;
      if (removed.length === 0 && !groupIsDead) continue;
      const partition = this.partitionFor(groupId);
      if (!this.isGroupLocal(groupId) || !this.isLocalLeader(partition)) continue;
      const tombstones = removed.map((o) => ({ timestamp: now, key: offsetCommitKey(groupId, o.topic, o.partition), value: null }));
      if (groupIsDead) tombstones.push({ timestamp: now, key: groupMetadataKey(groupId), value: null });
      const batch = buildBatch(tombstones, { compression: this.compression });
      this.appendForGroup(partition, batch, 0, (r) => {
        if (r.errorCode !== 0) this.trace("group.tombstonesFailed", { group: groupId, error: Errors.forCode(r.errorCode).name });
      });
      this.trace("group.cleanup", { group: groupId, offsetsRemoved: removed.length, groupRemoved: groupIsDead });
    }
    return removedTotal;
  }
}

/** GroupMetadata.loadGroup: a group rebuilt from its last GroupMetadata record (Empty without members, else Stable). */
export function loadGroup(groupId: string, value: GroupMetadataValueRecord, now: () => number): GroupMetadata {
  const group = new GroupMetadata(groupId, value.members.length === 0 ? "Empty" : "Stable", now);
  group.generationId = value.generation;
  group.protocolType = value.protocolType === "" ? null : value.protocolType;
  group.protocolName = value.protocol;
  group.currentStateTimestamp = value.currentStateTimestamp === -1 ? null : value.currentStateTimestamp;
  for (const m of value.members) {
    const member = new MemberMetadata(m.memberId, m.groupInstanceId, m.clientId, m.clientHost, m.rebalanceTimeout, m.sessionTimeout,
      value.protocolType, value.protocol === null ? [] : [{ name: value.protocol, metadata: m.subscription }]);
    member.assignment = m.assignment;
    group.add(member, null);
  }
  group.forceLeader(value.leader);
  group.refreshSubscribedTopics();
  return group;
}
