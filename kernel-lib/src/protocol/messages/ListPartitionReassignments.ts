// ListPartitionReassignments (api key 46): ListPartitionReassignmentsRequest.json / ...Response.json (v0).
// `kafka-reassign-partitions.sh --verify/--list`: ongoing reassignments.

export interface ListPartitionReassignmentsRequest {
  apiKey: 46;
  timeoutMs: number;
  /** The partitions to list, or null for all. */
  topics: { name: string; partitionIndexes: number[] }[] | null;
}

export interface ListPartitionReassignmentsResponse {
  throttleTimeMs: number;
  errorCode: number;
  errorMessage: string | null;
  topics: { name: string; partitions: OngoingPartitionReassignment[] }[];
}

export interface OngoingPartitionReassignment {
  partitionIndex: number;
  replicas: number[];
  addingReplicas: number[];
  removingReplicas: number[];
}
