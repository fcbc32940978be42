// Produce (api key 0): ProduceRequest.json / ProduceResponse.json, Kafka 3.9 (v0-11).
// Records travel as the real bytes: one or more record batches in the v2 format.

export interface ProduceRequest {
  apiKey: 0;
  /** The transactional id, or null if the producer is not transactional. */
  transactionalId: string | null;
  /** 0: no acknowledgment, 1: the leader's, -1: the full ISR's. */
  acks: number;
  /** How long the leader may wait for the acks it was asked for. */
  timeoutMs: number;
  topicData: ProduceTopicData[];
}

export interface ProduceTopicData {
  name: string;
  partitionData: ProducePartitionData[];
}

export interface ProducePartitionData {
  index: number;
  /** Record batches (magic v2), or null. */
  records: Buffer | null;
}

export interface ProduceResponse {
  responses: TopicProduceResponse[];
  throttleTimeMs: number;
  /** v10+ (tagged): endpoints of the new leaders named in currentLeader fields. */
  nodeEndpoints?: ProduceNodeEndpoint[];
}

export interface TopicProduceResponse {
  name: string;
  partitionResponses: PartitionProduceResponse[];
}

export interface PartitionProduceResponse {
  index: number;
  errorCode: number;
  /** Offset given to the first record of the batch, or -1. */
  baseOffset: number;
  /** The broker's append time if the topic uses LogAppendTime, else -1. */
  logAppendTimeMs: number;
  logStartOffset: number;
  /** The batch-relative indexes of records that made the whole batch fail (KIP-467). */
  recordErrors: BatchIndexAndErrorMessage[];
  errorMessage: string | null;
  /** v10+ (tagged): the leader the client should send to instead (KIP-951). */
  currentLeader?: LeaderIdAndEpoch;
}

export interface BatchIndexAndErrorMessage {
  batchIndex: number;
  batchIndexErrorMessage: string | null;
}

export interface LeaderIdAndEpoch {
  leaderId: number;
  leaderEpoch: number;
}

export interface ProduceNodeEndpoint {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}
