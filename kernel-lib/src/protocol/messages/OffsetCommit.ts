// OffsetCommit (api key 8): OffsetCommitRequest.json / OffsetCommitResponse.json, Kafka 3.9 (v0-9).
// A consumer group stores its positions: committed offset = next record to read (last processed + 1).

export interface OffsetCommitRequest {
  apiKey: 8;
  groupId: string;
  /** The generation id (classic protocol) or member epoch (KIP-848); -1 for a standalone commit. */
  generationIdOrMemberEpoch: number;
  memberId: string;
  /** `group.instance.id` of a static member, or null. */
  groupInstanceId: string | null;
  /** v2-4 only. */
  retentionTimeMs?: number;
  topics: OffsetCommitRequestTopic[];
}

export interface OffsetCommitRequestTopic {
  name: string;
  partitions: OffsetCommitRequestPartition[];
}

export interface OffsetCommitRequestPartition {
  partitionIndex: number;
  committedOffset: number;
  committedLeaderEpoch: number;
  /** v1 only. */
  commitTimestamp?: number;
  committedMetadata: string | null;
}

export interface OffsetCommitResponse {
  throttleTimeMs: number;
  topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[];
}
