// org.apache.kafka.clients.producer.RecordMetadata: where an acknowledged record went. offset = the batch's base
// offset + the record's index in the batch, or -1 when unknown (acks=0, or a failed send); timestamp = the
// record's CreateTime, or the broker's LogAppendTime for topics using it (-1 unknown).
import { TopicPartition } from "../../protocol/TopicPartition";

/** RecordMetadata.UNKNOWN_PARTITION */
export const UNKNOWN_PARTITION = -1;

export class RecordMetadata {
  readonly offset: number;

  constructor(
    readonly topicPartition: TopicPartition,
    baseOffset: number,
    batchIndex: number,
    readonly timestamp: number,
    /** Bytes of the serialized key, -1 for a null key. */
    readonly serializedKeySize: number,
    /** Bytes of the serialized value, -1 for a null value. */
    readonly serializedValueSize: number,
  ) {
    this.offset = baseOffset === -1 ? -1 : baseOffset + batchIndex;
  }

  get topic(): string {
    return this.topicPartition.topic;
  }

  get partition(): number {
    return this.topicPartition.partition;
  }

  /** False with acks=0 (the producer never learns the offset). */
  hasOffset(): boolean {
    return this.offset !== -1;
  }

  hasTimestamp(): boolean {
    return this.timestamp !== -1;
  }

  /** Kafka's RecordMetadata.toString: `first-0@5`. */
  toString(): string {
    return `${this.topicPartition.toString()}@${this.offset}`;
  }
}
