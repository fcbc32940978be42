// AlterConfigs (api key 33): AlterConfigsRequest.json / AlterConfigsResponse.json, Kafka 3.9 (v0-2).
// Replaces a resource's whole dynamic config (the older API; kafka-configs uses IncrementalAlterConfigs).

export interface AlterConfigsRequest {
  apiKey: 33;
  resources: { resourceType: number; resourceName: string; configs: { name: string; value: string | null }[] }[];
  validateOnly: boolean;
}

export interface AlterConfigsResponse {
  throttleTimeMs: number;
  responses: AlterConfigsResourceResponse[];
}

export interface AlterConfigsResourceResponse {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
}
