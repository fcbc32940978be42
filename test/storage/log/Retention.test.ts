// Retention (§2.1): time-based on the newest record timestamp of each segment, size-based per partition, the
// log start offset pass, never past the high watermark, the active segment rolled then deleted, and `.deleted`
// files removed file.delete.delay.ms later in virtual time.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Runtime } from "../../../kernel-lib/src/sim";
import type { Disk } from "../../../kernel-lib/src/sim/Disk";
import { OffsetOutOfRangeException } from "../../../kernel-lib/src/storage/log/errors";
import { LogConfig, type LogConfigProps } from "../../../kernel-lib/src/storage/log/LogConfig";
import type { UnifiedLog } from "../../../kernel-lib/src/storage/log/UnifiedLog";
import { batch, DIR, newRuntime, openLog } from "./LogTestUtils";

let rt: Runtime;
let disk: Disk;
let T0: number;
const DAY = 86400000;

beforeEach(() => {
  rt = newRuntime();
  disk = rt.disk("broker-0");
  T0 = rt.now();
});
afterEach(async () => {
  await rt.close();
});

const S = batch(1).length;

/** Segments of two one-record batches each: segment k gets the timestamps ts[k]. */
function logWithSegments(timestamps: number[][], props: LogConfigProps = {}): UnifiedLog {
  const log = openLog(rt, disk, { "segment.bytes": String(2 * S), ...props });
  for (const seg of timestamps) for (const ts of seg) log.appendAsLeader(batch(1, { timestamp: ts }), 0);
  log.updateHighWatermark(log.logEndOffset);
  return log;
}

describe("time-based retention", () => {
  it("deletes segments whose newest record is older than retention.ms, oldest first", async () => {
    const log = logWithSegments([[T0 - 5000, T0 - 5000], [T0 - 3000, T0 - 3000], [T0]], { "retention.ms": "1000" });
    expect(log.logSegments().map((s) => s.baseOffset)).toEqual([0, 2, 4]);
    expect(log.deleteOldSegments()).toBe(2);
    expect(log.logStartOffset).toBe(4);
    expect(log.logSegments().map((s) => s.baseOffset)).toEqual([4]);
    expect(() => log.read(2, 1000)).toThrow(OffsetOutOfRangeException);
    // Renamed .deleted at once, removed after file.delete.delay.ms (60000) of virtual time.
    expect(disk.list(DIR).filter((n) => n.endsWith(".deleted"))).toEqual([
      "00000000000000000000.index.deleted", "00000000000000000000.log.deleted", "00000000000000000000.timeindex.deleted",
      "00000000000000000002.index.deleted", "00000000000000000002.log.deleted", "00000000000000000002.timeindex.deleted",
    ]);
    await rt.advance(59999);
    expect(disk.list(DIR).some((n) => n.endsWith(".deleted"))).toBe(true);
    await rt.advance(1);
    expect(disk.list(DIR)).toEqual([
      "00000000000000000004.index", "00000000000000000004.log", "00000000000000000004.timeindex", "leader-epoch-checkpoint",
    ]);
    expect(disk.readAll(DIR + "/leader-epoch-checkpoint").toString()).toBe("0\n1\n0 4\n");
  });

  it("keeps a segment holding a single future-dated record, and everything after it", () => {
    // (The future record comes first: a later batch 10 days after the first would roll the segment by time.)
    const log = logWithSegments([[T0 + 10 * DAY, T0 - 5000], [T0 - 5000, T0 - 5000], [T0]], { "retention.ms": "1000" });
    expect(log.logSegments().map((s) => [s.baseOffset, s.largestTimestamp()])).toEqual([[0, T0 + 10 * DAY], [2, T0 - 5000], [4, T0]]);
    expect(log.deleteOldSegments()).toBe(0);
    expect(log.numberOfSegments()).toBe(3);
  });

  it("never deletes a segment reaching the high watermark", () => {
    const log = logWithSegments([[T0 - 5000, T0 - 5000], [T0 - 5000, T0 - 5000], [T0 - 5000]], { "retention.ms": "1000" });
    log.updateHighWatermark(3); // inside the second segment (offsets 2..3)
    expect(log.deleteOldSegments()).toBe(1);
    expect(log.logStartOffset).toBe(2);
    log.updateHighWatermark(0);
    expect(log.highWatermark).toBe(2); // the HW never falls below the log start
  });

  it("rolls the active segment and deletes it when every segment has expired", () => {
    const log = logWithSegments([[T0 - 5000, T0 - 5000], [T0 - 5000, T0 - 5000], [T0 - 5000]], { "retention.ms": "1000" });
    expect(log.deleteOldSegments()).toBe(3);
    expect(log.logSegments().map((s) => [s.baseOffset, s.size()])).toEqual([[5, 0]]);
    expect([log.logStartOffset, log.logEndOffset, log.highWatermark]).toEqual([5, 5, 5]);
    expect(log.read(5, 1000).records.length).toBe(0);
    // An empty active segment is never deleted.
    expect(log.deleteOldSegments()).toBe(0);
  });

  it("does nothing while the high watermark is at the log start", () => {
    const log = logWithSegments([[T0 - 5000, T0 - 5000], [T0]], { "retention.ms": "1000" });
    log.updateHighWatermark(0);
    expect(log.deleteOldSegments()).toBe(0);
  });
});

describe("size-based retention", () => {
  it("deletes oldest segments while size - retention.bytes covers them (per partition)", () => {
    const build = (): UnifiedLog => logWithSegments([[T0, T0], [T0, T0], [T0, T0], [T0]], { "retention.ms": "-1" });
    const withRetentionBytes = (bytes: number): LogConfig =>
      new LogConfig({ "retention.bytes": String(bytes), "segment.bytes": String(2 * S), "retention.ms": "-1" });
    let log = build();
    expect(log.size()).toBe(7 * S);
    log.updateConfig(withRetentionBytes(4 * S));
    // diff = 7S - 4S = 3S: the first segment (2S) fits in it, the second (2S) no longer does.
    expect(log.deleteOldSegments()).toBe(1);
    expect(log.size()).toBe(5 * S);
    log.delete();
    log = build();
    log.updateConfig(withRetentionBytes(3 * S));
    expect(log.deleteOldSegments()).toBe(2); // diff = 4S: 2S + 2S
    log.delete();
    log = build();
    log.updateConfig(withRetentionBytes(7 * S + 1));
    expect(log.deleteOldSegments()).toBe(0); // size < retention.bytes
  });
});

describe("log start offset retention", () => {
  it("deletes segments wholly below the log start offset, even on compacted topics", () => {
    const log = logWithSegments([[T0, T0], [T0, T0], [T0]], { "cleanup.policy": "compact" });
    log.maybeIncrementLogStartOffset(3, "ClientRecordDeletion");
    expect(() => log.maybeIncrementLogStartOffset(6, "ClientRecordDeletion")).toThrow(
      "Cannot increment the log start offset to 6 of partition first-0 since it is larger than the high watermark 5");
    expect(log.deleteOldSegments()).toBe(1);
    expect(log.logSegments().map((s) => s.baseOffset)).toEqual([2, 4]);
    expect(log.logStartOffset).toBe(3);
  });
});
