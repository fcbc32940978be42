// The entry-format-agnostic part of a segment's offset and time indexes
// (org.apache.kafka.storage.internals.log.AbstractIndex): opening and loading the file, the entry count and
// maxEntries, relative offsets (4 bytes from the segment's base offset), truncation and the file-length sanity
// check. Subclasses hold only their entry format, lookup and append rules.
//
// Both entry formats carry a relative offset, so the relOffsets column lives here; a subclass keeps its other
// column itself and (re)allocates it in `resizeColumns`. Entries are kept in memory for the binary search (Kafka
// reads them through an mmap) and appended to the file as written; the file is never preallocated.
import type { Disk } from "../../sim/Disk";
import { IllegalArgumentException } from "../errors";
import { CorruptIndexException, IndexOffsetOverflowException } from "./errors";
import { displayPath } from "./LogFileUtils";
import { SegmentFile } from "./SegmentFile";

const INT_MAX = 2147483647;
const INITIAL_CAPACITY = 64;

export abstract class AbstractIndex extends SegmentFile {
  readonly maxEntries: number;
  protected _entries = 0;
  /** Relative offset of each entry (both entry formats have one). */
  protected relOffsets: Int32Array;
  /** One entry in the file format, reused by every append. */
  protected readonly scratch: Buffer;
  /** Bytes of the index file when loaded (sanity check: must be a multiple of the entry size). */
  private loadedLength: number;

  /**
   * Opens the index file `file` (disk-relative), creating it empty if missing. `maxIndexSize` is
   * `segment.index.bytes`; the index holds at most floor(maxIndexSize / entrySize) entries.
   *
   * Calls `resizeColumns` and `readEntry` before the subclass's own field initializers run: a subclass must
   * declare the columns they set with `declare` (no initializer), or they would be reset after this returns.
   */
  protected constructor(disk: Disk, file: string, readonly baseOffset: number, readonly maxIndexSize: number,
    private readonly entrySize: number) {
    super(disk, file);
    if (maxIndexSize < entrySize) throw new IllegalArgumentException("Invalid max index size: " + maxIndexSize);
    this.maxEntries = Math.floor(maxIndexSize / entrySize);
    this.scratch = Buffer.alloc(entrySize);
    let capacity = INITIAL_CAPACITY;
    if (disk.exists(file)) {
      const data = disk.readAll(file);
      this.loadedLength = data.length;
      const n = Math.floor(data.length / entrySize);
      while (capacity < n) capacity *= 2;
      this.relOffsets = new Int32Array(capacity);
      this.resizeColumns(capacity, 0);
      for (let i = 0; i < n; i++) this.readEntry(data, i * entrySize, i);
      this._entries = n;
    } else {
      disk.append(file, new Uint8Array(0));
      this.loadedLength = 0;
      this.relOffsets = new Int32Array(capacity);
      this.resizeColumns(capacity, 0);
    }
  }

  /** Allocates the subclass's own column(s) for `capacity` slots, keeping the first `keep` entries. */
  protected abstract resizeColumns(capacity: number, keep: number): void;

  /** Parses the file entry at byte `position` into slot `slot` (relOffsets and the subclass's columns). */
  protected abstract readEntry(data: Buffer, position: number, slot: number): void;

  /** Recomputes what the subclass caches about its last entry, after a truncation. */
  protected abstract afterTruncation(): void;

  get entries(): number {
    return this._entries;
  }

  /** Bytes used by the entries. */
  sizeInBytes(): number {
    return this._entries * this.entrySize;
  }

  isFull(): boolean {
    return this._entries >= this.maxEntries;
  }

  /** AbstractIndex.canAppendOffset: the offset fits a 4-byte offset relative to the base offset. */
  canAppendOffset(offset: number): boolean {
    const rel = offset - this.baseOffset;
    return rel >= 0 && rel <= INT_MAX;
  }

  relativeOffset(offset: number): number {
    if (!this.canAppendOffset(offset))
      throw new IndexOffsetOverflowException("Integer overflow for offset: " + offset + " (" + displayPath(this._file) + ")");
    return offset - this.baseOffset;
  }

  /**
   * Removes every entry whose offset is >= `offset` (OffsetIndex.truncateTo; TimeIndex.truncateTo searches by
   * offset too). Truncating to an offset above the largest entry changes nothing.
   */
  truncateTo(offset: number): void {
    const rel = offset - this.baseOffset;
    const slot = this.largestLowerBoundSlotFor(this.relOffsets, rel);
    let newEntries: number;
    if (slot < 0) newEntries = 0;
    else if (this.relOffsets[slot] === rel) newEntries = slot;
    else newEntries = slot + 1;
    this.truncateToEntries(newEntries);
  }

  /** Removes all entries (AbstractIndex.reset/truncate). */
  reset(): void {
    this.truncateToEntries(0);
  }

  /** The sanity check of the file length: `what` names the file ("Index file", "Time index file"). */
  protected checkFileLength(what: string): void {
    if (this.loadedLength % this.entrySize !== 0)
      throw new CorruptIndexException(what + " " + displayPath(this._file) + " is corrupt, found " + this.loadedLength +
        " bytes which is neither positive nor a multiple of " + this.entrySize);
  }

  /**
   * Makes room for one more entry and returns its slot; the subclass fills the columns and `scratch`, then calls
   * `commitEntry`.
   */
  protected nextSlot(): number {
    const n = this._entries + 1;
    const capacity = this.relOffsets.length;
    if (n > capacity) {
      let cap = capacity * 2;
      while (cap < n) cap *= 2;
      const r = new Int32Array(cap);
      r.set(this.relOffsets.subarray(0, this._entries));
      this.relOffsets = r;
      this.resizeColumns(cap, this._entries);
    }
    return this._entries;
  }

  /** Appends `scratch` (the entry just filled in) to the file and counts it. */
  protected commitEntry(): void {
    this.disk.append(this._file, this.scratch);
    this._entries++;
  }

  /**
   * The slot of the largest key <= target in `keys` (sorted over the first `entries` slots), or -1
   * (AbstractIndex.largestLowerBoundSlotFor).
   */
  protected largestLowerBoundSlotFor(keys: Int32Array | Float64Array, target: number): number {
    const n = this._entries;
    if (n === 0 || keys[0]! > target) return -1;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      const v = keys[mid]!;
      if (v > target) hi = mid - 1;
      else if (v < target) lo = mid;
      else return mid;
    }
    return lo;
  }

  private truncateToEntries(n: number): void {
    if (n === this._entries && this.loadedLength === n * this.entrySize) return;
    this._entries = n;
    this.loadedLength = n * this.entrySize;
    this.disk.truncate(this._file, n * this.entrySize);
    this.afterTruncation();
  }
}
