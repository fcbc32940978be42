// clients/admin: the Admin API (org.apache.kafka.clients.admin) over protocol messages.
export { Admin, AdminClient, resolveRuntime, type RuntimeOrCluster } from "./Admin";
export { AdminClientConfig } from "./AdminClientConfig";
export * from "./AdminResults";
export { Config, ConfigEntry, ConfigSource, ConfigSynonym, AlterConfigOp, AlterConfigOpType } from "./ConfigEntry";
export { ConfigResource, ConfigResourceType } from "./ConfigResource";
export { KafkaAdminClient } from "./KafkaAdminClient";
export type {
  AdminOptions, CallOptions, CreateTopicsOptions, DeleteTopicsOptions, CreatePartitionsOptions, ListTopicsOptions, DescribeTopicsOptions,
  DescribeConfigsOptions, AlterConfigsOptions, DescribeClusterOptions,
} from "./KafkaAdminClient";
export type { AdminLogEvent, NodeTarget } from "./AdminMetadataManager";
export { NewPartitions } from "./NewPartitions";
export { NewTopic } from "./NewTopic";
export { TopicDescription, TopicListing, TopicPartitionInfo } from "./TopicDescription";
export {
  ConsumerGroupListing, ConsumerGroupDescription, MemberDescription, OffsetSpec, type ListOffsetsResultInfo,
} from "./ConsumerGroupAdmin";
