// org.apache.kafka.clients.consumer.ConsumerRebalanceListener: callbacks around a rebalance, run inside poll()
// (or commit/close) on the consumer's own turn. onPartitionsLost defaults to onPartitionsRevoked, as in Kafka.
import type { TopicPartition } from "../../protocol/TopicPartition";
import type { OffsetAndMetadata } from "./OffsetAndMetadata";

export interface ConsumerRebalanceListener {
  onPartitionsRevoked(partitions: TopicPartition[]): void;
  onPartitionsAssigned(partitions: TopicPartition[]): void;
  onPartitionsLost?(partitions: TopicPartition[]): void;
}

/** org.apache.kafka.clients.consumer.OffsetCommitCallback */
export type OffsetCommitCallback = (offsets: Map<TopicPartition, OffsetAndMetadata>, exception: Error | null) => void;
