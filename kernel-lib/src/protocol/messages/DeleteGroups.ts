// DeleteGroups (api key 42): DeleteGroupsRequest.json / DeleteGroupsResponse.json, Kafka 3.9 (v0-2).
// `kafka-consumer-groups.sh --delete`: only empty groups (else NON_EMPTY_GROUP).

export interface DeleteGroupsRequest {
  apiKey: 42;
  groupsNames: string[];
}

export interface DeleteGroupsResponse {
  throttleTimeMs: number;
  results: { groupId: string; errorCode: number }[];
}
