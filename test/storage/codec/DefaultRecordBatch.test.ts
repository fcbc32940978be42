import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAllCodecs } from "../../../kernel-lib/src/storage/compression";
import { CompressionType } from "../../../kernel-lib/src/storage/compression/CompressionType";
import { LZ4_FRAME_HEADER } from "../../../kernel-lib/src/storage/compression/Lz4Codec";
import { XERIAL_MAGIC } from "../../../kernel-lib/src/storage/compression/SnappyCodec";
import type { RecordHeader } from "../../../kernel-lib/src/storage/DefaultRecord";
import {
  ATTRIBUTES_OFFSET,
  batchSizeAt,
  compressionOf,
  CRC_OFFSET,
  decodeRecords,
  deleteHorizonMsOf,
  hasDeleteHorizon,
  isValidBatch,
  lastSequenceOf,
  LENGTH_OFFSET,
  MAGIC_OFFSET,
  RECORD_BATCH_OVERHEAD,
  RECORDS_COUNT_OFFSET,
  readBatchHeader,
  setLastOffset,
  setMaxTimestamp,
  setBaseOffset,
  setPartitionLeaderEpoch,
  timestampTypeOf,
  verifyBatch,
  writeBatchHeader,
} from "../../../kernel-lib/src/storage/DefaultRecordBatch";
import { CorruptRecordException, InvalidRecordException, KafkaException } from "../../../kernel-lib/src/storage/errors";
import { batchesIn, recordsIn, validBytesIn } from "../../../kernel-lib/src/storage/MemoryRecords";
import { buildBatch, type SimpleRecord } from "../../../kernel-lib/src/storage/MemoryRecordsBuilder";

const T0 = 1734479506518;
const utf8 = (s: string) => Buffer.from(s, "utf8");
const hdr = (key: string, value: string | null): RecordHeader => ({ key, value: value === null ? null : utf8(value) });

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

/** Records that exercise every field: headers (one null value), null key, tombstone, negative deltas. */
function sampleRecords(): SimpleRecord[] {
  return [
    { timestamp: T0, key: utf8("k1"), value: utf8("hello kafka"), headers: [hdr("trace", "abc"), hdr("empty", null)] },
    { timestamp: T0 - 86_400_000, key: null, value: utf8("a day earlier: negative timestamp delta") },
    { timestamp: T0 + 5, key: utf8("k3"), value: null },
    { timestamp: -1, key: utf8("no-timestamp"), value: utf8("NO_TIMESTAMP, a delta of -(T0 + 1)") },
    { timestamp: T0 + 2 ** 40, key: utf8("中文"), value: utf8("缓存消峰 解耦 异步通信"), headers: [hdr("来源", "hadoop102")] },
    { timestamp: 0, key: Buffer.alloc(0), value: Buffer.alloc(0), headers: [hdr("", "")] },
  ];
}

/** About 400 KiB of log-like records, so lz4 and snappy need several blocks. */
function largeRecords(): SimpleRecord[] {
  const next = xorshift32(42);
  const words = ["INFO", "GET", "/api/orders", "status=200", "latency", "user", "partition", "offset"];
  const out: SimpleRecord[] = [];
  for (let i = 0; i < 400; i++) {
    let s = "";
    while (s.length < 1000) s += words[next() % words.length] + " " + (next() % 10_000) + " ";
    out.push({ timestamp: T0 + (next() % 2000) - 1000, key: utf8("key-" + (i % 17)), value: utf8(s), headers: i % 50 === 0 ? [hdr("i", String(i))] : undefined });
  }
  return out;
}

function expectSameRecords(batch: Buffer, input: SimpleRecord[], baseOffset = 0): void {
  const records = decodeRecords(batch);
  expect(records.length).toBe(input.length);
  records.forEach((r, i) => {
    const want = input[i]!;
    expect(r.offset).toBe(baseOffset + i);
    expect(r.timestamp).toBe(want.timestamp);
    expect(r.key === null ? null : r.key.toString("hex")).toBe(want.key === null ? null : Buffer.from(want.key).toString("hex"));
    expect(r.value === null ? null : r.value.toString("hex")).toBe(want.value === null ? null : Buffer.from(want.value).toString("hex"));
    expect(r.headers.map((h) => [h.key, h.value === null ? null : h.value.toString("hex")])).toEqual(
      (want.headers ?? []).map((h) => [h.key, h.value === null ? null : h.value.toString("hex")]));
  });
}

beforeAll(async () => {
  await loadAllCodecs();
});

const CODECS = [
  ["none", CompressionType.NONE, null],
  ["gzip", CompressionType.GZIP, "1f8b"],
  ["snappy", CompressionType.SNAPPY, XERIAL_MAGIC.toString("hex")],
  ["lz4", CompressionType.LZ4, LZ4_FRAME_HEADER.toString("hex")],
  ["zstd", CompressionType.ZSTD, "28b52ffd"],
] as const;

describe.each(CODECS)("round trip with %s", (_name, compression, magic) => {
  it("keeps headers, null key, tombstone, negative and large timestamp deltas", () => {
    const input = sampleRecords();
    const batch = buildBatch(input, { compression, baseOffset: 100, partitionLeaderEpoch: 3 });
    verifyBatch(batch);
    const h = readBatchHeader(batch);
    expect(compressionOf(h)).toBe(compression);
    expect(h).toMatchObject({
      baseOffset: 100, partitionLeaderEpoch: 3, magic: 2, lastOffsetDelta: 5, baseTimestamp: T0,
      maxTimestamp: T0 + 2 ** 40, producerId: -1, producerEpoch: -1, baseSequence: -1, recordsCount: 6,
    });
    expectSameRecords(batch, input, 100);
  });

  it("handles a batch over 64 KiB, the record count outside the compressed blob", () => {
    const input = largeRecords();
    const batch = buildBatch(input, { compression });
    verifyBatch(batch);
    expect(batch.readInt32BE(RECORDS_COUNT_OFFSET)).toBe(400);
    if (magic !== null) {
      expect(batch.subarray(RECORD_BATCH_OVERHEAD, RECORD_BATCH_OVERHEAD + magic.length / 2).toString("hex")).toBe(magic);
      expect(batch.length).toBeLessThan(400 * 1000);
    } else {
      expect(batch.length).toBeGreaterThan(400 * 1000);
    }
    expectSameRecords(batch, input);
  });

  it("detects a flipped byte anywhere in the CRC range", () => {
    const batch = buildBatch(sampleRecords(), { compression });
    const stored = batch.readUInt32BE(CRC_OFFSET);
    for (let i = ATTRIBUTES_OFFSET; i < batch.length; i += Math.max(1, Math.floor(batch.length / 97))) {
      const bad = Buffer.from(batch);
      bad[i] ^= 0x01;
      expect(() => verifyBatch(bad)).toThrow(CorruptRecordException);
      expect(() => verifyBatch(bad)).toThrow(new RegExp(`^Record is corrupt \\(stored crc = ${stored}, computed crc = \\d+\\)$`));
      expect(isValidBatch(bad)).toBe(false);
    }
  });
});

describe("CRC range and in-place fields", () => {
  it("every single-byte change inside [21, end) of a small batch is caught", () => {
    const batch = buildBatch([{ timestamp: T0, key: utf8("k"), value: utf8("v") }]);
    for (let i = ATTRIBUTES_OFFSET; i < batch.length; i++) {
      for (const flip of [0x01, 0x80, 0xff]) {
        const bad = Buffer.from(batch);
        bad[i] ^= flip;
        expect(isValidBatch(bad)).toBe(false);
      }
    }
  });

  it("a corrupted CRC field itself is reported with both values", () => {
    const batch = buildBatch([{ timestamp: T0, key: null, value: utf8("v") }]);
    const good = batch.readUInt32BE(CRC_OFFSET);
    batch.writeUInt32BE(12345, CRC_OFFSET);
    expect(() => verifyBatch(batch)).toThrow(`Record is corrupt (stored crc = 12345, computed crc = ${good})`);
  });

  it("baseOffset, lastOffset and partitionLeaderEpoch change in place without touching the CRC", () => {
    const batch = buildBatch(sampleRecords());
    const crc = batch.readUInt32BE(CRC_OFFSET);
    setBaseOffset(batch, 0, 2 ** 40);
    setPartitionLeaderEpoch(batch, 0, 17);
    verifyBatch(batch);
    expect(batch.readUInt32BE(CRC_OFFSET)).toBe(crc);
    const h = readBatchHeader(batch);
    expect(h.baseOffset).toBe(2 ** 40);
    expect(h.partitionLeaderEpoch).toBe(17);
    expect(decodeRecords(batch).map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5].map((d) => 2 ** 40 + d));
    setLastOffset(batch, 0, 1000);
    expect(readBatchHeader(batch).baseOffset).toBe(995);
    verifyBatch(batch);
  });

  it("setMaxTimestamp switches to LogAppendTime and re-checksums; records then carry the append time", () => {
    for (const compression of [CompressionType.NONE, CompressionType.ZSTD]) {
      const batch = buildBatch(sampleRecords(), { compression });
      const crc = batch.readUInt32BE(CRC_OFFSET);
      setMaxTimestamp(batch, 0, "LogAppendTime", 1_800_000_000_000);
      verifyBatch(batch);
      expect(batch.readUInt32BE(CRC_OFFSET)).not.toBe(crc);
      const h = readBatchHeader(batch);
      expect(timestampTypeOf(h)).toBe("LogAppendTime");
      expect(compressionOf(h)).toBe(compression);
      expect(h.maxTimestamp).toBe(1_800_000_000_000);
      expect(decodeRecords(batch).every((r) => r.timestamp === 1_800_000_000_000)).toBe(true);
    }
  });
});

describe("batch options", () => {
  it("LogAppendTime batches store the append time as maxTimestamp", () => {
    const batch = buildBatch(sampleRecords(), { timestampType: "LogAppendTime", logAppendTime: T0 + 999 });
    const h = readBatchHeader(batch);
    expect(h.attributes & 0x08).toBe(0x08);
    expect(h.maxTimestamp).toBe(T0 + 999);
    expect(h.baseTimestamp).toBe(T0);
    expect(decodeRecords(batch).map((r) => r.timestamp)).toEqual(Array(6).fill(T0 + 999));
  });

  it("idempotent batches give each record its sequence, wrapping at Int.MAX", () => {
    const records = [0, 1, 2].map((i) => ({ timestamp: T0 + i, key: null, value: utf8("v" + i) }));
    const batch = buildBatch(records, { producerId: 7, producerEpoch: 2, baseSequence: 2147483646 });
    const h = readBatchHeader(batch);
    expect(lastSequenceOf(h)).toBe(0);
    expect(decodeRecords(batch).map((r) => r.sequence)).toEqual([2147483646, 2147483647, 0]);
  });

  it("transactional and delete-horizon attributes", () => {
    const records = [{ timestamp: T0, key: utf8("k"), value: null }, { timestamp: T0 - 10, key: utf8("k2"), value: utf8("x") }];
    const batch = buildBatch(records, {
      isTransactional: true, producerId: 5, producerEpoch: 0, baseSequence: 0, deleteHorizonMs: T0 + 86_400_000,
    });
    const h = readBatchHeader(batch);
    expect(h.attributes).toBe(0x10 | 0x40);
    expect(hasDeleteHorizon(h)).toBe(true);
    expect(deleteHorizonMsOf(h)).toBe(T0 + 86_400_000);
    expect(h.baseTimestamp).toBe(T0 + 86_400_000);
    expect(decodeRecords(batch).map((r) => r.timestamp)).toEqual([T0, T0 - 10]);
  });
});

describe("invalid batches, in Kafka's words", () => {
  const good = () => buildBatch(sampleRecords());

  it("a batchLength below the v0 record overhead", () => {
    const b = good();
    b.writeInt32BE(10, LENGTH_OFFSET);
    expect(() => verifyBatch(b)).toThrow("Record size 10 is less than the minimum record overhead (14)");
    expect(() => [...batchesIn(b)]).toThrow("Record size 10 is less than the minimum record overhead (14)");
  });

  it("a batch smaller than the 61-byte header", () => {
    const b = good();
    b.writeInt32BE(40, LENGTH_OFFSET);
    expect(() => verifyBatch(b)).toThrow("Record batch is corrupt (the size 52 is smaller than the minimum allowed overhead 61)");
  });

  it("an unknown magic, and the old formats v0/v1", () => {
    const b = good();
    b.writeInt8(3, MAGIC_OFFSET);
    expect(() => verifyBatch(b)).toThrow("Invalid magic found in record: 3");
    b.writeInt8(-1, MAGIC_OFFSET);
    expect(() => verifyBatch(b)).toThrow("Invalid magic found in record: -1");
    b.writeInt8(1, MAGIC_OFFSET);
    expect(() => verifyBatch(b)).toThrow(/^Unsupported magic byte 1: only record batch format v2/);
  });

  it("a truncated buffer", () => {
    const b = good();
    expect(() => verifyBatch(b.subarray(0, b.length - 1))).toThrow(CorruptRecordException);
    expect(() => readBatchHeader(b.subarray(0, 60))).toThrow(/truncated/);
  });

  /** Rewrite a field and fix the CRC, so only the structural check can object. */
  function rewritten(mutate: (b: Buffer) => void): Buffer {
    const b = good();
    mutate(b);
    writeBatchHeader(b, 0, { ...readBatchHeader(b), sizeInBytes: b.length });
    verifyBatch(b);
    return b;
  }

  it("a record count larger, smaller or negative than the records present", () => {
    expect(() => decodeRecords(rewritten((b) => b.writeInt32BE(7, RECORDS_COUNT_OFFSET)))).toThrow(
      new InvalidRecordException("Incorrect declared batch size, premature EOF reached"));
    expect(() => decodeRecords(rewritten((b) => b.writeInt32BE(5, RECORDS_COUNT_OFFSET)))).toThrow(
      "Incorrect declared batch size, records still remaining in file");
    expect(() => decodeRecords(rewritten((b) => b.writeInt32BE(-1, RECORDS_COUNT_OFFSET)))).toThrow(
      "Found invalid record count -1 in magic v2 batch");
  });

  it("a record whose length disagrees with its fields", () => {
    // First record: length varint at 61; grow it by one so the body is read short.
    const b = rewritten((buf) => {
      buf[RECORD_BATCH_OVERHEAD] = buf[RECORD_BATCH_OVERHEAD]! + 2;
    });
    expect(() => decodeRecords(b)).toThrow(InvalidRecordException);
    expect(() => decodeRecords(b)).toThrow(/^Invalid record size: expected to read \d+ bytes in record payload, but instead read \d+$/);
  });

  it("an unknown codec id", () => {
    const b = rewritten((buf) => buf.writeInt16BE(5, ATTRIBUTES_OFFSET));
    expect(() => decodeRecords(b)).toThrow("Unknown compression type id: 5");
  });

  it("a compressed blob that does not decompress", () => {
    const b = buildBatch(sampleRecords(), { compression: CompressionType.GZIP });
    b.fill(0x55, RECORD_BATCH_OVERHEAD + 10, RECORD_BATCH_OVERHEAD + 30);
    writeBatchHeader(b, 0, { ...readBatchHeader(b), sizeInBytes: b.length });
    expect(() => decodeRecords(b)).toThrow(KafkaException);
    expect(() => decodeRecords(b)).toThrow("Failed to decompress record stream");
  });
});

describe("batches in a real segment-like file", () => {
  const dir = mkdtempSync(join(tmpdir(), "kafkalab-codec-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("appends batches of every codec, reads them back and stops at a partial trailing batch", () => {
    const file = join(dir, "00000000000000000000.log");
    writeFileSync(file, Buffer.alloc(0));
    let offset = 0;
    const sizes: number[] = [];
    for (const [, compression] of CODECS) {
      const input = sampleRecords();
      const batch = buildBatch(input, { compression, baseOffset: offset, partitionLeaderEpoch: 0 });
      appendFileSync(file, batch);
      sizes.push(batch.length);
      offset += input.length;
    }
    const complete = readFileSync(file);
    const partial = buildBatch(sampleRecords(), { baseOffset: offset });
    appendFileSync(file, partial.subarray(0, partial.length - 7));

    const data = readFileSync(file);
    const batches = [...batchesIn(data)];
    expect(batches.map((b) => b.size)).toEqual(sizes);
    expect(batches.map((b) => b.header.baseOffset)).toEqual([0, 6, 12, 18, 24]);
    for (const b of batches) {
      verifyBatch(data, b.position);
      expect(batchSizeAt(data, b.position)).toBe(b.size);
    }
    expect(validBytesIn(data)).toBe(complete.length);
    const all = [...recordsIn(data)];
    expect(all.map((r) => r.record.offset)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(all.filter((r) => r.record.value === null).length).toBe(5);
  });
});
