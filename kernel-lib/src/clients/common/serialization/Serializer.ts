// org.apache.kafka.common.serialization.Serializer<T>: turns a key or value into bytes (null stays null).
import type { RecordHeader } from "../../../storage/DefaultRecordBatch";

export interface Serializer<T = unknown> {
  /** Called once with the client's configs; `isKey` tells key from value serializer. */
  configure?(configs: Readonly<Record<string, unknown>>, isKey: boolean): void;
  /** The bytes of `data` for `topic` (headers may be read or added to). */
  serialize(topic: string, data: T | null, headers?: RecordHeader[]): Uint8Array | null;
  close?(): void;
}

/** A Serializer class (what `key.serializer` names). */
export type SerializerClass<T = unknown> = new () => Serializer<T>;
