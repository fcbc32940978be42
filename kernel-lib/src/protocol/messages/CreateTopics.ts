// CreateTopics (api key 19): CreateTopicsRequest.json / CreateTopicsResponse.json, Kafka 3.9 (v0-7).
// The admin client sends it to the controller (`kafka-topics.sh --create`).

export interface CreateTopicsRequest {
  apiKey: 19;
  topics: CreatableTopic[];
  timeoutMs: number;
  /** Only check that the topics could be created. */
  validateOnly: boolean;
}

export interface CreatableTopic {
  name: string;
  /** -1: use `num.partitions` (or the manual assignment). */
  numPartitions: number;
  /** -1: use `default.replication.factor` (or the manual assignment). */
  replicationFactor: number;
  /** A manual replica assignment (`--replica-assignment`), else empty. */
  assignments: { partitionIndex: number; brokerIds: number[] }[];
  configs: { name: string; value: string | null }[];
}

export interface CreateTopicsResponse {
  throttleTimeMs: number;
  topics: CreatableTopicResult[];
}

export interface CreatableTopicResult {
  name: string;
  /** v7+. */
  topicId: string;
  errorCode: number;
  errorMessage: string | null;
  /** Tagged: why the configs could not be returned. */
  topicConfigErrorCode?: number;
  numPartitions: number;
  replicationFactor: number;
  /** The topic's configs (v5+), or null. */
  configs: CreatableTopicConfigs[] | null;
}

export interface CreatableTopicConfigs {
  name: string;
  value: string | null;
  readOnly: boolean;
  /** DescribeConfigs' config source numbers (5 = DEFAULT_CONFIG, 1 = TOPIC_CONFIG, ...). */
  configSource: number;
  isSensitive: boolean;
}
