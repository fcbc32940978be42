// DescribeProducers (api key 61): DescribeProducersRequest.json / DescribeProducersResponse.json (v0).
// `kafka-transactions.sh describe-producers`: the producer state a partition leader holds (KIP-664).

export interface DescribeProducersRequest {
  apiKey: 61;
  topics: { name: string; partitionIndexes: number[] }[];
}

export interface DescribeProducersResponse {
  throttleTimeMs: number;
  topics: { name: string; partitions: DescribeProducersPartition[] }[];
}

export interface DescribeProducersPartition {
  partitionIndex: number;
  errorCode: number;
  errorMessage: string | null;
  activeProducers: ProducerState[];
}

export interface ProducerState {
  producerId: number;
  producerEpoch: number;
  lastSequence: number;
  lastTimestamp: number;
  coordinatorEpoch: number;
  /** First offset of the producer's open transaction, or -1. */
  currentTxnStartOffset: number;
}
