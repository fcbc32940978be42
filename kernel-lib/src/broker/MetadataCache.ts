// What this broker knows about the cluster (kafka.server.metadata.ZkMetadataCache): live brokers, every partition's
// leader, ISR and replicas, the controller — filled only by the controller's UpdateMetadata requests, so a broker
// answers Metadata with the controller's latest word (possibly a little stale, as in Kafka).
import { Errors } from "../protocol/Errors";
import type { MetadataResponseBroker, MetadataResponsePartition, MetadataResponseTopic } from "../protocol/messages/Metadata";
import type { UpdateMetadataPartitionState, UpdateMetadataRequest } from "../protocol/messages/UpdateMetadata";

/** LeaderAndIsr.LeaderDuringDelete: the leader id the controller sends for partitions of a topic being deleted. */
export const LEADER_DURING_DELETE = -2;
const ZERO_UUID = "AAAAAAAAAAAAAAAAAAAAAA";

export interface BrokerEndpoint {
  id: number;
  host: string;
  port: number;
  rack: string | null;
}

export class MetadataCache {
  private readonly brokers = new Map<number, BrokerEndpoint>();
  private readonly partitionStates = new Map<string, Map<number, UpdateMetadataPartitionState>>();
  private readonly topicIds = new Map<string, string>();
  private controllerIdValue: number | null = null;
  clusterId: string | null = null;

  constructor(readonly brokerId: number) {}

  /**
   * ZkMetadataCache.updateMetadata: replaces the live brokers and the controller id, and updates (or removes,
   * for topics being deleted) the partition states named. Returns the partitions deleted.
   */
  updateMetadata(req: UpdateMetadataRequest): string[] {
    this.controllerIdValue = req.controllerId < 0 ? null : req.controllerId;
    this.brokers.clear();
    for (const b of req.liveBrokers) {
      const ep = b.endpoints.find((e) => e.listener === "PLAINTEXT") ?? b.endpoints[0];
      if (ep !== undefined) this.brokers.set(b.id, { id: b.id, host: ep.host, port: ep.port, rack: b.rack });
    }
    const deleted: string[] = [];
    for (const t of req.topicStates) {
      if (t.topicId !== "" && t.topicId !== ZERO_UUID) this.topicIds.set(t.topicName, t.topicId);
      for (const p of t.partitionStates) {
        if (p.leader === LEADER_DURING_DELETE) {
          const m = this.partitionStates.get(t.topicName);
          if (m?.delete(p.partitionIndex)) deleted.push(`${t.topicName}-${p.partitionIndex}`);
          if (m !== undefined && m.size === 0) {
            this.partitionStates.delete(t.topicName);
            this.topicIds.delete(t.topicName);
          }
        } else {
          let m = this.partitionStates.get(t.topicName);
          if (m === undefined) this.partitionStates.set(t.topicName, (m = new Map()));
          m.set(p.partitionIndex, { ...p, topicName: t.topicName });
        }
      }
    }
    return deleted;
  }

  getControllerId(): number | null {
    return this.controllerIdValue;
  }

  getAliveBrokers(): BrokerEndpoint[] {
    return [...this.brokers.values()].sort((a, b) => a.id - b.id);
  }

  getAliveBroker(id: number): BrokerEndpoint | undefined {
    return this.brokers.get(id);
  }

  hasAliveBroker(id: number): boolean {
    return this.brokers.has(id);
  }

  getAllTopics(): string[] {
    return [...this.partitionStates.keys()].sort();
  }

  contains(topic: string, partition?: number): boolean {
    const m = this.partitionStates.get(topic);
    return m !== undefined && (partition === undefined || m.has(partition));
  }

  topicId(topic: string): string {
    return this.topicIds.get(topic) ?? ZERO_UUID;
  }

  numPartitions(topic: string): number | null {
    return this.partitionStates.get(topic)?.size ?? null;
  }

  getPartitionInfo(topic: string, partition: number): UpdateMetadataPartitionState | undefined {
    return this.partitionStates.get(topic)?.get(partition);
  }

  partitionsOf(topic: string): UpdateMetadataPartitionState[] {
    return [...(this.partitionStates.get(topic)?.values() ?? [])].sort((a, b) => a.partitionIndex - b.partitionIndex);
  }

  /** The brokers part of a Metadata response. */
  brokersMetadata(): MetadataResponseBroker[] {
    return this.getAliveBrokers().map((b) => ({ nodeId: b.id, host: b.host, port: b.port, rack: b.rack }));
  }

  /**
   * ZkMetadataCache.getTopicMetadata: partition metadata as clients see it. A partition whose leader is not a
   * live broker answers LEADER_NOT_AVAILABLE with leader -1; replicas not alive are listed as offline.
   */
  topicMetadata(topic: string, isInternal: boolean): MetadataResponseTopic | null {
    const m = this.partitionStates.get(topic);
    if (m === undefined) return null;
    const partitions: MetadataResponsePartition[] = this.partitionsOf(topic).map((p) => {
      const offline = p.replicas.filter((r) => !this.brokers.has(r));
      const leaderAlive = p.leader >= 0 && this.brokers.has(p.leader);
      return {
        errorCode: leaderAlive ? Errors.NONE.code : Errors.LEADER_NOT_AVAILABLE.code,
        partitionIndex: p.partitionIndex,
        leaderId: leaderAlive ? p.leader : -1,
        leaderEpoch: p.leaderEpoch,
        replicaNodes: [...p.replicas],
        isrNodes: [...p.isr],
        offlineReplicas: offline,
      };
    });
    return { errorCode: Errors.NONE.code, name: topic, topicId: this.topicId(topic), isInternal, partitions, topicAuthorizedOperations: -2147483648 };
  }
}
