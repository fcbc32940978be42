// EndTxn (api key 26): EndTxnRequest.json / EndTxnResponse.json, Kafka 3.9 (v0-4).
// commitTransaction / abortTransaction: the coordinator writes PREPARE_*, then the markers.

export interface EndTxnRequest {
  apiKey: 26;
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  /** true to commit, false to abort. */
  committed: boolean;
}

export interface EndTxnResponse {
  throttleTimeMs: number;
  errorCode: number;
}
