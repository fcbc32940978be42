// DescribeConfigs (api key 32): DescribeConfigsRequest.json / DescribeConfigsResponse.json, Kafka 3.9 (v0-4).
// `kafka-configs.sh --describe`, `kafka-topics.sh --describe` configs. resourceType: 2 TOPIC, 4 BROKER, 8 BROKER_LOGGER.

export interface DescribeConfigsRequest {
  apiKey: 32;
  resources: { resourceType: number; resourceName: string; configurationKeys: string[] | null }[];
  includeSynonyms: boolean;
  includeDocumentation: boolean;
}

export interface DescribeConfigsResponse {
  throttleTimeMs: number;
  results: DescribeConfigsResult[];
}

export interface DescribeConfigsResult {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
  configs: DescribeConfigsResourceResult[];
}

export interface DescribeConfigsResourceResult {
  name: string;
  value: string | null;
  readOnly: boolean;
  /** v0 only. */
  isDefault?: boolean;
  /**
   * 1 TOPIC_CONFIG, 2 DYNAMIC_BROKER_CONFIG, 3 DYNAMIC_DEFAULT_BROKER_CONFIG, 4 STATIC_BROKER_CONFIG, 5 DEFAULT_CONFIG, 6 DYNAMIC_BROKER_LOGGER_CONFIG,
   * 7 CLIENT_METRICS_CONFIG; 0 UNKNOWN (DescribeConfigsResponse.ConfigSource).
   */
  configSource: number;
  isSensitive: boolean;
  synonyms: { name: string; value: string | null; source: number }[];
  /** v3+: 1 BOOLEAN, 2 STRING, 3 INT, 4 SHORT, 5 LONG, 6 DOUBLE, 7 LIST, 8 CLASS, 9 PASSWORD; 0 UNKNOWN. */
  configType: number;
  documentation: string | null;
}
