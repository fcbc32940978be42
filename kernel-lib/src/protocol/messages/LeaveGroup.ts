// LeaveGroup (api key 13): LeaveGroupRequest.json / LeaveGroupResponse.json, Kafka 3.9 (v0-5).

export interface LeaveGroupRequest {
  apiKey: 13;
  groupId: string;
  /** v0-2: the single member leaving. */
  memberId?: string;
  /** v3+: members leaving (batch, KIP-345). */
  members: MemberIdentity[];
}

export interface MemberIdentity {
  memberId: string;
  groupInstanceId: string | null;
  /** v5+: why the member leaves. */
  reason: string | null;
}

export interface LeaveGroupResponse {
  throttleTimeMs: number;
  errorCode: number;
  members: { memberId: string; groupInstanceId: string | null; errorCode: number }[];
}
