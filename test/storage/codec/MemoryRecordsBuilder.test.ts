import { beforeAll, describe, expect, it } from "vitest";
import { CompressionRatioEstimator, loadAllCodecs } from "../../../kernel-lib/src/storage/compression";
import { CompressionType } from "../../../kernel-lib/src/storage/compression/CompressionType";
import { recordSizeInBytes } from "../../../kernel-lib/src/storage/DefaultRecord";
import { decodeRecords, readBatchHeader, verifyBatch } from "../../../kernel-lib/src/storage/DefaultRecordBatch";
import { IllegalArgumentException, IllegalStateException } from "../../../kernel-lib/src/storage/errors";
import {
  buildBatch,
  COMPRESSION_RATE_ESTIMATION_FACTOR,
  MemoryRecordsBuilder,
} from "../../../kernel-lib/src/storage/MemoryRecordsBuilder";

const T0 = 1700000000000;
const utf8 = (s: string) => Buffer.from(s, "utf8");

/** The perf tool's payload: random letters A-Z (gzip/zstd ~1.6x, snappy/lz4 ~1.0x). */
function letters(n: number, seed: number): Buffer {
  let x = seed >>> 0 || 1;
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b[i] = 65 + (x % 26);
  }
  return b;
}

beforeAll(async () => {
  await loadAllCodecs();
});

describe("MemoryRecordsBuilder sizes", () => {
  it("without compression the estimate is exact at every step", () => {
    const b = new MemoryRecordsBuilder({}, 64);
    expect(b.estimatedSizeInBytes()).toBe(61);
    let expected = 61;
    for (let i = 0; i < 300; i++) {
      const key = utf8("key-" + i);
      const value = letters(i % 50, i + 1);
      expected += recordSizeInBytes(i, 3 * i, key, value);
      b.append(T0 + 3 * i, key, value);
      expect(b.estimatedSizeInBytes()).toBe(expected);
    }
    const batch = b.build();
    expect(batch.length).toBe(expected);
    expect(b.estimatedSizeInBytes()).toBe(expected);
    expect(b.compressionRatio()).toBe(1);
    verifyBatch(batch);
  });

  it("with a codec it is header + uncompressed x ratio x 1.05 in Java float arithmetic", () => {
    const b = new MemoryRecordsBuilder({ compression: CompressionType.GZIP });
    // Fill exactly 1000 uncompressed record bytes: one record of 1000 bytes total.
    let n = 0;
    while (recordSizeInBytes(0, 0, null, Buffer.alloc(n)) < 1000) n++;
    expect(recordSizeInBytes(0, 0, null, Buffer.alloc(n))).toBe(1000);
    const value = letters(n, 3);
    b.append(T0, null, value);
    expect(b.uncompressedBytesWritten()).toBe(61 + 1000);
    // Java: (int) (1000 * 1.0f * 1.05f). 1.05f is 1.0499999523..., but each float product is rounded to
    // float, and 1049.99995 rounds to 1050.0f; likewise 500 * 1.05f rounds to 525.0f.
    expect(COMPRESSION_RATE_ESTIMATION_FACTOR).toBe(Math.fround(1.05));
    expect(COMPRESSION_RATE_ESTIMATION_FACTOR).not.toBe(1.05);
    expect(b.estimatedSizeInBytes()).toBe(61 + 1050);
    b.setEstimatedCompressionRatio(0.5);
    expect(b.estimatedSizeInBytes()).toBe(61 + 525);
    b.setEstimatedCompressionRatio(0.61);
    expect(b.estimatedSizeInBytes()).toBe(61 + Math.trunc(Math.fround(Math.fround(1000 * Math.fround(0.61)) * Math.fround(1.05))));
    const batch = b.build();
    expect(b.estimatedSizeInBytes()).toBe(batch.length);
    expect(b.compressionRatio()).toBe(Math.fround((batch.length - 61) / 1000));
    expect(b.compressionRatio()).toBeLessThan(0.75);
  });

  it("cuts batches at writeLimit by the estimate, so a learned ratio packs more records (the producer's loop)", () => {
    // batch.size 4096, 1000-byte values of random letters (a 1009-byte record), gzip. At the initial
    // ratio 1.0 a fourth record does not fit (61 + 3 x 1009 x 1.05 + 1009 > 4096); as the estimator
    // learns the letters' ~0.61 ratio, batches grow to 5 records.
    const estimator = new CompressionRatioEstimator();
    const counts: number[] = [];
    let seed = 1;
    for (let batchNo = 0; batchNo < 200; batchNo++) {
      const b = new MemoryRecordsBuilder({ compression: CompressionType.GZIP }, 4096);
      b.setEstimatedCompressionRatio(estimator.estimation("perf", CompressionType.GZIP));
      for (;;) {
        const value = letters(1000, seed);
        if (!b.hasRoomFor(T0, null, value)) break;
        b.append(T0, null, value);
        seed++;
      }
      b.build();
      estimator.updateEstimation("perf", CompressionType.GZIP, b.compressionRatio());
      counts.push(b.numRecords());
    }
    expect(counts.slice(0, 10)).toEqual(Array(10).fill(3));
    expect(counts.at(-1)).toBe(5);
    for (let i = 1; i < counts.length; i++) expect(counts[i]!).toBeGreaterThanOrEqual(counts[i - 1]!);
    const learned = estimator.estimation("perf", CompressionType.GZIP);
    expect(learned).toBeGreaterThan(0.55);
    expect(learned).toBeLessThan(0.66);
  });

  it("hasRoomFor/isFull follow Kafka: the first record always fits", () => {
    const b = new MemoryRecordsBuilder({}, 100);
    const big = letters(500, 9);
    expect(b.isFull()).toBe(false);
    expect(b.hasRoomFor(T0, null, big)).toBe(true);
    b.append(T0, null, big);
    expect(b.isFull()).toBe(true);
    expect(b.hasRoomFor(T0, null, utf8("x"))).toBe(false);
    const small = new MemoryRecordsBuilder({ writeLimit: 61 + 2 * recordSizeInBytes(0, 0, null, utf8("x")) });
    small.append(T0, null, utf8("x"));
    expect(small.hasRoomFor(T0, null, utf8("x"))).toBe(true);
    expect(small.hasRoomFor(T0, null, utf8("xy"))).toBe(false);
  });

  it("tryAppend decides and appends exactly as hasRoomFor then append, for every codec's estimate", () => {
    for (const compression of [CompressionType.NONE, CompressionType.GZIP, CompressionType.LZ4]) {
      const twoCalls = new MemoryRecordsBuilder({ compression, writeLimit: 16384 });
      const oneCall = new MemoryRecordsBuilder({ compression, writeLimit: 16384 });
      twoCalls.setEstimatedCompressionRatio(0.6);
      oneCall.setEstimatedCompressionRatio(0.6);
      for (let i = 0; ; i++) {
        const key = i % 3 === 0 ? null : utf8("key-" + i);
        const value = letters(50 + ((i * 37) % 400), i + 1);
        const fits = twoCalls.hasRoomFor(T0 + i, key, value);
        if (fits) twoCalls.append(T0 + i, key, value);
        expect(oneCall.tryAppend(T0 + i, key, value)).toBe(fits);
        if (!fits) break;
      }
      expect(oneCall.numRecords()).toBe(twoCalls.numRecords());
      expect(oneCall.numRecords()).toBeGreaterThan(10);
      expect(oneCall.build().equals(twoCalls.build())).toBe(true);
    }
    // The first record always fits; a closed builder takes none.
    const b = new MemoryRecordsBuilder({}, 100);
    expect(b.tryAppend(T0, null, letters(500, 9))).toBe(true);
    expect(b.tryAppend(T0, null, utf8("x"))).toBe(false);
    expect(b.numRecords()).toBe(1);
  });

  it("grows its buffer from a tiny initial capacity without losing bytes", () => {
    const records = Array.from({ length: 1000 }, (_, i) => ({ timestamp: T0 + i, key: utf8("k" + i), value: letters(i % 200, i + 7) }));
    const b = new MemoryRecordsBuilder({ writeLimit: Number.MAX_SAFE_INTEGER }, 1);
    for (const r of records) b.append(r.timestamp, r.key, r.value);
    const batch = b.build();
    expect(batch.equals(buildBatch(records))).toBe(true);
    expect(decodeRecords(batch).map((r) => r.value!.length)).toEqual(records.map((r) => r.value.length));
  });
});

describe("MemoryRecordsBuilder rules (Kafka's messages)", () => {
  it("an empty builder builds an empty buffer (MemoryRecords.EMPTY)", () => {
    expect(new MemoryRecordsBuilder().build().length).toBe(0);
  });

  it("appendWithOffset keeps gaps; offsets must increase", () => {
    const b = new MemoryRecordsBuilder({ baseOffset: 10 });
    b.appendWithOffset(10, T0, null, utf8("a"));
    b.appendWithOffset(15, T0, null, utf8("b"));
    expect(() => b.appendWithOffset(15, T0, null, utf8("c"))).toThrow(
      "Illegal offset 15 following previous offset 15 (Offsets must increase monotonically).");
    b.overrideLastOffset(20);
    const batch = b.build();
    expect(readBatchHeader(batch).lastOffsetDelta).toBe(10);
    expect(decodeRecords(batch).map((r) => r.offset)).toEqual([10, 15]);
  });

  it("rejects negative timestamps other than -1", () => {
    const b = new MemoryRecordsBuilder();
    expect(() => b.append(-2, null, null)).toThrow(new IllegalArgumentException("Invalid negative timestamp -2"));
    b.append(-1, null, null);
    expect(decodeRecords(b.build())[0]!.timestamp).toBe(-1);
  });

  it("is closed after build and after abort", () => {
    const b = new MemoryRecordsBuilder();
    b.append(T0, null, utf8("a"));
    const first = b.build();
    expect(b.build()).toBe(first);
    expect(() => b.append(T0, null, utf8("b"))).toThrow(IllegalStateException);
    expect(() => b.append(T0, null, utf8("b"))).toThrow(
      "Tried to append a record, but MemoryRecordsBuilder is closed for record appends");
    expect(() => b.setProducerState(1, 0, 0, false)).toThrow(
      "Trying to set producer state of an already closed batch. This indicates a bug on the client.");
    const aborted = new MemoryRecordsBuilder();
    aborted.append(T0, null, utf8("a"));
    aborted.abort();
    expect(() => aborted.build()).toThrow("Attempting to build an aborted record batch");
  });

  it("checks the producer state at build", () => {
    const tx = new MemoryRecordsBuilder({ isTransactional: true });
    tx.append(T0, null, utf8("a"));
    expect(() => tx.build()).toThrow("Cannot write transactional messages without a valid producer ID");
    const noEpoch = new MemoryRecordsBuilder({ producerId: 1 });
    noEpoch.append(T0, null, utf8("a"));
    expect(() => noEpoch.build()).toThrow("Invalid negative producer epoch");
    const noSeq = new MemoryRecordsBuilder({ producerId: 1, producerEpoch: 0 });
    noSeq.append(T0, null, utf8("a"));
    expect(() => noSeq.build()).toThrow("Invalid negative sequence number used");
    noSeq.setProducerState(1, 0, 42, false);
    expect(readBatchHeader(noSeq.build()).baseSequence).toBe(42);
  });

  it("keeps plain records out of control batches and needs logAppendTime for LogAppendTime", () => {
    const control = new MemoryRecordsBuilder({ isControl: true, isTransactional: true, producerId: 1, producerEpoch: 0 });
    expect(() => control.append(T0, null, utf8("a"))).toThrow("Control records can only be appended to control batches");
    expect(() => new MemoryRecordsBuilder({ timestampType: "LogAppendTime" })).toThrow(/logAppendTime/);
  });

  it("reports max timestamp and its offset", () => {
    const b = new MemoryRecordsBuilder();
    b.append(T0, null, null);
    b.append(T0 + 50, null, null);
    b.append(T0 + 10, null, null);
    expect(b.maxTimestamp()).toBe(T0 + 50);
    expect(b.offsetOfMaxTimestamp()).toBe(1);
    expect(readBatchHeader(b.build()).maxTimestamp).toBe(T0 + 50);
  });
});
