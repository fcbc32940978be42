// DescribeGroups (api key 15): DescribeGroupsRequest.json / DescribeGroupsResponse.json, Kafka 3.9 (v0-5).
// What `kafka-consumer-groups.sh --describe --members` shows.

export interface DescribeGroupsRequest {
  apiKey: 15;
  groups: string[];
  includeAuthorizedOperations: boolean;
}

export interface DescribeGroupsResponse {
  throttleTimeMs: number;
  groups: DescribedGroup[];
}

export interface DescribedGroup {
  errorCode: number;
  groupId: string;
  /** "Empty", "PreparingRebalance", "CompletingRebalance", "Stable", "Dead". */
  groupState: string;
  protocolType: string;
  /** The chosen assignor while Stable (e.g. "range"). */
  protocolData: string;
  members: DescribedGroupMember[];
  authorizedOperations: number;
}

export interface DescribedGroupMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  memberMetadata: Buffer;
  memberAssignment: Buffer;
}
