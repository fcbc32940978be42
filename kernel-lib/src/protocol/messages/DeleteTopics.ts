// DeleteTopics (api key 20): DeleteTopicsRequest.json / DeleteTopicsResponse.json, Kafka 3.9 (v0-6).
// ZK mode: the controller marks /admin/delete_topics/<topic> and deletes when replicas stop (delete.topic.enable).

export interface DeleteTopicsRequest {
  apiKey: 20;
  /** v6+: topics by name or id. */
  topics: { name: string | null; topicId: string }[];
  /** v0-5. */
  topicNames?: string[];
  timeoutMs: number;
}

export interface DeleteTopicsResponse {
  throttleTimeMs: number;
  responses: { name: string | null; topicId: string; errorCode: number; errorMessage: string | null }[];
}
