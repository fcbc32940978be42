// The in-memory copy of a segment's latest appends: reads from it must equal the file's bytes, through appends,
// eviction, slab changes and truncation; what was handed out must never change afterwards.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Runtime } from "../../../kernel-lib/src/sim";
import type { Disk } from "../../../kernel-lib/src/sim/Disk";
import { FileRecords } from "../../../kernel-lib/src/storage/log/FileRecords";
import { TailCache } from "../../../kernel-lib/src/storage/log/TailCache";
import { batch, newRuntime } from "./LogTestUtils";

const bytes = (n: number, fill: number): Buffer => Buffer.alloc(n, fill);

describe("TailCache", () => {
  it("serves what was appended: a view inside one append, and across appends that sit back to back in a slab", () => {
    const c = new TailCache(1 << 20);
    c.clear(100);
    c.append(100, bytes(10, 1), 10);
    c.append(110, [bytes(5, 2), bytes(5, 3)], 10);
    expect(c.start).toBe(100);
    expect(c.end).toBe(120);
    expect([...c.read(104, 4)!]).toEqual([1, 1, 1, 1]);
    expect([...c.read(108, 6)!]).toEqual([1, 1, 2, 2, 2, 2]);
    expect([...c.read(114, 6)!]).toEqual([2, 3, 3, 3, 3, 3]);
    // Outside what is cached: the caller goes to the file.
    expect(c.read(99, 2)).toBeNull();
    expect(c.read(118, 3)).toBeNull();
    expect(c.readRun(105, 2)!.length).toBe(5);
  });

  it("keeps at least `capacity` bytes of the latest appends and evicts the oldest", () => {
    const c = new TailCache(64);
    c.clear(0);
    for (let i = 0; i < 10; i++) c.append(i * 20, bytes(20, i), 20);
    expect(c.end).toBe(200);
    expect(c.size).toBeGreaterThanOrEqual(64);
    expect(c.size).toBeLessThan(64 + 20);
    expect(c.read(0, 20)).toBeNull();
    expect([...c.read(180, 20)!]).toEqual(Array(20).fill(9));
    // One append larger than the capacity is still kept whole.
    c.append(200, bytes(500, 7), 500);
    expect(c.start).toBe(200);
    expect(c.read(200, 500)!.every((b) => b === 7)).toBe(true);
  });

  it("never changes bytes it has handed out, when later appends fill new slabs", () => {
    const c = new TailCache(1 << 20);
    c.clear(0);
    const views: Buffer[] = [];
    let pos = 0;
    for (let i = 0; i < 300; i++) {
      c.append(pos, bytes(10_000, i % 251), 10_000);
      views.push(c.read(pos, 10_000)!);
      pos += 10_000;
    }
    views.forEach((v, i) => expect(v.every((b) => b === i % 251)).toBe(true));
  });

  it("drops what a truncation cuts, and an append after a gap restarts the cache", () => {
    const c = new TailCache(1 << 20);
    c.clear(0);
    c.append(0, bytes(10, 1), 10);
    c.append(10, bytes(10, 2), 10);
    c.truncateTo(15);
    expect(c.end).toBe(15);
    expect(c.read(12, 4)).toBeNull();
    c.append(15, bytes(5, 3), 5);
    // The append after the truncation is not next to the cut chunk in the slab: the read copies.
    expect([...c.read(13, 4)!]).toEqual([2, 2, 3, 3]);
    c.append(40, bytes(5, 4), 5);
    expect(c.start).toBe(40);
    expect(c.read(15, 5)).toBeNull();
  });
});

describe("FileRecords reads through its tail cache", () => {
  let rt: Runtime;
  let disk: Disk;
  beforeEach(() => {
    rt = newRuntime();
    disk = rt.disk("broker-0");
    disk.mkdirs("t-0");
  });
  afterEach(async () => {
    await rt.close();
  });

  it("returns the file's bytes after appends and a truncation, and finds batches by offset", () => {
    const f = new FileRecords(disk, "t-0/00000000000000000000.log");
    const batches = [batch(3), batch(5), batch(2), batch(7)];
    for (const b of batches) f.append(b);
    const onDisk = disk.readAll(f.file);
    expect(Buffer.compare(f.read(0, f.sizeInBytes()), onDisk)).toBe(0);
    expect(Buffer.compare(f.read(batches[0]!.length, batches[1]!.length), onDisk.subarray(batches[0]!.length, batches[0]!.length + batches[1]!.length))).toBe(0);
    const sizes = [...f.batchesFrom(0)].map((b) => b.size);
    expect(sizes).toEqual(batches.map((b) => b.length));
    f.truncateTo(batches[0]!.length + batches[1]!.length);
    expect(f.read(0, 1 << 20).length).toBe(batches[0]!.length + batches[1]!.length);
    f.append(batch(4));
    expect(Buffer.compare(f.read(0, f.sizeInBytes()), disk.readAll(f.file))).toBe(0);
  });

  it("a reopened file (a restart) reads from disk", () => {
    const f = new FileRecords(disk, "t-0/00000000000000000000.log");
    f.append(batch(3));
    const again = new FileRecords(disk, "t-0/00000000000000000000.log");
    expect(Buffer.compare(again.read(0, 1 << 20), f.read(0, 1 << 20))).toBe(0);
    again.append(batch(1));
    expect(Buffer.compare(again.read(0, again.sizeInBytes()), disk.readAll(again.file))).toBe(0);
  });
});
