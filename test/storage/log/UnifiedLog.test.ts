// The partition log: reads (batch boundaries, segments, bounds, out-of-range), timestamp lookup, leader and
// follower appends and their rejections, recovery after clean/unclean shutdowns and power loss.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Runtime } from "../../../kernel-lib/src/sim";
import type { Disk } from "../../../kernel-lib/src/sim/Disk";
import { CompressionType } from "../../../kernel-lib/src/storage/compression";
import {
  CRC_OFFSET,
  decodeRecords,
  readBatchHeader,
  setBaseOffset,
  timestampTypeOf,
  verifyBatch,
} from "../../../kernel-lib/src/storage/DefaultRecordBatch";
import {
  CorruptRecordException,
  InvalidRecordException,
  RecordBatchTooLargeException,
  RecordTooLargeException,
} from "../../../kernel-lib/src/storage/errors";
import { batchesIn } from "../../../kernel-lib/src/storage/MemoryRecords";
import {
  OffsetOutOfRangeException,
  OffsetsOutOfOrderException,
  UnexpectedAppendOffsetException,
} from "../../../kernel-lib/src/storage/log/errors";
import type { UnifiedLog } from "../../../kernel-lib/src/storage/log/UnifiedLog";
import { batch, DIR, newRuntime, openLog, snapshotDir, stamped } from "./LogTestUtils";

const T0 = 1700000000000;
let rt: Runtime;
let disk: Disk;

beforeEach(() => {
  rt = newRuntime();
  disk = rt.disk("broker-0");
});
afterEach(async () => {
  await rt.close();
});

/** The (baseOffset, lastOffset) of each batch in a read result. */
function batchRanges(records: Buffer): [number, number][] {
  return [...batchesIn(records)].map((b) => [b.header.baseOffset, b.header.baseOffset + b.header.lastOffsetDelta]);
}

/** 12 batches of 2 records: batch i holds offsets 2i, 2i+1 with timestamps T0+10i and T0+10i+5. */
function fill(log: UnifiedLog, n = 12): number {
  let size = 0;
  for (let i = 0; i < n; i++) {
    const b = batch(2, { valueSize: 100, ts: (r) => T0 + 10 * i + 5 * r });
    size = b.length;
    log.appendAsLeader(b, 0);
  }
  return size;
}

describe("UnifiedLog.read", () => {
  it("starts at the batch holding the offset, honours maxLength and minOneMessage", () => {
    const log = openLog(rt, disk);
    const S = fill(log);
    const r = log.read(7, 100000, "LOG_END", true);
    expect(batchRanges(r.records)[0]).toEqual([6, 7]);
    expect(r.fetchOffsetMetadata).toEqual({ messageOffset: 7, segmentBaseOffset: 0, relativePositionInSegment: 3 * S });
    expect(batchRanges(r.records).length).toBe(9);
    // Whole batches only: 2.5 batches of room give 2 batches.
    expect(batchRanges(log.read(6, Math.floor(2.5 * S), "LOG_END", true).records)).toEqual([[6, 7], [8, 9]]);
    // A first batch larger than maxLength: returned whole with minOneMessage, else nothing (incomplete).
    expect(batchRanges(log.read(6, 10, "LOG_END", true).records)).toEqual([[6, 7]]);
    const incomplete = log.read(6, 10, "LOG_END", false);
    expect(incomplete.records.length).toBe(0);
    expect(incomplete.firstEntryIncomplete).toBe(true);
    // At the LEO: empty.
    expect(log.read(24, 1000, "LOG_END", true).records.length).toBe(0);
  });

  it("reads segment by segment", () => {
    const S = batch(2, { valueSize: 100 }).length;
    const log = openLog(rt, disk, { "segment.bytes": String(4 * S) });
    fill(log);
    expect(log.logSegments().map((s) => s.baseOffset)).toEqual([0, 8, 16]);
    // One read returns data of one segment only (LocalLog.read); the next read continues in the next segment.
    expect(batchRanges(log.read(0, 1 << 20).records)).toEqual([[0, 1], [2, 3], [4, 5], [6, 7]]);
    expect(batchRanges(log.read(8, 1 << 20).records)).toEqual([[8, 9], [10, 11], [12, 13], [14, 15]]);
    expect(batchRanges(log.read(19, 1 << 20).records)).toEqual([[18, 19], [20, 21], [22, 23]]);
  });

  it("throws OFFSET_OUT_OF_RANGE below the log start and above the LEO, in Kafka's words", () => {
    const log = openLog(rt, disk);
    fill(log, 3);
    expect(() => log.read(7, 1000)).toThrow(OffsetOutOfRangeException);
    expect(() => log.read(7, 1000)).toThrow("Received request for offset 7 for partition first-0, but we only have log segments upto 6.");
    log.updateHighWatermark(6);
    log.maybeIncrementLogStartOffset(2, "ClientRecordDeletion");
    expect(() => log.read(1, 1000)).toThrow("Received request for offset 1 for partition first-0, but we only have log segments " +
      "starting from offset: 2.");
    // Still readable from the log start, from the batch holding it.
    expect(batchRanges(log.read(2, 1 << 20).records)[0]).toEqual([2, 3]);
  });

  it("never returns data at or above the high watermark to HIGH_WATERMARK reads", () => {
    const log = openLog(rt, disk);
    fill(log);
    expect(log.highWatermark).toBe(0); // the HW starts at the log start offset
    expect(log.read(0, 1 << 20, "HIGH_WATERMARK").records.length).toBe(0);
    log.updateHighWatermark(8);
    expect(batchRanges(log.read(0, 1 << 20, "HIGH_WATERMARK").records)).toEqual([[0, 1], [2, 3], [4, 5], [6, 7]]);
    // An HW inside a batch excludes that batch.
    log.updateHighWatermark(7);
    expect(batchRanges(log.read(0, 1 << 20, "HIGH_WATERMARK").records)).toEqual([[0, 1], [2, 3], [4, 5]]);
    // Between the HW and the LEO: empty, not an error.
    expect(log.read(10, 1 << 20, "HIGH_WATERMARK").records.length).toBe(0);
    // An explicit bound works the same; followers read to the LEO.
    expect(batchRanges(log.read(0, 1 << 20, 4).records)).toEqual([[0, 1], [2, 3]]);
    expect(batchRanges(log.read(20, 1 << 20, "LOG_END").records)).toEqual([[20, 21], [22, 23]]);
    expect(log.updateHighWatermark(1000)).toBe(24); // capped at the LEO
  });
});

describe("UnifiedLog.fetchOffsetByTimestamp", () => {
  it("returns the first offset whose timestamp is >= the target", () => {
    const S = batch(2, { valueSize: 100 }).length;
    const log = openLog(rt, disk, { "segment.bytes": String(4 * S), "index.interval.bytes": "100" });
    fill(log);
    expect(log.fetchOffsetByTimestamp(T0 + 23)).toEqual({ timestamp: T0 + 25, offset: 5, leaderEpoch: 0 });
    expect(log.fetchOffsetByTimestamp(T0 + 25)).toEqual({ timestamp: T0 + 25, offset: 5, leaderEpoch: 0 });
    expect(log.fetchOffsetByTimestamp(T0 + 26)?.offset).toBe(6);
    expect(log.fetchOffsetByTimestamp(T0 + 86)?.offset).toBe(18); // in the third segment
    expect(log.fetchOffsetByTimestamp(0)?.offset).toBe(0);
    expect(log.fetchOffsetByTimestamp(T0 + 116)).toBeNull();
    // Special timestamps: -2 earliest, -1 latest (the LEO at the log level), -3 max timestamp.
    expect(log.fetchOffsetByTimestamp(-2)).toEqual({ timestamp: -1, offset: 0, leaderEpoch: 0 });
    expect(log.fetchOffsetByTimestamp(-1)).toEqual({ timestamp: -1, offset: 24, leaderEpoch: 0 });
    expect(log.fetchOffsetByTimestamp(-3)).toEqual({ timestamp: T0 + 115, offset: 23, leaderEpoch: 0 });
  });
});

describe("UnifiedLog appends", () => {
  it("rejects oversized and corrupt batches in Kafka's words and leaves the files byte-identical", () => {
    const log = openLog(rt, disk, { "max.message.bytes": "500" });
    log.appendAsLeader(batch(1, { valueSize: 50 }), 0);
    const before = snapshotDir(disk, DIR);
    const big = batch(1, { valueSize: 600 });
    expect(() => log.appendAsLeader(big, 0)).toThrow(RecordTooLargeException);
    expect(() => log.appendAsLeader(big, 0)).toThrow("The record batch size in the append to first-0 is " + big.length +
      " bytes which exceeds the maximum configured value of 500.");
    const corrupt = batch(1, { valueSize: 50 });
    corrupt[corrupt.length - 1] ^= 0xff;
    const storedCrc = corrupt.readUInt32BE(CRC_OFFSET);
    expect(() => log.appendAsLeader(corrupt, 0)).toThrow(CorruptRecordException);
    expect(() => log.appendAsLeader(corrupt, 0)).toThrow("Record is corrupt (stored crc = " + storedCrc + ") in topic partition first-0.");
    const notZero = batch(1, { valueSize: 50 });
    setBaseOffset(notZero, 0, 5);
    expect(() => log.appendAsLeader(notZero, 0)).toThrow("The baseOffset of the record batch in the append to first-0 should be 0, but it is 5");
    expect(() => log.appendAsLeader(Buffer.concat([batch(1), batch(1)]), 0)).toThrow("Compressed outer record has more than one batch");
    expect(snapshotDir(disk, DIR)).toEqual(before);
    expect(log.logEndOffset).toBe(1);
  });

  it("refuses a batch larger than segment.bytes (RecordBatchTooLargeException)", () => {
    const b = batch(1, { valueSize: 300 });
    const log = openLog(rt, disk, { "segment.bytes": "200" });
    expect(() => log.appendAsLeader(b, 0)).toThrow(RecordBatchTooLargeException);
    expect(() => log.appendAsLeader(b, 0)).toThrow("Message batch size is " + b.length + " bytes in append to partition first-0, " +
      "which exceeds the maximum configured segment size of 200.");
    expect(log.logEndOffset).toBe(0);
  });

  it("rejects keyless records on a compacted topic", () => {
    const log = openLog(rt, disk, { "cleanup.policy": "compact" });
    expect(() => log.appendAsLeader(batch(2, { keyless: true }), 0)).toThrow(InvalidRecordException);
    expect(() => log.appendAsLeader(batch(2, { keyless: true }), 0)).toThrow(
      "One or more records have been rejected due to 2 record errors in total, and only showing the first three errors at most: " +
      "[RecordError(batchIndex=0, message='Compacted topic cannot accept message without key in topic partition first-0.'), " +
      "RecordError(batchIndex=1, message='Compacted topic cannot accept message without key in topic partition first-0.')]");
    expect(log.appendAsLeader(batch(2), 0).lastOffset).toBe(1);
  });

  it("stamps LogAppendTime with the broker clock and a valid CRC", () => {
    const log = openLog(rt, disk, { "message.timestamp.type": "LogAppendTime" });
    const info = log.appendAsLeader(batch(2, { timestamp: 42 }), 1);
    expect(info.logAppendTime).toBe(rt.now());
    expect(info.maxTimestamp).toBe(rt.now());
    const stored = log.read(0, 1 << 20).records;
    verifyBatch(stored, 0);
    const h = readBatchHeader(stored);
    expect(timestampTypeOf(h)).toBe("LogAppendTime");
    expect(h.maxTimestamp).toBe(rt.now());
    expect(decodeRecords(stored).map((r) => r.timestamp)).toEqual([rt.now(), rt.now()]);
  });

  it("re-compresses when the topic's compression.type is a different codec", () => {
    const log = openLog(rt, disk, { "compression.type": "gzip" });
    const info = log.appendAsLeader(batch(3, { valueSize: 200 }), 0);
    expect(info.targetCompression).toBe(CompressionType.GZIP);
    const stored = log.read(0, 1 << 20).records;
    verifyBatch(stored, 0);
    expect(readBatchHeader(stored).attributes & 7).toBe(CompressionType.GZIP);
    expect(decodeRecords(stored).map((r) => r.key?.toString())).toEqual(["k0", "k1", "k2"]);
    expect(stored.length).toBeLessThan(batch(3, { valueSize: 200 }).length);
  });

  it("appends follower batches as given and checks their offsets", () => {
    const leader = openLog(rt, disk);
    fill(leader, 3);
    const follower = openLog(rt, rt.disk("broker-1"));
    const fetched = leader.read(0, 1 << 20).records;
    const info = follower.appendAsFollower(fetched);
    expect([info.firstOffset, info.lastOffset, info.numRecords]).toEqual([0, 5, 6]);
    expect(disk.readAll(DIR + "/00000000000000000000.log").equals(rt.disk("broker-1").readAll(DIR + "/00000000000000000000.log"))).toBe(true);
    expect(() => follower.appendAsFollower(fetched)).toThrow(UnexpectedAppendOffsetException);
    expect(() => follower.appendAsFollower(fetched)).toThrow("Unexpected offset in append to first-0. First offset 0 is less than the " +
      "next offset 6. First 10 offsets in append: List(0, 1, 2, 3, 4, 5), last offset in append: 5. Log start offset = 0");
    const a = stamped(batch(1), 7, 0);
    const b = stamped(batch(1), 6, 0);
    expect(() => follower.appendAsFollower(Buffer.concat([a, b]))).toThrow(OffsetsOutOfOrderException);
    expect(() => follower.appendAsFollower(Buffer.concat([a, b]))).toThrow("Out of order offsets found in append to first-0: List(7, 6)");
    // Offsets may jump (compaction, transaction markers): the LEO follows the last offset.
    follower.appendAsFollower(stamped(batch(1), 10, 2));
    expect(follower.logEndOffset).toBe(11);
    expect(follower.leaderEpochCache.epochEntries()).toEqual([{ epoch: 0, startOffset: 0 }, { epoch: 2, startOffset: 10 }]);
  });

  it("flushes every flush.messages records", () => {
    const log = openLog(rt, disk, { "flush.messages": "4" });
    log.appendAsLeader(batch(2), 0);
    expect(log.recoveryPoint).toBe(0);
    log.appendAsLeader(batch(2), 0);
    expect(log.recoveryPoint).toBe(4);
    expect(disk.unflushedBytes(DIR + "/00000000000000000000.log")).toBe(0);
  });
});

describe("UnifiedLog recovery", () => {
  it("reopens with the same LEO and the same records", () => {
    const S = batch(2, { valueSize: 100 }).length;
    let log = openLog(rt, disk, { "segment.bytes": String(5 * S) });
    fill(log);
    const all = [log.read(0, 1 << 20).records, log.read(10, 1 << 20).records, log.read(20, 1 << 20).records];
    log.flush(true);
    log.close();
    expect(() => log.read(0, 100)).toThrow("The memory mapped buffer for log of first-0 is already closed");
    log = openLog(rt, disk, { "segment.bytes": String(5 * S) }, { hadCleanShutdown: true, recoveryPoint: 24 });
    expect(log.logEndOffset).toBe(24);
    expect(log.loadReport.recoveredSegments).toEqual([]);
    expect([log.read(0, 1 << 20).records, log.read(10, 1 << 20).records, log.read(20, 1 << 20).records]).toEqual(all);
    // Unclean: every segment from the recovery point on is re-validated; nothing to cut.
    log = openLog(rt, disk, { "segment.bytes": String(5 * S) }, { recoveryPoint: 12 });
    expect(log.loadReport.recoveredSegments.map((r) => r.baseOffset)).toEqual([10, 20]);
    expect(log.loadReport.bytesTruncated).toBe(0);
    expect(log.logEndOffset).toBe(24);
  });

  it("cuts exactly a torn (half-written) batch at the end of the active segment", () => {
    let log = openLog(rt, disk);
    fill(log, 4);
    const file = DIR + "/00000000000000000000.log";
    const size = disk.size(file);
    const half = stamped(batch(2), 8, 0).subarray(0, 30);
    disk.append(file, half);
    log = openLog(rt, disk);
    expect(log.loadReport.bytesTruncated).toBe(30);
    expect(log.loadReport.recoveredSegments).toEqual([{ baseOffset: 0, bytesTruncated: 30, reason: "unflushed" }]);
    expect(disk.size(file)).toBe(size);
    expect(log.logEndOffset).toBe(8);
    // Garbage whose size field is below the minimum record overhead is cut as well.
    disk.append(file, Buffer.alloc(20, 0));
    log = openLog(rt, disk);
    expect(log.loadReport.bytesTruncated).toBe(20);
    expect(log.logEndOffset).toBe(8);
    // And the log goes on from there.
    expect(log.appendAsLeader(batch(1), 0).firstOffset).toBe(8);
  });

  it("cuts a last batch whose CRC does not match", () => {
    let log = openLog(rt, disk);
    fill(log, 4);
    const S = batch(2, { valueSize: 100 }).length;
    const file = DIR + "/00000000000000000000.log";
    disk.writeAt(file, 3 * S + 100, Buffer.from([0x00, 0x01]));
    log = openLog(rt, disk);
    expect(log.loadReport.bytesTruncated).toBe(S);
    expect(log.logEndOffset).toBe(6);
    expect(disk.size(file)).toBe(3 * S);
  });

  it("rebuilds a deleted .index identically", () => {
    const S = batch(2, { valueSize: 100 }).length;
    let log = openLog(rt, disk, { "index.interval.bytes": String(S) });
    fill(log);
    log.roll();
    log.flush(true);
    log.close();
    const index = DIR + "/00000000000000000000.index";
    const timeIndex = DIR + "/00000000000000000000.timeindex";
    const indexBytes = disk.readAll(index);
    const timeIndexBytes = disk.readAll(timeIndex);
    expect(indexBytes.length).toBeGreaterThan(0);
    disk.delete(index);
    log = openLog(rt, disk, { "index.interval.bytes": String(S) }, { hadCleanShutdown: true, recoveryPoint: 24 });
    expect(log.loadReport.recoveredSegments).toEqual([{ baseOffset: 0, bytesTruncated: 0, reason: "missing-index" }]);
    expect(disk.readAll(index).equals(indexBytes)).toBe(true);
    expect(disk.readAll(timeIndex).equals(timeIndexBytes)).toBe(true);
  });

  it("after a power loss keeps exactly the flushed prefix", () => {
    let log = openLog(rt, disk);
    fill(log, 5);
    log.flush();
    expect(log.recoveryPoint).toBe(10);
    const flushed = log.read(0, 1 << 20).records;
    for (let i = 0; i < 3; i++) log.appendAsLeader(batch(2), 0);
    expect(log.logEndOffset).toBe(16);
    disk.crash({ loseUnflushed: true });
    log = openLog(rt, disk, {}, { recoveryPoint: 10 });
    expect(log.logEndOffset).toBe(10);
    expect(log.read(0, 1 << 20).records.equals(flushed)).toBe(true);
    // A process crash (page cache survives) keeps everything.
    for (let i = 0; i < 2; i++) log.appendAsLeader(batch(2), 0);
    disk.crash();
    log = openLog(rt, disk, {}, { recoveryPoint: 10 });
    expect(log.logEndOffset).toBe(14);
  });

  it("removes .deleted leftovers and orphaned index files on load", () => {
    let log = openLog(rt, disk);
    fill(log, 2);
    log.close();
    disk.append(DIR + "/00000000000000000000.log.deleted", Buffer.alloc(10));
    disk.append(DIR + "/00000000000000000099.index", Buffer.alloc(8));
    log = openLog(rt, disk);
    expect(log.loadReport.removedFiles).toEqual(["00000000000000000000.log.deleted", "00000000000000000099.index"]);
    expect(disk.exists(DIR + "/00000000000000000099.index")).toBe(false);
  });
});

describe("UnifiedLog truncation", () => {
  it("truncates to an offset (and the epoch cache), and fully", () => {
    const S = batch(2, { valueSize: 100 }).length;
    const log = openLog(rt, disk, { "segment.bytes": String(4 * S) });
    for (let i = 0; i < 6; i++) log.appendAsLeader(batch(2, { valueSize: 100 }), i < 3 ? 0 : 1);
    expect(log.leaderEpochCache.epochEntries()).toEqual([{ epoch: 0, startOffset: 0 }, { epoch: 1, startOffset: 6 }]);
    log.updateHighWatermark(12);
    // Truncation points are batch boundaries (a leader epoch's start offset, or the HW).
    expect(log.truncateTo(4)).toBe(true);
    expect(log.logEndOffset).toBe(4);
    expect(log.logSegments().map((s) => [s.baseOffset, s.size()])).toEqual([[0, 2 * S]]);
    expect(log.highWatermark).toBe(4);
    expect(log.leaderEpochCache.epochEntries()).toEqual([{ epoch: 0, startOffset: 0 }]);
    expect(disk.readAll(DIR + "/leader-epoch-checkpoint").toString()).toBe("0\n1\n0 0\n");
    expect(log.truncateTo(100)).toBe(false);
    log.truncateFullyAndStartAt(50);
    expect([log.logStartOffset, log.logEndOffset, log.numberOfSegments()]).toEqual([50, 50, 1]);
    expect(log.appendAsLeader(batch(1), 2).firstOffset).toBe(50);
  });
});
