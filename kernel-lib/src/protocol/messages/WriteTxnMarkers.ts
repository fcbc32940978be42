// WriteTxnMarkers (api key 27): WriteTxnMarkersRequest.json / WriteTxnMarkersResponse.json, Kafka 3.9 (v0-1).
// The transaction coordinator asks partition leaders to append COMMIT/ABORT control records.

export interface WriteTxnMarkersRequest {
  apiKey: 27;
  markers: WritableTxnMarker[];
}

export interface WritableTxnMarker {
  producerId: number;
  producerEpoch: number;
  /** true = COMMIT, false = ABORT. */
  transactionResult: boolean;
  topics: { name: string; partitionIndexes: number[] }[];
  /** Epoch of the coordinator (its __transaction_state partition leader epoch). */
  coordinatorEpoch: number;
}

export interface WriteTxnMarkersResponse {
  markers: { producerId: number; topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[] }[];
}
