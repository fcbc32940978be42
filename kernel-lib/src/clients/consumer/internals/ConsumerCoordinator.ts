// org.apache.kafka.clients.consumer.internals.ConsumerCoordinator: the consumer's part of the group protocol on
// top of AbstractCoordinator — subscriptions in ConsumerProtocol bytes, the leader's run of the assignor,
// revocation and assignment callbacks (eager: revoke everything before rejoining; cooperative: revoke only what
// moved, then rejoin), offset commits (OffsetCommit stamped with generation and member id; CommitFailedException
// for a stale generation; commitAsync without retries, callbacks run in order at the next poll/commit), committed
// offsets (OffsetFetch) and auto-commit every auto.commit.interval.ms from poll().
import { Errors } from "../../../protocol/Errors";
import { RebalanceInProgressException, RetriableException } from "../../../protocol/index";
import { KafkaException } from "../../../protocol/KafkaException";
import type { NetworkClient } from "../../../protocol/NetworkClient";
import type { HostPort } from "../../../protocol/HostPort";
import type { JoinGroupRequestProtocol, JoinGroupResponseMember } from "../../../protocol/messages/JoinGroup";
import type { OffsetFetchResponseTopic } from "../../../protocol/messages/OffsetFetch";
import { TopicPartition } from "../../../protocol/TopicPartition";
import { TimeoutException } from "../../../protocol/ApiExceptions";
import type { Runtime } from "../../../sim/Runtime";
import type { ClientLogger } from "../../common/ClientLogEvent";
import type { Metadata } from "../../common/Metadata";
import { CommitFailedException } from "../CommitFailedException";
import { GroupSubscription, RebalanceProtocol, Subscription, type ConsumerPartitionAssignor } from "../ConsumerPartitionAssignor";
import { CONSUMER_PROTOCOL_TYPE, deserializeAssignment, deserializeSubscription, serializeAssignment, serializeSubscription } from "../ConsumerProtocol";
import type { OffsetCommitCallback } from "../ConsumerRebalanceListener";
import { OffsetAndMetadata } from "../OffsetAndMetadata";
import { TopicPartitionMap } from "../TopicPartitionMap";
import { AbstractCoordinator, Generation, type GroupRebalanceConfig } from "./AbstractCoordinator";
import type { SubscriptionState } from "./SubscriptionState";

/** org.apache.kafka.clients.consumer.RetriableCommitFailedException */
export class RetriableCommitFailedException extends RetriableException {
  constructor(cause?: unknown, message = "Offset commit failed with a retriable exception. You should retry committing the latest consumed offsets.") {
    super(message, { cause });
  }
}

export interface ConsumerCoordinatorConfig extends GroupRebalanceConfig {
  autoCommitEnabled: boolean;
  autoCommitIntervalMs: number;
}

type Done = (err: Error | null) => void;

function describeOffsets(offsets: ReadonlyMap<TopicPartition, OffsetAndMetadata>): string {
  return "{" + [...offsets].map(([tp, o]) => `${tp.toString()}=${o.toString()}`).join(", ") + "}";
}

function isPromiseLike(x: unknown): x is PromiseLike<unknown> {
  return typeof x === "object" && x !== null && typeof (x as { then?: unknown }).then === "function";
}

export class ConsumerCoordinator extends AbstractCoordinator {
  readonly protocol: RebalanceProtocol;
  private nextAutoCommitDeadline: number;
  private readonly completedOffsetCommits: (() => void)[] = [];
  private readonly pendingAsyncCommits: (() => void)[] = [];
  /** Partition counts the leader assigned from; a change triggers a rebalance (metadata snapshot check). */
  private assignmentSnapshot: Map<string, number> | null = null;
  private metadataSeen = false;
  /** Errors from user callbacks, raised at the next poll. */
  private callbackError: Error | null = null;

  constructor(
    runtime: Runtime, node: string, network: NetworkClient, metadata: Metadata, bootstrap: readonly HostPort[],
    private readonly cfg: ConsumerCoordinatorConfig,
    private readonly assignors: readonly ConsumerPartitionAssignor[],
    private readonly subscriptions: SubscriptionState,
    log: ClientLogger, logPrefix: string, onEvent: () => void,
  ) {
    super(runtime, node, network, metadata, bootstrap, cfg, log, logPrefix, onEvent);
    // The highest protocol every configured assignor supports (ConsumerCoordinator's constructor).
    const common = [RebalanceProtocol.COOPERATIVE, RebalanceProtocol.EAGER].filter((p) => assignors.every((a) => a.supportedProtocols().includes(p)));
    if (common.length === 0) throw new KafkaException("Specified assignors " + JSON.stringify(assignors.map((a) => a.name())) + " do not have commonly supported rebalance protocol");
    this.protocol = common[0];
    this.nextAutoCommitDeadline = runtime.now() + cfg.autoCommitIntervalMs;
    metadata.onUpdate((cluster) => {
      this.metadataSeen = true;
      if (this.assignmentSnapshot === null || !this.subscriptions.hasAutoAssignedPartitions()) return;
      for (const [topic, n] of this.assignmentSnapshot) {
        const now = cluster.partitionCountForTopic(topic) ?? 0;
        if (now !== n) {
          this.requestRejoin(`cached metadata has changed from ${n} to ${now} partitions of topic ${topic}`);
          this.assignmentSnapshot = null;
          this.onEvent();
          return;
        }
      }
    });
  }

  protected protocolType(): string {
    return CONSUMER_PROTOCOL_TYPE;
  }

  protected override readyToJoin(): boolean {
    return this.metadataSeen;
  }

  protected metadataProtocols(): JoinGroupRequestProtocol[] {
    const topics = [...this.subscriptions.subscription()].sort();
    const topicSet = new Set(topics);
    const owned = this.subscriptions.assignedPartitions().sort(TopicPartition.compare);
    return this.assignors.map((a) => ({
      name: a.name(),
      metadata: serializeSubscription(new Subscription(topics, a.subscriptionUserData(topicSet), owned, this.generation.generationId, null)),
    }));
  }

  /** Runs a user callback; a returned promise is waited for before `next`. Errors are kept for the next poll. */
  private runCallback(what: string, fn: () => unknown, next: () => void): void {
    let r: unknown;
    try {
      r = fn();
    } catch (e) {
      this.callbackError = new KafkaException(`User rebalance callback throws an error`, { cause: e });
      this.warn(`User provided listener failed on invocation of ${what}: ${String(e)}`);
      next();
      return;
    }
    if (isPromiseLike(r)) {
      r.then(() => next(), (e: unknown) => {
        this.callbackError = new KafkaException(`User rebalance callback throws an error`, { cause: e });
        next();
      });
    } else {
      next();
    }
  }

  takeCallbackError(): Error | null {
    const e = this.callbackError;
    this.callbackError = null;
    return e;
  }

  protected onJoinPrepare(generation: Generation, done: () => void): void {
    const afterCommit = (): void => {
      const listener = this.subscriptions.rebalanceListener;
      const owned = this.subscriptions.assignedPartitions().sort(TopicPartition.compare);
      if (generation === Generation.NO_GENERATION || !generation.hasMemberId()) {
        // Not part of the generation any more: the partitions are already someone else's (onPartitionsLost).
        if (owned.length > 0) this.info(`Giving away all assigned partitions as lost since generation/memberID has been reset, indicating that consumer is in old state or no longer part of the group`);
        this.subscriptions.assignFromSubscribed([]);
        if (owned.length === 0 || listener === null) return done();
        return this.runCallback("onPartitionsLost", () => (listener.onPartitionsLost ?? listener.onPartitionsRevoked).call(listener, owned), done);
      }
      if (this.protocol === RebalanceProtocol.EAGER) {
        this.info(`Revoke previously assigned partitions ${owned.map(String).join(", ")}`);
        this.subscriptions.assignFromSubscribed([]);
        if (listener === null) return done();
        return this.runCallback("onPartitionsRevoked", () => listener.onPartitionsRevoked(owned), done);
      }
      // COOPERATIVE: only partitions of topics no longer subscribed are revoked before joining.
      const subscribed = this.subscriptions.subscription();
      const revoked = owned.filter((tp) => !subscribed.has(tp.topic));
      if (revoked.length === 0) return done();
      this.subscriptions.assignFromSubscribed(owned.filter((tp) => subscribed.has(tp.topic)));
      if (listener === null) return done();
      return this.runCallback("onPartitionsRevoked", () => listener.onPartitionsRevoked(revoked), done);
    };
    // Eager auto-commit before giving partitions away (maybeAutoCommitOffsetsSync): errors are logged, not raised.
    if (this.cfg.autoCommitEnabled && generation.hasMemberId()) {
      const offsets = this.subscriptions.allConsumed();
      this.commitOffsetsSync(offsets, this.runtime.now() + this.cfg.rebalanceTimeoutMs, (err) => {
        if (err !== null) this.warn(`Synchronous auto-commit of offsets ${describeOffsets(offsets)} failed: ${err.message}`);
        afterCommit();
      });
    } else {
      afterCommit();
    }
  }

  protected onLeaderElected(leaderId: string, protocol: string, members: JoinGroupResponseMember[]): Map<string, Buffer> {
    const assignor = this.assignors.find((a) => a.name() === protocol);
    if (assignor === undefined) throw new KafkaException(`Coordinator selected invalid assignment protocol: ${protocol}`);
    const subs = new Map<string, Subscription>();
    const allTopics = new Set<string>();
    for (const m of members) {
      const s = deserializeSubscription(m.metadata);
      s.groupInstanceId = m.groupInstanceId;
      subs.set(m.memberId, s);
      for (const t of s.topics) allTopics.add(t);
    }
    // The leader fetches metadata for every member's topics (group subscription).
    if (this.subscriptions.groupSubscribe(allTopics)) for (const t of allTopics) this.metadata.add(t);
    const cluster = this.metadata.fetch();
    const snapshot = new Map<string, number>();
    for (const t of allTopics) snapshot.set(t, cluster.partitionCountForTopic(t) ?? 0);
    this.assignmentSnapshot = snapshot;
    this.info(`Performing assignment using strategy ${protocol} with subscriptions {${[...subs].map(([id, s]) => `${id}=Subscription(topics=[${s.topics.join(", ")}])`).join(", ")}}`);
    const ga = assignor.assign({ partitionCountForTopic: (t) => cluster.partitionCountForTopic(t) ?? undefined }, new GroupSubscription(subs));
    const out = new Map<string, Buffer>();
    for (const [memberId, a] of ga.groupAssignment()) out.set(memberId, serializeAssignment(a));
    this.info(`Finished assignment for group at generation ${this.generation.generationId}: {${[...ga.groupAssignment()].map(([id, a]) => `${id}=Assignment(partitions=[${a.partitions.map(String).join(", ")}])`).join(", ")}}`);
    void leaderId;
    return out;
  }

  protected onJoinComplete(generation: Generation, assignmentBytes: Buffer): void {
    const assignment = deserializeAssignment(assignmentBytes);
    const assignor = this.assignors.find((a) => a.name() === generation.protocolName);
    assignor?.onAssignment(assignment, { generationId: generation.generationId });
    const subscribed = this.subscriptions.subscription();
    const assigned = assignment.partitions.filter((tp) => subscribed.has(tp.topic)).sort(TopicPartition.compare);
    if (assigned.length !== assignment.partitions.length) this.requestRejoin("received an assignment for topics the consumer is not subscribed to");
    const owned = new Set(this.subscriptions.assignedPartitions().map(String));
    const assignedKeys = new Set(assigned.map(String));
    const added = assigned.filter((tp) => !owned.has(tp.toString()));
    const revoked = this.subscriptions.assignedPartitions().filter((tp) => !assignedKeys.has(tp.toString())).sort(TopicPartition.compare);
    this.info(`Notifying assignor about the new Assignment(partitions=[${assigned.map(String).join(", ")}])`);
    const listener = this.subscriptions.rebalanceListener;
    const assign = (): void => {
      this.subscriptions.assignFromSubscribed(assigned);
      this.nextAutoCommitDeadline = this.runtime.now() + this.cfg.autoCommitIntervalMs;
      this.info(`Adding newly assigned partitions: ${added.map(String).join(", ")}`);
      if (listener !== null) this.runCallback("onPartitionsAssigned", () => listener.onPartitionsAssigned(added), () => this.onEvent());
    };
    if (this.protocol === RebalanceProtocol.COOPERATIVE && revoked.length > 0) {
      // KIP-429: give up what moved, then rejoin so the next round can hand it to its new owner.
      this.info(`Revoke previously assigned partitions ${revoked.map(String).join(", ")}`);
      this.subscriptions.assignFromSubscribed(this.subscriptions.assignedPartitions().filter((tp) => assignedKeys.has(tp.toString())));
      const then = (): void => {
        assign();
        this.requestRejoin("need to revoke partitions and re-join");
        this.onEvent();
      };
      if (listener === null) then();
      else this.runCallback("onPartitionsRevoked", () => listener.onPartitionsRevoked(revoked), then);
      return;
    }
    assign();
  }

  /** ConsumerCoordinator.poll: discovery, (re)join and auto-commit; true when the member has a stable assignment. */
  poll(): boolean {
    this.invokeCompletedOffsetCommitCallbacks();
    let ready = true;
    if (this.subscriptions.hasAutoAssignedPartitions()) {
      this.pollHeartbeat();
      ready = this.ensureActiveGroup();
    } else if (this.cfg.autoCommitEnabled) {
      this.ensureCoordinatorReady();
    }
    this.maybeAutoCommitOffsetsAsync();
    return ready;
  }

  private maybeAutoCommitOffsetsAsync(): void {
    if (!this.cfg.autoCommitEnabled) return;
    const now = this.runtime.now();
    if (now < this.nextAutoCommitDeadline) return;
    if (this.coordinatorUnknown()) {
      this.nextAutoCommitDeadline = now + this.cfg.retryBackoffMs;
      return;
    }
    this.nextAutoCommitDeadline = now + this.cfg.autoCommitIntervalMs;
    const offsets = this.subscriptions.allConsumed();
    if (offsets.size === 0) return;
    this.commitOffsetsAsync(offsets, (o, err) => {
      if (err === null) return;
      if (err instanceof RetriableCommitFailedException) this.nextAutoCommitDeadline = this.runtime.now() + this.cfg.retryBackoffMs;
      this.warn(`Asynchronous auto-commit of offsets ${describeOffsets(o)} failed: ${err.message}`);
    });
  }

  invokeCompletedOffsetCommitCallbacks(): void {
    while (this.completedOffsetCommits.length > 0) (this.completedOffsetCommits.shift() as () => void)();
  }

  // ---- commits ------------------------------------------------------------------------------------------

  /** commitSync: retries retriable errors until the deadline (default.api.timeout.ms). */
  commitOffsetsSync(offsets: TopicPartitionMap<OffsetAndMetadata>, deadlineMs: number, cb: Done): void {
    this.invokeCompletedOffsetCommitCallbacks();
    if (offsets.size === 0) {
      cb(null);
      return;
    }
    const started = this.runtime.now();
    const attempt = (): void => {
      if (this.closedForCommits()) return cb(new KafkaException("Consumer is closed"));
      if (this.runtime.now() >= deadlineMs) {
        return cb(new TimeoutException(`Timeout of ${deadlineMs - started}ms expired before successfully committing offsets ${describeOffsets(offsets)}`));
      }
      if (!this.ensureCoordinatorReady()) {
        this.runtime.schedule(this.cfg.retryBackoffMs, attempt, this.node, "consumer.commitBackoff");
        return;
      }
      this.sendOffsetCommitRequest(offsets, (err) => {
        if (err === null) return cb(null);
        if (err instanceof RetriableException && !(err instanceof RebalanceInProgressException)) {
          this.runtime.schedule(this.cfg.retryBackoffMs, attempt, this.node, "consumer.commitBackoff");
          return;
        }
        cb(err);
      });
    };
    attempt();
  }

  /** commitAsync: one attempt; the callback is queued and runs at the next poll/commit, in order. */
  commitOffsetsAsync(offsets: TopicPartitionMap<OffsetAndMetadata>, callback: OffsetCommitCallback | null): void {
    const complete = (err: Error | null): void => {
      const e = err === null ? null : err instanceof RetriableException && !(err instanceof RebalanceInProgressException) ? new RetriableCommitFailedException(err) : err;
      this.completedOffsetCommits.push(() => {
        if (callback !== null) callback(offsets, e);
        else if (e !== null) this.log({ level: "ERROR", logger: "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
          message: `${this.logPrefix}Offset commit with offsets ${describeOffsets(offsets)} failed` });
      });
      this.onEvent();
    };
    if (this.coordinatorUnknown()) {
      this.pendingAsyncCommits.push(() => this.sendOffsetCommitRequest(offsets, complete));
      this.ensureCoordinatorReady();
      return;
    }
    this.sendOffsetCommitRequest(offsets, complete);
  }

  /** Sends commits that waited for the coordinator (called when the coordinator becomes known). */
  flushPendingAsyncCommits(): void {
    if (this.coordinatorUnknown()) return;
    while (this.pendingAsyncCommits.length > 0) (this.pendingAsyncCommits.shift() as () => void)();
  }

  private closedForCommits(): boolean {
    return this.closed;
  }

  private sendOffsetCommitRequest(offsets: TopicPartitionMap<OffsetAndMetadata>, cb: Done): void {
    if (this.coordinatorUnknown()) return cb(Errors.COORDINATOR_NOT_AVAILABLE.exception());
    let generation: Generation;
    if (this.subscriptions.hasAutoAssignedPartitions()) {
      const g = this.generationIfStable();
      if (g === null) {
        this.info("Failing OffsetCommit request since the consumer is not part of an active group");
        if (this.rebalanceInProgress()) {
          return cb(new RebalanceInProgressException("Offset commit cannot be completed since the consumer member's generation is already stale, " +
            "meaning it has already participated another rebalance and got a new generation. You can try completing the rebalance by calling " +
            "poll() and then retry commit again"));
        }
        return cb(new CommitFailedException());
      }
      generation = g;
    } else {
      generation = Generation.NO_GENERATION;
    }
    const byTopic = new Map<string, { partitionIndex: number; committedOffset: number; committedLeaderEpoch: number; committedMetadata: string | null }[]>();
    for (const [tp, o] of offsets) {
      let list = byTopic.get(tp.topic);
      if (list === undefined) byTopic.set(tp.topic, (list = []));
      list.push({ partitionIndex: tp.partition, committedOffset: o.offset, committedLeaderEpoch: o.leaderEpoch ?? -1, committedMetadata: o.metadata });
    }
    const dest = this.coordinatorDestination();
    this.network.send(dest, {
      apiKey: 8, groupId: this.cfg.groupId, generationIdOrMemberEpoch: generation.generationId, memberId: generation.memberId,
      groupInstanceId: this.cfg.groupInstanceId, topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })),
    }, (err, resp) => {
      if (err !== null || resp === null) {
        this.markCoordinatorUnknown(err?.message ?? "no response");
        return cb(err ?? Errors.REQUEST_TIMED_OUT.exception());
      }
      for (const t of resp.topics) {
        for (const p of t.partitions) {
          const error = Errors.forCode(p.errorCode);
          if (error === Errors.NONE) continue;
          if (error === Errors.OFFSET_METADATA_TOO_LARGE || error === Errors.INVALID_COMMIT_OFFSET_SIZE || error === Errors.FENCED_INSTANCE_ID ||
            error === Errors.GROUP_AUTHORIZATION_FAILED || error === Errors.TOPIC_AUTHORIZATION_FAILED) return cb(error.exception());
          if (error === Errors.COORDINATOR_LOAD_IN_PROGRESS || error === Errors.UNKNOWN_TOPIC_OR_PARTITION) return cb(error.exception());
          if (error === Errors.COORDINATOR_NOT_AVAILABLE || error === Errors.NOT_COORDINATOR || error === Errors.REQUEST_TIMED_OUT) {
            this.markCoordinatorUnknown(error.message);
            return cb(error.exception());
          }
          if (error === Errors.REBALANCE_IN_PROGRESS) {
            this.requestRejoin("offset commit failed since group is rebalancing");
            return cb(new RebalanceInProgressException("Offset commit cannot be completed since the consumer group is executing a rebalance at the " +
              "moment. You can try completing the rebalance by calling poll() and then retry commit again"));
          }
          if (error === Errors.UNKNOWN_MEMBER_ID || error === Errors.ILLEGAL_GENERATION) {
            this.info(`OffsetCommit failed with ${generation.toString()}: ${error.message}`);
            if (this.generation === generation) this.resetGeneration();
            return cb(new CommitFailedException());
          }
          return cb(new KafkaException("Unexpected error in commit: " + error.message));
        }
      }
      cb(null);
    }, { timeoutMs: this.cfg.requestTimeoutMs });
  }

  /** committed(): OffsetFetch, retrying while the coordinator loads or moves, until the deadline. */
  fetchCommittedOffsets(partitions: readonly TopicPartition[], deadlineMs: number, cb: (err: Error | null, offsets: TopicPartitionMap<OffsetAndMetadata | null> | null) => void): void {
    const started = this.runtime.now();
    const byTopic = new Map<string, number[]>();
    for (const tp of partitions) {
      let l = byTopic.get(tp.topic);
      if (l === undefined) byTopic.set(tp.topic, (l = []));
      l.push(tp.partition);
    }
    const topics = [...byTopic].map(([name, partitionIndexes]) => ({ name, partitionIndexes }));
    const attempt = (): void => {
      if (this.closed) return;
      if (this.runtime.now() >= deadlineMs) {
        return cb(new TimeoutException(`Timeout of ${deadlineMs - started}ms expired before the last committed offset for partitions [${partitions.map(String).join(", ")}] could be determined. ` +
          "Try tuning default.api.timeout.ms larger to relax the threshold."), null);
      }
      const retry = (): void => void this.runtime.schedule(this.cfg.retryBackoffMs, attempt, this.node, "consumer.offsetFetchBackoff");
      if (!this.ensureCoordinatorReady()) return retry();
      this.network.send(this.coordinatorDestination(), {
        apiKey: 9, groupId: this.cfg.groupId, topics, groups: [{ groupId: this.cfg.groupId, topics }], requireStable: true,
      }, (err, resp) => {
        if (this.closed) return;
        if (err !== null || resp === null) {
          this.markCoordinatorUnknown(err?.message ?? "no response");
          return retry();
        }
        const group = resp.groups !== undefined && resp.groups.length > 0 ? resp.groups[0] : null;
        const error = Errors.forCode(group !== null ? group.errorCode : resp.errorCode ?? 0);
        const rtopics: OffsetFetchResponseTopic[] = group !== null ? group.topics : resp.topics ?? [];
        if (error === Errors.COORDINATOR_LOAD_IN_PROGRESS) return retry();
        if (error === Errors.NOT_COORDINATOR || error === Errors.COORDINATOR_NOT_AVAILABLE) {
          this.markCoordinatorUnknown(error.message);
          return retry();
        }
        if (error !== Errors.NONE) return cb(error === Errors.GROUP_AUTHORIZATION_FAILED ? error.exception() : new KafkaException("Unexpected error in fetch offset response: " + error.message), null);
        const out = new TopicPartitionMap<OffsetAndMetadata | null>();
        for (const tp of partitions) out.set(tp, null);
        for (const t of rtopics) {
          for (const p of t.partitions) {
            const tp = new TopicPartition(t.name, p.partitionIndex);
            const perr = Errors.forCode(p.errorCode);
            if (perr === Errors.UNSTABLE_OFFSET_COMMIT) return retry();
            if (perr === Errors.UNKNOWN_TOPIC_OR_PARTITION) return cb(new KafkaException("Topic or Partition " + tp.toString() + " does not exist"), null);
            if (perr !== Errors.NONE) return cb(new KafkaException("Unexpected error in fetch offset response for partition " + tp.toString() + ": " + perr.message), null);
            if (p.committedOffset >= 0) out.set(tp, new OffsetAndMetadata(p.committedOffset, p.committedLeaderEpoch >= 0 ? p.committedLeaderEpoch : null, p.metadata));
            else this.info(`Found no committed offset for partition ${tp.toString()}`);
          }
        }
        cb(null, out);
      }, { timeoutMs: this.cfg.requestTimeoutMs });
    };
    attempt();
  }

  /** close(): auto-commit, revoke (or lose) the partitions, leave the group. */
  closeGroup(deadlineMs: number, done: () => void): void {
    const leave = (): void => {
      const listener = this.subscriptions.rebalanceListener;
      const owned = this.subscriptions.assignedPartitions().sort(TopicPartition.compare);
      const finish = (): void => {
        if (this.subscriptions.hasAutoAssignedPartitions() && this.cfg.leaveGroupOnClose) this.maybeLeaveGroup("the consumer is being closed");
        this.closeCoordinator();
        done();
      };
      // onLeavePrepare
      if (!this.subscriptions.hasAutoAssignedPartitions() || listener === null || owned.length === 0) return finish();
      const lost = !this.generation.hasMemberId() || this.rebalanceInProgress() && this.generation.generationId < 0;
      if (lost) this.runCallback("onPartitionsLost", () => (listener.onPartitionsLost ?? listener.onPartitionsRevoked).call(listener, owned), finish);
      else this.runCallback("onPartitionsRevoked", () => listener.onPartitionsRevoked(owned), finish);
    };
    if (this.cfg.autoCommitEnabled && (this.generationIfStable() !== null || !this.subscriptions.hasAutoAssignedPartitions())) {
      const offsets = this.subscriptions.allConsumed();
      this.commitOffsetsSync(offsets, deadlineMs, (err) => {
        if (err !== null) this.warn(`Synchronous auto-commit of offsets ${describeOffsets(offsets)} failed: ${err.message}`);
        this.invokeCompletedOffsetCommitCallbacks();
        leave();
      });
    } else {
      this.invokeCompletedOffsetCommitCallbacks();
      leave();
    }
  }

  /** unsubscribe(): revoke (onPartitionsRevoked) and leave the group at once. */
  onUnsubscribe(): void {
    const listener = this.subscriptions.rebalanceListener;
    const owned = this.subscriptions.assignedPartitions().sort(TopicPartition.compare);
    if (listener !== null && owned.length > 0 && this.subscriptions.hasAutoAssignedPartitions()) {
      this.runCallback("onPartitionsRevoked", () => listener.onPartitionsRevoked(owned), () => {});
    }
    this.maybeLeaveGroup("the consumer unsubscribed from all topics");
    this.assignmentSnapshot = null;
  }
}
