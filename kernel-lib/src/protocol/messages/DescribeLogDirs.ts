// DescribeLogDirs (api key 35): DescribeLogDirsRequest.json / DescribeLogDirsResponse.json, Kafka 3.9 (v0-4).
// `kafka-log-dirs.sh --describe`: partition sizes per log directory.

export interface DescribeLogDirsRequest {
  apiKey: 35;
  /** The partitions to describe, or null for all. */
  topics: { topic: string; partitions: number[] }[] | null;
}

export interface DescribeLogDirsResponse {
  throttleTimeMs: number;
  errorCode: number;
  results: DescribeLogDirsResult[];
}

export interface DescribeLogDirsResult {
  errorCode: number;
  logDir: string;
  topics: { name: string; partitions: DescribeLogDirsPartition[] }[];
  /** v4+: -1 if unknown. */
  totalBytes: number;
  usableBytes: number;
}

export interface DescribeLogDirsPartition {
  partitionIndex: number;
  partitionSize: number;
  /** LEO lag of a future replica (log dir move), else 0. */
  offsetLag: number;
  isFutureKey: boolean;
}
