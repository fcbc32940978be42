import { gunzipSync, gzipSync } from "node:zlib";
import { IllegalArgumentException } from "../errors";
import { type CompressionCodec, asBuffer } from "./CompressionCodec";
import { CompressionType } from "./CompressionType";

// GzipCompression (KIP-390): levels 1..9, or -1 for zlib's default (6). Kafka's default is -1.
export const GZIP_MIN_LEVEL = 1;
export const GZIP_MAX_LEVEL = 9;
export const GZIP_DEFAULT_LEVEL = -1;

/** gzip through Node's zlib, synchronously (faster than the async API for batch-sized inputs). */
export const GzipCodec: CompressionCodec = {
  type: CompressionType.GZIP,
  compress(data, level = GZIP_DEFAULT_LEVEL) {
    if (level !== GZIP_DEFAULT_LEVEL && (level < GZIP_MIN_LEVEL || level > GZIP_MAX_LEVEL || !Number.isInteger(level)))
      throw new IllegalArgumentException(
        `Invalid value ${level} for configuration compression.gzip.level: Value must be between 1 and 9, or -1`);
    return gzipSync(data, { level });
  },
  decompress(data) {
    return gunzipSync(asBuffer(data));
  },
};
