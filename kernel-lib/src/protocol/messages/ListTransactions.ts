// ListTransactions (api key 66): ListTransactionsRequest.json / ListTransactionsResponse.json, Kafka 3.9 (v0-1).
// `kafka-transactions.sh list` (KIP-664).

export interface ListTransactionsRequest {
  apiKey: 66;
  stateFilters: string[];
  producerIdFilters: number[];
  /** v1+: only transactions running longer than this (ms); -1 = no filter (KIP-994). */
  durationFilter: number;
}

export interface ListTransactionsResponse {
  throttleTimeMs: number;
  errorCode: number;
  unknownStateFilters: string[];
  transactionStates: { transactionalId: string; producerId: number; transactionState: string }[];
}
