// ControlledShutdown (api key 7): ControlledShutdownRequest.json / ControlledShutdownResponse.json (v0-3).
// ZooKeeper mode: a stopping broker asks the controller to move its leaderships away first.

export interface ControlledShutdownRequest {
  apiKey: 7;
  brokerId: number;
  brokerEpoch: number;
}

export interface ControlledShutdownResponse {
  errorCode: number;
  /** Partitions the broker still leads; retry later if not empty. */
  remainingPartitions: { topicName: string; partitionIndex: number }[];
}
