// kafka.controller.ControllerBrokerRequestBatch: collects the LeaderAndIsr, UpdateMetadata and StopReplica
// requests one controller step produces, then sends them per broker in that order, each stamped with the
// controller epoch (brokers reject older epochs: STALE_CONTROLLER_EPOCH) and the target broker's epoch.
import type { LeaderAndIsrPartitionState, LeaderAndIsrRequest, LeaderAndIsrTopicState } from "../protocol/messages/LeaderAndIsr";
import type { StopReplicaPartitionState, StopReplicaRequest, StopReplicaResponse } from "../protocol/messages/StopReplica";
import type { UpdateMetadataBroker, UpdateMetadataPartitionState, UpdateMetadataRequest } from "../protocol/messages/UpdateMetadata";
import type { TopicPartition } from "../protocol/TopicPartition";
import type { Runtime } from "../sim/Runtime";
import { brokerEndpoint, type ControllerChannelManager } from "./ControllerChannelManager";
import type { ControllerContext } from "./ControllerContext";
import { LeaderAndIsr, type LeaderIsrAndControllerEpoch } from "./LeaderAndIsr";
import type { ReplicaAssignment } from "./zk/ZkData";

/** SecurityProtocol ids as UpdateMetadata carries them. */
const SECURITY_PROTOCOL_ID: Record<string, number> = { PLAINTEXT: 0, SSL: 1, SASL_PLAINTEXT: 2, SASL_SSL: 3 };

/** StopReplica leader epoch values: -1 no epoch check, -2 the partition is being deleted (LeaderAndIsr.EpochDuringDelete). */
export const EPOCH_DURING_DELETE = -2;

export type StopReplicaCallback = (brokerId: number, response: StopReplicaResponse | null, err: Error | null) => void;

export class ControllerBrokerRequestBatch {
  private readonly leaderAndIsr = new Map<number, Map<string, { tp: TopicPartition; state: LeaderAndIsrPartitionState }>>();
  private readonly stopReplica = new Map<number, Map<string, { tp: TopicPartition; state: StopReplicaPartitionState }>>();
  private readonly updateMetadataBrokers = new Set<number>();
  private readonly updateMetadataPartitions = new Map<string, { tp: TopicPartition; state: UpdateMetadataPartitionState }>();

  constructor(
    private readonly runtime: Runtime,
    private readonly controllerId: number,
    private readonly context: ControllerContext,
    private readonly channel: ControllerChannelManager,
    private readonly stopReplicaCallback: StopReplicaCallback | null = null,
  ) {}

  /** Kafka throws if a previous batch was not sent; here the leftovers are simply cleared. */
  newBatch(): void {
    this.leaderAndIsr.clear();
    this.stopReplica.clear();
    this.updateMetadataBrokers.clear();
    this.updateMetadataPartitions.clear();
  }

  get isEmpty(): boolean {
    return this.leaderAndIsr.size === 0 && this.stopReplica.size === 0 && this.updateMetadataBrokers.size === 0;
  }

  /** addLeaderAndIsrRequestForBrokers: also queues UpdateMetadata of the partition for every broker. */
  addLeaderAndIsrRequestForBrokers(brokerIds: readonly number[], tp: TopicPartition, state: LeaderIsrAndControllerEpoch,
    assignment: ReplicaAssignment, isNew: boolean): void {
    for (const brokerId of brokerIds) {
      if (brokerId < 0) continue;
      let m = this.leaderAndIsr.get(brokerId);
      if (m === undefined) this.leaderAndIsr.set(brokerId, (m = new Map()));
      const alreadyNew = m.get(tp.toString())?.state.isNew ?? false;
      const l = state.leaderAndIsr;
      m.set(tp.toString(), {
        tp,
        state: {
          partitionIndex: tp.partition, controllerEpoch: state.controllerEpoch, leader: l.leader, leaderEpoch: l.leaderEpoch,
          isr: [...l.isr], partitionEpoch: l.partitionEpoch, replicas: [...assignment.replicas],
          addingReplicas: [...(assignment.addingReplicas ?? [])], removingReplicas: [...(assignment.removingReplicas ?? [])],
          isNew: isNew || alreadyNew, leaderRecoveryState: l.leaderRecoveryState,
        },
      });
    }
    this.addUpdateMetadataRequestForBrokers(this.context.liveOrShuttingDownBrokerIds, [tp]);
  }

  /** addStopReplicaRequestForBrokers */
  addStopReplicaRequestForBrokers(brokerIds: readonly number[], tp: TopicPartition, deletePartition: boolean): void {
    // A partition being deleted is stopped with the "during delete" epoch, others with the current leader epoch.
    const leaderEpoch = this.context.isTopicQueuedUpForDeletion(tp.topic)
      ? EPOCH_DURING_DELETE
      : this.context.partitionLeadershipInfo(tp)?.leaderAndIsr.leaderEpoch ?? LeaderAndIsr.NO_EPOCH;
    for (const brokerId of brokerIds) {
      if (brokerId < 0) continue;
      let m = this.stopReplica.get(brokerId);
      if (m === undefined) this.stopReplica.set(brokerId, (m = new Map()));
      const prev = m.get(tp.toString())?.state.deletePartition ?? false;
      m.set(tp.toString(), { tp, state: { partitionIndex: tp.partition, leaderEpoch, deletePartition: deletePartition || prev } });
    }
  }

  /** addUpdateMetadataRequestForBrokers: the brokers get the live broker list and these partitions' states. */
  addUpdateMetadataRequestForBrokers(brokerIds: readonly number[], partitions: readonly TopicPartition[]): void {
    for (const id of brokerIds) if (id >= 0) this.updateMetadataBrokers.add(id);
    for (const tp of partitions) {
      const info = this.context.partitionLeadershipInfo(tp);
      if (info === undefined) continue; // leader not yet assigned
      const replicas = this.context.partitionReplicaAssignment(tp);
      const offlineReplicas = replicas.filter((r) => !this.context.isReplicaOnline(r, tp));
      const beingDeleted = this.context.isTopicQueuedUpForDeletion(tp.topic);
      // LeaderAndIsr.duringDelete: leader -2 tells brokers to drop the partition from their metadata cache.
      const l = beingDeleted ? new LeaderAndIsr(LeaderAndIsr.LEADER_DURING_DELETE, 0, info.leaderAndIsr.isr) : info.leaderAndIsr;
      this.updateMetadataPartitions.set(tp.toString(), {
        tp,
        state: {
          partitionIndex: tp.partition, controllerEpoch: info.controllerEpoch, leader: l.leader, leaderEpoch: l.leaderEpoch,
          isr: [...l.isr], zkVersion: l.partitionEpoch, replicas: [...replicas], offlineReplicas,
        },
      });
    }
  }

  /** sendRequestsToBrokers: LeaderAndIsr, then UpdateMetadata, then StopReplica, per broker. */
  sendRequestsToBrokers(controllerEpoch: number): void {
    this.sendLeaderAndIsrRequests(controllerEpoch);
    this.sendUpdateMetadataRequests(controllerEpoch);
    this.sendStopReplicaRequests(controllerEpoch);
    this.newBatch();
  }

  private brokerEpoch(id: number): number {
    return this.context.brokerEpoch(id) ?? -1;
  }

  private topicId(topic: string): string {
    return this.context.topicIds.get(topic) ?? "AAAAAAAAAAAAAAAAAAAAAA";
  }

  private sendLeaderAndIsrRequests(controllerEpoch: number): void {
    for (const [brokerId, partitions] of [...this.leaderAndIsr].sort((a, b) => a[0] - b[0])) {
      if (!this.context.isLiveOrShuttingDown(brokerId)) continue;
      const states = [...partitions.values()].sort((a, b) => (a.tp.topic < b.tp.topic ? -1 : a.tp.topic > b.tp.topic ? 1 : a.tp.partition - b.tp.partition));
      const topics = new Map<string, LeaderAndIsrTopicState>();
      const leaderIds = new Set<number>();
      for (const { tp, state } of states) {
        let t = topics.get(tp.topic);
        if (t === undefined) topics.set(tp.topic, (t = { topicName: tp.topic, topicId: this.topicId(tp.topic), partitionStates: [] }));
        t.partitionStates.push(state);
        leaderIds.add(state.leader);
      }
      const liveLeaders = this.context.liveOrShuttingDownBrokers.filter((b) => leaderIds.has(b.id)).map((b) => {
        const ep = brokerEndpoint(b, this.channel.interBrokerListenerName);
        return { brokerId: b.id, hostName: ep?.host ?? "", port: ep?.port ?? -1 };
      });
      const request: LeaderAndIsrRequest & { apiKey: 4 } = {
        apiKey: 4, controllerId: this.controllerId, isKRaftController: false, controllerEpoch, brokerEpoch: this.brokerEpoch(brokerId),
        type: 0, topicStates: [...topics.values()], liveLeaders,
      };
      this.trace("controller.send.LeaderAndIsr", brokerId, controllerEpoch, states.map((s) => `${s.tp.toString()}:${s.state.leader}/${s.state.leaderEpoch}[${s.state.isr.join(",")}]`));
      this.channel.sendRequest(brokerId, request);
    }
  }

  private sendUpdateMetadataRequests(controllerEpoch: number): void {
    if (this.updateMetadataBrokers.size === 0) return;
    const liveBrokers: UpdateMetadataBroker[] = this.context.liveOrShuttingDownBrokers.map((b) => ({
      id: b.id, rack: b.rack,
      endpoints: b.endpoints.map((e) => ({ port: e.port, host: e.host ?? "", listener: e.listenerName, securityProtocol: SECURITY_PROTOCOL_ID[e.securityProtocol] ?? 0 })),
    }));
    const states = [...this.updateMetadataPartitions.values()].sort((a, b) => (a.tp.topic < b.tp.topic ? -1 : a.tp.topic > b.tp.topic ? 1 : a.tp.partition - b.tp.partition));
    for (const brokerId of [...this.updateMetadataBrokers].sort((a, b) => a - b)) {
      if (!this.context.isLiveOrShuttingDown(brokerId)) continue;
      const topics = new Map<string, { topicName: string; topicId: string; partitionStates: UpdateMetadataPartitionState[] }>();
      for (const { tp, state } of states) {
        let t = topics.get(tp.topic);
        if (t === undefined) topics.set(tp.topic, (t = { topicName: tp.topic, topicId: this.topicId(tp.topic), partitionStates: [] }));
        t.partitionStates.push({ ...state, isr: [...state.isr], replicas: [...state.replicas], offlineReplicas: [...state.offlineReplicas] });
      }
      const request: UpdateMetadataRequest & { apiKey: 6 } = {
        apiKey: 6, controllerId: this.controllerId, isKRaftController: false, controllerEpoch, brokerEpoch: this.brokerEpoch(brokerId),
        type: 0, topicStates: [...topics.values()], liveBrokers: liveBrokers.map((b) => ({ ...b, endpoints: b.endpoints.map((e) => ({ ...e })) })),
      };
      this.trace("controller.send.UpdateMetadata", brokerId, controllerEpoch, states.map((s) => `${s.tp.toString()}:${s.state.leader}/${s.state.leaderEpoch}[${s.state.isr.join(",")}]`));
      this.channel.sendRequest(brokerId, request);
    }
  }

  private sendStopReplicaRequests(controllerEpoch: number): void {
    for (const [brokerId, partitions] of [...this.stopReplica].sort((a, b) => a[0] - b[0])) {
      if (!this.context.isLiveOrShuttingDown(brokerId)) continue;
      const states = [...partitions.values()].sort((a, b) => (a.tp.topic < b.tp.topic ? -1 : a.tp.topic > b.tp.topic ? 1 : a.tp.partition - b.tp.partition));
      const topics = new Map<string, { topicName: string; partitionStates: StopReplicaPartitionState[] }>();
      for (const { tp, state } of states) {
        let t = topics.get(tp.topic);
        if (t === undefined) topics.set(tp.topic, (t = { topicName: tp.topic, partitionStates: [] }));
        t.partitionStates.push(state);
      }
      const request: StopReplicaRequest & { apiKey: 5 } = {
        apiKey: 5, controllerId: this.controllerId, isKRaftController: false, controllerEpoch, brokerEpoch: this.brokerEpoch(brokerId),
        topicStates: [...topics.values()],
      };
      this.trace("controller.send.StopReplica", brokerId, controllerEpoch, states.map((s) => `${s.tp.toString()}${s.state.deletePartition ? ":delete" : ""}`));
      const deleting = states.some((s) => s.state.deletePartition);
      const cb = this.stopReplicaCallback;
      this.channel.sendRequest(brokerId, request, deleting && cb !== null
        ? (err, response) => cb(brokerId, response as StopReplicaResponse | null, err)
        : undefined);
    }
  }

  private trace(kind: string, brokerId: number, controllerEpoch: number, partitions: string[]): void {
    if (!this.runtime.trace.wants("controller")) return;
    this.runtime.trace.record(this.channel.node, kind, { broker: brokerId, controllerEpoch, partitions });
  }
}
