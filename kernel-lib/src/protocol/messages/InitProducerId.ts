// InitProducerId (api key 22): InitProducerIdRequest.json / InitProducerIdResponse.json, Kafka 3.9 (v0-5).
// An idempotent producer gets a producer id; a transactional one also bumps its epoch (fencing zombies).

export interface InitProducerIdRequest {
  apiKey: 22;
  transactionalId: string | null;
  /** `transaction.timeout.ms`. */
  transactionTimeoutMs: number;
  /** v3+: the current id and epoch when bumping after an error (KIP-360), else -1 / -1. */
  producerId: number;
  producerEpoch: number;
}

export interface InitProducerIdResponse {
  throttleTimeMs: number;
  errorCode: number;
  producerId: number;
  producerEpoch: number;
}
