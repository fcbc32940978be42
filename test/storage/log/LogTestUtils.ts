// Helpers for the partition log tests: a runtime with its disks in a temp dir, batches of known sizes, and a
// log opened on the disk the way a broker would.
import { Runtime } from "../../../kernel-lib/src/sim";
import type { Disk } from "../../../kernel-lib/src/sim/Disk";
import { buildBatch } from "../../../kernel-lib/src/storage/MemoryRecordsBuilder";
import { setBaseOffset, setPartitionLeaderEpoch } from "../../../kernel-lib/src/storage/DefaultRecordBatch";
import { LogConfig, type LogConfigProps } from "../../../kernel-lib/src/storage/log/LogConfig";
import { UnifiedLog, type UnifiedLogOptions } from "../../../kernel-lib/src/storage/log/UnifiedLog";

export const DIR = "kafka-logs/first-0";

/** A simulated runtime (virtual clock at 1700000000000) with disks under a fresh os.tmpdir() directory. */
export function newRuntime(): Runtime {
  return new Runtime({ fsync: false });
}

/**
 * One v2 batch of `count` records with `valueSize`-byte values; record i has timestamp ts(i) (default: the same
 * timestamp `timestamp` for all). Keys are "k<i>" unless `keyless`.
 */
export function batch(count: number, opts: { valueSize?: number; timestamp?: number; ts?: (i: number) => number; keyless?: boolean } = {}): Buffer {
  const records = [];
  for (let i = 0; i < count; i++) {
    records.push({
      timestamp: opts.ts !== undefined ? opts.ts(i) : (opts.timestamp ?? 1700000000000),
      key: opts.keyless ? null : Buffer.from("k" + i),
      value: Buffer.alloc(opts.valueSize ?? 100, 0x61 + (i % 26)),
    });
  }
  return buildBatch(records);
}

/** What the leader writes for `input` at `baseOffset` with `epoch`: the same bytes with both fields stamped. */
export function stamped(input: Buffer, baseOffset: number, epoch: number): Buffer {
  const b = Buffer.from(input);
  setBaseOffset(b, 0, baseOffset);
  setPartitionLeaderEpoch(b, 0, epoch);
  return b;
}

export function openLog(rt: Runtime, disk: Disk, props: LogConfigProps = {}, extra: Partial<UnifiedLogOptions> = {}): UnifiedLog {
  return UnifiedLog.load({
    disk, dir: DIR, config: new LogConfig(props), scheduler: rt, owner: "broker-0", random: rt.random, ...extra,
  });
}

/** Every file of a directory with its bytes (to compare before/after). */
export function snapshotDir(disk: Disk, dir: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const name of disk.list(dir)) m.set(name, disk.readAll(dir + "/" + name).toString("hex"));
  return m;
}
