// CreatePartitions (api key 37): CreatePartitionsRequest.json / CreatePartitionsResponse.json, Kafka 3.9 (v0-3).
// `kafka-topics.sh --alter --partitions N`: partitions can only be added.

export interface CreatePartitionsRequest {
  apiKey: 37;
  topics: CreatePartitionsTopic[];
  timeoutMs: number;
  validateOnly: boolean;
}

export interface CreatePartitionsTopic {
  name: string;
  /** The new total number of partitions. */
  count: number;
  /** Replicas of each new partition, or null to let the controller place them. */
  assignments: { brokerIds: number[] }[] | null;
}

export interface CreatePartitionsResponse {
  throttleTimeMs: number;
  results: { name: string; errorCode: number; errorMessage: string | null }[];
}
