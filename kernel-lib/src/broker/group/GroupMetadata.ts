// One classic group's state on its coordinator (kafka.coordinator.group.GroupMetadata): state machine, generation,
// protocol type and chosen protocol (assignor), leader, members (and static members by group.instance.id), members
// asked to rejoin with a new id (pending, KIP-394), members yet to SyncGroup, and the committed offsets.
// Members are kept in a Map in join order: the first member to join becomes leader; when the leader leaves, the
// next member in map order takes over (Kafka's "arbitrary map order", here deterministic).
import { IllegalStateException } from "../../sim/errors";
import type { SeededRandom } from "../../sim/SeededRandom";
import { randomJavaUuidString } from "./GroupUtils";
import type { JoinCallback, JoinGroupResult, JoinGroupResultMember, SyncGroupResult } from "./GroupResults";
import { joinError, syncError } from "./GroupResults";
import { Errors } from "../../protocol/Errors";
import { VALID_PREVIOUS_STATES, type GroupState } from "./GroupState";
import type { MemberMetadata, MemberSummary, Protocol } from "./MemberMetadata";
import { sameOffsetAndMetadata, type CommitRecordMetadataAndOffset, type OffsetAndMetadata } from "./OffsetAndMetadata";

/** ConsumerProtocol.PROTOCOL_TYPE */
export const CONSUMER_PROTOCOL_TYPE = "consumer";

/** What ListGroups shows (GroupOverview). */
export interface GroupOverview {
  groupId: string;
  protocolType: string;
  state: GroupState;
}

/** What DescribeGroups shows (GroupSummary). */
export interface GroupSummary {
  state: string;
  protocolType: string;
  protocol: string;
  members: MemberSummary[];
}

/** `topic-partition`, the key of the offsets map. */
export function tpKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  offset: OffsetAndMetadata;
}

export class GroupMetadata {
  private state: GroupState;
  currentStateTimestamp: number | null;
  protocolType: string | null = null;
  protocolName: string | null = null;
  generationId = 0;
  private leaderId: string | null = null;
  private readonly members = new Map<string, MemberMetadata>();
  private readonly staticMembers = new Map<string, string>();
  private readonly pendingMembers = new Set<string>();
  private numMembersAwaitingJoin = 0;
  private readonly supportedProtocols = new Map<string, number>();
  private readonly offsets = new Map<string, { topic: string; partition: number; commit: CommitRecordMetadataAndOffset }>();
  private readonly pendingOffsetCommits = new Map<string, OffsetAndMetadata>();
  private readonly pendingSyncMembers = new Set<string>();
  private subscribedTopics: Set<string> | null = null;
  /** Set when a member joins an initial rebalance, so InitialDelayedJoin waits another group.initial.rebalance.delay.ms. */
  newMemberAdded = false;

  constructor(readonly groupId: string, initialState: GroupState, private readonly now: () => number) {
    this.state = initialState;
    this.currentStateTimestamp = now();
  }

  // ------------------------------------------------------------------------------------------------------ basics

  get currentState(): GroupState {
    return this.state;
  }

  is(state: GroupState): boolean {
    return this.state === state;
  }

  has(memberId: string): boolean {
    return this.members.has(memberId);
  }

  get(memberId: string): MemberMetadata {
    const m = this.members.get(memberId);
    if (m === undefined) throw new IllegalStateException(`Member ${memberId} is not in group ${this.groupId}`);
    return m;
  }

  get size(): number {
    return this.members.size;
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  get leaderOrNull(): string | null {
    return this.leaderId;
  }

  get currentStateTimestampOrDefault(): number {
    return this.currentStateTimestamp ?? -1;
  }

  get isConsumerGroup(): boolean {
    return this.protocolType === CONSUMER_PROTOCOL_TYPE;
  }

  // ----------------------------------------------------------------------------------------------------- members

  /** GroupMetadata.add: the first member sets the protocol type; the first member ever (or after all left) leads. */
  add(member: MemberMetadata, callback: JoinCallback | null = null): void {
    if (member.groupInstanceId !== null) {
      if (this.staticMembers.has(member.groupInstanceId))
        throw new IllegalStateException(`Static member with groupInstanceId=${member.groupInstanceId} cannot be added to group ${this.groupId} since it is already a member`);
      this.staticMembers.set(member.groupInstanceId, member.memberId);
    }
    if (this.members.size === 0) this.protocolType = member.protocolType;
    if (this.leaderId === null) this.leaderId = member.memberId;
    this.members.set(member.memberId, member);
    this.incSupportedProtocols(member);
    member.awaitingJoinCallback = callback;
    if (member.isAwaitingJoin) this.numMembersAwaitingJoin++;
    this.pendingMembers.delete(member.memberId);
  }

  /** GroupMetadata.remove: a departing leader is replaced by the next member in map order. */
  remove(memberId: string): void {
    const member = this.members.get(memberId);
    if (member !== undefined) {
      this.members.delete(memberId);
      this.decSupportedProtocols(member);
      if (member.isAwaitingJoin) this.numMembersAwaitingJoin--;
      if (member.groupInstanceId !== null) this.staticMembers.delete(member.groupInstanceId);
    }
    if (this.isLeader(memberId)) {
      const next = this.members.keys().next();
      this.leaderId = next.done === true ? null : next.value;
    }
    this.pendingMembers.delete(memberId);
    this.pendingSyncMembers.delete(memberId);
  }

  /**
   * GroupMetadata.maybeElectNewJoinedLeader: if the leader did not rejoin, any member that did becomes leader.
   * False when the group has no leader or nobody rejoined.
   */
  maybeElectNewJoinedLeader(): boolean {
    if (this.leaderId === null) return false;
    const leader = this.members.get(this.leaderId);
    if (leader !== undefined && leader.isAwaitingJoin) return true;
    for (const [id, m] of this.members) {
      if (m.isAwaitingJoin) {
        this.leaderId = id;
        return true;
      }
    }
    return false;
  }

  /** GroupMetadata.replaceStaticMember: a static member rejoined with a new member id; the old one is fenced. */
  replaceStaticMember(groupInstanceId: string, oldMemberId: string, newMemberId: string): MemberMetadata {
    const member = this.members.get(oldMemberId);
    if (member === undefined) throw new IllegalStateException(`Cannot replace non-existing member id ${oldMemberId}`);
    this.members.delete(oldMemberId);
    this.maybeInvokeJoinCallback(member, joinError(oldMemberId, Errors.FENCED_INSTANCE_ID));
    this.maybeInvokeSyncCallback(member, syncError(Errors.FENCED_INSTANCE_ID));
    member.memberId = newMemberId;
    this.members.set(newMemberId, member);
    if (this.isLeader(oldMemberId)) this.leaderId = newMemberId;
    this.staticMembers.set(groupInstanceId, newMemberId);
    return member;
  }

  /** GroupMetadata.loadGroup sets the leader from the stored record. */
  forceLeader(leaderId: string | null): void {
    this.leaderId = leaderId !== null && this.members.has(leaderId) ? leaderId : (this.members.keys().next().value ?? null);
  }

  isPendingMember(memberId: string): boolean {
    return this.pendingMembers.has(memberId);
  }

  addPendingMember(memberId: string): void {
    if (this.has(memberId)) throw new IllegalStateException(`Attempt to add pending member ${memberId} which is already a stable member of the group`);
    this.pendingMembers.add(memberId);
  }

  addPendingSyncMember(memberId: string): void {
    if (!this.has(memberId)) throw new IllegalStateException(`Attempt to add a pending sync for member ${memberId} which is not a member of the group`);
    this.pendingSyncMembers.add(memberId);
  }

  removePendingSyncMember(memberId: string): void {
    if (!this.has(memberId)) throw new IllegalStateException(`Attempt to remove a pending sync for member ${memberId} which is not a member of the group`);
    this.pendingSyncMembers.delete(memberId);
  }

  get hasReceivedSyncFromAllMembers(): boolean {
    return this.pendingSyncMembers.size === 0;
  }

  allPendingSyncMembers(): string[] {
    return [...this.pendingSyncMembers];
  }

  clearPendingSyncMembers(): void {
    this.pendingSyncMembers.clear();
  }

  hasStaticMember(groupInstanceId: string): boolean {
    return this.staticMembers.has(groupInstanceId);
  }

  currentStaticMemberId(groupInstanceId: string): string | null {
    return this.staticMembers.get(groupInstanceId) ?? null;
  }

  notYetRejoinedMembers(): MemberMetadata[] {
    return [...this.members.values()].filter((m) => !m.isAwaitingJoin);
  }

  get hasAllMembersJoined(): boolean {
    return this.members.size === this.numMembersAwaitingJoin && this.pendingMembers.size === 0;
  }

  allMembers(): string[] {
    return [...this.members.keys()];
  }

  allMemberMetadata(): MemberMetadata[] {
    return [...this.members.values()];
  }

  allStaticMembers(): string[] {
    return [...this.staticMembers.keys()];
  }

  get numPending(): number {
    return this.pendingMembers.size;
  }

  get numAwaiting(): number {
    return this.numMembersAwaitingJoin;
  }

  /** The group's rebalance timeout: the largest of its members' (max.poll.interval.ms). */
  get rebalanceTimeoutMs(): number {
    let t = 0;
    for (const m of this.members.values()) t = Math.max(t, m.rebalanceTimeoutMs);
    return t;
  }

  /** GroupMetadata.generateMemberId: `client.id-<UUID>` (`group.instance.id-<UUID>` for static members). */
  generateMemberId(clientId: string, groupInstanceId: string | null, random: SeededRandom): string {
    return (groupInstanceId ?? clientId) + "-" + randomJavaUuidString(random);
  }

  isStaticMemberFenced(groupInstanceId: string, memberId: string): boolean {
    const current = this.staticMembers.get(groupInstanceId);
    return current !== undefined && current !== memberId;
  }

  // ------------------------------------------------------------------------------------------------ state machine

  get canRebalance(): boolean {
    return VALID_PREVIOUS_STATES.PreparingRebalance.includes(this.state);
  }

  /** GroupMetadata.transitionTo: only along Kafka's valid transitions (IllegalStateException otherwise). */
  transitionTo(target: GroupState): void {
    const valid = VALID_PREVIOUS_STATES[target];
    if (!valid.includes(this.state)) {
      throw new IllegalStateException(`Group ${this.groupId} should be in the ${valid.join(",")} states before moving to ${target} state. ` +
        `Instead it is in ${this.state} state`);
    }
    this.state = target;
    this.currentStateTimestamp = this.now();
  }

  /** GroupMetadata.selectProtocol: among protocols every member supports, each member votes its first; most votes wins. */
  selectProtocol(): string {
    if (this.members.size === 0) throw new IllegalStateException("Cannot select protocol for empty group");
    const candidates = this.candidateProtocols();
    const votes = new Map<string, number>();
    for (const m of this.members.values()) {
      const v = m.vote(candidates);
      votes.set(v, (votes.get(v) ?? 0) + 1);
    }
    let best = "";
    let bestVotes = -1;
    for (const [p, n] of votes) {
      if (n > bestVotes) {
        best = p;
        bestVotes = n;
      }
    }
    return best;
  }

  private candidateProtocols(): Set<string> {
    const n = this.members.size;
    const out = new Set<string>();
    for (const [p, count] of this.supportedProtocols) if (count === n) out.add(p);
    return out;
  }

  private incSupportedProtocols(member: MemberMetadata): void {
    for (const p of member.supportedProtocols) this.supportedProtocols.set(p.name, (this.supportedProtocols.get(p.name) ?? 0) + 1);
  }

  private decSupportedProtocols(member: MemberMetadata): void {
    for (const p of member.supportedProtocols) this.supportedProtocols.set(p.name, (this.supportedProtocols.get(p.name) ?? 0) - 1);
  }

  /** GroupMetadata.supportsProtocols: an Empty group takes any non-empty type; otherwise same type and one common protocol. */
  supportsProtocols(memberProtocolType: string, memberProtocols: ReadonlySet<string>): boolean {
    if (this.is("Empty")) return memberProtocolType !== "" && memberProtocols.size > 0;
    if (this.protocolType !== memberProtocolType) return false;
    for (const p of memberProtocols) if ((this.supportedProtocols.get(p) ?? 0) === this.members.size) return true;
    return false;
  }

  /** GroupMetadata.updateMember: new protocols/timeouts, and the JoinGroup callback parked (or cleared). */
  updateMember(member: MemberMetadata, protocols: Protocol[], rebalanceTimeoutMs: number, sessionTimeoutMs: number, callback: JoinCallback | null): void {
    this.decSupportedProtocols(member);
    member.supportedProtocols = protocols;
    this.incSupportedProtocols(member);
    member.rebalanceTimeoutMs = rebalanceTimeoutMs;
    member.sessionTimeoutMs = sessionTimeoutMs;
    if (callback !== null && !member.isAwaitingJoin) this.numMembersAwaitingJoin++;
    else if (callback === null && member.isAwaitingJoin) this.numMembersAwaitingJoin--;
    member.awaitingJoinCallback = callback;
  }

  maybeInvokeJoinCallback(member: MemberMetadata, result: JoinGroupResult): void {
    const cb = member.awaitingJoinCallback;
    if (cb === null) return;
    member.awaitingJoinCallback = null;
    this.numMembersAwaitingJoin--;
    cb(result);
  }

  /** True if a parked SyncGroup was answered. */
  maybeInvokeSyncCallback(member: MemberMetadata, result: SyncGroupResult): boolean {
    const cb = member.awaitingSyncCallback;
    if (cb === null) return false;
    member.awaitingSyncCallback = null;
    cb(result);
    return true;
  }

  /** GroupMetadata.initNextGeneration: generation + 1, protocol chosen, → CompletingRebalance (or Empty if nobody is left). */
  initNextGeneration(): void {
    this.generationId++;
    if (this.members.size > 0) {
      this.protocolName = this.selectProtocol();
      this.subscribedTopics = this.computeSubscribedTopics();
      this.transitionTo("CompletingRebalance");
    } else {
      this.protocolName = null;
      this.subscribedTopics = this.computeSubscribedTopics();
      this.transitionTo("Empty");
    }
    this.clearPendingSyncMembers();
  }

  /** Every member's metadata for the chosen protocol: what the leader receives in its JoinGroup response. */
  currentMemberMetadata(): JoinGroupResultMember[] {
    if (this.is("Dead") || this.is("PreparingRebalance"))
      throw new IllegalStateException(`Cannot obtain member metadata for group in state ${this.state}`);
    const protocol = this.protocolName!;
    return [...this.members.values()].map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadata(protocol) }));
  }

  /** GroupMetadata.summary: members with metadata and assignment only while Stable. */
  summary(): GroupSummary {
    if (this.is("Stable")) {
      const protocol = this.protocolName;
      if (protocol === null) throw new IllegalStateException("Invalid null group protocol for stable group");
      return { state: this.state, protocolType: this.protocolType ?? "", protocol, members: [...this.members.values()].map((m) => m.summary(protocol)) };
    }
    return { state: this.state, protocolType: this.protocolType ?? "", protocol: "", members: [...this.members.values()].map((m) => m.summaryNoMetadata()) };
  }

  overview(): GroupOverview {
    return { groupId: this.groupId, protocolType: this.protocolType ?? "", state: this.state };
  }

  /** The topics the consumer members subscribe to (ConsumerProtocol subscription, version-0 prefix), or null if unknown. */
  computeSubscribedTopics(): Set<string> | null {
    if (this.protocolType !== CONSUMER_PROTOCOL_TYPE) return null;
    if (this.members.size === 0) return new Set();
    if (this.protocolName === null) return null;
    try {
      const out = new Set<string>();
      for (const m of this.members.values()) for (const t of parseSubscriptionTopics(m.metadata(this.protocolName))) out.add(t);
      return out;
    } catch {
      return null;
    }
  }

  /** GroupMetadata.isSubscribedToTopic: true when unknown (to be safe). */
  isSubscribedToTopic(topic: string): boolean {
    return this.subscribedTopics === null ? true : this.subscribedTopics.has(topic);
  }

  refreshSubscribedTopics(): void {
    this.subscribedTopics = this.computeSubscribedTopics();
  }

  // ------------------------------------------------------------------------------------------------------ offsets

  initializeOffsets(loaded: Iterable<{ topic: string; partition: number; commit: CommitRecordMetadataAndOffset }>): void {
    for (const o of loaded) this.offsets.set(tpKey(o.topic, o.partition), o);
  }

  prepareOffsetCommit(offsets: readonly TopicPartitionOffset[]): void {
    for (const o of offsets) this.pendingOffsetCommits.set(tpKey(o.topic, o.partition), o.offset);
  }

  /** GroupMetadata.onOffsetCommitAppend: the record is in the log; keep it unless a newer record is already cached. */
  onOffsetCommitAppend(topic: string, partition: number, commit: CommitRecordMetadataAndOffset): void {
    const k = tpKey(topic, partition);
    const staged = this.pendingOffsetCommits.get(k);
    if (staged !== undefined) {
      const cur = this.offsets.get(k);
      if (cur === undefined || (cur.commit.appendedBatchOffset ?? -1) < (commit.appendedBatchOffset ?? -1)) this.offsets.set(k, { topic, partition, commit });
      if (sameOffsetAndMetadata(staged, commit.offsetAndMetadata)) this.pendingOffsetCommits.delete(k);
    }
  }

  failPendingOffsetWrite(topic: string, partition: number, offset: OffsetAndMetadata): void {
    const k = tpKey(topic, partition);
    const staged = this.pendingOffsetCommits.get(k);
    if (staged !== undefined && sameOffsetAndMetadata(staged, offset)) this.pendingOffsetCommits.delete(k);
  }

  hasPendingOffsetCommitsForTopicPartition(topic: string, partition: number): boolean {
    return this.pendingOffsetCommits.has(tpKey(topic, partition));
  }

  offset(topic: string, partition: number): OffsetAndMetadata | null {
    return this.offsets.get(tpKey(topic, partition))?.commit.offsetAndMetadata ?? null;
  }

  offsetWithRecordMetadata(topic: string, partition: number): CommitRecordMetadataAndOffset | null {
    return this.offsets.get(tpKey(topic, partition))?.commit ?? null;
  }

  /** Every committed offset, sorted by topic then partition. */
  allOffsets(): TopicPartitionOffset[] {
    return [...this.offsets.values()]
      .map((o) => ({ topic: o.topic, partition: o.partition, offset: o.commit.offsetAndMetadata }))
      .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  }

  get numOffsets(): number {
    return this.offsets.size;
  }

  get hasOffsets(): boolean {
    return this.offsets.size > 0 || this.pendingOffsetCommits.size > 0;
  }

  removeAllOffsets(): TopicPartitionOffset[] {
    return this.removeOffsets(this.allOffsets().map((o) => ({ topic: o.topic, partition: o.partition })));
  }

  removeOffsets(partitions: readonly { topic: string; partition: number }[]): TopicPartitionOffset[] {
    const out: TopicPartitionOffset[] = [];
    for (const { topic, partition } of partitions) {
      const k = tpKey(topic, partition);
      this.pendingOffsetCommits.delete(k);
      const o = this.offsets.get(k);
      if (o !== undefined) {
        this.offsets.delete(k);
        out.push({ topic, partition, offset: o.commit.offsetAndMetadata });
      }
    }
    return out;
  }

  /**
   * GroupMetadata.removeExpiredOffsets: an Empty group's offsets expire offsets.retention.ms after it became Empty;
   * a Stable consumer group's offsets of topics nobody subscribes to expire that long after their commit; a group
   * without protocol type (standalone commits) expires each offset that long after its commit. A v1 record's
   * explicit expireTimestamp wins. Offsets with a commit in flight are kept.
   */
  removeExpiredOffsets(currentTimestamp: number, offsetRetentionMs: number): TopicPartitionOffset[] {
    const expired = (base: (o: OffsetAndMetadata) => number, subscribed: ReadonlySet<string> = new Set()): TopicPartitionOffset[] => {
      const out: TopicPartitionOffset[] = [];
      for (const [k, o] of this.offsets) {
        if (subscribed.has(o.topic) || this.pendingOffsetCommits.has(k)) continue;
        const om = o.commit.offsetAndMetadata;
        const isExpired = om.expireTimestamp >= 0 ? currentTimestamp >= om.expireTimestamp : currentTimestamp - base(om) >= offsetRetentionMs;
        if (isExpired) out.push({ topic: o.topic, partition: o.partition, offset: om });
      }
      return out;
    };
    let result: TopicPartitionOffset[] = [];
    if (this.protocolType !== null && this.is("Empty")) {
      result = expired((om) => this.currentStateTimestamp ?? om.commitTimestamp);
    } else if (this.protocolType === CONSUMER_PROTOCOL_TYPE && this.subscribedTopics !== null && this.is("Stable")) {
      result = expired((om) => om.commitTimestamp, this.subscribedTopics);
    } else if (this.protocolType === null) {
      result = expired((om) => om.commitTimestamp);
    }
    for (const r of result) this.offsets.delete(tpKey(r.topic, r.partition));
    return result;
  }

  toString(): string {
    return `GroupMetadata(groupId=${this.groupId}, generation=${this.generationId}, protocolType=${this.protocolType === null ? "None" : `Some(${this.protocolType})`}, ` +
      `currentState=${this.state}, members=${[...this.members.values()].map(String).join(", ")})`;
  }
}

/** ConsumerProtocolSubscription (any version starts with: int16 version, [string] topics). */
export function parseSubscriptionTopics(buf: Buffer): string[] {
  let pos = 2;
  const n = buf.readInt32BE(pos);
  pos += 4;
  if (n < 0 || n > buf.length) throw new RangeError("bad topic count");
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const len = buf.readInt16BE(pos);
    pos += 2;
    if (len < 0 || pos + len > buf.length) throw new RangeError("bad topic name");
    out.push(buf.toString("utf8", pos, pos + len));
    pos += len;
  }
  return out;
}
