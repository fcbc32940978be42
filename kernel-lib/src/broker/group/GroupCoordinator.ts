// The classic group coordinator (kafka.coordinator.group.GroupCoordinator, Kafka 3.9): group membership (JoinGroup
// with KIP-394's MEMBER_ID_REQUIRED, SyncGroup, Heartbeat, LeaveGroup, static membership KIP-345), the rebalance
// state machine with its delayed operations (DelayedJoin/InitialDelayedJoin, DelayedSync, DelayedHeartbeat on the
// runtime's timers), offset commits with Kafka's validation, offset fetches, and the group admin APIs. Every request
// first passes validateGroupStatus: INVALID_GROUP_ID, COORDINATOR_NOT_AVAILABLE (not started),
// COORDINATOR_LOAD_IN_PROGRESS (the group's __consumer_offsets partition is being replayed), NOT_COORDINATOR.
import { Errors } from "../../protocol/Errors";
import type { Runtime } from "../../sim/Runtime";
import type { SeededRandom } from "../../sim/SeededRandom";
import { IllegalStateException } from "../../sim/errors";
import { DelayedOperationPurgatory } from "../DelayedOperationPurgatory";
import { DelayedHeartbeat, memberKey } from "./DelayedHeartbeat";
import { DelayedJoin, InitialDelayedJoin, groupJoinKey } from "./DelayedJoin";
import { DelayedSync, groupSyncKey } from "./DelayedSync";
import type { GroupCoordinatorConfig } from "./GroupCoordinatorConfig";
import { GroupMetadata, tpKey, type GroupOverview, type GroupSummary, type TopicPartitionOffset } from "./GroupMetadata";
import { GROUP_METADATA_TOPIC_NAME, type GroupMetadataManager, type OffsetFetchPartitionData } from "./GroupMetadataManager";
import {
  joinError, syncError, UNKNOWN_MEMBER_ID, type JoinCallback, type JoinGroupResult, type LeaveGroupResult, type LeaveMemberResponse,
  type SyncCallback,
} from "./GroupResults";
import type { GroupState } from "./GroupState";
import { MemberMetadata, type Protocol } from "./MemberMetadata";

/** GroupCoordinator.NewMemberJoinTimeoutMs: a new member parked in JoinGroup is dropped after 5 minutes. */
export const NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60 * 1000;

/** The APIs whose group-id check differs (GroupCoordinator.isValidGroupId). */
export type GroupApi = "JoinGroup" | "SyncGroup" | "Heartbeat" | "LeaveGroup" | "OffsetCommit" | "OffsetFetch" | "DescribeGroups" | "DeleteGroups";

export interface JoinGroupParams {
  groupId: string;
  memberId: string;
  groupInstanceId: string | null;
  /** JoinGroup v4+: a new member must first learn its id (MEMBER_ID_REQUIRED). */
  requireKnownMemberId: boolean;
  /** JoinGroup v9+: a static leader rejoining a Stable group may skip the assignment. */
  supportSkippingAssignment: boolean;
  clientId: string;
  clientHost: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  protocolType: string;
  protocols: Protocol[];
  reason?: string | null;
}

export interface SyncGroupParams {
  groupId: string;
  generationId: number;
  memberId: string;
  protocolType: string | null;
  protocolName: string | null;
  groupInstanceId: string | null;
  /** The leader's assignments (empty for followers). */
  assignments: ReadonlyMap<string, Buffer>;
}

/** One partition's commit: topic, partition and the offset with its metadata. */
export type OffsetCommitEntry = TopicPartitionOffset;

export interface GroupCoordinatorOptions {
  runtime: Runtime;
  brokerId: number;
  nodeName: string;
  config: GroupCoordinatorConfig;
  groupManager: GroupMetadataManager;
  /** Member ids' UUIDs (default: the runtime's random forked for this broker). */
  random?: SeededRandom;
}

export class GroupCoordinator {
  readonly heartbeatPurgatory: DelayedOperationPurgatory<DelayedHeartbeat>;
  readonly rebalancePurgatory: DelayedOperationPurgatory<DelayedJoin | DelayedSync>;
  readonly groupManager: GroupMetadataManager;
  private readonly config: GroupCoordinatorConfig;
  private readonly random: SeededRandom;
  private active = false;
  /** group-completed-rebalance-count */
  completedRebalances = 0;

  constructor(private readonly o: GroupCoordinatorOptions) {
    this.config = o.config;
    this.groupManager = o.groupManager;
    this.random = o.random ?? o.runtime.random.fork("GroupCoordinator").fork(o.nodeName);
    this.heartbeatPurgatory = new DelayedOperationPurgatory("Heartbeat", o.runtime, o.nodeName);
    this.rebalancePurgatory = new DelayedOperationPurgatory("Rebalance", o.runtime, o.nodeName);
  }

  private trace(kind: string, detail: Record<string, unknown>): void {
    const t = this.o.runtime.trace;
    if (t.wants("group")) t.record(this.o.nodeName, kind, detail);
  }

  get isActive(): boolean {
    return this.active;
  }

  startup(enableMetadataExpiration = true): void {
    this.groupManager.startup(enableMetadataExpiration);
    this.active = true;
  }

  /** Shutdown: nothing is answered any more (a crash cancels the timers through the runtime owner as well). */
  shutdown(): void {
    this.active = false;
    this.groupManager.shutdown();
    this.heartbeatPurgatory.clear();
    this.rebalancePurgatory.clear();
  }

  partitionFor(groupId: string): number {
    return this.groupManager.partitionFor(groupId);
  }

  // ---------------------------------------------------------------------------------------------- validation

  private isValidGroupId(groupId: string | null, api: GroupApi): boolean {
    if (api === "OffsetCommit" || api === "OffsetFetch" || api === "DescribeGroups" || api === "DeleteGroups") return groupId !== null;
    return groupId !== null && groupId !== "";
  }

  /** GroupCoordinator.validateGroupStatus */
  private validateGroupStatus(groupId: string, api: GroupApi): Errors | null {
    if (!this.isValidGroupId(groupId, api)) return Errors.INVALID_GROUP_ID;
    if (!this.active) return Errors.COORDINATOR_NOT_AVAILABLE;
    if (this.groupManager.isGroupLoading(groupId)) return Errors.COORDINATOR_LOAD_IN_PROGRESS;
    if (!this.groupManager.isGroupLocal(groupId)) return Errors.NOT_COORDINATOR;
    return null;
  }

  /** GroupCoordinator.validateCurrentMember: a static member's instance id must map to this member id (else fenced). */
  private validateCurrentMember(group: GroupMetadata, memberId: string, groupInstanceId: string | null, operation: string): Errors | null {
    if (groupInstanceId !== null) {
      const current = group.currentStaticMemberId(groupInstanceId);
      if (current === null) return Errors.UNKNOWN_MEMBER_ID;
      if (current !== memberId) {
        this.trace("group.fenced", { group: group.groupId, memberId, groupInstanceId, current, operation });
        return Errors.FENCED_INSTANCE_ID;
      }
      return null;
    }
    return group.has(memberId) ? null : Errors.UNKNOWN_MEMBER_ID;
  }

  /** GroupCoordinator.acceptJoiningMember: group.max.size. */
  private acceptJoiningMember(group: GroupMetadata, memberId: string): boolean {
    switch (group.currentState) {
      case "Empty":
      case "Dead":
        return true;
      case "PreparingRebalance":
        return (group.has(memberId) && group.get(memberId).isAwaitingJoin) || group.numAwaiting < this.config.groupMaxSize;
      default:
        return group.has(memberId) || group.size < this.config.groupMaxSize;
    }
  }

  // ----------------------------------------------------------------------------------------------- JoinGroup

  /** GroupCoordinator.handleJoinGroup */
  handleJoinGroup(p: JoinGroupParams, cb: JoinCallback): void {
    const statusError = this.validateGroupStatus(p.groupId, "JoinGroup");
    if (statusError !== null) {
      cb(joinError(p.memberId, statusError));
      return;
    }
    if (p.sessionTimeoutMs < this.config.groupMinSessionTimeoutMs || p.sessionTimeoutMs > this.config.groupMaxSessionTimeoutMs) {
      cb(joinError(p.memberId, Errors.INVALID_SESSION_TIMEOUT));
      return;
    }
    const isUnknownMember = p.memberId === UNKNOWN_MEMBER_ID;
    const group = this.groupManager.getOrMaybeCreateGroup(p.groupId, isUnknownMember);
    if (group === null) {
      cb(joinError(p.memberId, Errors.UNKNOWN_MEMBER_ID));
      return;
    }
    const reason = p.reason ?? "not provided";
    if (!this.acceptJoiningMember(group, p.memberId)) {
      group.remove(p.memberId);
      cb(joinError(UNKNOWN_MEMBER_ID, Errors.GROUP_MAX_SIZE_REACHED));
    } else if (isUnknownMember) {
      this.doNewMemberJoinGroup(group, p, cb, reason);
    } else {
      this.doCurrentMemberJoinGroup(group, p, cb, reason);
    }
    if (group.is("PreparingRebalance")) this.rebalancePurgatory.checkAndComplete(groupJoinKey(group.groupId));
  }

  private doNewMemberJoinGroup(group: GroupMetadata, p: JoinGroupParams, cb: JoinCallback, reason: string): void {
    if (group.is("Dead")) {
      cb(joinError(UNKNOWN_MEMBER_ID, Errors.COORDINATOR_NOT_AVAILABLE));
      return;
    }
    if (!group.supportsProtocols(p.protocolType, new Set(p.protocols.map((x) => x.name)))) {
      cb(joinError(UNKNOWN_MEMBER_ID, Errors.INCONSISTENT_GROUP_PROTOCOL));
      return;
    }
    const newMemberId = group.generateMemberId(p.clientId, p.groupInstanceId, this.random);
    if (p.groupInstanceId !== null) {
      const oldMemberId = group.currentStaticMemberId(p.groupInstanceId);
      if (oldMemberId !== null) this.updateStaticMemberAndRebalance(group, oldMemberId, newMemberId, p, cb, reason);
      else this.addMemberAndRebalance(group, p, newMemberId, cb, reason);
    } else if (p.requireKnownMemberId) {
      // KIP-394: remember the id, ask the member to come back with it.
      group.addPendingMember(newMemberId);
      this.addPendingMemberExpiration(group, newMemberId, p.sessionTimeoutMs);
      this.trace("group.memberIdRequired", { group: group.groupId, memberId: newMemberId });
      cb(joinError(newMemberId, Errors.MEMBER_ID_REQUIRED));
    } else {
      this.addMemberAndRebalance(group, p, newMemberId, cb, reason);
    }
  }

  private doCurrentMemberJoinGroup(group: GroupMetadata, p: JoinGroupParams, cb: JoinCallback, reason: string): void {
    const memberId = p.memberId;
    if (group.is("Dead")) {
      cb(joinError(memberId, Errors.COORDINATOR_NOT_AVAILABLE));
      return;
    }
    if (!group.supportsProtocols(p.protocolType, new Set(p.protocols.map((x) => x.name)))) {
      cb(joinError(memberId, Errors.INCONSISTENT_GROUP_PROTOCOL));
      return;
    }
    if (group.isPendingMember(memberId)) {
      if (p.groupInstanceId !== null) throw new IllegalStateException(`Received unexpected JoinGroup with groupInstanceId=${p.groupInstanceId} for pending member with memberId=${memberId}`);
      this.addMemberAndRebalance(group, p, memberId, cb, reason);
      return;
    }
    const memberError = this.validateCurrentMember(group, memberId, p.groupInstanceId, "join-group");
    if (memberError !== null) {
      cb(joinError(memberId, memberError));
      return;
    }
    const member = group.get(memberId);
    switch (group.currentState) {
      case "PreparingRebalance":
        this.updateMemberAndRebalance(group, member, p, `Member ${memberId} joining group during PreparingRebalance; client reason: ${reason}`, cb);
        return;
      case "CompletingRebalance":
        if (member.matches(p.protocols)) {
          // Same metadata (it may have missed the JoinGroup response): answer with the current generation.
          cb(this.currentJoinResult(group, memberId, group.isLeader(memberId)));
        } else {
          this.updateMemberAndRebalance(group, member, p, `Updating metadata for member ${memberId} during CompletingRebalance; client reason: ${reason}`, cb);
        }
        return;
      case "Stable":
        if (group.isLeader(memberId)) {
          // The leader rejoining forces a rebalance (e.g. it saw new partitions in the metadata).
          this.updateMemberAndRebalance(group, member, p, `Leader ${memberId} re-joining group during Stable; client reason: ${reason}`, cb);
        } else if (!member.matches(p.protocols)) {
          this.updateMemberAndRebalance(group, member, p, `Updating metadata for member ${memberId} during Stable; client reason: ${reason}`, cb);
        } else {
          cb(this.currentJoinResult(group, memberId, false));
        }
        return;
      default:
        cb(joinError(memberId, Errors.UNKNOWN_MEMBER_ID));
    }
  }

  private currentJoinResult(group: GroupMetadata, memberId: string, withMembers: boolean): JoinGroupResult {
    return {
      members: withMembers ? group.currentMemberMetadata() : [], memberId, generationId: group.generationId,
      protocolType: group.protocolType, protocolName: group.protocolName, leaderId: group.leaderOrNull ?? "", skipAssignment: false, error: Errors.NONE,
    };
  }

  private addMemberAndRebalance(group: GroupMetadata, p: JoinGroupParams, memberId: string, cb: JoinCallback, reason: string): void {
    const member = new MemberMetadata(memberId, p.groupInstanceId, p.clientId, p.clientHost, p.rebalanceTimeoutMs, p.sessionTimeoutMs, p.protocolType, p.protocols);
    member.isNew = true;
    // A member joining the first rebalance of a new group extends InitialDelayedJoin's wait.
    if (group.is("PreparingRebalance") && group.generationId === 0) group.newMemberAdded = true;
    group.add(member, cb);
    // New members cannot heartbeat yet; they expire if they stay parked longer than NewMemberJoinTimeoutMs.
    this.completeAndScheduleNextExpiration(group, member, NEW_MEMBER_JOIN_TIMEOUT_MS);
    this.trace("group.memberAdded", { group: group.groupId, memberId, clientId: p.clientId, groupInstanceId: p.groupInstanceId });
    this.maybePrepareRebalance(group, `Adding new member ${memberId} with group instance id ${p.groupInstanceId ?? "None"}; client reason: ${reason}`);
  }

  /** KIP-345: a known static member rejoined with an unknown member id. */
  private updateStaticMemberAndRebalance(group: GroupMetadata, oldMemberId: string, newMemberId: string, p: JoinGroupParams, cb: JoinCallback, reason: string): void {
    const instanceId = p.groupInstanceId!;
    const currentLeader = group.leaderOrNull ?? "";
    const member = group.replaceStaticMember(instanceId, oldMemberId, newMemberId);
    this.completeAndScheduleNextHeartbeatExpiration(group, member);
    const oldProtocols = member.supportedProtocols;
    const oldRebalanceTimeoutMs = member.rebalanceTimeoutMs;
    const oldSessionTimeoutMs = member.sessionTimeoutMs;
    group.updateMember(member, p.protocols, p.rebalanceTimeoutMs, p.sessionTimeoutMs, cb);
    switch (group.currentState) {
      case "Stable": {
        if (group.protocolName === group.selectProtocol()) {
          // No rebalance: persist the new member id and hand back the current generation.
          const assignment = new Map(group.allMemberMetadata().map((m) => [m.memberId, m.assignment] as const));
          this.groupManager.storeGroup(group, assignment, (error) => {
            if (error !== Errors.NONE) {
              group.updateMember(member, oldProtocols, oldRebalanceTimeoutMs, oldSessionTimeoutMs, null);
              const old = group.replaceStaticMember(instanceId, newMemberId, oldMemberId);
              this.completeAndScheduleNextHeartbeatExpiration(group, old);
              cb({ members: [], memberId: UNKNOWN_MEMBER_ID, generationId: group.generationId, protocolType: group.protocolType,
                protocolName: group.protocolName, leaderId: currentLeader, skipAssignment: false, error });
              return;
            }
            const isLeader = group.isLeader(newMemberId);
            const skip = p.supportSkippingAssignment && isLeader;
            group.maybeInvokeJoinCallback(member, {
              members: skip ? group.currentMemberMetadata() : [], memberId: newMemberId, generationId: group.generationId,
              protocolType: group.protocolType, protocolName: group.protocolName,
              leaderId: skip ? (group.leaderOrNull ?? "") : currentLeader, skipAssignment: skip, error: Errors.NONE,
            });
          });
        } else {
          this.maybePrepareRebalance(group, `Group's selectedProtocol will change because static member ${newMemberId} with instance id ${instanceId} joined with change of protocol; client reason: ${reason}`);
        }
        return;
      }
      case "CompletingRebalance":
        this.prepareRebalance(group, `Updating metadata for static member ${newMemberId} with instance id ${instanceId}; client reason: ${reason}`);
        return;
      case "PreparingRebalance":
        return;
      default:
        throw new IllegalStateException(`Group ${group.groupId} was not supposed to be in the state ${group.currentState} when the unknown static member ${instanceId} rejoins.`);
    }
  }

  private updateMemberAndRebalance(group: GroupMetadata, member: MemberMetadata, p: JoinGroupParams, reason: string, cb: JoinCallback): void {
    group.updateMember(member, p.protocols, p.rebalanceTimeoutMs, p.sessionTimeoutMs, cb);
    this.maybePrepareRebalance(group, reason);
  }

  private maybePrepareRebalance(group: GroupMetadata, reason: string): void {
    if (group.canRebalance) this.prepareRebalance(group, reason);
  }

  /**
   * GroupCoordinator.prepareRebalance: members parked in SyncGroup are told REBALANCE_IN_PROGRESS; an Empty group
   * waits group.initial.rebalance.delay.ms (InitialDelayedJoin), any other the rebalance timeout (DelayedJoin).
   */
  prepareRebalance(group: GroupMetadata, reason: string): void {
    if (group.is("CompletingRebalance")) this.resetAndPropagateAssignmentError(group, Errors.REBALANCE_IN_PROGRESS);
    this.removeSyncExpiration(group);
    const delayed = group.is("Empty")
      ? new InitialDelayedJoin(this, this.rebalancePurgatory as DelayedOperationPurgatory<DelayedJoin>, group, this.config.groupInitialRebalanceDelayMs,
        this.config.groupInitialRebalanceDelayMs, Math.max(group.rebalanceTimeoutMs - this.config.groupInitialRebalanceDelayMs, 0))
      : new DelayedJoin(this, group, group.rebalanceTimeoutMs);
    const previous = group.currentState;
    group.transitionTo("PreparingRebalance");
    this.trace("group.preparingRebalance", { group: group.groupId, from: previous, generation: group.generationId,
      partition: `${GROUP_METADATA_TOPIC_NAME}-${this.partitionFor(group.groupId)}`, reason });
    this.rebalancePurgatory.tryCompleteElseWatch(delayed, [groupJoinKey(group.groupId)]);
  }

  private removeMemberAndUpdateGroup(group: GroupMetadata, member: MemberMetadata, reason: string): void {
    // A new member may still be parked in JoinGroup: answer it so that it retries.
    group.maybeInvokeJoinCallback(member, joinError(UNKNOWN_MEMBER_ID, Errors.UNKNOWN_MEMBER_ID));
    group.remove(member.memberId);
    this.trace("group.memberRemoved", { group: group.groupId, memberId: member.memberId, reason });
    switch (group.currentState) {
      case "Stable":
      case "CompletingRebalance":
        this.maybePrepareRebalance(group, reason);
        break;
      case "PreparingRebalance":
        this.rebalancePurgatory.checkAndComplete(groupJoinKey(group.groupId));
        break;
      default:
    }
  }

  private removePendingMemberAndUpdateGroup(group: GroupMetadata, memberId: string): void {
    group.remove(memberId);
    if (group.is("PreparingRebalance")) this.rebalancePurgatory.checkAndComplete(groupJoinKey(group.groupId));
  }

  tryCompleteJoin(group: GroupMetadata, forceComplete: () => boolean): boolean {
    return group.hasAllMembersJoined ? forceComplete() : false;
  }

  /**
   * GroupCoordinator.onCompleteJoin: dynamic members that did not rejoin are dropped; generation + 1 and the
   * protocol is chosen; every member gets its JoinGroup answer (the leader with all members' metadata) and must
   * SyncGroup within the rebalance timeout. A group left without members becomes Empty and is stored.
   */
  onCompleteJoin(group: GroupMetadata): void {
    for (const m of group.notYetRejoinedMembers()) {
      if (m.isStaticMember) continue;
      group.remove(m.memberId);
      this.removeHeartbeatForLeavingMember(group, m.memberId);
      this.trace("group.memberRemoved", { group: group.groupId, memberId: m.memberId, reason: "did not rejoin before the rebalance timeout" });
    }
    if (group.is("Dead")) return;
    if (!group.maybeElectNewJoinedLeader() && group.allMembers().length > 0) {
      // Nobody rejoined: wait another rebalance timeout for the session timeouts to clear the members.
      this.rebalancePurgatory.tryCompleteElseWatch(new DelayedJoin(this, group, group.rebalanceTimeoutMs), [groupJoinKey(group.groupId)]);
      return;
    }
    group.initNextGeneration();
    if (group.is("Empty")) {
      this.trace("group.empty", { group: group.groupId, generation: group.generationId });
      this.groupManager.storeGroup(group, new Map(), (error) => {
        if (error !== Errors.NONE) this.trace("group.storeEmptyFailed", { group: group.groupId, error: error.name });
      });
      return;
    }
    this.trace("group.stabilizing", { group: group.groupId, generation: group.generationId, protocol: group.protocolName,
      leader: group.leaderOrNull, members: group.allMembers() });
    for (const member of group.allMemberMetadata()) {
      group.maybeInvokeJoinCallback(member, this.currentJoinResult(group, member.memberId, group.isLeader(member.memberId)));
      this.completeAndScheduleNextHeartbeatExpiration(group, member);
      member.isNew = false;
      group.addPendingSyncMember(member.memberId);
    }
    this.schedulePendingSync(group);
  }

  // ----------------------------------------------------------------------------------------------- SyncGroup

  /** GroupCoordinator.handleSyncGroup */
  handleSyncGroup(p: SyncGroupParams, cb: SyncCallback): void {
    const statusError = this.validateGroupStatus(p.groupId, "SyncGroup");
    if (statusError === Errors.COORDINATOR_LOAD_IN_PROGRESS) {
      // The rebalance state was lost with the old coordinator: rejoin.
      cb(syncError(Errors.REBALANCE_IN_PROGRESS));
      return;
    }
    if (statusError !== null) {
      cb(syncError(statusError));
      return;
    }
    const group = this.groupManager.getGroup(p.groupId);
    if (group === null) {
      cb(syncError(Errors.UNKNOWN_MEMBER_ID));
      return;
    }
    const error = this.validateSyncGroup(group, p);
    if (error !== null) {
      cb(syncError(error));
      return;
    }
    switch (group.currentState) {
      case "Empty":
        cb(syncError(Errors.UNKNOWN_MEMBER_ID));
        return;
      case "PreparingRebalance":
        cb(syncError(Errors.REBALANCE_IN_PROGRESS));
        return;
      case "CompletingRebalance": {
        group.get(p.memberId).awaitingSyncCallback = cb;
        this.removePendingSyncMember(group, p.memberId);
        if (group.isLeader(p.memberId)) {
          // Members the leader gave nothing get an empty assignment.
          const assignment = new Map<string, Buffer>();
          for (const id of group.allMembers()) assignment.set(id, p.assignments.get(id) ?? Buffer.alloc(0));
          const generationId = group.generationId;
          this.trace("group.assignmentReceived", { group: group.groupId, leader: p.memberId, generation: generationId, members: group.size });
          this.groupManager.storeGroup(group, assignment, (storeError) => {
            if (!group.is("CompletingRebalance") || generationId !== group.generationId) return;
            if (storeError !== Errors.NONE) {
              this.resetAndPropagateAssignmentError(group, storeError);
              this.maybePrepareRebalance(group, `Error ${storeError.name} when storing group assignment during SyncGroup (member: ${p.memberId})`);
            } else {
              this.setAndPropagateAssignment(group, assignment);
              group.transitionTo("Stable");
              this.trace("group.stable", { group: group.groupId, generation: group.generationId });
            }
          });
          this.completedRebalances++;
        }
        return;
      }
      case "Stable": {
        this.removePendingSyncMember(group, p.memberId);
        const member = group.get(p.memberId);
        cb({ protocolType: group.protocolType, protocolName: group.protocolName, assignment: member.assignment, error: Errors.NONE });
        this.completeAndScheduleNextHeartbeatExpiration(group, member);
        return;
      }
      default:
        throw new IllegalStateException(`Reached unexpected condition for Dead group ${group.groupId}`);
    }
  }

  private validateSyncGroup(group: GroupMetadata, p: SyncGroupParams): Errors | null {
    if (group.is("Dead")) return Errors.COORDINATOR_NOT_AVAILABLE;
    const memberError = this.validateCurrentMember(group, p.memberId, p.groupInstanceId, "sync-group");
    if (memberError !== null) return memberError;
    if (p.generationId !== group.generationId) return Errors.ILLEGAL_GENERATION;
    if (p.protocolType !== null && group.protocolType !== p.protocolType) return Errors.INCONSISTENT_GROUP_PROTOCOL;
    if (p.protocolName !== null && group.protocolName !== p.protocolName) return Errors.INCONSISTENT_GROUP_PROTOCOL;
    return null;
  }

  private setAndPropagateAssignment(group: GroupMetadata, assignment: ReadonlyMap<string, Buffer>): void {
    for (const m of group.allMemberMetadata()) m.assignment = assignment.get(m.memberId) ?? Buffer.alloc(0);
    this.propagateAssignment(group, Errors.NONE);
  }

  private resetAndPropagateAssignmentError(group: GroupMetadata, error: Errors): void {
    for (const m of group.allMemberMetadata()) m.assignment = Buffer.alloc(0);
    this.propagateAssignment(group, error);
  }

  private propagateAssignment(group: GroupMetadata, error: Errors): void {
    const ok = error === Errors.NONE;
    for (const member of group.allMemberMetadata()) {
      const answered = group.maybeInvokeSyncCallback(member, {
        protocolType: ok ? group.protocolType : null, protocolName: ok ? group.protocolName : null, assignment: member.assignment, error,
      });
      // Restart the session clock: the member could not heartbeat while parked.
      if (answered) this.completeAndScheduleNextHeartbeatExpiration(group, member);
    }
  }

  private removePendingSyncMember(group: GroupMetadata, memberId: string): void {
    group.removePendingSyncMember(memberId);
    this.rebalancePurgatory.checkAndComplete(groupSyncKey(group.groupId));
  }

  private removeSyncExpiration(group: GroupMetadata): void {
    group.clearPendingSyncMembers();
    this.rebalancePurgatory.checkAndComplete(groupSyncKey(group.groupId));
  }

  private schedulePendingSync(group: GroupMetadata): void {
    this.rebalancePurgatory.tryCompleteElseWatch(new DelayedSync(this, group, group.generationId, group.rebalanceTimeoutMs), [groupSyncKey(group.groupId)]);
  }

  tryCompletePendingSync(group: GroupMetadata, generationId: number, forceComplete: () => boolean): boolean {
    if (generationId !== group.generationId) return forceComplete();
    switch (group.currentState) {
      case "Dead":
      case "Empty":
      case "PreparingRebalance":
        return forceComplete();
      default:
        return group.hasReceivedSyncFromAllMembers ? forceComplete() : false;
    }
  }

  onExpirePendingSync(group: GroupMetadata, generationId: number): void {
    if (generationId !== group.generationId) return;
    if (!group.is("CompletingRebalance") && !group.is("Stable")) return;
    if (group.hasReceivedSyncFromAllMembers) return;
    const pending = group.allPendingSyncMembers();
    for (const id of pending) {
      group.remove(id);
      this.removeHeartbeatForLeavingMember(group, id);
    }
    this.prepareRebalance(group, `Removing [${pending.join(", ")}] on pending sync request expiration`);
  }

  // ----------------------------------------------------------------------------------------------- Heartbeat

  /** GroupCoordinator.handleHeartbeat */
  handleHeartbeat(groupId: string, memberId: string, groupInstanceId: string | null, generationId: number, cb: (error: Errors) => void): void {
    const statusError = this.validateGroupStatus(groupId, "Heartbeat");
    if (statusError !== null) {
      // While loading, answer blindly: the member learns of any change at its next heartbeat.
      cb(statusError === Errors.COORDINATOR_LOAD_IN_PROGRESS ? Errors.NONE : statusError);
      return;
    }
    const group = this.groupManager.getGroup(groupId);
    if (group === null) {
      cb(Errors.UNKNOWN_MEMBER_ID);
      return;
    }
    if (group.is("Dead")) {
      cb(Errors.COORDINATOR_NOT_AVAILABLE);
      return;
    }
    const memberError = this.validateCurrentMember(group, memberId, groupInstanceId, "heartbeat");
    if (memberError !== null) {
      cb(memberError);
      return;
    }
    if (generationId !== group.generationId) {
      cb(Errors.ILLEGAL_GENERATION);
      return;
    }
    switch (group.currentState) {
      case "Empty":
        cb(Errors.UNKNOWN_MEMBER_ID);
        return;
      case "CompletingRebalance":
      case "Stable":
        this.completeAndScheduleNextHeartbeatExpiration(group, group.get(memberId));
        cb(Errors.NONE);
        return;
      case "PreparingRebalance":
        this.completeAndScheduleNextHeartbeatExpiration(group, group.get(memberId));
        cb(Errors.REBALANCE_IN_PROGRESS);
        return;
      default:
        throw new IllegalStateException(`Reached unexpected condition for Dead group ${groupId}`);
    }
  }

  private completeAndScheduleNextHeartbeatExpiration(group: GroupMetadata, member: MemberMetadata): void {
    this.completeAndScheduleNextExpiration(group, member, member.sessionTimeoutMs);
  }

  private completeAndScheduleNextExpiration(group: GroupMetadata, member: MemberMetadata, timeoutMs: number): void {
    const key = memberKey(group.groupId, member.memberId);
    member.heartbeatSatisfied = true;
    this.heartbeatPurgatory.checkAndComplete(key);
    member.heartbeatSatisfied = false;
    this.heartbeatPurgatory.tryCompleteElseWatch(new DelayedHeartbeat(this, group, member.memberId, false, timeoutMs), [key]);
  }

  private addPendingMemberExpiration(group: GroupMetadata, memberId: string, timeoutMs: number): void {
    this.heartbeatPurgatory.tryCompleteElseWatch(new DelayedHeartbeat(this, group, memberId, true, timeoutMs), [memberKey(group.groupId, memberId)]);
  }

  private removeHeartbeatForLeavingMember(group: GroupMetadata, memberId: string): void {
    this.heartbeatPurgatory.checkAndComplete(memberKey(group.groupId, memberId));
  }

  tryCompleteHeartbeat(group: GroupMetadata, memberId: string, isPending: boolean, forceComplete: () => boolean): boolean {
    if (group.is("Dead")) return forceComplete();
    if (isPending) return group.has(memberId) ? forceComplete() : false;
    if (!group.has(memberId) || group.get(memberId).hasSatisfiedHeartbeat) return forceComplete();
    return false;
  }

  /** GroupCoordinator.onExpireHeartbeat: session.timeout.ms passed without a heartbeat → the member is removed. */
  onExpireHeartbeat(group: GroupMetadata, memberId: string, isPending: boolean): void {
    if (group.is("Dead")) return;
    if (isPending) {
      this.trace("group.pendingMemberExpired", { group: group.groupId, memberId });
      this.removePendingMemberAndUpdateGroup(group, memberId);
      return;
    }
    if (!group.has(memberId)) return;
    const member = group.get(memberId);
    if (!member.hasSatisfiedHeartbeat) {
      this.trace("group.memberFailed", { group: group.groupId, memberId, sessionTimeoutMs: member.sessionTimeoutMs });
      this.removeMemberAndUpdateGroup(group, member, `removing member ${memberId} on heartbeat expiration`);
    }
  }

  // ---------------------------------------------------------------------------------------------- LeaveGroup

  /** GroupCoordinator.handleLeaveGroup (batch, KIP-345: members may be named by group.instance.id only). */
  handleLeaveGroup(groupId: string, leaving: readonly { memberId: string; groupInstanceId: string | null; reason: string | null }[], cb: (r: LeaveGroupResult) => void): void {
    const statusError = this.validateGroupStatus(groupId, "LeaveGroup");
    if (statusError !== null) {
      cb({ topLevelError: statusError, memberResponses: [] });
      return;
    }
    const group = this.groupManager.getGroup(groupId);
    const resp = (m: { memberId: string; groupInstanceId: string | null }, error: Errors): LeaveMemberResponse => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, error });
    if (group === null) {
      cb({ topLevelError: Errors.NONE, memberResponses: leaving.map((m) => resp(m, Errors.UNKNOWN_MEMBER_ID)) });
      return;
    }
    if (group.is("Dead")) {
      cb({ topLevelError: Errors.COORDINATOR_NOT_AVAILABLE, memberResponses: [] });
      return;
    }
    const removeCurrent = (memberId: string, reason: string | null): void => {
      const member = group.get(memberId);
      this.removeMemberAndUpdateGroup(group, member, `Removing member ${memberId} on LeaveGroup; client reason: ${reason ?? "not provided"}`);
      this.removeHeartbeatForLeavingMember(group, memberId);
    };
    const out = leaving.map((m) => {
      if (m.memberId === UNKNOWN_MEMBER_ID) {
        const current = m.groupInstanceId === null ? null : group.currentStaticMemberId(m.groupInstanceId);
        if (current === null) return resp(m, Errors.UNKNOWN_MEMBER_ID);
        removeCurrent(current, m.reason);
        return resp(m, Errors.NONE);
      }
      if (group.isPendingMember(m.memberId)) {
        this.removePendingMemberAndUpdateGroup(group, m.memberId);
        this.heartbeatPurgatory.checkAndComplete(memberKey(group.groupId, m.memberId));
        return resp(m, Errors.NONE);
      }
      const err = this.validateCurrentMember(group, m.memberId, m.groupInstanceId, "leave-group");
      if (err !== null) return resp(m, err);
      removeCurrent(m.memberId, m.reason);
      return resp(m, Errors.NONE);
    });
    cb({ topLevelError: Errors.NONE, memberResponses: out });
  }

  // ----------------------------------------------------------------------------------------------- offsets

  /** GroupCoordinator.handleCommitOffsets: `cb` gets one error per partition (keyed by tpKey). */
  handleCommitOffsets(groupId: string, memberId: string, groupInstanceId: string | null, generationId: number,
    offsets: readonly OffsetCommitEntry[], cb: (errors: Map<string, Errors>) => void): void {
    const all = (e: Errors): Map<string, Errors> => new Map(offsets.map((o) => [tpKey(o.topic, o.partition), e]));
    const statusError = this.validateGroupStatus(groupId, "OffsetCommit");
    if (statusError !== null) {
      cb(all(statusError));
      return;
    }
    let group = this.groupManager.getGroup(groupId);
    if (group === null) {
      if (generationId < 0) {
        // Not using Kafka's group management (assign() or an admin): a "simple" group is created.
        group = this.groupManager.addGroup(new GroupMetadata(groupId, "Empty", () => this.o.runtime.now()));
        this.trace("group.simpleGroupCreated", { group: groupId });
      } else {
        cb(all(Errors.ILLEGAL_GENERATION));
        return;
      }
    }
    const error = this.validateOffsetCommit(group, generationId, memberId, groupInstanceId);
    if (error !== null) {
      cb(all(error));
      return;
    }
    switch (group.currentState) {
      case "Empty":
        this.groupManager.storeOffsets(group, memberId, offsets, cb);
        return;
      case "Stable":
      case "PreparingRebalance":
        // Still allowed while preparing: the heartbeat response tells the member to rejoin.
        this.completeAndScheduleNextHeartbeatExpiration(group, group.get(memberId));
        this.groupManager.storeOffsets(group, memberId, offsets, cb);
        return;
      case "CompletingRebalance":
        cb(all(Errors.REBALANCE_IN_PROGRESS));
        return;
      default:
        throw new IllegalStateException(`Logic error: unexpected group state ${group.currentState}`);
    }
  }

  /**
   * GroupCoordinator.validateOffsetCommit: generation -1 on an Empty group is accepted (admin / assign());
   * otherwise a member id, instance id or generation must match the current member and generation
   * (UNKNOWN_MEMBER_ID / FENCED_INSTANCE_ID / ILLEGAL_GENERATION); anonymous commits to a group with members are
   * refused with UNKNOWN_MEMBER_ID.
   */
  private validateOffsetCommit(group: GroupMetadata, generationId: number, memberId: string, groupInstanceId: string | null): Errors | null {
    if (group.is("Dead")) return Errors.COORDINATOR_NOT_AVAILABLE;
    if (generationId < 0 && group.is("Empty")) return null;
    if (generationId >= 0 || memberId !== UNKNOWN_MEMBER_ID || groupInstanceId !== null) {
      const err = this.validateCurrentMember(group, memberId, groupInstanceId, "offset-commit");
      if (err !== null) return err;
      return generationId !== group.generationId ? Errors.ILLEGAL_GENERATION : null;
    }
    if (!group.is("Empty")) return Errors.UNKNOWN_MEMBER_ID;
    return null;
  }

  /** GroupCoordinator.handleFetchOffsets: offsets are returned whatever the group's state. */
  handleFetchOffsets(groupId: string, requireStable: boolean, partitions: readonly { topic: string; partition: number }[] | null): { error: Errors; partitions: OffsetFetchPartitionData[] } {
    const statusError = this.validateGroupStatus(groupId, "OffsetFetch");
    if (statusError !== null) return { error: statusError, partitions: [] };
    const data = this.groupManager.getOffsets(groupId, partitions);
    if (requireStable) {
      const group = this.groupManager.getGroup(groupId);
      if (group !== null) for (const d of data) if (group.hasPendingOffsetCommitsForTopicPartition(d.topic, d.partition)) d.error = Errors.UNSTABLE_OFFSET_COMMIT;
    }
    return { error: Errors.NONE, partitions: data };
  }

  // --------------------------------------------------------------------------------------------- admin APIs

  /** GroupCoordinator.handleListGroups: the groups of every partition this broker coordinates. */
  handleListGroups(states: readonly string[], types: readonly string[]): { error: Errors; groups: GroupOverview[] } {
    if (!this.active) return { error: Errors.COORDINATOR_NOT_AVAILABLE, groups: [] };
    const error = this.groupManager.isLoading ? Errors.COORDINATOR_LOAD_IN_PROGRESS : Errors.NONE;
    const lower = new Set(states.map((s) => s.toLowerCase()));
    const typeOk = types.length === 0 || types.some((t) => t.toLowerCase() === "classic");
    const groups = this.groupManager.currentGroups()
      .filter((g) => (lower.size === 0 || lower.has(g.currentState.toLowerCase())) && typeOk)
      .map((g) => g.overview());
    return { error, groups };
  }

  /** GroupCoordinator.handleDescribeGroup: an unknown group is described as Dead with no members (v0-5). */
  handleDescribeGroup(groupId: string): { error: Errors; summary: GroupSummary } {
    const statusError = this.validateGroupStatus(groupId, "DescribeGroups");
    if (statusError !== null) return { error: statusError, summary: { state: "", protocolType: "", protocol: "", members: [] } };
    const group = this.groupManager.getGroup(groupId);
    if (group === null) return { error: Errors.NONE, summary: { state: "Dead", protocolType: "", protocol: "", members: [] } };
    return { error: Errors.NONE, summary: group.summary() };
  }

  /** GroupCoordinator.handleDeleteGroups: only Empty groups (NON_EMPTY_GROUP); tombstones for the group and its offsets. */
  handleDeleteGroups(groupIds: readonly string[]): Map<string, Errors> {
    const errors = new Map<string, Errors>();
    const eligible: GroupMetadata[] = [];
    for (const groupId of groupIds) {
      const statusError = this.validateGroupStatus(groupId, "DeleteGroups");
      if (statusError !== null) {
        errors.set(groupId, statusError);
        continue;
      }
      const group = this.groupManager.getGroup(groupId);
      const notFound = (): Errors => (this.groupManager.groupNotExists(groupId) ? Errors.GROUP_ID_NOT_FOUND : Errors.NOT_COORDINATOR);
      if (group === null) {
        errors.set(groupId, notFound());
        continue;
      }
      switch (group.currentState) {
        case "Dead":
          errors.set(groupId, notFound());
          break;
        case "Empty":
          group.transitionTo("Dead");
          eligible.push(group);
          break;
        default:
          errors.set(groupId, Errors.NON_EMPTY_GROUP);
      }
    }
    if (eligible.length > 0) {
      const removed = this.groupManager.cleanupGroupMetadata(eligible, (g) => g.removeAllOffsets());
      for (const g of eligible) errors.set(g.groupId, Errors.NONE);
      this.trace("group.deleted", { groups: eligible.map((g) => g.groupId), offsetsRemoved: removed });
    }
    return errors;
  }

  // ------------------------------------------------------------------------------------ leadership changes

  /** This broker now leads partition `partition` of __consumer_offsets: load its groups and offsets. */
  onElection(partition: number, coordinatorEpoch: number): void {
    this.trace("group.elected", { partition, coordinatorEpoch });
    this.groupManager.scheduleLoadGroupAndOffsets(partition, coordinatorEpoch, (g) => this.onGroupLoaded(g));
  }

  /** This broker no longer leads the partition: unload its groups. */
  onResignation(partition: number, coordinatorEpoch: number | null): void {
    this.trace("group.resigned", { partition, coordinatorEpoch });
    this.groupManager.removeGroupsForPartition(partition, coordinatorEpoch, (g) => this.onGroupUnloaded(g));
  }

  private onGroupLoaded(group: GroupMetadata): void {
    if (group.size > this.config.groupMaxSize) {
      this.prepareRebalance(group, `Freshly-loaded group is over capacity (${this.config.groupMaxSize}). Rebalancing in order to give a chance for consumers to commit offsets`);
    }
    for (const m of group.allMemberMetadata()) this.completeAndScheduleNextHeartbeatExpiration(group, m);
  }

  private onGroupUnloaded(group: GroupMetadata): void {
    const previous: GroupState = group.currentState;
    group.transitionTo("Dead");
    if (previous === "PreparingRebalance") {
      for (const m of group.allMemberMetadata()) group.maybeInvokeJoinCallback(m, joinError(m.memberId, Errors.NOT_COORDINATOR));
      this.rebalancePurgatory.checkAndComplete(groupJoinKey(group.groupId));
    } else if (previous === "Stable" || previous === "CompletingRebalance") {
      for (const m of group.allMemberMetadata()) {
        group.maybeInvokeSyncCallback(m, syncError(Errors.NOT_COORDINATOR));
        this.heartbeatPurgatory.checkAndComplete(memberKey(group.groupId, m.memberId));
      }
    }
    this.removeSyncExpiration(group);
  }
}
