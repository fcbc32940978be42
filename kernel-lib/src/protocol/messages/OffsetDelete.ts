// OffsetDelete (api key 47): OffsetDeleteRequest.json / OffsetDeleteResponse.json, Kafka 3.9 (v0).
// `kafka-consumer-groups.sh --delete-offsets` (KIP-496).

export interface OffsetDeleteRequest {
  apiKey: 47;
  groupId: string;
  topics: { name: string; partitions: { partitionIndex: number }[] }[];
}

export interface OffsetDeleteResponse {
  errorCode: number;
  throttleTimeMs: number;
  topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[];
}
