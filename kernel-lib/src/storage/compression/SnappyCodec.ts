import { KafkaException } from "../errors";
import { type CompressionCodec, asBuffer } from "./CompressionCodec";
import { CompressionType } from "./CompressionType";
import { nodeRequire } from "./nodeRequire";

type SnappyModule = typeof import("snappy");

// The Java client compresses with xerial's SnappyOutputStream: a 16-byte stream header
// (magic 82 53 4E 41 50 50 59 00, int32 version 1, int32 minimum compatible version 1), then
// chunks of [big-endian int32 compressed length][raw snappy block], each block holding up to 32 KiB
// of input. librdkafka and kafkajs write one raw snappy block instead; xerial's SnappyInputStream
// reads both, and so do we.
export const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
export const XERIAL_HEADER_SIZE = 16;
export const XERIAL_VERSION = 1;
export const XERIAL_MIN_COMPATIBLE_VERSION = 1;
export const XERIAL_BLOCK_SIZE = 32 * 1024;

const COPY = { copyOutputData: true } as const;

/** Snappy's worst case for n input bytes (snappy::MaxCompressedLength). */
function maxCompressedLength(n: number): number {
  return 32 + n + Math.floor(n / 6);
}

export function isXerialFramed(data: Uint8Array): boolean {
  if (data.length < XERIAL_HEADER_SIZE) return false;
  for (let i = 0; i < XERIAL_MAGIC.length; i++) if (data[i] !== XERIAL_MAGIC[i]) return false;
  return true;
}

export function createSnappyCodec(): CompressionCodec {
  const snappy = nodeRequire("snappy") as SnappyModule;

  function compress(data: Uint8Array): Buffer {
    const blocks = Math.max(1, Math.ceil(data.length / XERIAL_BLOCK_SIZE));
    // One output allocation sized for the worst case; each block is copied in once.
    const out = Buffer.allocUnsafe(XERIAL_HEADER_SIZE + blocks * 4 + maxCompressedLength(data.length) + blocks * 32);
    XERIAL_MAGIC.copy(out, 0);
    out.writeInt32BE(XERIAL_VERSION, 8);
    out.writeInt32BE(XERIAL_MIN_COMPATIBLE_VERSION, 12);
    let pos = XERIAL_HEADER_SIZE;
    for (let off = 0; off < data.length; off += XERIAL_BLOCK_SIZE) {
      const block = snappy.compressSync(data.subarray(off, Math.min(off + XERIAL_BLOCK_SIZE, data.length)), COPY);
      out.writeInt32BE(block.length, pos);
      block.copy(out, pos + 4);
      pos += 4 + block.length;
    }
    return out.subarray(0, pos);
  }

  function uncompressRaw(block: Uint8Array): Buffer {
    return snappy.uncompressSync(block, COPY) as Buffer;
  }

  function decompress(input: Uint8Array): Buffer {
    const data = asBuffer(input);
    if (!isXerialFramed(data)) return uncompressRaw(data);
    const parts: Buffer[] = [];
    let pos = XERIAL_HEADER_SIZE;
    while (pos < data.length) {
      // Concatenated xerial streams repeat the header; SnappyInputStream skips it.
      if (data.length - pos >= XERIAL_HEADER_SIZE && isXerialFramed(data.subarray(pos))) {
        pos += XERIAL_HEADER_SIZE;
        continue;
      }
      if (data.length - pos < 4) throw new KafkaException("Failed to decompress snappy: truncated xerial chunk length");
      const len = data.readInt32BE(pos);
      pos += 4;
      if (len < 0 || pos + len > data.length)
        throw new KafkaException(`Failed to decompress snappy: xerial chunk of ${len} bytes exceeds the input`);
      parts.push(uncompressRaw(data.subarray(pos, pos + len)));
      pos += len;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  return { type: CompressionType.SNAPPY, compress: (data) => compress(data), decompress };
}
