// ListOffsets (api key 2): ListOffsetsRequest.json / ListOffsetsResponse.json, Kafka 3.9 (v0-9).
// timestamp -1 = latest (HW or LSO), -2 = earliest, -3 = max timestamp (KIP-734),
// -4 = earliest local (KIP-405), -5 = earliest tiered (3.9); otherwise the first offset with timestamp >= it.

export interface ListOffsetsRequest {
  apiKey: 2;
  /** The broker id of a follower, or -1 for clients. */
  replicaId: number;
  /** 0 READ_UNCOMMITTED, 1 READ_COMMITTED. */
  isolationLevel: number;
  topics: ListOffsetsTopic[];
}

export interface ListOffsetsTopic {
  name: string;
  partitions: ListOffsetsPartition[];
}

export interface ListOffsetsPartition {
  partitionIndex: number;
  currentLeaderEpoch: number;
  timestamp: number;
  /** v0 only. */
  maxNumOffsets?: number;
}

export interface ListOffsetsResponse {
  throttleTimeMs: number;
  topics: ListOffsetsTopicResponse[];
}

export interface ListOffsetsTopicResponse {
  name: string;
  partitions: ListOffsetsPartitionResponse[];
}

export interface ListOffsetsPartitionResponse {
  partitionIndex: number;
  errorCode: number;
  /** v0 only. */
  oldStyleOffsets?: number[];
  /** The timestamp of the found record, or -1. */
  timestamp: number;
  offset: number;
  leaderEpoch: number;
}
