// The segment files byte for byte: .log = the batches with offsets and epochs stamped, .index/.timeindex entries
// exactly where the sparse-index rule puts them; rolls on segment.bytes and on segment.ms by record timestamps.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Runtime } from "../../../kernel-lib/src/sim";
import type { Disk } from "../../../kernel-lib/src/sim/Disk";
import { readBatchHeader } from "../../../kernel-lib/src/storage/DefaultRecordBatch";
import { OffsetIndex } from "../../../kernel-lib/src/storage/log/OffsetIndex";
import { TimeIndex } from "../../../kernel-lib/src/storage/log/TimeIndex";
import { batch, DIR, newRuntime, openLog, stamped } from "./LogTestUtils";

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

/** (relative offset, position) entries of an .index file, read field by field. */
function indexEntries(file: string): [number, number][] {
  const b = disk.readAll(file);
  const out: [number, number][] = [];
  for (let p = 0; p < b.length; p += 8) out.push([b.readInt32BE(p), b.readInt32BE(p + 4)]);
  return out;
}

/** (timestamp, relative offset) entries of a .timeindex file. */
function timeIndexEntries(file: string): [number, number][] {
  const b = disk.readAll(file);
  const out: [number, number][] = [];
  for (let p = 0; p < b.length; p += 12) out.push([Number(b.readBigInt64BE(p)), b.readInt32BE(p + 8)]);
  return out;
}

describe("LogSegment files", () => {
  it("writes .log as the batches with base offset and leader epoch stamped, and the sparse indexes", () => {
    const log = openLog(rt, disk);
    const inputs: Buffer[] = [];
    for (let i = 0; i < 12; i++) inputs.push(batch(2, { valueSize: 420, ts: (r) => T0 + 10 * i + r }));
    const S = inputs[0]!.length;
    // Every batch has the same size, chosen so that 4 batches stay <= 4096 bytes and 5 exceed it.
    expect(S).toBeGreaterThan(819);
    expect(S).toBeLessThanOrEqual(1024);
    for (const b of inputs) expect(b.length).toBe(S);
    inputs.forEach((b, i) => {
      const info = log.appendAsLeader(b, 3);
      expect(info.firstOffset).toBe(2 * i);
      expect(info.lastOffset).toBe(2 * i + 1);
    });
    expect(log.logEndOffset).toBe(24);
    const logBytes = disk.readAll(DIR + "/00000000000000000000.log");
    expect(logBytes.equals(Buffer.concat(inputs.map((b, i) => stamped(b, 2 * i, 3))))).toBe(true);
    // The input buffers were not modified.
    expect(readBatchHeader(inputs[5]!).baseOffset).toBe(0);
    expect(readBatchHeader(inputs[5]!).partitionLeaderEpoch).toBe(-1);

    // bytesSinceLastIndexEntry > 4096 before batch 5 (5 * S) and again before batch 10 (5 more batches):
    // entries are (relative LAST offset of the batch, position where it STARTS); batch 0 is never indexed.
    expect(indexEntries(DIR + "/00000000000000000000.index")).toEqual([[11, 5 * S], [21, 10 * S]]);
    // Time index entries at the same moments: (max timestamp so far, its batch's last offset), 12 bytes each.
    expect(disk.size(DIR + "/00000000000000000000.timeindex")).toBe(24);
    expect(timeIndexEntries(DIR + "/00000000000000000000.timeindex")).toEqual([[T0 + 51, 11], [T0 + 101, 21]]);

    // Rolling adds the final time index entry (largest timestamp of the segment) to the old segment.
    log.roll();
    expect(timeIndexEntries(DIR + "/00000000000000000000.timeindex")).toEqual([[T0 + 51, 11], [T0 + 101, 21], [T0 + 111, 23]]);
    expect(disk.list(DIR)).toEqual([
      "00000000000000000000.index", "00000000000000000000.log", "00000000000000000000.timeindex",
      "00000000000000000024.index", "00000000000000000024.log", "00000000000000000024.timeindex",
      "leader-epoch-checkpoint",
    ]);
    expect(disk.readAll(DIR + "/leader-epoch-checkpoint").toString()).toBe("0\n1\n3 0\n");
  });

  it("rolls when the next batch would pass segment.bytes; a batch never spans segments", () => {
    const S = batch(1).length;
    const log = openLog(rt, disk, { "segment.bytes": String(3 * S) });
    for (let i = 0; i < 7; i++) log.appendAsLeader(batch(1), 0);
    // size > segment.bytes - incoming: 3 batches fit exactly, the 4th rolls; new base offset = LEO.
    expect(log.logSegments().map((s) => [s.baseOffset, s.size()])).toEqual([[0, 3 * S], [3, 3 * S], [6, S]]);
    expect(disk.size(DIR + "/00000000000000000003.log")).toBe(3 * S);
  });

  it("rolls on segment.ms measured by record timestamps (first batch vs incoming batch)", () => {
    const log = openLog(rt, disk, { "segment.ms": "1000" });
    log.appendAsLeader(batch(1, { timestamp: T0 }), 0);
    log.appendAsLeader(batch(1, { timestamp: T0 + 999 }), 0);
    log.appendAsLeader(batch(1, { timestamp: T0 + 1000 }), 0); // waited 1000, not > 1000
    expect(log.numberOfSegments()).toBe(1);
    log.appendAsLeader(batch(1, { timestamp: T0 + 1001 }), 0);
    expect(log.logSegments().map((s) => s.baseOffset)).toEqual([0, 3]);
    // Wall-clock time does not matter while batches carry timestamps.
    log.appendAsLeader(batch(1, { timestamp: T0 + 1500 }), 0);
    expect(log.numberOfSegments()).toBe(2);
  });

  it("rolls when an index is full (the time index keeps its last slot for the roll)", () => {
    // segment.index.bytes = 36: 4 offset-index slots, 3 time-index slots of which 2 usable; index.interval.bytes
    // = 0 indexes every batch after the first, so the time index is full after batch 2 and batch 3 rolls.
    const log = openLog(rt, disk, { "segment.index.bytes": "36", "index.interval.bytes": "0" });
    for (let i = 0; i < 4; i++) log.appendAsLeader(batch(1, { timestamp: T0 + i }), 0);
    expect(log.logSegments().map((s) => s.baseOffset)).toEqual([0, 3]);
    // 16 bytes leaves one time-index slot, kept for the roll: the index is always full and every batch rolls
    // (what Kafka does too, cf. KAFKA-6388).
    const tiny = openLog(rt, disk, { "segment.index.bytes": "16" }, { dir: "kafka-logs/tiny-0" });
    for (let i = 0; i < 3; i++) tiny.appendAsLeader(batch(1, { timestamp: T0 + i }), 0);
    expect(tiny.logSegments().map((s) => s.baseOffset)).toEqual([0, 1, 2]);
  });
});

describe("OffsetIndex and TimeIndex", () => {
  it("looks up the greatest entry <= target, (baseOffset, 0) below the first entry", () => {
    disk.mkdirs("idx");
    const idx = new OffsetIndex(disk, "idx/00000000000000000100.index", 100, 1024);
    idx.append(105, 1000);
    idx.append(110, 2000);
    idx.append(120, 3000);
    expect(idx.lookup(99)).toEqual({ offset: 100, position: 0 });
    expect(idx.lookup(104)).toEqual({ offset: 100, position: 0 });
    expect(idx.lookup(105)).toEqual({ offset: 105, position: 1000 });
    expect(idx.lookup(119)).toEqual({ offset: 110, position: 2000 });
    expect(idx.lookup(1000)).toEqual({ offset: 120, position: 3000 });
    expect(() => idx.append(120, 4000)).toThrow("Attempt to append an offset 120 to position 3 no larger than the last offset appended (120)");
    idx.truncateTo(110); // removes 110 and above
    expect(idx.entries).toBe(1);
    expect(disk.size("idx/00000000000000000100.index")).toBe(8);
    expect(new OffsetIndex(disk, "idx/00000000000000000100.index", 100, 1024).lookup(200)).toEqual({ offset: 105, position: 1000 });
    expect(new OffsetIndex(disk, "idx/x.index", 0, 24).maxEntries).toBe(3);
  });

  it("keeps time index timestamps strictly increasing and looks up the greatest timestamp <= target", () => {
    disk.mkdirs("idx");
    const ti = new TimeIndex(disk, "idx/00000000000000000000.timeindex", 0, 1200);
    ti.maybeAppend(T0 + 10, 3);
    ti.maybeAppend(T0 + 10, 5); // not larger: skipped
    ti.maybeAppend(T0 + 20, 7);
    expect(ti.entries).toBe(2);
    expect(ti.lookup(T0)).toEqual({ timestamp: -1, offset: 0 });
    expect(ti.lookup(T0 + 15)).toEqual({ timestamp: T0 + 10, offset: 3 });
    expect(ti.lookup(T0 + 20)).toEqual({ timestamp: T0 + 20, offset: 7 });
    expect(() => ti.maybeAppend(T0 + 5, 9)).toThrow("Attempt to append a timestamp (" + (T0 + 5) + ") to slot 2 no larger than the last timestamp appended");
    const b = disk.readAll("idx/00000000000000000000.timeindex");
    expect(b.length).toBe(24);
    expect(Number(b.readBigInt64BE(12))).toBe(T0 + 20);
    expect(b.readInt32BE(20)).toBe(7);
    // One slot is kept for the final entry on roll: 100 slots -> full at 99 entries.
    expect(new TimeIndex(disk, "idx/y.timeindex", 0, 1200).maxEntries).toBe(100);
  });
});
