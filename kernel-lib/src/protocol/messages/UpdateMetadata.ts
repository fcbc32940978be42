// UpdateMetadata (api key 6): UpdateMetadataRequest.json / UpdateMetadataResponse.json, Kafka 3.9 (v0-8).
// ZooKeeper mode: the controller pushes the live brokers and partition states into every broker's cache.

export interface UpdateMetadataRequest {
  apiKey: 6;
  controllerId: number;
  isKRaftController: boolean;
  controllerEpoch: number;
  brokerEpoch: number;
  /** v8+: 0 incremental, 1 full. */
  type: number;
  /** v0-4 only. */
  ungroupedPartitionStates?: UpdateMetadataPartitionState[];
  /** v5+. */
  topicStates: UpdateMetadataTopicState[];
  liveBrokers: UpdateMetadataBroker[];
}

export interface UpdateMetadataTopicState {
  topicName: string;
  topicId: string;
  partitionStates: UpdateMetadataPartitionState[];
}

export interface UpdateMetadataPartitionState {
  /** v0-4 only (ungrouped). */
  topicName?: string;
  partitionIndex: number;
  controllerEpoch: number;
  leader: number;
  leaderEpoch: number;
  isr: number[];
  zkVersion: number;
  replicas: number[];
  offlineReplicas: number[];
}

export interface UpdateMetadataBroker {
  id: number;
  endpoints: UpdateMetadataEndpoint[];
  rack: string | null;
}

export interface UpdateMetadataEndpoint {
  port: number;
  host: string;
  /** The listener name, e.g. "PLAINTEXT". */
  listener: string;
  /** 0 PLAINTEXT, 1 SSL, 2 SASL_PLAINTEXT, 3 SASL_SSL. */
  securityProtocol: number;
}

export interface UpdateMetadataResponse {
  errorCode: number;
}
