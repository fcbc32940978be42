// org.apache.kafka.common.serialization.Deserializer<T>: turns bytes back into a key or value.
import type { RecordHeader } from "../../../storage/DefaultRecordBatch";

export interface Deserializer<T = unknown> {
  configure?(configs: Readonly<Record<string, unknown>>, isKey: boolean): void;
  deserialize(topic: string, data: Uint8Array | null, headers?: readonly RecordHeader[]): T | null;
  close?(): void;
}

/** A Deserializer class (what `key.deserializer` names). */
export type DeserializerClass<T = unknown> = new () => Deserializer<T>;
