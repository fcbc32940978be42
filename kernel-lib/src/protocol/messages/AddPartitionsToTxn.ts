// AddPartitionsToTxn (api key 24): AddPartitionsToTxnRequest.json / ...Response.json, Kafka 3.9 (v0-5).
// A transactional producer registers partitions with its coordinator before writing to them.
// v4+ batches several transactions (sent broker-to-coordinator for KIP-890 verification).

export interface AddPartitionsToTxnRequest {
  apiKey: 24;
  /** v4+. */
  transactions?: AddPartitionsToTxnTransaction[];
  /** v0-3: the single transaction. */
  v3AndBelowTransactionalId?: string;
  v3AndBelowProducerId?: number;
  v3AndBelowProducerEpoch?: number;
  v3AndBelowTopics?: AddPartitionsToTxnTopic[];
}

export interface AddPartitionsToTxnTransaction {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  /** Only check that the partitions are already in the transaction (KIP-890). */
  verifyOnly: boolean;
  topics: AddPartitionsToTxnTopic[];
}

export interface AddPartitionsToTxnTopic {
  name: string;
  partitions: number[];
}

export interface AddPartitionsToTxnResponse {
  throttleTimeMs: number;
  /** v4+: top-level error. */
  errorCode?: number;
  /** v4+. */
  resultsByTransaction?: { transactionalId: string; topicResults: AddPartitionsToTxnTopicResult[] }[];
  /** v0-3. */
  resultsByTopicV3AndBelow?: AddPartitionsToTxnTopicResult[];
}

export interface AddPartitionsToTxnTopicResult {
  name: string;
  resultsByPartition: { partitionIndex: number; partitionErrorCode: number }[];
}
