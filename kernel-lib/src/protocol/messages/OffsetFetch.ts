// OffsetFetch (api key 9): OffsetFetchRequest.json / OffsetFetchResponse.json, Kafka 3.9 (v0-9).
// Reads a group's committed offsets (v8+ can ask for several groups at once).

export interface OffsetFetchRequest {
  apiKey: 9;
  /** v0-7. */
  groupId?: string;
  /** v0-7: the partitions, or null for all. */
  topics?: OffsetFetchRequestTopic[] | null;
  /** v8+. */
  groups?: OffsetFetchRequestGroup[];
  /** Wait for pending transactional offsets to be decided (KIP-447). */
  requireStable: boolean;
}

export interface OffsetFetchRequestTopic {
  name: string;
  partitionIndexes: number[];
}

export interface OffsetFetchRequestGroup {
  groupId: string;
  /** v9+. */
  memberId?: string | null;
  memberEpoch?: number;
  topics: OffsetFetchRequestTopic[] | null;
}

export interface OffsetFetchResponse {
  throttleTimeMs: number;
  /** v0-7. */
  topics?: OffsetFetchResponseTopic[];
  /** v2-7. */
  errorCode?: number;
  /** v8+. */
  groups?: OffsetFetchResponseGroup[];
}

export interface OffsetFetchResponseTopic {
  name: string;
  partitions: OffsetFetchResponsePartition[];
}

export interface OffsetFetchResponsePartition {
  partitionIndex: number;
  /** -1 if the group has no committed offset for the partition. */
  committedOffset: number;
  committedLeaderEpoch: number;
  metadata: string | null;
  errorCode: number;
}

export interface OffsetFetchResponseGroup {
  groupId: string;
  topics: OffsetFetchResponseTopic[];
  errorCode: number;
}
