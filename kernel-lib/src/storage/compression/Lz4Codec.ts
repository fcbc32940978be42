import { IllegalArgumentException } from "../errors";
import { type CompressionCodec, asBuffer } from "./CompressionCodec";
import { CompressionType } from "./CompressionType";
import { nodeRequire } from "./nodeRequire";

type Lz4Module = typeof import("lz4-napi");

// Kafka writes LZ4 *frames* (KafkaLZ4BlockOutputStream): magic 04 22 4D 18, FLG 0x60 (version 01,
// independent blocks, no block checksum, no content size, no content checksum), BD 0x40 (64 KiB
// maximum block size), header checksum 0x82; then blocks of [little-endian int32 size][data], a block
// that does not shrink stored raw with the size's high bit set; then a zero end mark. Java's reader
// rejects dependent blocks, so we build the frame ourselves from independent raw-block compressions.
export const LZ4_FRAME_HEADER = Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82]);
export const LZ4_BLOCK_SIZE = 64 * 1024;
const LZ4_INCOMPRESSIBLE_MASK = 0x80000000;

// Lz4Compression (KIP-390): levels 1..17, default 9. lz4-napi only has the fast compressor, so the
// level is validated like Kafka's config and otherwise ignored (the bytes differ from Java's HC output;
// any LZ4 frame reader decodes both).
export const LZ4_MIN_LEVEL = 1;
export const LZ4_MAX_LEVEL = 17;
export const LZ4_DEFAULT_LEVEL = 9;

export function createLz4Codec(): CompressionCodec {
  const lz4 = nodeRequire("lz4-napi") as Lz4Module;

  function compress(input: Uint8Array, level: number = LZ4_DEFAULT_LEVEL): Buffer {
    if (level < LZ4_MIN_LEVEL || level > LZ4_MAX_LEVEL || !Number.isInteger(level))
      throw new IllegalArgumentException(
        `Invalid value ${level} for configuration compression.lz4.level: Value must be between ${LZ4_MIN_LEVEL} and ${LZ4_MAX_LEVEL}`);
    const data = asBuffer(input);
    const blocks = Math.max(1, Math.ceil(data.length / LZ4_BLOCK_SIZE));
    // Worst case: every block stored raw.
    const out = Buffer.allocUnsafe(LZ4_FRAME_HEADER.length + blocks * 4 + data.length + 4);
    LZ4_FRAME_HEADER.copy(out, 0);
    let pos = LZ4_FRAME_HEADER.length;
    for (let off = 0; off < data.length; off += LZ4_BLOCK_SIZE) {
      const chunk = data.subarray(off, Math.min(off + LZ4_BLOCK_SIZE, data.length));
      // compressSync returns [LE int32 uncompressed size][raw LZ4 block]; the frame wants the block.
      const compressed = lz4.compressSync(chunk).subarray(4);
      if (compressed.length < chunk.length) {
        out.writeUInt32LE(compressed.length, pos);
        compressed.copy(out, pos + 4);
        pos += 4 + compressed.length;
      } else {
        out.writeUInt32LE((chunk.length | LZ4_INCOMPRESSIBLE_MASK) >>> 0, pos);
        chunk.copy(out, pos + 4);
        pos += 4 + chunk.length;
      }
    }
    out.writeUInt32LE(0, pos);
    return out.subarray(0, pos + 4);
  }

  return {
    type: CompressionType.LZ4,
    compress,
    decompress: (data) => lz4.decompressFrameSync(asBuffer(data)),
  };
}
