// The sparse offset index of a segment (org.apache.kafka.storage.internals.log.OffsetIndex): 8-byte entries,
// a 4-byte offset relative to the segment's base offset and the 4-byte position of a batch in the .log file.
//
// File content: Kafka preallocates an index to `segment.index.bytes` and trims it to the used entries when the
// segment is rolled or closed. Here entries are appended to the file as they are written and the file is never
// preallocated, so it always holds exactly the used entries: the file of a rolled (inactive) segment is byte for
// byte Kafka's trimmed file; only the active segment's file is shorter than Kafka's 10 MiB preallocated one.
// Entries are also kept in memory for the binary search (Kafka reads them through an mmap).
import type { Disk } from "../../sim/Disk";
import { IllegalArgumentException } from "../errors";
import { CorruptIndexException, IndexOffsetOverflowException, InvalidOffsetException } from "./errors";
import { displayPath } from "./LogFileUtils";

/** OffsetPosition: an offset and the file position of the batch it maps to. */
export interface OffsetPosition {
  readonly offset: number;
  readonly position: number;
}

const ENTRY_SIZE = 8;
const INT_MAX = 2147483647;

export class OffsetIndex {
  static readonly ENTRY_SIZE = ENTRY_SIZE;

  private relOffsets: Int32Array;
  private positions: Int32Array;
  private _entries = 0;
  private _lastOffset: number;
  /** Bytes of the index file when loaded (sanity check: must be a multiple of 8). */
  private loadedLength: number;
  readonly maxEntries: number;
  private readonly scratch = Buffer.alloc(ENTRY_SIZE);

  /**
   * Opens the index file `file` (disk-relative), creating it empty if missing. `maxIndexSize` is
   * `segment.index.bytes`; the index holds at most floor(maxIndexSize / 8) entries.
   */
  constructor(private readonly disk: Disk, private _file: string, readonly baseOffset: number, readonly maxIndexSize: number) {
    if (maxIndexSize < ENTRY_SIZE) throw new IllegalArgumentException("Invalid max index size: " + maxIndexSize);
    this.maxEntries = Math.floor(maxIndexSize / ENTRY_SIZE);
    let capacity = 64;
    if (disk.exists(_file)) {
      const data = disk.readAll(_file);
      this.loadedLength = data.length;
      const n = Math.floor(data.length / ENTRY_SIZE);
      while (capacity < n) capacity *= 2;
      this.relOffsets = new Int32Array(capacity);
      this.positions = new Int32Array(capacity);
      for (let i = 0; i < n; i++) {
        this.relOffsets[i] = data.readInt32BE(i * ENTRY_SIZE);
        this.positions[i] = data.readInt32BE(i * ENTRY_SIZE + 4);
      }
      this._entries = n;
    } else {
      disk.append(_file, new Uint8Array(0));
      this.loadedLength = 0;
      this.relOffsets = new Int32Array(capacity);
      this.positions = new Int32Array(capacity);
    }
    this._lastOffset = this.lastEntry().offset;
  }

  get file(): string {
    return this._file;
  }

  get entries(): number {
    return this._entries;
  }

  /** The last offset in the index (the base offset when empty). */
  get lastOffset(): number {
    return this._lastOffset;
  }

  /** Bytes used by the entries. */
  sizeInBytes(): number {
    return this._entries * ENTRY_SIZE;
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

  /** The n-th entry. */
  entry(n: number): OffsetPosition {
    if (n >= this._entries)
      throw new IllegalArgumentException("Attempt to fetch the " + n + "th entry from index " + displayPath(this._file) +
        ", which has size " + this._entries);
    return { offset: this.baseOffset + this.relOffsets[n]!, position: this.positions[n]! };
  }

  /**
   * The greatest entry whose offset is <= targetOffset, or (baseOffset, 0) when there is none (empty index or
   * a target below the first entry).
   */
  lookup(targetOffset: number): OffsetPosition {
    const slot = this.largestLowerBoundSlot(targetOffset - this.baseOffset);
    if (slot < 0) return { offset: this.baseOffset, position: 0 };
    return { offset: this.baseOffset + this.relOffsets[slot]!, position: this.positions[slot]! };
  }

  /**
   * OffsetIndex.fetchUpperBoundOffset: the first entry whose position is >= fetchPosition + fetchSize, an offset
   * certainly outside a fetched range (used to bound the aborted-transaction search).
   */
  fetchUpperBoundOffset(fetchPosition: number, fetchSize: number): OffsetPosition | null {
    const target = fetchPosition + fetchSize;
    for (let i = 0; i < this._entries; i++) {
      if (this.positions[i]! >= target) return { offset: this.baseOffset + this.relOffsets[i]!, position: this.positions[i]! };
    }
    return null;
  }

  /** Appends (offset, position); the offset must be larger than every offset already in the index. */
  append(offset: number, position: number): void {
    if (this.isFull()) throw new IllegalArgumentException("Attempt to append to a full index (size = " + this._entries + ").");
    if (this._entries === 0 || offset > this._lastOffset) {
      const rel = this.relativeOffset(offset);
      this.ensureCapacity(this._entries + 1);
      this.relOffsets[this._entries] = rel;
      this.positions[this._entries] = position;
      const b = this.scratch;
      b.writeInt32BE(rel, 0);
      b.writeInt32BE(position, 4);
      this.disk.append(this._file, b);
      this._entries++;
      this._lastOffset = offset;
    } else {
      throw new InvalidOffsetException("Attempt to append an offset " + offset + " to position " + this._entries +
        " no larger than the last offset appended (" + this._lastOffset + ") to " + displayPath(this._file));
    }
  }

  /**
   * Removes every entry whose offset is >= `offset` (OffsetIndex.truncateTo). Truncating to an offset above the
   * largest entry changes nothing.
   */
  truncateTo(offset: number): void {
    const rel = offset - this.baseOffset;
    const slot = this.largestLowerBoundSlot(rel);
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

  /**
   * OffsetIndex.sanityCheck: the last offset is not below the base offset and the file length is a multiple of
   * the entry size; otherwise CorruptIndexException (the segment is then recovered and the index rebuilt).
   */
  sanityCheck(): void {
    if (this._entries !== 0 && this._lastOffset < this.baseOffset)
      throw new CorruptIndexException("Corrupt index found, index file " + displayPath(this._file) + " has non-zero size " +
        "but the last offset is " + this._lastOffset + " which is less than the base offset " + this.baseOffset);
    if (this.loadedLength % ENTRY_SIZE !== 0)
      throw new CorruptIndexException("Index file " + displayPath(this._file) + " is corrupt, found " + this.loadedLength +
        " bytes which is neither positive nor a multiple of " + ENTRY_SIZE);
  }

  flush(): void {
    this.disk.flush(this._file);
  }

  renameTo(file: string): void {
    if (this.disk.exists(this._file)) this.disk.rename(this._file, file);
    this._file = file;
  }

  deleteIfExists(): boolean {
    if (!this.disk.exists(this._file)) return false;
    this.disk.delete(this._file);
    return true;
  }

  private truncateToEntries(n: number): void {
    if (n === this._entries && this.loadedLength === n * ENTRY_SIZE) return;
    this._entries = n;
    this.loadedLength = n * ENTRY_SIZE;
    this.disk.truncate(this._file, n * ENTRY_SIZE);
    this._lastOffset = this.lastEntry().offset;
  }

  private lastEntry(): OffsetPosition {
    if (this._entries === 0) return { offset: this.baseOffset, position: 0 };
    return this.entry(this._entries - 1);
  }

  /** The slot of the largest relative offset <= target, or -1 (AbstractIndex.largestLowerBoundSlotFor by KEY). */
  private largestLowerBoundSlot(target: number): number {
    const n = this._entries;
    if (n === 0 || this.relOffsets[0]! > target) return -1;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      const v = this.relOffsets[mid]!;
      if (v > target) hi = mid - 1;
      else if (v < target) lo = mid;
      else return mid;
    }
    return lo;
  }

  private ensureCapacity(n: number): void {
    if (n <= this.relOffsets.length) return;
    let cap = this.relOffsets.length * 2;
    while (cap < n) cap *= 2;
    const r = new Int32Array(cap);
    r.set(this.relOffsets.subarray(0, this._entries));
    const p = new Int32Array(cap);
    p.set(this.positions.subarray(0, this._entries));
    this.relOffsets = r;
    this.positions = p;
  }
}
