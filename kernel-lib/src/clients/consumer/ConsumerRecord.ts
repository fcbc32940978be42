// org.apache.kafka.clients.consumer.ConsumerRecord: one record as poll() returns it, with Kafka's fields.
import type { TimestampType } from "../../storage/DefaultRecordBatch";
import type { RecordHeader } from "../../storage/DefaultRecord";

/** ConsumerRecord.NULL_SIZE: the serialized size of a null key or value. */
export const NULL_SIZE = -1;

export class ConsumerRecord<K = unknown, V = unknown> {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: number,
    readonly timestamp: number,
    readonly timestampType: TimestampType,
    readonly serializedKeySize: number,
    readonly serializedValueSize: number,
    readonly key: K | null,
    readonly value: V | null,
    readonly headers: readonly RecordHeader[],
    /** The partition leader epoch the record was written in (null if unknown). */
    readonly leaderEpoch: number | null,
  ) {}

  /** Kafka's ConsumerRecord.toString. */
  toString(): string {
    return `ConsumerRecord(topic = ${this.topic}, partition = ${this.partition}, leaderEpoch = ${this.leaderEpoch}, offset = ${this.offset}, ` +
      `${this.timestampType} = ${this.timestamp}, serialized key size = ${this.serializedKeySize}, serialized value size = ${this.serializedValueSize}, ` +
      `headers = RecordHeaders(headers = [${this.headers.map((h) => `RecordHeader(key = ${h.key}, value = ${h.value === null ? "null" : `[${[...h.value].join(", ")}]`})`).join(", ")}], isReadOnly = false), ` +
      `key = ${String(this.key)}, value = ${String(this.value)})`;
  }
}
