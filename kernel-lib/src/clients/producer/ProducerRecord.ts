// org.apache.kafka.clients.producer.ProducerRecord<K,V>: a record to send — topic, optional partition, optional
// timestamp, key, value, headers. The constructors follow Java's overloads:
//   new ProducerRecord(topic, value)
//   new ProducerRecord(topic, key, value)
//   new ProducerRecord(topic, partition, key, value[, headers])
//   new ProducerRecord(topic, partition, timestamp, key, value[, headers])
import { IllegalArgumentException } from "../../sim/errors";
import type { RecordHeader } from "../../storage/DefaultRecordBatch";

/** A header as given: the value may be a string (UTF-8) for convenience. */
export type HeaderInput = { key: string; value: Uint8Array | string | null };

const NO_HEADERS: RecordHeader[] = [];

function toHeaders(headers: readonly HeaderInput[] | null | undefined): RecordHeader[] {
  if (headers === null || headers === undefined || headers.length === 0) return NO_HEADERS;
  return headers.map((h) => ({
    key: h.key,
    value: h.value === null ? null : typeof h.value === "string" ? Buffer.from(h.value, "utf8") : Buffer.isBuffer(h.value) ? h.value : Buffer.from(h.value),
  }));
}

/** The fields of a ProducerRecord by name: `producer.send({ topic: "first", key: "k1", value: "hello" })`. */
export interface ProducerRecordFields<K = unknown, V = unknown> {
  topic: string;
  partition?: number | null;
  timestamp?: number | null;
  key?: K | null;
  value: V | null;
  headers?: readonly HeaderInput[] | null;
}

export class ProducerRecord<K = unknown, V = unknown> {
  readonly topic: string;
  readonly partition: number | null;
  readonly timestamp: number | null;
  readonly key: K | null;
  readonly value: V | null;
  readonly headers: RecordHeader[];

  constructor(topic: string, value: V | null);
  constructor(topic: string, key: K | null, value: V | null);
  constructor(topic: string, partition: number | null, key: K | null, value: V | null, headers?: readonly HeaderInput[] | null);
  constructor(topic: string, partition: number | null, timestamp: number | null, key: K | null, value: V | null, headers?: readonly HeaderInput[] | null);
  constructor(topic: string, a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown) {
    // Explicit parameters, not a rest array: a record is made per send, so no extra allocation.
    let partition: unknown = null;
    let timestamp: unknown = null;
    let key: unknown = null;
    let value: unknown;
    let headers: unknown = null;
    const n = arguments.length - 1;
    if (n <= 1) {
      value = a ?? null;
    } else if (n === 2) {
      key = a;
      value = b;
    } else if (n === 3) {
      partition = a;
      key = b;
      value = c;
    } else if (n === 4) {
      // (partition, key, value, headers) when the last is a header list, else (partition, timestamp, key, value).
      if (Array.isArray(d) || d === undefined) {
        partition = a; key = b; value = c; headers = d;
      } else {
        partition = a; timestamp = b; key = c; value = d;
      }
    } else {
      partition = a; timestamp = b; key = c; value = d; headers = e;
    }
    if (topic === null || topic === undefined) throw new IllegalArgumentException("Topic cannot be null.");
    if (timestamp !== null && timestamp !== undefined && (typeof timestamp !== "number" || timestamp < 0)) {
      throw new IllegalArgumentException(`Invalid timestamp: ${String(timestamp)}. Timestamp should always be non-negative or null.`);
    }
    if (partition !== null && partition !== undefined && (typeof partition !== "number" || !Number.isInteger(partition) || partition < 0)) {
      throw new IllegalArgumentException(`Invalid partition: ${String(partition)}. Partition number should always be non-negative or null.`);
    }
    this.topic = topic;
    this.partition = (partition as number | null | undefined) ?? null;
    this.timestamp = (timestamp as number | null | undefined) ?? null;
    this.key = (key as K | null | undefined) ?? null;
    this.value = (value as V | null | undefined) ?? null;
    this.headers = toHeaders(headers as HeaderInput[] | null);
  }

  /** A record from named fields (the TypeScript-friendly way to write any of the overloads). */
  static of<K, V>(r: ProducerRecordFields<K, V>): ProducerRecord<K, V> {
    return new ProducerRecord<K, V>(r.topic, r.partition ?? null, r.timestamp ?? null, r.key ?? null, r.value, r.headers ?? null);
  }

  /** Kafka's ProducerRecord.toString. */
  toString(): string {
    const hs = this.headers.map((h) => `RecordHeader(key = ${h.key}, value = ${h.value === null ? "null" : "[" + [...h.value].map((b) => (b << 24) >> 24).join(", ") + "]"})`).join(", ");
    return `ProducerRecord(topic=${this.topic}, partition=${this.partition}, headers=RecordHeaders(headers = [${hs}], isReadOnly = false), ` +
      `key=${String(this.key)}, value=${String(this.value)}, timestamp=${this.timestamp})`;
  }
}
