// OffsetForLeaderEpoch (api key 23): OffsetForLeaderEpochRequest.json / ...Response.json, Kafka 3.9 (v0-4).
// A follower (or consumer) asks where an epoch ended on the leader, to truncate a divergent log (KIP-101/279).

export interface OffsetForLeaderEpochRequest {
  apiKey: 23;
  /** v3+: the follower's broker id; -1 for consumers, -2 for debugging tools. */
  replicaId: number;
  topics: OffsetForLeaderTopic[];
}

export interface OffsetForLeaderTopic {
  topic: string;
  partitions: OffsetForLeaderPartition[];
}

export interface OffsetForLeaderPartition {
  partition: number;
  /** Fences stale requests (KIP-320); -1 to skip the check. */
  currentLeaderEpoch: number;
  /** The epoch whose end offset is asked for. */
  leaderEpoch: number;
}

export interface OffsetForLeaderEpochResponse {
  throttleTimeMs: number;
  topics: { topic: string; partitions: EpochEndOffset[] }[];
}

export interface EpochEndOffset {
  errorCode: number;
  partition: number;
  /** The largest epoch <= the requested one known to the leader, or -1. */
  leaderEpoch: number;
  /** The start offset of the next epoch (or the LEO for the latest epoch), or -1. */
  endOffset: number;
}
