// AlterPartition (api key 56, formerly AlterIsr): AlterPartitionRequest.json / ...Response.json, Kafka 3.9 (v0-3).
// A partition leader asks the controller to change the ISR (KIP-497); the controller commits it
// (ZK mode: a conditional write of the partition state znode) and answers with the new state.

export interface AlterPartitionRequest {
  apiKey: 56;
  /** The leader's broker id. */
  brokerId: number;
  brokerEpoch: number;
  topics: AlterPartitionTopic[];
}

export interface AlterPartitionTopic {
  /** v0-1. */
  topicName?: string;
  /** v2+. */
  topicId?: string;
  partitions: AlterPartitionPartition[];
}

export interface AlterPartitionPartition {
  partitionIndex: number;
  leaderEpoch: number;
  /** v0-2. */
  newIsr?: number[];
  /** v3+: the ISR with each member's broker epoch (KIP-903). */
  newIsrWithEpochs?: { brokerId: number; brokerEpoch: number }[];
  /** 0 RECOVERED, 1 RECOVERING. */
  leaderRecoveryState: number;
  /** The partition epoch the leader knows (ZK mode: the state znode version). */
  partitionEpoch: number;
}

export interface AlterPartitionResponse {
  throttleTimeMs: number;
  errorCode: number;
  topics: { topicName?: string; topicId?: string; partitions: AlterPartitionPartitionResult[] }[];
}

export interface AlterPartitionPartitionResult {
  partitionIndex: number;
  errorCode: number;
  leaderId: number;
  leaderEpoch: number;
  isr: number[];
  leaderRecoveryState: number;
  partitionEpoch: number;
}
