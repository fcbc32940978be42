// IncrementalAlterConfigs (api key 44): IncrementalAlterConfigsRequest.json / ...Response.json, Kafka 3.9 (v0-1).
// `kafka-configs.sh --alter --add-config/--delete-config`. configOperation: 0 SET, 1 DELETE, 2 APPEND, 3 SUBTRACT.

export interface IncrementalAlterConfigsRequest {
  apiKey: 44;
  resources: AlterConfigsResource[];
  validateOnly: boolean;
}

export interface AlterConfigsResource {
  resourceType: number;
  resourceName: string;
  configs: { name: string; configOperation: number; value: string | null }[];
}

export interface IncrementalAlterConfigsResponse {
  throttleTimeMs: number;
  responses: { errorCode: number; errorMessage: string | null; resourceType: number; resourceName: string }[];
}
