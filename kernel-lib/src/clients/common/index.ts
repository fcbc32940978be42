// clients/common: what every Kafka client shares — metadata (Cluster, PartitionInfo, Metadata), Kafka's hash
// utilities (murmur2, String.hashCode, Utils.abs, from protocol/Utils), backoff, and the serializers.
export { Cluster } from "./Cluster";
export { PartitionInfo } from "./PartitionInfo";
export { Metadata, type MetadataOptions } from "./Metadata";
export { ExponentialBackoff } from "./ExponentialBackoff";
export type { ClientLogEvent, ClientLogger } from "./ClientLogEvent";
export { murmur2, toPositive, abs, javaHashCode, partitionForKey } from "../../protocol/Utils";
export * from "./serialization";
