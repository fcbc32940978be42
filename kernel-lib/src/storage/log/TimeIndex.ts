// The sparse time index of a segment (org.apache.kafka.storage.internals.log.TimeIndex): 12-byte entries, an
// 8-byte timestamp and the 4-byte offset (relative to the base offset) up to which it is the largest timestamp
// seen. Timestamps in a file strictly increase: maybeAppend skips an entry that would not increase them.
//
// As for the OffsetIndex, entries are appended to the file as written (no preallocation): a rolled segment's
// file equals Kafka's trimmed file byte for byte.
import type { Disk } from "../../sim/Disk";
import { NO_TIMESTAMP } from "../DefaultRecordBatch";
import { IllegalArgumentException, IllegalStateException } from "../errors";
import { CorruptIndexException, IndexOffsetOverflowException, InvalidOffsetException } from "./errors";
import { displayPath } from "./LogFileUtils";

/** TimestampOffset: (timestamp, offset); timestamp -1 (RecordBatch.NO_TIMESTAMP) when unknown. */
export interface TimestampOffset {
  readonly timestamp: number;
  readonly offset: number;
}


const ENTRY_SIZE = 12;
const INT_MAX = 2147483647;
const TWO_32 = 4294967296;

export class TimeIndex {
  static readonly ENTRY_SIZE = ENTRY_SIZE;

  private timestamps: Float64Array;
  private relOffsets: Int32Array;
  private _entries = 0;
  private _lastEntry: TimestampOffset;
  private loadedLength: number;
  readonly maxEntries: number;
  private readonly scratch = Buffer.alloc(ENTRY_SIZE);

  constructor(private readonly disk: Disk, private _file: string, readonly baseOffset: number, readonly maxIndexSize: number) {
    if (maxIndexSize < ENTRY_SIZE) throw new IllegalArgumentException("Invalid max index size: " + maxIndexSize);
    this.maxEntries = Math.floor(maxIndexSize / ENTRY_SIZE);
    let capacity = 64;
    if (disk.exists(_file)) {
      const data = disk.readAll(_file);
      this.loadedLength = data.length;
      const n = Math.floor(data.length / ENTRY_SIZE);
      while (capacity < n) capacity *= 2;
      this.timestamps = new Float64Array(capacity);
      this.relOffsets = new Int32Array(capacity);
      for (let i = 0; i < n; i++) {
        const p = i * ENTRY_SIZE;
        this.timestamps[i] = data.readInt32BE(p) * TWO_32 + data.readUInt32BE(p + 4);
        this.relOffsets[i] = data.readInt32BE(p + 8);
      }
      this._entries = n;
    } else {
      disk.append(_file, new Uint8Array(0));
      this.loadedLength = 0;
      this.timestamps = new Float64Array(capacity);
      this.relOffsets = new Int32Array(capacity);
    }
    this._lastEntry = this.lastEntryFromIndex();
  }

  get file(): string {
    return this._file;
  }

  get entries(): number {
    return this._entries;
  }

  sizeInBytes(): number {
    return this._entries * ENTRY_SIZE;
  }

  /** The last entry, or (NO_TIMESTAMP, baseOffset) when empty. */
  lastEntry(): TimestampOffset {
    return this._lastEntry;
  }

  /** Full one entry early: the last slot is kept for the final entry written on roll (TimeIndex.isFull). */
  isFull(): boolean {
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
    const n = this._entries;
    if (n === 0 || this.timestamps[0]! > targetTimestamp) return { timestamp: NO_TIMESTAMP, offset: this.baseOffset };
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      const v = this.timestamps[mid]!;
      if (v > targetTimestamp) hi = mid - 1;
      else if (v < targetTimestamp) lo = mid;
      else { lo = mid; break; }
    }
    return this.entry(lo);
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
      const rel = offset - this.baseOffset;
      if (rel < 0 || rel > INT_MAX)
        throw new IndexOffsetOverflowException("Integer overflow for offset: " + offset + " (" + displayPath(this._file) + ")");
      this.ensureCapacity(this._entries + 1);
      this.timestamps[this._entries] = timestamp;
      this.relOffsets[this._entries] = rel;
      const b = this.scratch;
      const hi = Math.floor(timestamp / TWO_32);
      b.writeInt32BE(hi, 0);
      b.writeUInt32BE(timestamp - hi * TWO_32, 4);
      b.writeInt32BE(rel, 8);
      this.disk.append(this._file, b);
      this._entries++;
      this._lastEntry = { timestamp, offset };
    }
  }

  /** Removes every entry whose offset is >= `offset` (TimeIndex.truncateTo, searching by offset). */
  truncateTo(offset: number): void {
    const rel = offset - this.baseOffset;
    const n = this._entries;
    let slot = -1;
    if (n !== 0 && this.relOffsets[0]! <= rel) {
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        const v = this.relOffsets[mid]!;
        if (v > rel) hi = mid - 1;
        else if (v < rel) lo = mid;
        else { lo = mid; break; }
      }
      slot = lo;
    }
    let newEntries: number;
    if (slot < 0) newEntries = 0;
    else if (this.relOffsets[slot] === rel) newEntries = slot;
    else newEntries = slot + 1;
    this.truncateToEntries(newEntries);
  }

  reset(): void {
    this.truncateToEntries(0);
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
    if (this.loadedLength % ENTRY_SIZE !== 0)
      throw new CorruptIndexException("Time index file " + displayPath(this._file) + " is corrupt, found " + this.loadedLength +
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
    this._lastEntry = this.lastEntryFromIndex();
  }

  private lastEntryFromIndex(): TimestampOffset {
    if (this._entries === 0) return { timestamp: NO_TIMESTAMP, offset: this.baseOffset };
    return this.entry(this._entries - 1);
  }

  private ensureCapacity(n: number): void {
    if (n <= this.timestamps.length) return;
    let cap = this.timestamps.length * 2;
    while (cap < n) cap *= 2;
    const t = new Float64Array(cap);
    t.set(this.timestamps.subarray(0, this._entries));
    const r = new Int32Array(cap);
    r.set(this.relOffsets.subarray(0, this._entries));
    this.timestamps = t;
    this.relOffsets = r;
  }
}
