// kernel-lib/src/broker: the Kafka broker (ZooKeeper mode) and the embedded cluster the notebooks run.
export { KafkaConfig, KAFKA_CONFIG_DEF, FOLLOWER_TRUNCATION_CONFIG, type BrokerProps } from "./KafkaConfig";
export { KafkaServer, defaultControllerFactory, type BrokerState, type BrokerController, type ControllerFactory, type KafkaServerOptions } from "./KafkaServer";
export { EmbeddedCluster, type EmbeddedClusterOptions, type PartitionStateView, type ReplicaView } from "./EmbeddedCluster";
export { KafkaApis, SUPPORTED_API_VERSIONS, type ControllerApi } from "./KafkaApis";
export { MetadataCache, type BrokerEndpoint } from "./MetadataCache";
export { ReplicaManager, type BrokerTopicMetrics } from "./ReplicaManager";
export { Partition, scalaSet } from "./Partition";
export { Replica } from "./Replica";
export { ReplicaFetcherThread } from "./ReplicaFetcherThread";
export { DelayedOperation, DelayedOperationPurgatory } from "./DelayedOperationPurgatory";
export { DelayedProduce } from "./DelayedProduce";
export { DelayedFetch } from "./DelayedFetch";
export { DelayedCreatePartitions } from "./DelayedCreatePartitions";
export { ZkAdminManager, ConfigSource, type AdminRequestHandler } from "./ZkAdminManager";
export { apiErrorOf, type ApiError } from "./ApiError";
