// FindCoordinator (api key 10): FindCoordinatorRequest.json / FindCoordinatorResponse.json, Kafka 3.9 (v0-5).
// Which broker coordinates a group (keyType 0) or a transactional id (keyType 1).

export interface FindCoordinatorRequest {
  apiKey: 10;
  /** v0-3: the single key. */
  key?: string;
  /** 0 GROUP, 1 TRANSACTION. */
  keyType: number;
  /** v4+: several keys at once. */
  coordinatorKeys: string[];
}

export interface FindCoordinatorResponse {
  throttleTimeMs: number;
  /** v0-3 single-key answer. */
  errorCode?: number;
  errorMessage?: string | null;
  nodeId?: number;
  host?: string;
  port?: number;
  /** v4+. */
  coordinators: Coordinator[];
}

export interface Coordinator {
  key: string;
  nodeId: number;
  host: string;
  port: number;
  errorCode: number;
  errorMessage: string | null;
}
