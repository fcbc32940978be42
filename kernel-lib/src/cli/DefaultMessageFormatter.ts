// org.apache.kafka.tools.consumer.DefaultMessageFormatter (Kafka 3.9): how kafka-console-consumer.sh prints a
// record. Fields in this order, each only when enabled (`--property print.x=true`):
//   CreateTime:1700000000000  Partition:0  Offset:42  h1:v1,h2:v2  key  value
// timestamp `<TimestampType>:<ms>` (NO_TIMESTAMP without one), headers `NO_HEADERS` when there are none, each
// field followed by key.separator (\t) when a later field is printed, else by line.separator (\n); print.value is
// on by default. Null keys/values/header values print as null.literal ("null"); key/value/headers.deserializer turn
// bytes into text (their toString), otherwise the bytes are written as they are (UTF-8 here).
import type { Deserializer } from "../clients/common/serialization/Deserializer";
import { deserializerFor } from "../clients/common/serialization/SerdeClasses";
import type { ConsumerRecord } from "../clients/consumer/ConsumerRecord";

export class DefaultMessageFormatter {
  printTimestamp = false;
  printKey = false;
  printValue = true;
  printPartition = false;
  printOffset = false;
  printHeaders = false;
  keySeparator = "\t";
  lineSeparator = "\n";
  headersSeparator = ",";
  nullLiteral = "null";
  keyDeserializer: Deserializer | null = null;
  valueDeserializer: Deserializer | null = null;
  headersDeserializer: Deserializer | null = null;
  /** Log lines the formatter writes (a deserializer class that cannot be made), for the tool to print. */
  readonly errors: string[] = [];

  configure(configs: Readonly<Record<string, string>>): void {
    const bool = (k: string): boolean | undefined => (configs[k] === undefined ? undefined : configs[k].trim().toLowerCase() === "true");
    this.printTimestamp = bool("print.timestamp") ?? this.printTimestamp;
    this.printKey = bool("print.key") ?? this.printKey;
    this.printOffset = bool("print.offset") ?? this.printOffset;
    this.printPartition = bool("print.partition") ?? this.printPartition;
    this.printHeaders = bool("print.headers") ?? this.printHeaders;
    this.printValue = bool("print.value") ?? this.printValue;
    this.keySeparator = configs["key.separator"] ?? this.keySeparator;
    this.lineSeparator = configs["line.separator"] ?? this.lineSeparator;
    this.headersSeparator = configs["headers.separator"] ?? this.headersSeparator;
    this.nullLiteral = configs["null.literal"] ?? this.nullLiteral;
    this.keyDeserializer = this.deserializerProperty(configs, true, "key.deserializer");
    this.valueDeserializer = this.deserializerProperty(configs, false, "value.deserializer");
    this.headersDeserializer = this.deserializerProperty(configs, false, "headers.deserializer");
  }

  private deserializerProperty(configs: Readonly<Record<string, string>>, isKey: boolean, key: string): Deserializer | null {
    const name = configs[key];
    if (name === undefined) return null;
    try {
      const d = deserializerFor(key, name);
      // Properties prefixed `key.deserializer.` configure the deserializer (prefix stripped).
      const sub: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(configs)) if (k.startsWith(key + ".") && k.length > key.length + 1) sub[k.substring(key.length + 1)] = v;
      d.configure?.(sub, isKey);
      return d;
    } catch (e) {
      this.errors.push(`Unable to instantiate a deserializer from ${name}: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  }

  private deserialize(record: ConsumerRecord<Uint8Array, Uint8Array>, d: Deserializer | null, bytes: Uint8Array | null): string {
    if (bytes === null) {
      // Kafka hands null.literal's bytes to the deserializer too.
      if (d === null) return this.nullLiteral;
      return String(d.deserialize(record.topic, Buffer.from(this.nullLiteral, "utf8"), record.headers));
    }
    if (d === null) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
    return String(d.deserialize(record.topic, bytes, record.headers));
  }

  /** writeTo(record, output): the text written for one record. */
  format(record: ConsumerRecord<Uint8Array, Uint8Array>): string {
    let out = "";
    const sep = (column: boolean): void => {
      out += column ? this.keySeparator : this.lineSeparator;
    };
    if (this.printTimestamp) {
      // v2 batches always carry CreateTime or LogAppendTime; NO_TIMESTAMP is for records without a type.
      const type = record.timestampType as string | undefined;
      out += type === undefined || type === "NoTimestampType" ? "NO_TIMESTAMP" : `${type}:${record.timestamp}`;
      sep(this.printPartition || this.printOffset || this.printHeaders || this.printKey || this.printValue);
    }
    if (this.printPartition) {
      out += "Partition:" + record.partition;
      sep(this.printOffset || this.printHeaders || this.printKey || this.printValue);
    }
    if (this.printOffset) {
      out += "Offset:" + record.offset;
      sep(this.printHeaders || this.printKey || this.printValue);
    }
    if (this.printHeaders) {
      if (record.headers.length === 0) out += "NO_HEADERS";
      else out += record.headers.map((h) => h.key + ":" + this.deserialize(record, this.headersDeserializer, h.value)).join(this.headersSeparator);
      sep(this.printKey || this.printValue);
    }
    if (this.printKey) {
      out += this.deserialize(record, this.keyDeserializer, record.key);
      sep(this.printValue);
    }
    if (this.printValue) {
      out += this.deserialize(record, this.valueDeserializer, record.value);
      out += this.lineSeparator;
    }
    return out;
  }
}
