// JoinGroup (api key 11): JoinGroupRequest.json / JoinGroupResponse.json, Kafka 3.9 (v0-9).
// First step of a classic rebalance: every member joins; the coordinator picks a leader and a protocol.

export interface JoinGroupRequest {
  apiKey: 11;
  groupId: string;
  /** `session.timeout.ms`. */
  sessionTimeoutMs: number;
  /** `max.poll.interval.ms`: how long the coordinator waits for members to rejoin. */
  rebalanceTimeoutMs: number;
  /** Empty on the first join; v4+ the coordinator answers MEMBER_ID_REQUIRED with one. */
  memberId: string;
  groupInstanceId: string | null;
  /** "consumer" for consumer groups. */
  protocolType: string;
  /** The assignors the member supports, in preference order, each with its subscription bytes. */
  protocols: JoinGroupRequestProtocol[];
  /** v8+: why the member (re)joins (KIP-800). */
  reason: string | null;
}

export interface JoinGroupRequestProtocol {
  name: string;
  metadata: Buffer;
}

export interface JoinGroupResponse {
  throttleTimeMs: number;
  errorCode: number;
  generationId: number;
  protocolType: string | null;
  /** The chosen assignor. */
  protocolName: string | null;
  /** The leader's member id. */
  leader: string;
  /** v9+: true if a static leader should not recompute the assignment. */
  skipAssignment: boolean;
  memberId: string;
  /** Filled for the leader only: every member and its subscription. */
  members: JoinGroupResponseMember[];
}

export interface JoinGroupResponseMember {
  memberId: string;
  groupInstanceId: string | null;
  metadata: Buffer;
}
