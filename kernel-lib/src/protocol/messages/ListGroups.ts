// ListGroups (api key 16): ListGroupsRequest.json / ListGroupsResponse.json, Kafka 3.9 (v0-5).

export interface ListGroupsRequest {
  apiKey: 16;
  /** v4+: only groups in these states (empty = all). */
  statesFilter: string[];
  /** v5+: only groups of these types ("classic", "consumer"). */
  typesFilter: string[];
}

export interface ListGroupsResponse {
  throttleTimeMs: number;
  errorCode: number;
  groups: ListedGroup[];
}

export interface ListedGroup {
  groupId: string;
  protocolType: string;
  /** v4+. */
  groupState: string;
  /** v5+. */
  groupType: string;
}
