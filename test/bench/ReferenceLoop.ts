// The limit every benchmark is measured against, in the same run: encode a ~16 KiB v2 batch
// (MemoryRecordsBuilder, CRC-32C included) and append it to a real file with fs.writeSync, in a tight loop.
// A result of "30 % of the loop" then means the same on a fast or a slow, busy or idle machine.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MemoryRecordsBuilder } from "kafkalab";

/** One measured case of a benchmark table. */
export interface BenchRow {
  name: string;
  records: number;
  seconds: number;
  bytes: number;
  /** CPU seconds (user + system) of the process during the run. */
  cpu?: number;
  note?: string;
}

/** Wall-clock milliseconds for benchmarks (never used by the engine, which takes time from the runtime). */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** CPU seconds (user + system) since `start`. */
export function cpuSince(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1e6;
}

/** Records of `valueSize` bytes (no key) that fill a batch.size=16384 batch. */
export function recordsPerBatch(valueSize: number, batchBytes = 16384): number {
  return Math.max(1, Math.floor((batchBytes - 61) / (valueSize + 8)));
}

/** The reference loop over `totalRecords` keyless records of `valueSize` bytes. */
export function encodeAppendLoop(valueSize: number, totalRecords: number): BenchRow {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kafkalab-bench-loop-"));
  const fd = fs.openSync(path.join(dir, "00000000000000000000.log"), "a");
  const value = Buffer.alloc(valueSize, 0x61);
  const per = recordsPerBatch(valueSize);
  const c0 = process.cpuUsage();
  const t0 = nowMs();
  let n = 0;
  let bytes = 0;
  while (n < totalRecords) {
    const b = new MemoryRecordsBuilder({}, 16384 + 256);
    for (let i = 0; i < per; i++) b.append(1_700_000_000_000, null, value);
    const batch = b.build();
    fs.writeSync(fd, batch);
    n += per;
    bytes += batch.length;
  }
  const seconds = (nowMs() - t0) / 1000;
  fs.closeSync(fd);
  fs.rmSync(dir, { recursive: true, force: true });
  return { name: `encode+CRC+append loop, ${valueSize} B`, records: n, seconds, bytes, cpu: cpuSince(c0) };
}
