// DescribeTransactions (api key 65): DescribeTransactionsRequest.json / ...Response.json, Kafka 3.9 (v0).
// `kafka-transactions.sh describe` (KIP-664): what a transaction coordinator knows of a transactional id.

export interface DescribeTransactionsRequest {
  apiKey: 65;
  transactionalIds: string[];
}

export interface DescribeTransactionsResponse {
  throttleTimeMs: number;
  transactionStates: TransactionState[];
}

export interface TransactionState {
  errorCode: number;
  transactionalId: string;
  /** "Empty", "Ongoing", "PrepareCommit", "PrepareAbort", "CompleteCommit", "CompleteAbort", "Dead", "PrepareEpochFence". */
  transactionState: string;
  transactionTimeoutMs: number;
  transactionStartTimeMs: number;
  producerId: number;
  producerEpoch: number;
  topics: { topic: string; partitions: number[] }[];
}
