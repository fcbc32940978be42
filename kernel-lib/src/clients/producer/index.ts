// clients/producer: KafkaProducer (org.apache.kafka.clients.producer) and its pieces.
export { KafkaProducer, type KafkaProducerOptions, type RuntimeOrCluster } from "./KafkaProducer";
export { ProducerConfig, type ProducerProps, type ProducerConfigValue } from "./ProducerConfig";
export { ProducerRecord, type HeaderInput, type ProducerRecordFields } from "./ProducerRecord";
export { RecordMetadata, UNKNOWN_PARTITION } from "./RecordMetadata";
export type { Callback, CallbackFunction } from "./Callback";
export type { ProducerInterceptor } from "./ProducerInterceptor";
export type { Partitioner, PartitionerClass } from "./Partitioner";
export { PARTITIONER_RANDOM_CONFIG } from "./PartitionerRandom";
export { RoundRobinPartitioner, RoundRobinPartitioner390 } from "./partitioner/RoundRobinPartitioner";
export { DefaultPartitioner } from "./partitioner/DefaultPartitioner";
export { UniformStickyPartitioner } from "./partitioner/UniformStickyPartitioner";
export { LegacyRoundRobinDefaultPartitioner } from "./partitioner/LegacyRoundRobinDefaultPartitioner";
export { FutureRecordMetadata } from "./internals/FutureRecordMetadata";
export { BufferExhaustedException } from "./internals/BufferPool";
export { BuiltInPartitioner } from "./internals/BuiltInPartitioner";
export { RecordAccumulator } from "./internals/RecordAccumulator";
export { ProducerBatch } from "./internals/ProducerBatch";
