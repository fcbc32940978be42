// DeleteRecords (api key 21): DeleteRecordsRequest.json / DeleteRecordsResponse.json, Kafka 3.9 (v0-2).
// Moves a partition's log start offset forward (`kafka-delete-records.sh`); offset -1 = the high watermark.

export interface DeleteRecordsRequest {
  apiKey: 21;
  topics: { name: string; partitions: { partitionIndex: number; offset: number }[] }[];
  timeoutMs: number;
}

export interface DeleteRecordsResponse {
  throttleTimeMs: number;
  topics: { name: string; partitions: { partitionIndex: number; lowWatermark: number; errorCode: number }[] }[];
}
