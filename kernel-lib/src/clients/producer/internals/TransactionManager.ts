// The seam for org.apache.kafka.clients.producer.internals.TransactionManager (idempotence and transactions,
// a later issue). Until the broker keeps producer state, the producer sends without a producer id: the
// accumulator's drain is where a TransactionManager would stamp producer id, epoch and base sequence
// (MemoryRecordsBuilder.setProducerState), and the Sender where it would send InitProducerId first.
export interface TransactionManager {
  readonly producerId: number;
  readonly producerEpoch: number;
  isTransactional(): boolean;
  /** The next sequence number for a partition, advanced by `increment` records once assigned. */
  sequenceNumber(topicPartition: string): number;
  incrementSequenceNumber(topicPartition: string, increment: number): void;
}
