// clients/consumer: the classic-protocol KafkaConsumer (org.apache.kafka.clients.consumer) and its assignors.
export { KafkaConsumer, partitionsOf, type KafkaConsumerOptions } from "./KafkaConsumer";
export * from "./ConsumerConfig";
export { ConsumerRecord, NULL_SIZE } from "./ConsumerRecord";
export { ConsumerRecords } from "./ConsumerRecords";
export { OffsetAndMetadata, OffsetAndTimestamp } from "./OffsetAndMetadata";
export { ConsumerGroupMetadata } from "./ConsumerGroupMetadata";
export type { ConsumerRebalanceListener, OffsetCommitCallback } from "./ConsumerRebalanceListener";
export { CommitFailedException } from "./CommitFailedException";
export { NoOffsetForPartitionException } from "./NoOffsetForPartitionException";
export { RetriableCommitFailedException } from "./internals/ConsumerCoordinator";
export { TopicPartitionMap } from "./TopicPartitionMap";
export {
  RebalanceProtocol, Subscription, Assignment, GroupSubscription, GroupAssignment, AbstractPartitionAssignor,
  type ConsumerPartitionAssignor, type ClusterPartitions, type AssignmentContext,
} from "./ConsumerPartitionAssignor";
export { RangeAssignor } from "./RangeAssignor";
export { RoundRobinAssignor } from "./RoundRobinAssignor";
export { StickyAssignor } from "./StickyAssignor";
export { CooperativeStickyAssignor } from "./CooperativeStickyAssignor";
export { serializeSubscription, deserializeSubscription, serializeAssignment, deserializeAssignment, CONSUMER_PROTOCOL_TYPE } from "./ConsumerProtocol";
