import { IllegalArgumentException } from "../errors";

/** The codec id stored in bits 0-2 of a batch's attributes (org.apache.kafka.common.record.CompressionType). */
export enum CompressionType {
  NONE = 0,
  GZIP = 1,
  SNAPPY = 2,
  LZ4 = 3,
  ZSTD = 4,
}

const NAMES = ["none", "gzip", "snappy", "lz4", "zstd"] as const;

export type CompressionName = (typeof NAMES)[number];

/** CompressionType.forName: the names `compression.type` accepts ("producer" is a topic-level value, not a codec). */
export function compressionTypeForName(name: string): CompressionType {
  const id = NAMES.indexOf(name as CompressionName);
  if (id < 0) throw new IllegalArgumentException("Unknown compression name: " + name);
  return id as CompressionType;
}

/** CompressionType.forId: the codec of an attributes value's low three bits. */
export function compressionTypeForId(id: number): CompressionType {
  if (id >= 0 && id < NAMES.length && Number.isInteger(id)) return id as CompressionType;
  throw new IllegalArgumentException("Unknown compression type id: " + id);
}

/** CompressionType.name: "none" | "gzip" | "snappy" | "lz4" | "zstd". */
export function compressionName(t: CompressionType): CompressionName {
  const name = NAMES[t];
  if (name === undefined) throw new IllegalArgumentException("Unknown compression type id: " + t);
  return name;
}

/** Every codec name, in id order. */
export const COMPRESSION_NAMES: readonly CompressionName[] = NAMES;
