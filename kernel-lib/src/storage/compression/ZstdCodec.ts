import { IllegalArgumentException, KafkaException } from "../errors";
import type { CompressionCodec } from "./CompressionCodec";
import { CompressionType } from "./CompressionType";
import { nodeRequire } from "./nodeRequire";

type ZstdModule = typeof import("@bokuweb/zstd-wasm");

// ZstdCompression (KIP-390): levels from zstd's minimum (-131072) to 22, default 3.
export const ZSTD_MIN_LEVEL = -131072;
export const ZSTD_MAX_LEVEL = 22;
export const ZSTD_DEFAULT_LEVEL = 3;

// The Java client streams into zstd (ZstdOutputStream), so its frames carry no content size; the
// WebAssembly decoder then needs an output capacity up front. Start at 1 MiB (or 8x the input) and
// double until the frame fits, up to this bound.
const MAX_DECOMPRESSED_SIZE = 1024 * 1024 * 1024;

/** Initializes the zstd WebAssembly module (asynchronous, once) and returns the codec. */
export async function createZstdCodec(): Promise<CompressionCodec> {
  const zstd = nodeRequire("@bokuweb/zstd-wasm") as ZstdModule;
  await zstd.init();

  function toBuffer(u8: Uint8Array): Buffer {
    return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
  }

  return {
    type: CompressionType.ZSTD,
    compress(data, level = ZSTD_DEFAULT_LEVEL) {
      if (level < ZSTD_MIN_LEVEL || level > ZSTD_MAX_LEVEL || !Number.isInteger(level))
        throw new IllegalArgumentException(
          `Invalid value ${level} for configuration compression.zstd.level: Value must be between ${ZSTD_MIN_LEVEL} and ${ZSTD_MAX_LEVEL}`);
      return toBuffer(zstd.compress(data, level));
    },
    decompress(data) {
      let capacity = Math.max(1024 * 1024, data.length * 8);
      for (;;) {
        try {
          return toBuffer(zstd.decompress(data, { defaultHeapSize: capacity }));
        } catch (e) {
          // A frame with a declared content size fails only if it is corrupt: no point retrying then.
          if (capacity >= MAX_DECOMPRESSED_SIZE || hasContentSize(data))
            throw new KafkaException("Failed to decompress zstd data: " + (e instanceof Error ? e.message : String(e)), { cause: e });
          capacity *= 2;
        }
      }
    },
  };
}

/** Whether a zstd frame header declares the content size (Frame_Header_Descriptor bits 5-7). */
function hasContentSize(data: Uint8Array): boolean {
  if (data.length < 5) return false;
  const fhd = data[4]!;
  const fcsFlag = fhd >> 6;
  const singleSegment = (fhd >> 5) & 1;
  return fcsFlag !== 0 || singleSegment === 1;
}
