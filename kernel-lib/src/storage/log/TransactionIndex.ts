// The aborted-transaction index of a segment (org.apache.kafka.storage.internals.log.TransactionIndex,
// `.txnindex`): AbortedTxn entries in lastOffset order, letting read_committed fetches return the aborted
// transactions of a fetched range. The file is created lazily, by the first aborted transaction that completes
// in the segment. Transactions themselves arrive in a later issue; this class is complete for them.
import type { Disk } from "../../sim/Disk";
import { IllegalArgumentException } from "../errors";
import { AbortedTxn } from "./AbortedTxn";
import { CorruptIndexException } from "./errors";
import { displayPath } from "./LogFileUtils";
import { SegmentFile } from "./SegmentFile";

/** TxnIndexSearchResult: the aborted transactions found and whether the search could stop in this segment. */
export interface TxnIndexSearchResult {
  readonly abortedTransactions: AbortedTxn[];
  readonly isComplete: boolean;
}

export class TransactionIndex extends SegmentFile {
  private entries: AbortedTxn[] | null = null;
  private readonly scratch = Buffer.alloc(AbortedTxn.TOTAL_SIZE);

  constructor(disk: Disk, file: string, readonly startOffset: number) {
    super(disk, file);
  }

  /** Appends an aborted transaction; last offsets must increase (TransactionIndex.append). */
  append(abortedTxn: AbortedTxn): void {
    const all = this.load();
    const last = all.length > 0 ? all[all.length - 1]!.lastOffset : null;
    if (last !== null && last >= abortedTxn.lastOffset)
      throw new IllegalArgumentException("The last offset of appended transactions must increase sequentially, but " +
        abortedTxn.lastOffset + " is not greater than current last offset " + last + " of index " + displayPath(this._file));
    abortedTxn.writeTo(this.scratch);
    this.disk.append(this._file, this.scratch);
    all.push(abortedTxn);
  }

  allAbortedTxns(): AbortedTxn[] {
    return this.load().slice();
  }

  /**
   * The aborted transactions overlapping [fetchOffset, upperBoundOffset); complete once an entry's last stable
   * offset reaches the upper bound (later segments cannot hold more).
   */
  collectAbortedTxns(fetchOffset: number, upperBoundOffset: number): TxnIndexSearchResult {
    const found: AbortedTxn[] = [];
    for (const t of this.load()) {
      if (t.lastOffset >= fetchOffset && t.firstOffset < upperBoundOffset) found.push(t);
      if (t.lastStableOffset >= upperBoundOffset) return { abortedTransactions: found, isComplete: true };
    }
    return { abortedTransactions: found, isComplete: false };
  }

  /** Removes entries whose lastOffset >= offset. */
  truncateTo(offset: number): void {
    const all = this.load();
    const keep = all.findIndex((t) => t.lastOffset >= offset);
    if (keep < 0) return;
    all.length = keep;
    this.disk.truncate(this._file, keep * AbortedTxn.TOTAL_SIZE);
  }

  /** Empties the index (the file is kept if it exists). */
  reset(): void {
    this.entries = [];
    if (this.disk.exists(this._file)) this.disk.truncate(this._file, 0);
  }

  /** TransactionIndex.sanityCheck: no entry ends before the segment's base offset. */
  sanityCheck(): void {
    const size = this.disk.exists(this._file) ? this.disk.size(this._file) : 0;
    if (size % AbortedTxn.TOTAL_SIZE !== 0)
      throw new CorruptIndexException("Transaction index file " + displayPath(this._file) + " is corrupt, found " + size +
        " bytes which is not a multiple of " + AbortedTxn.TOTAL_SIZE);
    for (const t of this.load()) {
      if (t.lastOffset < this.startOffset)
        throw new CorruptIndexException("Last offset of aborted transaction " + t.toString() + " in index " +
          displayPath(this._file) + " is less than start offset " + this.startOffset);
    }
  }

  /** The file is created lazily: nothing to flush before the first aborted transaction. */
  override flush(): void {
    if (this.disk.exists(this._file)) super.flush();
  }

  override deleteIfExists(): boolean {
    this.entries = [];
    return super.deleteIfExists();
  }

  private load(): AbortedTxn[] {
    if (this.entries !== null) return this.entries;
    const list: AbortedTxn[] = [];
    if (this.disk.exists(this._file)) {
      const data = this.disk.readAll(this._file);
      for (let p = 0; p + AbortedTxn.TOTAL_SIZE <= data.length; p += AbortedTxn.TOTAL_SIZE) list.push(AbortedTxn.readFrom(data, p));
    }
    this.entries = list;
    return list;
  }
}
