// A committed offset as the coordinator keeps it (org.apache.kafka.coordinator.group.OffsetAndMetadata): the next
// offset to consume, the leader epoch of the last consumed record (-1 if unknown), the client's metadata string,
// when it was committed, and an explicit expiry only for v1 records (OffsetCommit v2-4 retention time).

export interface OffsetAndMetadata {
  offset: number;
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: number;
  /** -1: none (the normal case since Kafka 2.1: offsets expire offsets.retention.minutes after the group is Empty). */
  expireTimestamp: number;
}

/** OffsetAndMetadata.NoMetadata */
export const NO_METADATA = "";

/** Where the commit record sits in __consumer_offsets (CommitRecordMetadataAndOffset): the newest record wins on load. */
export interface CommitRecordMetadataAndOffset {
  appendedBatchOffset: number | null;
  offsetAndMetadata: OffsetAndMetadata;
}

export function sameOffsetAndMetadata(a: OffsetAndMetadata, b: OffsetAndMetadata): boolean {
  return a.offset === b.offset && a.leaderEpoch === b.leaderEpoch && a.metadata === b.metadata &&
    a.commitTimestamp === b.commitTimestamp && a.expireTimestamp === b.expireTimestamp;
}
