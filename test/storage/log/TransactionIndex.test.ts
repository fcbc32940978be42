// The aborted-transaction index: 34-byte entries, created lazily, searched by offset range, truncated.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Runtime } from "../../../kernel-lib/src/sim";
import type { Disk } from "../../../kernel-lib/src/sim/Disk";
import { AbortedTxn } from "../../../kernel-lib/src/storage/log/AbortedTxn";
import { TransactionIndex } from "../../../kernel-lib/src/storage/log/TransactionIndex";
import { newRuntime } from "./LogTestUtils";

let rt: Runtime;
let disk: Disk;
const FILE = "kafka-logs/first-0/00000000000000000000.txnindex";

beforeEach(() => {
  rt = newRuntime();
  disk = rt.disk("broker-0");
  disk.mkdirs("kafka-logs/first-0");
});
afterEach(async () => {
  await rt.close();
});

describe("TransactionIndex", () => {
  it("appends 34-byte AbortedTxn entries to a lazily created file", () => {
    const idx = new TransactionIndex(disk, FILE, 0);
    expect(disk.exists(FILE)).toBe(false);
    idx.append(new AbortedTxn(1000, 5, 9, 12));
    idx.append(new AbortedTxn(2000, 10, 20, 25));
    const b = disk.readAll(FILE);
    expect(b.length).toBe(68);
    expect([b.readInt16BE(0), Number(b.readBigInt64BE(2)), Number(b.readBigInt64BE(10)), Number(b.readBigInt64BE(18)),
      Number(b.readBigInt64BE(26))]).toEqual([0, 1000, 5, 9, 12]);
    expect(() => idx.append(new AbortedTxn(3000, 15, 20, 30))).toThrow(
      "The last offset of appended transactions must increase sequentially, but 20 is not greater than current last offset 20 of index " +
      "/" + FILE);
    expect(new TransactionIndex(disk, FILE, 0).allAbortedTxns().map((t) => t.producerId)).toEqual([1000, 2000]);
  });

  it("collects the aborted transactions of a fetch range and truncates", () => {
    const idx = new TransactionIndex(disk, FILE, 0);
    idx.append(new AbortedTxn(1000, 5, 9, 12));
    idx.append(new AbortedTxn(2000, 10, 20, 25));
    let r = idx.collectAbortedTxns(0, 8);
    expect([r.abortedTransactions.map((t) => t.producerId), r.isComplete]).toEqual([[1000], true]);
    r = idx.collectAbortedTxns(10, 100);
    expect([r.abortedTransactions.map((t) => t.producerId), r.isComplete]).toEqual([[2000], false]);
    idx.truncateTo(15);
    expect(disk.size(FILE)).toBe(34);
    expect(idx.allAbortedTxns().map((t) => t.lastOffset)).toEqual([9]);
  });
});
