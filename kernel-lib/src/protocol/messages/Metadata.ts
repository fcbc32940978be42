// Metadata (api key 3): MetadataRequest.json / MetadataResponse.json, Kafka 3.9 (v0-12).
// How clients learn brokers, partition leaders and ISRs.

export interface MetadataRequest {
  apiKey: 3;
  /** The topics to describe, or null for all topics. */
  topics: MetadataRequestTopic[] | null;
  /** Create missing topics if the broker allows it (`auto.create.topics.enable`). */
  allowAutoTopicCreation: boolean;
  /** v8-10 only. */
  includeClusterAuthorizedOperations?: boolean;
  includeTopicAuthorizedOperations: boolean;
}

export interface MetadataRequestTopic {
  /** v10+. */
  topicId?: string;
  name: string | null;
}

export interface MetadataResponse {
  throttleTimeMs: number;
  brokers: MetadataResponseBroker[];
  clusterId: string | null;
  /** The controller's broker id, or -1. */
  controllerId: number;
  topics: MetadataResponseTopic[];
  /** v8-10 only. */
  clusterAuthorizedOperations?: number;
}

export interface MetadataResponseBroker {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}

export interface MetadataResponseTopic {
  errorCode: number;
  name: string | null;
  topicId: string;
  isInternal: boolean;
  partitions: MetadataResponsePartition[];
  topicAuthorizedOperations: number;
}

export interface MetadataResponsePartition {
  errorCode: number;
  partitionIndex: number;
  leaderId: number;
  leaderEpoch: number;
  replicaNodes: number[];
  isrNodes: number[];
  offlineReplicas: number[];
}
