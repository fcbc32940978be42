// Fetch (api key 1): FetchRequest.json / FetchResponse.json, Kafka 3.9 (v0-17).
// Sent by consumers (replicaId -1) and by follower brokers (their broker id) to replicate.
import type { LeaderIdAndEpoch, ProduceNodeEndpoint } from "./Produce";

export interface FetchRequest {
  apiKey: 1;
  /** v12+ (tagged): the cluster id, checked by the receiver if set. */
  clusterId?: string | null;
  /** The follower's broker id, or -1 for a consumer (v0-14; v15+ carries it in replicaState). */
  replicaId: number;
  /** v15+ (tagged): the follower's id and broker epoch. */
  replicaState?: { replicaId: number; replicaEpoch: number };
  /** `fetch.max.wait.ms` / `replica.fetch.wait.max.ms`: longest wait for minBytes. */
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  /** 0 READ_UNCOMMITTED (up to the high watermark), 1 READ_COMMITTED (up to the LSO). */
  isolationLevel: number;
  /** Incremental fetch session (KIP-227); 0 and -1 for a full fetch without a session. */
  sessionId: number;
  sessionEpoch: number;
  topics: FetchTopic[];
  /** Partitions to drop from an incremental session. */
  forgottenTopicsData: ForgottenTopic[];
  /** `client.rack`, for fetch-from-follower (KIP-392). */
  rackId: string;
}

export interface FetchTopic {
  topic: string;
  /** v13+: topics are named by id. */
  topicId?: string;
  partitions: FetchPartition[];
}

export interface FetchPartition {
  partition: number;
  /** The leader epoch the fetcher believes current, or -1 (KIP-320). */
  currentLeaderEpoch: number;
  fetchOffset: number;
  /** v12+: the epoch of the last fetched batch, for divergence detection (KIP-595). */
  lastFetchedEpoch: number;
  /** The follower's log start offset; -1 from consumers. */
  logStartOffset: number;
  partitionMaxBytes: number;
  /** v17+ (tagged): JBOD directory id of the follower's replica. */
  replicaDirectoryId?: string;
}

export interface ForgottenTopic {
  topic: string;
  topicId?: string;
  partitions: number[];
}

export interface FetchResponse {
  throttleTimeMs: number;
  /** Top-level error (fetch sessions). */
  errorCode: number;
  sessionId: number;
  responses: FetchableTopicResponse[];
  /** v16+ (tagged): endpoints of leaders named in currentLeader. */
  nodeEndpoints?: ProduceNodeEndpoint[];
}

export interface FetchableTopicResponse {
  topic: string;
  topicId?: string;
  partitions: FetchPartitionData[];
}

export interface FetchPartitionData {
  partitionIndex: number;
  errorCode: number;
  highWatermark: number;
  /** The last stable offset (LSO): end of what read_committed consumers may see. */
  lastStableOffset: number;
  logStartOffset: number;
  /** v12+ (tagged): set when the follower's log diverges from the leader's (truncate to endOffset). */
  divergingEpoch?: { epoch: number; endOffset: number };
  /** v12+ (tagged): the current leader if this broker is not it. */
  currentLeader?: LeaderIdAndEpoch;
  /** v12+ (tagged): KRaft snapshot id to fetch instead. */
  snapshotId?: { endOffset: number; epoch: number };
  /** Aborted transactions in the returned range (read_committed only), or null. */
  abortedTransactions: AbortedTransaction[] | null;
  /** The replica a consumer should fetch from next (KIP-392), or -1. */
  preferredReadReplica: number;
  /** Record batches, from a batch boundary at or before the fetch offset. */
  records: Buffer | null;
}

export interface AbortedTransaction {
  producerId: number;
  firstOffset: number;
}
