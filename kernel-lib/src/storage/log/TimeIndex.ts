// The sparse time index of a segment (org.apache.kafka.storage.internals.log.TimeIndex): 12-byte entries, an
// 8-byte timestamp and the 4-byte offset (relative to the base offset) up to which it is the largest timestamp
// seen. Timestamps in a file strictly increase: maybeAppend skips an entry that would not increase them.
//
// As for the OffsetIndex, entries are appended to the file as written (no preallocation): a rolled segment's
// file equals Kafka's trimmed file byte for byte. The shared machinery is in AbstractIndex.
import type { Disk } from "../../sim/Disk";
import { NO_TIMESTAMP } from "../DefaultRecordBatch";
import { IllegalArgumentException, IllegalStateException } from "../errors";
import { AbstractIndex } from "./AbstractIndex";
import { CorruptIndexException, InvalidOffsetException } from "./errors";
import { displayPath } from "./LogFileUtils";

/** TimestampOffset: (timestamp, offset); timestamp -1 (RecordBatch.NO_TIMESTAMP) when unknown. */
export interface TimestampOffset {
  readonly timestamp: number;
  readonly offset: number;
}

const ENTRY_SIZE = 12;
const TWO_32 = 4294967296;

export class TimeIndex extends AbstractIndex {
  static readonly ENTRY_SIZE = ENTRY_SIZE;

  // Set by AbstractIndex's constructor through resizeColumns, hence `declare` (see AbstractIndex).
  private declare timestamps: Float64Array;
  private _lastEntry: TimestampOffset;

  constructor(disk: Disk, file: string, baseOffset: number, maxIndexSize: number) {
    super(disk, file, baseOffset, maxIndexSize, ENTRY_SIZE);
    this._lastEntry = this.lastEntryFromIndex();
  }

  /** The last entry, or (NO_TIMESTAMP, baseOffset) when empty. */
  lastEntry(): TimestampOffset {
    return this._lastEntry;
  }

  /** Full one entry early: the last slot is kept for the final entry written on roll (TimeIndex.isFull). */
  override isFull(): boolean {
    return this._entries >= this.maxEntries - 1;
  }

  entry(n: number): TimestampOffset {
    if (n >= this._entries)
      throw new IllegalArgumentException("Attempt to fetch the " + n + "th entry from time index " + displayPath(this._file) +
        " which has size " + this._entries);
    return { timestamp: this.timestamps[n]!, offset: this.baseOffset + this.relOffsets[n]! };
  }

  /**
   * The entry with the greatest timestamp <= targetTimestamp, or (NO_TIMESTAMP, baseOffset) when the target is
   * below every entry.
   */
  lookup(targetTimestamp: number): TimestampOffset {
    const slot = this.largestLowerBoundSlotFor(this.timestamps, targetTimestamp);
    if (slot < 0) return { timestamp: NO_TIMESTAMP, offset: this.baseOffset };
    return this.entry(slot);
  }

  /**
   * Appends (timestamp, offset) only if the timestamp is larger than the last entry's (TimeIndex.maybeAppend).
   * `skipFullCheck` is used for the final entry when the segment is rolled or closed.
   */
  maybeAppend(timestamp: number, offset: number, skipFullCheck = false): void {
    if (!skipFullCheck && this.isFull())
      throw new IllegalArgumentException("Attempt to append to a full time index (size = " + this._entries + ").");
    const last = this._lastEntry;
    if (this._entries !== 0 && offset < last.offset)
      throw new InvalidOffsetException("Attempt to append an offset (" + offset + ") to slot " + this._entries +
        " no larger than the last offset appended (" + last.offset + ") to " + displayPath(this._file));
    if (this._entries !== 0 && timestamp < last.timestamp)
      throw new IllegalStateException("Attempt to append a timestamp (" + timestamp + ") to slot " + this._entries +
        " no larger than the last timestamp appended (" + last.timestamp + ") to " + displayPath(this._file));
    if (timestamp > last.timestamp) {
      const rel = this.relativeOffset(offset);
      const slot = this.nextSlot();
      this.timestamps[slot] = timestamp;
      this.relOffsets[slot] = rel;
      const b = this.scratch;
      const hi = Math.floor(timestamp / TWO_32);
      b.writeInt32BE(hi, 0);
      b.writeUInt32BE(timestamp - hi * TWO_32, 4);
      b.writeInt32BE(rel, 8);
      this.commitEntry();
      this._lastEntry = { timestamp, offset };
    }
  }

  /** TimeIndex.sanityCheck. */
  sanityCheck(): void {
    const last = this._lastEntry;
    if (this._entries !== 0 && last.timestamp < this.timestamps[0]!)
      throw new CorruptIndexException("Corrupt time index found, time index file (" + displayPath(this._file) + ") has " +
        "non-zero size but the last timestamp is " + last.timestamp + " which is less than the first timestamp " +
        this.timestamps[0]!);
    if (this._entries !== 0 && last.offset < this.baseOffset)
      throw new CorruptIndexException("Corrupt time index found, time index file (" + displayPath(this._file) + ") has " +
        "non-zero size but the last offset is " + last.offset + " which is less than the first offset " + this.baseOffset);
    this.checkFileLength("Time index file");
  }

  protected override resizeColumns(capacity: number, keep: number): void {
    const t = new Float64Array(capacity);
    if (keep > 0) t.set(this.timestamps.subarray(0, keep));
    this.timestamps = t;
  }

  protected override readEntry(data: Buffer, position: number, slot: number): void {
    this.timestamps[slot] = data.readInt32BE(position) * TWO_32 + data.readUInt32BE(position + 4);
    this.relOffsets[slot] = data.readInt32BE(position + 8);
  }

  protected override afterTruncation(): void {
    this._lastEntry = this.lastEntryFromIndex();
  }

  private lastEntryFromIndex(): TimestampOffset {
    if (this._entries === 0) return { timestamp: NO_TIMESTAMP, offset: this.baseOffset };
    return this.entry(this._entries - 1);
  }
}
