import type { CompressionType } from "./CompressionType";

/**
 * One codec behind the batch format (Kafka's org.apache.kafka.common.compress.Compression).
 * Both directions are synchronous once the codec is loaded: a batch is compressed as one blob
 * (the whole records array after the record count) when the batch is built.
 */
export interface CompressionCodec {
  readonly type: CompressionType;
  /** Compress `data`; `level` follows Kafka's `compression.<codec>.level` where the codec has levels. */
  compress(data: Uint8Array, level?: number): Buffer;
  decompress(data: Uint8Array): Buffer;
}

/** A Buffer view over the same bytes (no copy). */
export function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
