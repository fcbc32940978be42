// AlterPartitionReassignments (api key 45): AlterPartitionReassignmentsRequest.json / ...Response.json (v0).
// `kafka-reassign-partitions.sh --execute` (KIP-455); replicas null cancels a reassignment.

export interface AlterPartitionReassignmentsRequest {
  apiKey: 45;
  timeoutMs: number;
  topics: { name: string; partitions: { partitionIndex: number; replicas: number[] | null }[] }[];
}

export interface AlterPartitionReassignmentsResponse {
  throttleTimeMs: number;
  errorCode: number;
  errorMessage: string | null;
  responses: { name: string; partitions: { partitionIndex: number; errorCode: number; errorMessage: string | null }[] }[];
}
