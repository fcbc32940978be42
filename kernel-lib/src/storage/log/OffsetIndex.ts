// The sparse offset index of a segment (org.apache.kafka.storage.internals.log.OffsetIndex): 8-byte entries,
// a 4-byte offset relative to the segment's base offset and the 4-byte position of a batch in the .log file.
//
// File content: Kafka preallocates an index to `segment.index.bytes` and trims it to the used entries when the
// segment is rolled or closed. Here entries are appended to the file as they are written and the file is never
// preallocated, so it always holds exactly the used entries: the file of a rolled (inactive) segment is byte for
// byte Kafka's trimmed file; only the active segment's file is shorter than Kafka's 10 MiB preallocated one.
// The shared machinery (file, entry count, relative offsets, truncation) is in AbstractIndex.
import type { Disk } from "../../sim/Disk";
import { IllegalArgumentException } from "../errors";
import { AbstractIndex } from "./AbstractIndex";
import { CorruptIndexException, InvalidOffsetException } from "./errors";
import { displayPath } from "./LogFileUtils";

/** OffsetPosition: an offset and the file position of the batch it maps to. */
export interface OffsetPosition {
  readonly offset: number;
  readonly position: number;
}

const ENTRY_SIZE = 8;

export class OffsetIndex extends AbstractIndex {
  static readonly ENTRY_SIZE = ENTRY_SIZE;

  // Set by AbstractIndex's constructor through resizeColumns, hence `declare` (see AbstractIndex).
  private declare positions: Int32Array;
  private _lastOffset: number;

  /**
   * Opens the index file `file` (disk-relative), creating it empty if missing. `maxIndexSize` is
   * `segment.index.bytes`; the index holds at most floor(maxIndexSize / 8) entries.
   */
  constructor(disk: Disk, file: string, baseOffset: number, maxIndexSize: number) {
    super(disk, file, baseOffset, maxIndexSize, ENTRY_SIZE);
    this._lastOffset = this.lastEntry().offset;
  }

  /** The last offset in the index (the base offset when empty). */
  get lastOffset(): number {
    return this._lastOffset;
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
    const slot = this.largestLowerBoundSlotFor(this.relOffsets, targetOffset - this.baseOffset);
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
      const slot = this.nextSlot();
      this.relOffsets[slot] = rel;
      this.positions[slot] = position;
      const b = this.scratch;
      b.writeInt32BE(rel, 0);
      b.writeInt32BE(position, 4);
      this.commitEntry();
      this._lastOffset = offset;
    } else {
      throw new InvalidOffsetException("Attempt to append an offset " + offset + " to position " + this._entries +
        " no larger than the last offset appended (" + this._lastOffset + ") to " + displayPath(this._file));
    }
  }

  /**
   * OffsetIndex.sanityCheck: the last offset is not below the base offset and the file length is a multiple of
   * the entry size; otherwise CorruptIndexException (the segment is then recovered and the index rebuilt).
   */
  sanityCheck(): void {
    if (this._entries !== 0 && this._lastOffset < this.baseOffset)
      throw new CorruptIndexException("Corrupt index found, index file " + displayPath(this._file) + " has non-zero size " +
        "but the last offset is " + this._lastOffset + " which is less than the base offset " + this.baseOffset);
    this.checkFileLength("Index file");
  }

  protected override resizeColumns(capacity: number, keep: number): void {
    const p = new Int32Array(capacity);
    if (keep > 0) p.set(this.positions.subarray(0, keep));
    this.positions = p;
  }

  protected override readEntry(data: Buffer, position: number, slot: number): void {
    this.relOffsets[slot] = data.readInt32BE(position);
    this.positions[slot] = data.readInt32BE(position + 4);
  }

  protected override afterTruncation(): void {
    this._lastOffset = this.lastEntry().offset;
  }

  private lastEntry(): OffsetPosition {
    if (this._entries === 0) return { offset: this.baseOffset, position: 0 };
    return this.entry(this._entries - 1);
  }
}
