// StopReplica (api key 5): StopReplicaRequest.json / StopReplicaResponse.json, Kafka 3.9 (v0-4).
// ZooKeeper mode: the controller tells a broker to stop replicating partitions (and maybe delete them).

export interface StopReplicaRequest {
  apiKey: 5;
  controllerId: number;
  isKRaftController: boolean;
  controllerEpoch: number;
  brokerEpoch: number;
  /** v0-2 only. */
  deletePartitions?: boolean;
  /** v3+. */
  topicStates: StopReplicaTopicState[];
}

export interface StopReplicaTopicState {
  topicName: string;
  partitionStates: StopReplicaPartitionState[];
}

export interface StopReplicaPartitionState {
  partitionIndex: number;
  /** -1 = no epoch check; -2 = the partition is being deleted. */
  leaderEpoch: number;
  deletePartition: boolean;
}

export interface StopReplicaResponse {
  errorCode: number;
  partitionErrors: { topicName: string; partitionIndex: number; errorCode: number }[];
}
