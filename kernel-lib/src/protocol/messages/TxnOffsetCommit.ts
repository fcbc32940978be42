// TxnOffsetCommit (api key 28): TxnOffsetCommitRequest.json / TxnOffsetCommitResponse.json, Kafka 3.9 (v0-4).
// sendOffsetsToTransaction, step 2: offsets written to the group coordinator, visible only on commit.

export interface TxnOffsetCommitRequest {
  apiKey: 28;
  transactionalId: string;
  groupId: string;
  producerId: number;
  producerEpoch: number;
  /** v3+ (KIP-447): the consumer's group metadata, for fencing. */
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  topics: TxnOffsetCommitRequestTopic[];
}

export interface TxnOffsetCommitRequestTopic {
  name: string;
  partitions: { partitionIndex: number; committedOffset: number; committedLeaderEpoch: number; committedMetadata: string | null }[];
}

export interface TxnOffsetCommitResponse {
  throttleTimeMs: number;
  topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[];
}
