import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import {
  codecFor,
  CompressionRatioEstimator,
  COMPRESSION_RATIO_DETERIORATE_STEP,
  COMPRESSION_RATIO_IMPROVING_STEP,
  isCodecLoaded,
  loadAllCodecs,
  loadCodec,
} from "../../../kernel-lib/src/storage/compression";
import {
  CompressionType,
  compressionName,
  compressionTypeForId,
  compressionTypeForName,
} from "../../../kernel-lib/src/storage/compression/CompressionType";
import { LZ4_FRAME_HEADER } from "../../../kernel-lib/src/storage/compression/Lz4Codec";
import { XERIAL_MAGIC } from "../../../kernel-lib/src/storage/compression/SnappyCodec";
import { MemoryRecordsBuilder } from "../../../kernel-lib/src/storage/MemoryRecordsBuilder";

const require = createRequire(import.meta.url);

function xorshift32(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** Log-like text (compressible) of a given length, deterministic. */
function logText(length: number, seed = 1): Buffer {
  const next = xorshift32(seed);
  const words = ["INFO", "WARN", "GET", "/api/orders", "status=200", "ms=12", "user", "kafka", "partition", "offset"];
  let s = "";
  while (s.length < length) s += words[next() % words.length] + (next() % 7 === 0 ? "\n" : " ") + (next() % 1000);
  return Buffer.from(s.slice(0, length), "latin1");
}

/** Random bytes (incompressible), deterministic. */
function noise(length: number, seed = 2): Buffer {
  const next = xorshift32(seed);
  const b = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) b[i] = next() & 0xff;
  return b;
}

// zstd is the one codec that loads asynchronously; this file checks the "not loaded yet" error first.
describe("zstd before loadCodec", () => {
  it("codecFor(ZSTD) and a zstd builder fail with a clear instruction", () => {
    expect(isCodecLoaded(CompressionType.ZSTD)).toBe(false);
    expect(() => codecFor(CompressionType.ZSTD)).toThrow(/await loadCodec\(CompressionType\.ZSTD\)/);
    expect(() => new MemoryRecordsBuilder({ compression: CompressionType.ZSTD })).toThrow(/loadAllCodecs/);
  });

  it("works after await loadCodec(ZSTD)", async () => {
    const codec = await loadCodec(CompressionType.ZSTD);
    expect(codec.type).toBe(CompressionType.ZSTD);
    expect(codecFor(CompressionType.ZSTD)).toBe(codec);
    expect(isCodecLoaded(CompressionType.ZSTD)).toBe(true);
    const all = await loadAllCodecs();
    expect(all.map((c) => c.type)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe("CompressionType", () => {
  it("maps Kafka's names and ids both ways", () => {
    expect(["none", "gzip", "snappy", "lz4", "zstd"].map(compressionTypeForName)).toEqual([0, 1, 2, 3, 4]);
    expect([0, 1, 2, 3, 4].map((t) => compressionName(t))).toEqual(["none", "gzip", "snappy", "lz4", "zstd"]);
    expect(compressionTypeForId(4)).toBe(CompressionType.ZSTD);
  });

  it("rejects unknown names and ids in Kafka's words", () => {
    expect(() => compressionTypeForName("brotli")).toThrow("Unknown compression name: brotli");
    expect(() => compressionTypeForName("GZIP")).toThrow("Unknown compression name: GZIP");
    expect(() => compressionTypeForId(5)).toThrow("Unknown compression type id: 5");
    expect(() => codecFor(7 as CompressionType)).toThrow("Unknown compression type id: 7");
  });
});

describe.each([
  ["none", CompressionType.NONE],
  ["gzip", CompressionType.GZIP],
  ["snappy", CompressionType.SNAPPY],
  ["lz4", CompressionType.LZ4],
  ["zstd", CompressionType.ZSTD],
] as const)("%s codec", (_name, type) => {
  it.each([0, 1, 100, 70_000, 300_000])("round-trips %d bytes of text and of noise", async (n) => {
    const codec = await loadCodec(type);
    for (const data of [logText(n), noise(n)]) {
      const compressed = codec.compress(data);
      expect(codec.decompress(compressed).equals(data)).toBe(true);
    }
  });

  it("accepts a Uint8Array view at an offset", async () => {
    const codec = await loadCodec(type);
    const big = logText(5000);
    const view = new Uint8Array(big.buffer, big.byteOffset + 100, 4000);
    expect(codec.decompress(codec.compress(view)).equals(Buffer.from(view))).toBe(true);
  });
});

describe("gzip", () => {
  it("writes gzip members and reads zlib's output; levels follow compression.gzip.level", () => {
    const codec = codecFor(CompressionType.GZIP);
    const data = logText(10_000);
    expect(codec.compress(data).subarray(0, 2).toString("hex")).toBe("1f8b");
    expect(codec.decompress(gzipSync(data, { level: 9 })).equals(data)).toBe(true);
    expect(codec.decompress(codec.compress(data, 1)).equals(data)).toBe(true);
    expect(() => codec.compress(data, 10)).toThrow(
      "Invalid value 10 for configuration compression.gzip.level: Value must be between 1 and 9, or -1");
  });
});

describe("snappy in xerial framing", () => {
  it("writes the Java client's header and 32 KiB chunks", () => {
    const codec = codecFor(CompressionType.SNAPPY);
    const data = logText(100 * 1024);
    const out = codec.compress(data);
    expect(out.subarray(0, 8).equals(XERIAL_MAGIC)).toBe(true);
    expect(out.subarray(0, 16).toString("hex")).toBe("82534e41505059000000000100000001");
    const snappy = require("snappy") as typeof import("snappy");
    let pos = 16;
    const chunks: Buffer[] = [];
    while (pos < out.length) {
      const len = out.readInt32BE(pos);
      chunks.push(snappy.uncompressSync(out.subarray(pos + 4, pos + 4 + len)) as Buffer);
      pos += 4 + len;
    }
    expect(pos).toBe(out.length);
    expect(chunks.map((c) => c.length)).toEqual([32768, 32768, 32768, 4096]);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
  });

  it("reads raw snappy (librdkafka, kafkajs) and concatenated xerial streams", () => {
    const codec = codecFor(CompressionType.SNAPPY);
    const snappy = require("snappy") as typeof import("snappy");
    const data = logText(50_000);
    expect(codec.decompress(snappy.compressSync(data)).equals(data)).toBe(true);
    const a = logText(1000, 7);
    const b = logText(2000, 8);
    const twice = Buffer.concat([codec.compress(a), codec.compress(b)]);
    expect(codec.decompress(twice).equals(Buffer.concat([a, b]))).toBe(true);
  });

  it("fails on a truncated chunk", () => {
    const codec = codecFor(CompressionType.SNAPPY);
    const out = codec.compress(logText(1000));
    expect(() => codec.decompress(out.subarray(0, out.length - 3))).toThrow(/xerial chunk/);
  });
});

describe("lz4 frames as Kafka writes them", () => {
  /** Walk a frame: [header][LE size|flag][block]...[0]; returns block sizes (stored) and raw flags. */
  function walk(frame: Buffer): { size: number; raw: boolean }[] {
    expect(frame.subarray(0, 7).equals(LZ4_FRAME_HEADER)).toBe(true);
    const blocks: { size: number; raw: boolean }[] = [];
    let pos = 7;
    for (;;) {
      const word = frame.readUInt32LE(pos);
      pos += 4;
      if (word === 0) break;
      const size = word & 0x7fffffff;
      blocks.push({ size, raw: (word & 0x80000000) !== 0 });
      pos += size;
    }
    expect(pos).toBe(frame.length);
    return blocks;
  }

  it("header 04 22 4D 18 60 40 82: independent blocks of at most 64 KiB, no checksums", () => {
    const codec = codecFor(CompressionType.LZ4);
    const data = logText(200 * 1024);
    const frame = codec.compress(data);
    expect(frame.subarray(0, 7).toString("hex")).toBe("04224d18604082");
    const blocks = walk(frame);
    expect(blocks.length).toBe(4);
    expect(blocks.every((b) => !b.raw && b.size < 64 * 1024)).toBe(true);
    expect(codec.decompress(frame).equals(data)).toBe(true);
  });

  it("stores an incompressible block raw with the high bit set", () => {
    const codec = codecFor(CompressionType.LZ4);
    const data = noise(70_000);
    const blocks = walk(codec.compress(data));
    expect(blocks).toEqual([{ size: 65536, raw: true }, { size: 70_000 - 65536, raw: true }]);
    expect(codec.decompress(codec.compress(data)).equals(data)).toBe(true);
  });

  it("reads frames with other flags (content size, checksums, 256 KiB blocks)", () => {
    const lz4 = require("lz4-napi") as typeof import("lz4-napi");
    const data = logText(300_000);
    const other = lz4.compressFrameSync(data, { contentChecksum: true, blockChecksums: true });
    expect(codecFor(CompressionType.LZ4).decompress(other).equals(data)).toBe(true);
  });

  it("validates compression.lz4.level like Kafka (1..17)", () => {
    expect(() => codecFor(CompressionType.LZ4).compress(logText(10), 18)).toThrow(
      "Invalid value 18 for configuration compression.lz4.level: Value must be between 1 and 17");
  });
});

describe("zstd", () => {
  it("writes zstd frames and validates compression.zstd.level", async () => {
    const codec = await loadCodec(CompressionType.ZSTD);
    const data = logText(10_000);
    expect(codec.compress(data).subarray(0, 4).toString("hex")).toBe("28b52ffd");
    expect(codec.decompress(codec.compress(data, 19)).equals(data)).toBe(true);
    expect(() => codec.compress(data, 23)).toThrow(/compression\.zstd\.level: Value must be between -131072 and 22/);
  });

  it("decodes a frame without a content size (as Java's streaming writer makes) far larger than its input", async () => {
    const codec = await loadCodec(CompressionType.ZSTD);
    // Hand-made frame: magic, descriptor 0x00 (no content size, not single segment), window 8 MiB, then
    // 30 RLE blocks of 128 KiB and a final raw block. Block header: 3 bytes LE = last | type << 1 | size << 3.
    // About 150 bytes expand to 3.75 MiB, so the decoder has to grow its output beyond the first guess.
    const blockMax = 128 * 1024;
    const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x68])];
    const expected: Buffer[] = [];
    const header = (last: number, type: number, size: number) => {
      const word = last | (type << 1) | (size << 3);
      return Buffer.from([word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff]);
    };
    for (let i = 0; i < 30; i++) {
      const byte = 65 + (i % 26);
      parts.push(header(0, 1, blockMax), Buffer.from([byte]));
      expected.push(Buffer.alloc(blockMax, byte));
    }
    const tail = logText(123);
    parts.push(header(1, 0, tail.length), tail);
    expected.push(tail);
    const frame = Buffer.concat(parts);
    expect(frame.length).toBeLessThan(300);
    expect(codec.decompress(frame).equals(Buffer.concat(expected))).toBe(true);
  });

  it("reports corrupt input as a KafkaException", async () => {
    const codec = await loadCodec(CompressionType.ZSTD);
    const frame = codec.compress(logText(5000));
    const bad = Buffer.from(frame);
    bad[bad.length - 5] ^= 0xff;
    bad[bad.length - 9] ^= 0xff;
    expect(() => codec.decompress(bad.subarray(0, bad.length - 20))).toThrow(/Failed to decompress zstd data/);
  });
});

describe("CompressionRatioEstimator (Kafka's per-topic, per-codec estimate)", () => {
  const f = Math.fround;

  it("starts at 1.0 for every codec of a new topic", () => {
    const e = new CompressionRatioEstimator();
    for (const t of [0, 1, 2, 3, 4]) expect(e.estimation("orders", t)).toBe(1);
  });

  it("improves by 0.005 a batch, never below the observed ratio (KAFKA-9700)", () => {
    const e = new CompressionRatioEstimator();
    expect(COMPRESSION_RATIO_IMPROVING_STEP).toBe(f(0.005));
    expect(e.updateEstimation("orders", CompressionType.GZIP, 0.5)).toBe(f(1 - f(0.005)));
    let est = 0;
    for (let i = 0; i < 200; i++) est = e.updateEstimation("orders", CompressionType.GZIP, 0.61);
    expect(est).toBe(f(0.61));
    expect(e.estimation("orders", CompressionType.GZIP)).toBe(f(0.61));
    // Other codecs and topics are untouched.
    expect(e.estimation("orders", CompressionType.LZ4)).toBe(1);
    expect(e.estimation("payments", CompressionType.GZIP)).toBe(1);
  });

  it("deteriorates by at least 0.05, or straight to a worse observed ratio", () => {
    const e = new CompressionRatioEstimator();
    e.setEstimation("t", CompressionType.ZSTD, 0.5);
    expect(COMPRESSION_RATIO_DETERIORATE_STEP).toBe(f(0.05));
    expect(e.updateEstimation("t", CompressionType.ZSTD, 0.51)).toBe(f(f(0.5) + f(0.05)));
    expect(e.updateEstimation("t", CompressionType.ZSTD, 0.9)).toBe(f(0.9));
    expect(e.updateEstimation("t", CompressionType.ZSTD, 0.9)).toBe(f(0.9));
    e.resetEstimation("t");
    expect(e.estimation("t", CompressionType.ZSTD)).toBe(1);
    e.removeEstimation("t");
    expect(e.estimation("t", CompressionType.ZSTD)).toBe(1);
  });
});
