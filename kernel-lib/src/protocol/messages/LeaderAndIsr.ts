// LeaderAndIsr (api key 4): LeaderAndIsrRequest.json / LeaderAndIsrResponse.json, Kafka 3.9 (v0-7).
// ZooKeeper mode: the controller tells each replica broker who leads a partition, the ISR and epochs.

export interface LeaderAndIsrRequest {
  apiKey: 4;
  controllerId: number;
  /** v7+: true if sent by a KRaft controller during ZK migration. */
  isKRaftController: boolean;
  /** Fences zombie controllers: brokers ignore requests with an older epoch. */
  controllerEpoch: number;
  brokerEpoch: number;
  /** v5+: 0 incremental, 1 full. */
  type: number;
  /** v0-1 only: partition states without topic grouping. */
  ungroupedPartitionStates?: LeaderAndIsrPartitionState[];
  /** v2+. */
  topicStates: LeaderAndIsrTopicState[];
  liveLeaders: LeaderAndIsrLiveLeader[];
}

export interface LeaderAndIsrTopicState {
  topicName: string;
  /** v5+. */
  topicId: string;
  partitionStates: LeaderAndIsrPartitionState[];
}

export interface LeaderAndIsrPartitionState {
  /** v0-1 only (ungrouped). */
  topicName?: string;
  partitionIndex: number;
  controllerEpoch: number;
  leader: number;
  leaderEpoch: number;
  isr: number[];
  /** The znode version (zkVersion) of the partition state. */
  partitionEpoch: number;
  replicas: number[];
  addingReplicas: number[];
  removingReplicas: number[];
  isNew: boolean;
  /** 0 RECOVERED, 1 RECOVERING (after an unclean election, KIP-704). */
  leaderRecoveryState: number;
}

export interface LeaderAndIsrLiveLeader {
  brokerId: number;
  hostName: string;
  port: number;
}

export interface LeaderAndIsrResponse {
  errorCode: number;
  /** v0-4. */
  partitionErrors?: { topicName: string; partitionIndex: number; errorCode: number }[];
  /** v5+. */
  topics?: { topicId: string; partitionErrors: { partitionIndex: number; errorCode: number }[] }[];
}
