// SyncGroup (api key 14): SyncGroupRequest.json / SyncGroupResponse.json, Kafka 3.9 (v0-5).
// Second step of a classic rebalance: the leader sends the assignment, everyone receives its share.

export interface SyncGroupRequest {
  apiKey: 14;
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string | null;
  protocolName: string | null;
  /** Sent by the leader only: each member's assignment bytes. */
  assignments: { memberId: string; assignment: Buffer }[];
}

export interface SyncGroupResponse {
  throttleTimeMs: number;
  errorCode: number;
  protocolType: string | null;
  protocolName: string | null;
  /** This member's assignment bytes (ConsumerProtocolAssignment for consumers). */
  assignment: Buffer;
}
