// kafka.controller.ControllerContext: the active controller's in-memory copy of the cluster metadata, loaded
// from ZooKeeper at failover and kept current by watches and by the controller's own writes.
// Iteration is in sorted order (topic, partition; broker id) so that runs are reproducible and readable.
import { TopicPartition } from "../protocol/TopicPartition";
import type { LeaderIsrAndControllerEpoch } from "./LeaderAndIsr";
import type { BrokerInfo, ReplicaAssignment } from "./zk/ZkData";

/** kafka.controller.PartitionState */
export type PartitionState = "NewPartition" | "OnlinePartition" | "OfflinePartition" | "NonExistentPartition";

/** kafka.controller.ReplicaState */
export type ReplicaState =
  | "NewReplica" | "OnlineReplica" | "OfflineReplica" | "ReplicaDeletionStarted" | "ReplicaDeletionSuccessful"
  | "ReplicaDeletionIneligible" | "NonExistentReplica";

/** kafka.controller.PartitionAndReplica */
export interface PartitionAndReplica {
  partition: TopicPartition;
  replica: number;
}

const replicaKey = (tp: TopicPartition, replica: number): string => `${tp.topic}\u0000${tp.partition}\u0000${replica}`;

export class ControllerContext {
  /** The controller epoch (/controller_epoch) and its znode version (fences this controller's writes). */
  epoch = 0;
  epochZkVersion = 0;

  private readonly liveBrokers = new Map<number, BrokerInfo>();
  private readonly liveBrokerEpochs = new Map<number, number>();
  readonly shuttingDownBrokerIds = new Set<number>();

  readonly allTopics = new Set<string>();
  readonly topicIds = new Map<string, string>();
  private readonly assignments = new Map<string, Map<number, ReplicaAssignment>>();
  private readonly leadership = new Map<string, LeaderIsrAndControllerEpoch>();
  readonly partitionStates = new Map<string, PartitionState>();
  private readonly replicaStates = new Map<string, ReplicaState>();
  readonly partitionsBeingReassigned = new Set<string>();

  // Topic deletion (TopicDeletionManager keeps its bookkeeping here, as Kafka does).
  readonly topicsToBeDeleted = new Set<string>();
  readonly topicsWithDeletionStarted = new Set<string>();
  readonly topicsIneligibleForDeletion = new Set<string>();

  // ---- brokers --------------------------------------------------------------------------------------------------

  setLiveBrokers(brokers: readonly { info: BrokerInfo; epoch: number }[]): void {
    this.liveBrokers.clear();
    this.liveBrokerEpochs.clear();
    this.addLiveBrokers(brokers);
  }

  addLiveBrokers(brokers: readonly { info: BrokerInfo; epoch: number }[]): void {
    for (const b of brokers) {
      this.liveBrokers.set(b.info.id, b.info);
      this.liveBrokerEpochs.set(b.info.id, b.epoch);
    }
  }

  removeLiveBrokers(ids: Iterable<number>): void {
    for (const id of ids) {
      this.liveBrokers.delete(id);
      this.liveBrokerEpochs.delete(id);
      this.shuttingDownBrokerIds.delete(id);
    }
  }

  /** Registered brokers that are not shutting down, sorted. */
  get liveBrokerIds(): number[] {
    return [...this.liveBrokers.keys()].filter((id) => !this.shuttingDownBrokerIds.has(id)).sort((a, b) => a - b);
  }

  /** Every registered broker, sorted. */
  get liveOrShuttingDownBrokerIds(): number[] {
    return [...this.liveBrokers.keys()].sort((a, b) => a - b);
  }

  liveOrShuttingDownBroker(id: number): BrokerInfo | undefined {
    return this.liveBrokers.get(id);
  }

  get liveOrShuttingDownBrokers(): BrokerInfo[] {
    return this.liveOrShuttingDownBrokerIds.map((id) => this.liveBrokers.get(id) as BrokerInfo);
  }

  /** The broker epoch (czxid of /brokers/ids/<id>) of a registered broker. */
  brokerEpoch(id: number): number | undefined {
    return this.liveBrokerEpochs.get(id);
  }

  isLiveOrShuttingDown(id: number): boolean {
    return this.liveBrokers.has(id);
  }

  /** ControllerContext.isReplicaOnline (log dir failures are not modelled). */
  isReplicaOnline(brokerId: number, _partition: TopicPartition, includeShuttingDownBrokers = false): boolean {
    return this.liveBrokers.has(brokerId) && (includeShuttingDownBrokers || !this.shuttingDownBrokerIds.has(brokerId));
  }

  // ---- topics and assignments ------------------------------------------------------------------------------------

  setAllTopics(topics: Iterable<string>): void {
    this.allTopics.clear();
    for (const t of topics) this.allTopics.add(t);
  }

  partitionFullReplicaAssignment(tp: TopicPartition): ReplicaAssignment {
    return this.assignments.get(tp.topic)?.get(tp.partition) ?? { replicas: [] };
  }

  /** AR: the assigned replicas, preferred leader first ([] if unknown). */
  partitionReplicaAssignment(tp: TopicPartition): number[] {
    return this.partitionFullReplicaAssignment(tp).replicas;
  }

  updatePartitionFullReplicaAssignment(tp: TopicPartition, assignment: ReplicaAssignment): void {
    let m = this.assignments.get(tp.topic);
    if (m === undefined) this.assignments.set(tp.topic, (m = new Map()));
    m.set(tp.partition, assignment);
  }

  partitionAssignmentForTopic(topic: string): Map<number, ReplicaAssignment> {
    return new Map(this.assignments.get(topic) ?? []);
  }

  partitionsForTopic(topic: string): TopicPartition[] {
    return [...(this.assignments.get(topic)?.keys() ?? [])].sort((a, b) => a - b).map((p) => new TopicPartition(topic, p));
  }

  /** Every partition of every known topic, sorted. */
  allPartitions(): TopicPartition[] {
    return [...this.assignments.keys()].sort().flatMap((t) => this.partitionsForTopic(t));
  }

  replicasForPartition(partitions: readonly TopicPartition[]): PartitionAndReplica[] {
    return partitions.flatMap((tp) => this.partitionReplicaAssignment(tp).map((replica) => ({ partition: tp, replica })));
  }

  replicasForTopic(topic: string): PartitionAndReplica[] {
    return this.replicasForPartition(this.partitionsForTopic(topic));
  }

  partitionsOnBroker(brokerId: number): TopicPartition[] {
    return this.allPartitions().filter((tp) => this.partitionReplicaAssignment(tp).includes(brokerId));
  }

  replicasOnBrokers(brokerIds: ReadonlySet<number>): PartitionAndReplica[] {
    const out: PartitionAndReplica[] = [];
    for (const tp of this.allPartitions()) {
      for (const r of this.partitionReplicaAssignment(tp)) if (brokerIds.has(r)) out.push({ partition: tp, replica: r });
    }
    return out;
  }

  removeTopic(topic: string): void {
    for (const tp of this.partitionsForTopic(topic)) {
      this.leadership.delete(tp.toString());
      this.partitionStates.delete(tp.toString());
      this.partitionsBeingReassigned.delete(tp.toString());
      for (const r of this.partitionReplicaAssignment(tp)) this.replicaStates.delete(replicaKey(tp, r));
    }
    this.assignments.delete(topic);
    this.allTopics.delete(topic);
    this.topicIds.delete(topic);
  }

  // ---- leadership --------------------------------------------------------------------------------------------------

  partitionLeadershipInfo(tp: TopicPartition): LeaderIsrAndControllerEpoch | undefined {
    return this.leadership.get(tp.toString());
  }

  putPartitionLeadershipInfo(tp: TopicPartition, info: LeaderIsrAndControllerEpoch): void {
    this.leadership.set(tp.toString(), info);
  }

  clearPartitionLeadershipInfo(): void {
    this.leadership.clear();
  }

  /** Partitions led by `brokerId`. */
  partitionLeadersOnBroker(brokerId: number): TopicPartition[] {
    return this.allPartitions().filter((tp) => this.leadership.get(tp.toString())?.leaderAndIsr.leader === brokerId);
  }

  /** Partitions whose leader is not a live broker (or that have none), topics being deleted excluded. */
  partitionsWithOfflineLeader(): TopicPartition[] {
    return this.allPartitions().filter((tp) => {
      if (this.topicsToBeDeleted.has(tp.topic)) return false;
      const info = this.leadership.get(tp.toString());
      return info !== undefined && !this.isReplicaOnline(info.leaderAndIsr.leader, tp);
    });
  }

  /** Partitions with a leadership record (for UpdateMetadata to new brokers). */
  partitionsWithLeaders(): TopicPartition[] {
    return this.allPartitions().filter((tp) => this.leadership.has(tp.toString()));
  }

  // ---- states ------------------------------------------------------------------------------------------------------

  partitionState(tp: TopicPartition): PartitionState {
    return this.partitionStates.get(tp.toString()) ?? "NonExistentPartition";
  }

  putPartitionState(tp: TopicPartition, state: PartitionState): void {
    if (state === "NonExistentPartition") this.partitionStates.delete(tp.toString());
    else this.partitionStates.set(tp.toString(), state);
  }

  replicaState(r: PartitionAndReplica): ReplicaState {
    return this.replicaStates.get(replicaKey(r.partition, r.replica)) ?? "NonExistentReplica";
  }

  putReplicaState(r: PartitionAndReplica, state: ReplicaState): void {
    if (state === "NonExistentReplica") this.replicaStates.delete(replicaKey(r.partition, r.replica));
    else this.replicaStates.set(replicaKey(r.partition, r.replica), state);
  }

  replicasInState(topic: string, state: ReplicaState): PartitionAndReplica[] {
    return this.replicasForTopic(topic).filter((r) => this.replicaState(r) === state);
  }

  isTopicQueuedUpForDeletion(topic: string): boolean {
    return this.topicsToBeDeleted.has(topic);
  }

  /** Forget everything (resignation). */
  reset(): void {
    this.liveBrokers.clear();
    this.liveBrokerEpochs.clear();
    this.shuttingDownBrokerIds.clear();
    this.allTopics.clear();
    this.topicIds.clear();
    this.assignments.clear();
    this.leadership.clear();
    this.partitionStates.clear();
    this.replicaStates.clear();
    this.partitionsBeingReassigned.clear();
    this.topicsToBeDeleted.clear();
    this.topicsWithDeletionStarted.clear();
    this.topicsIneligibleForDeletion.clear();
  }
}
