// kafka.controller.TopicDeletionManager: deletes the topics listed under /admin/delete_topics.
//  1. UpdateMetadata with leader -2 (LeaderDuringDelete) for the topic's partitions, so brokers stop serving it.
//  2. Every live replica: OfflineReplica (StopReplica, out of the ISR), then ReplicaDeletionStarted
//     (StopReplica with delete=true: the broker deletes the log). Replicas on dead brokers are Ineligible: the
//     deletion waits until their broker is back.
//  3. When every replica answered without error: the znodes go — /brokers/topics/<t>, /config/topics/<t>,
//     /admin/delete_topics/<t> — and the controller forgets the topic.
import type { StopReplicaResponse } from "../protocol/messages/StopReplica";
import type { ControllerCore } from "./ControllerCore";
import type { PartitionAndReplica, ReplicaState } from "./ControllerContext";
import type { ZkCallback } from "./KafkaZkClient";
import type { PartitionStateMachine } from "./PartitionStateMachine";
import type { ReplicaStateMachine } from "./ReplicaStateMachine";

export interface TopicDeletionHooks {
  /** Stop listening to partition changes of the topic (KafkaController.unregisterPartitionModificationsHandlers). */
  mutePartitionModifications(topic: string): void;
  /** UpdateMetadata for these partitions to every broker. */
  sendUpdateMetadataRequest(partitions: ReturnType<ControllerCore["context"]["partitionsForTopic"]>, cb: ZkCallback<void>): void;
}

export class TopicDeletionManager {
  constructor(
    private readonly core: ControllerCore,
    private readonly replicaStateMachine: ReplicaStateMachine,
    private readonly partitionStateMachine: PartitionStateMachine,
    private readonly hooks: TopicDeletionHooks,
  ) {}

  private get isDeleteTopicEnabled(): boolean {
    return this.core.config.deleteTopicEnable;
  }

  /** Failover: the topics already queued, and those that cannot proceed yet. */
  init(initialTopicsToBeDeleted: Iterable<string>, initialTopicsIneligibleForDeletion: Iterable<string>): void {
    const ctx = this.core.context;
    if (!this.isDeleteTopicEnabled) return;
    for (const t of initialTopicsToBeDeleted) ctx.topicsToBeDeleted.add(t);
    for (const t of initialTopicsIneligibleForDeletion) if (ctx.topicsToBeDeleted.has(t)) ctx.topicsIneligibleForDeletion.add(t);
  }

  tryTopicDeletion(cb: ZkCallback<void>): void {
    if (this.isDeleteTopicEnabled) this.resumeDeletions(cb);
    else cb(null, undefined);
  }

  enqueueTopicsForDeletion(topics: Iterable<string>, cb: ZkCallback<void>): void {
    if (!this.isDeleteTopicEnabled) return cb(null, undefined);
    for (const t of topics) this.core.context.topicsToBeDeleted.add(t);
    this.resumeDeletions(cb);
  }

  /** A broker hosting replicas of these topics came back: they may proceed. */
  resumeDeletionForTopics(topics: Iterable<string>, cb: ZkCallback<void>): void {
    if (!this.isDeleteTopicEnabled) return cb(null, undefined);
    const ctx = this.core.context;
    for (const t of topics) if (ctx.topicsToBeDeleted.has(t)) ctx.topicsIneligibleForDeletion.delete(t);
    this.resumeDeletions(cb);
  }

  /** Replicas that could not be deleted (their broker died): the topic waits for the broker. */
  failReplicaDeletion(replicas: readonly PartitionAndReplica[], cb: ZkCallback<void>): void {
    if (!this.isDeleteTopicEnabled) return cb(null, undefined);
    const ctx = this.core.context;
    const failed = replicas.filter((r) => ctx.isTopicQueuedUpForDeletion(r.partition.topic));
    if (failed.length === 0) return cb(null, undefined);
    for (const r of failed) ctx.topicsIneligibleForDeletion.add(r.partition.topic);
    this.replicaStateMachine.handleStateChanges(failed, "ReplicaDeletionIneligible", (err) => (err ? cb(err, undefined) : this.resumeDeletions(cb)));
  }

  completeReplicaDeletion(replicas: readonly PartitionAndReplica[], cb: ZkCallback<void>): void {
    const done = replicas.filter((r) => this.core.context.isTopicQueuedUpForDeletion(r.partition.topic));
    this.replicaStateMachine.handleStateChanges(done, "ReplicaDeletionSuccessful", (err) => (err ? cb(err, undefined) : this.resumeDeletions(cb)));
  }

  /** Sorts a StopReplica(delete) response into completed and failed replicas (TopicDeletionStopReplicaResponseReceived). */
  onStopReplicaResponse(brokerId: number, response: StopReplicaResponse | null, err: Error | null, cb: ZkCallback<void>): void {
    const ctx = this.core.context;
    const failed: PartitionAndReplica[] = [];
    const ok: PartitionAndReplica[] = [];
    const errorByKey = new Map<string, number>();
    for (const p of response?.partitionErrors ?? []) errorByKey.set(`${p.topicName}-${p.partitionIndex}`, p.errorCode);
    for (const topic of [...ctx.topicsToBeDeleted]) {
      for (const r of ctx.replicasInState(topic, "ReplicaDeletionStarted")) {
        if (r.replica !== brokerId) continue;
        const code = err !== null ? -1 : response !== null && response.errorCode !== 0 ? response.errorCode : errorByKey.get(r.partition.toString()) ?? 0;
        (code === 0 ? ok : failed).push(r);
      }
    }
    this.failReplicaDeletion(failed, (e) => (e ? cb(e, undefined) : this.completeReplicaDeletion(ok, cb)));
  }

  private isTopicDeletionSuccessful(topic: string): boolean {
    const all = this.core.context.replicasForTopic(topic);
    return all.every((r) => this.core.context.replicaState(r) === "ReplicaDeletionSuccessful");
  }

  private isAnyReplicaInState(topic: string, state: ReplicaState): boolean {
    return this.core.context.replicasInState(topic, state).length > 0;
  }

  /** Queued, no StopReplica(delete) outstanding, and no replica on a dead broker. */
  private isTopicEligibleForDeletion(topic: string): boolean {
    const ctx = this.core.context;
    return ctx.topicsToBeDeleted.has(topic) && !this.isAnyReplicaInState(topic, "ReplicaDeletionStarted") && !ctx.topicsIneligibleForDeletion.has(topic);
  }

  /** TopicDeletionManager.resumeDeletions */
  private resumeDeletions(cb: ZkCallback<void>): void {
    const ctx = this.core.context;
    const queued = [...ctx.topicsToBeDeleted].sort();
    const retry: string[] = [];
    const eligible: string[] = [];
    let i = 0;
    const next = (): void => {
      if (i < queued.length) {
        const topic = queued[i++] as string;
        if (ctx.topicsWithDeletionStarted.has(topic) && this.isTopicDeletionSuccessful(topic)) {
          this.completeDeleteTopic(topic, (e) => (e ? cb(e, undefined) : next()));
          return;
        }
        if (!this.isAnyReplicaInState(topic, "ReplicaDeletionStarted") && this.isAnyReplicaInState(topic, "ReplicaDeletionIneligible")) retry.push(topic);
        if (this.isTopicEligibleForDeletion(topic)) eligible.push(topic);
        return next();
      }
      // retryDeletionForIneligibleReplicas: failed replicas start over from OfflineReplica.
      const failed = retry.flatMap((t) => ctx.replicasInState(t, "ReplicaDeletionIneligible"));
      this.replicaStateMachine.handleStateChanges(failed, "OfflineReplica", (err) => {
        if (err) return cb(err, undefined);
        if (eligible.length === 0) return cb(null, undefined);
        this.onTopicDeletion(eligible, cb);
      });
    };
    next();
  }

  /** TopicDeletionManager.onTopicDeletion */
  private onTopicDeletion(topics: readonly string[], cb: ZkCallback<void>): void {
    const ctx = this.core.context;
    const unseen = topics.filter((t) => !ctx.topicsWithDeletionStarted.has(t));
    const unseenPartitions = unseen.flatMap((t) => ctx.partitionsForTopic(t));
    const partitions = topics.flatMap((t) => ctx.partitionsForTopic(t));
    this.core.stateChange("controller.topicDeletion.start", { topics: [...topics] });
    this.partitionStateMachine.handleStateChanges(unseenPartitions, "OfflinePartition", null, (err) => {
      if (err) return cb(err, undefined);
      this.partitionStateMachine.handleStateChanges(unseenPartitions, "NonExistentPartition", null, (e2) => {
        if (e2) return cb(e2, undefined);
        for (const t of unseen) ctx.topicsWithDeletionStarted.add(t);
        // Brokers stop serving the partitions (leader -2 in UpdateMetadata).
        this.hooks.sendUpdateMetadataRequest(partitions, (e3) => {
          if (e3) return cb(e3, undefined);
          this.onPartitionDeletion(partitions, cb);
        });
      });
    });
  }

  /** TopicDeletionManager.onPartitionDeletion: dead replicas wait (Ineligible), live ones are stopped and deleted. */
  private onPartitionDeletion(partitions: ReturnType<ControllerCore["context"]["partitionsForTopic"]>, cb: ZkCallback<void>): void {
    const ctx = this.core.context;
    const replicas = ctx.replicasForPartition(partitions).filter((r) => ctx.replicaState(r) !== "ReplicaDeletionSuccessful");
    const dead = replicas.filter((r) => !ctx.isReplicaOnline(r.replica, r.partition));
    const live = replicas.filter((r) => ctx.isReplicaOnline(r.replica, r.partition));
    for (const r of dead) ctx.topicsIneligibleForDeletion.add(r.partition.topic);
    this.replicaStateMachine.handleStateChanges(dead, "ReplicaDeletionIneligible", (e4) => {
      if (e4) return cb(e4, undefined);
      // StopReplica first so followers stop fetching, then StopReplica(delete=true).
      this.replicaStateMachine.handleStateChanges(live, "OfflineReplica", (e5) => {
        if (e5) return cb(e5, undefined);
        this.replicaStateMachine.handleStateChanges(live, "ReplicaDeletionStarted", cb);
      });
    });
  }

  /** TopicDeletionManager.completeDeleteTopic: the znodes go, the controller forgets the topic. */
  private completeDeleteTopic(topic: string, cb: ZkCallback<void>): void {
    const ctx = this.core.context;
    this.hooks.mutePartitionModifications(topic);
    const replicas = ctx.replicasInState(topic, "ReplicaDeletionSuccessful");
    this.replicaStateMachine.handleStateChanges(replicas, "NonExistentReplica", (err) => {
      if (err) return cb(err, undefined);
      const zk = this.core.zkClient;
      zk.deleteTopicZNode(topic, ctx.epochZkVersion, (e1) => {
        if (e1) return cb(e1, undefined);
        zk.deleteTopicConfigs([topic], ctx.epochZkVersion, (e2) => {
          if (e2) return cb(e2, undefined);
          zk.deleteTopicDeletions([topic], ctx.epochZkVersion, (e3) => {
            if (e3) return cb(e3, undefined);
            ctx.removeTopic(topic);
            ctx.topicsToBeDeleted.delete(topic);
            ctx.topicsWithDeletionStarted.delete(topic);
            ctx.topicsIneligibleForDeletion.delete(topic);
            this.core.stateChange("controller.topicDeletion.complete", { topic });
            cb(null, undefined);
          });
        });
      });
    });
  }
}
