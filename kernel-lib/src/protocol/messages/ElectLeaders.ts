// ElectLeaders (api key 43): ElectLeadersRequest.json / ElectLeadersResponse.json, Kafka 3.9 (v0-2).
// `kafka-leader-election.sh`: electionType 0 PREFERRED, 1 UNCLEAN.

export interface ElectLeadersRequest {
  apiKey: 43;
  electionType: number;
  /** The partitions, or null for all partitions. */
  topicPartitions: { topic: string; partitions: number[] }[] | null;
  timeoutMs: number;
}

export interface ElectLeadersResponse {
  throttleTimeMs: number;
  errorCode: number;
  replicaElectionResults: ReplicaElectionResult[];
}

export interface ReplicaElectionResult {
  topic: string;
  partitionResult: { partitionId: number; errorCode: number; errorMessage: string | null }[];
}
