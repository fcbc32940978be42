// Heartbeat (api key 12): HeartbeatRequest.json / HeartbeatResponse.json, Kafka 3.9 (v0-4).
// Keeps a classic group member alive; REBALANCE_IN_PROGRESS in the answer tells it to rejoin.

export interface HeartbeatRequest {
  apiKey: 12;
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
}

export interface HeartbeatResponse {
  throttleTimeMs: number;
  errorCode: number;
}
