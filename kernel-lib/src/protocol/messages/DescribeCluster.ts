// DescribeCluster (api key 60): DescribeClusterRequest.json / DescribeClusterResponse.json, Kafka 3.9 (v0-1).
// Admin.describeCluster(): cluster id, controller, brokers.

export interface DescribeClusterRequest {
  apiKey: 60;
  includeClusterAuthorizedOperations: boolean;
  /** v1+: 1 BROKER, 2 CONTROLLER (KIP-919). */
  endpointType: number;
}

export interface DescribeClusterResponse {
  throttleTimeMs: number;
  errorCode: number;
  errorMessage: string | null;
  endpointType: number;
  clusterId: string;
  controllerId: number;
  brokers: { brokerId: number; host: string; port: number; rack: string | null }[];
  clusterAuthorizedOperations: number;
}
