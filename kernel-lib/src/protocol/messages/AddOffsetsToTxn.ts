// AddOffsetsToTxn (api key 25): AddOffsetsToTxnRequest.json / AddOffsetsToTxnResponse.json, Kafka 3.9 (v0-4).
// sendOffsetsToTransaction, step 1: adds the group's __consumer_offsets partition to the transaction.

export interface AddOffsetsToTxnRequest {
  apiKey: 25;
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  groupId: string;
}

export interface AddOffsetsToTxnResponse {
  throttleTimeMs: number;
  errorCode: number;
}
