// The .log file of a segment (org.apache.kafka.common.record.FileRecords): record batches back to back, read
// batch by batch the way FileLogInputStream does (size and magic from each header, stopping quietly at a
// partial batch at the end of the file). Reads go through the node's Disk in chunks; only the headers are
// parsed unless a caller needs a batch's bytes.
import type { Disk } from "../../sim/Disk";
import { readInt64BE } from "../ByteUtils";
import {
  ATTRIBUTES_OFFSET,
  BASE_OFFSET_OFFSET,
  HEADER_SIZE_UP_TO_MAGIC,
  LAST_OFFSET_DELTA_OFFSET,
  LENGTH_OFFSET,
  LOG_OVERHEAD,
  MAGIC_OFFSET,
  MAX_TIMESTAMP_OFFSET,
  NO_PARTITION_LEADER_EPOCH,
  NO_TIMESTAMP,
  PARTITION_LEADER_EPOCH_OFFSET,
  RECORD_BATCH_OVERHEAD,
  RECORD_OVERHEAD_V0,
  decodeRecords,
} from "../DefaultRecordBatch";
import { CorruptRecordException } from "../errors";
import { displayPath } from "./LogFileUtils";
import { SegmentFile } from "./SegmentFile";
import { TailCache } from "./TailCache";

/** A batch found in the file (FileLogInputStream.FileChannelRecordBatch): its place and header fields. */
export interface FileChannelRecordBatch {
  /** Position of the batch in the file. */
  readonly position: number;
  /** Whole size of the batch (LOG_OVERHEAD + batchLength). */
  readonly size: number;
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly partitionLeaderEpoch: number;
  readonly magic: number;
  readonly attributes: number;
  readonly maxTimestamp: number;
  /**
   * With `withData`: a buffer holding the batch's bytes at `dataOffset` (valid until the iteration moves on).
   */
  readonly data: Buffer | null;
  readonly dataOffset: number;
}

/** FileRecords.LogOffsetPosition: the last offset of the batch found, its position and size. */
export interface LogOffsetPosition {
  readonly offset: number;
  readonly position: number;
  readonly size: number;
}

/** FileRecords.TimestampAndOffset. */
export interface TimestampAndOffset {
  readonly timestamp: number;
  readonly offset: number;
  /** The partition leader epoch of the batch, when it has one. */
  readonly leaderEpoch: number | null;
}

const CHUNK_SIZE = 64 * 1024;

export class FileRecords extends SegmentFile {
  private _size: number;
  /** Copies of the latest appends: reads at the log end never reach the file (see TailCache). */
  private readonly tail = new TailCache();

  /** Opens `file` (disk-relative), creating it empty when missing. */
  constructor(disk: Disk, file: string) {
    super(disk, file);
    if (disk.exists(file)) this._size = disk.size(file);
    else {
      disk.append(file, new Uint8Array(0));
      this._size = 0;
    }
    this.tail.clear(this._size);
  }

  sizeInBytes(): number {
    return this._size;
  }

  /** Appends batches (one buffer, or chunks in one vectored write); returns the bytes written. */
  append(records: Uint8Array | readonly Uint8Array[]): number {
    let n: number;
    if (records instanceof Uint8Array) {
      n = records.byteLength;
      this.disk.append(this._file, records);
    } else {
      n = 0;
      for (const r of records) n += r.byteLength;
      this.disk.append(this._file, records as Uint8Array[]);
    }
    this.tail.append(this._size, records, n);
    this._size += n;
    return n;
  }

  /** Frees the copies of the latest appends (a segment that stops being the active one gets no more appends). */
  releaseTailCache(): void {
    this.tail.clear(this._size);
  }

  /** Reads `length` bytes at `position` (fewer at the end of the file). */
  read(position: number, length: number): Buffer {
    const len = Math.max(0, Math.min(length, this._size - position));
    if (len === 0) return Buffer.alloc(0);
    return this.tail.read(position, len) ?? this.disk.read(this._file, position, len);
  }

  /** Truncates the file to `targetSize` bytes; returns the bytes removed (FileRecords.truncateTo). */
  truncateTo(targetSize: number): number {
    const original = this._size;
    if (targetSize > original || targetSize < 0)
      throw new CorruptRecordException("Attempt to truncate log segment " + displayPath(this._file) + " to " + targetSize +
        " bytes failed, size of this log segment is " + original + " bytes.");
    if (targetSize < original) {
      this.tail.truncateTo(targetSize);
      this.disk.truncate(this._file, targetSize);
      this._size = targetSize;
    }
    return original - targetSize;
  }

  /**
   * The batches from `start` up to `end` (default: the end of the file), in order. Stops at a partial batch;
   * throws CorruptRecordException for a size below the minimum record overhead (FileLogInputStream.nextBatch).
   * With `withData`, each batch's bytes are loaded too.
   */
  *batchesFrom(start = 0, opts: { end?: number; withData?: boolean } = {}): Generator<FileChannelRecordBatch> {
    const end = Math.min(opts.end ?? this._size, this._size);
    const withData = opts.withData === true;
    let chunk: Buffer = Buffer.alloc(0);
    let chunkStart = 0;
    let position = start;
    const load = (pos: number, len: number): void => {
      if (pos >= chunkStart && pos + len <= chunkStart + chunk.length) return;
      const cached = this.tail.readRun(pos, len);
      if (cached !== null) {
        chunk = cached;
        chunkStart = pos;
        return;
      }
      const want = Math.max(len, Math.min(CHUNK_SIZE, end - pos));
      chunk = this.disk.read(this._file, pos, want);
      chunkStart = pos;
    };
    for (;;) {
      if (position >= end - HEADER_SIZE_UP_TO_MAGIC) return;
      load(position, Math.min(RECORD_BATCH_OVERHEAD, end - position));
      let p = position - chunkStart;
      const batchLength = chunk.readInt32BE(p + LENGTH_OFFSET);
      if (batchLength < RECORD_OVERHEAD_V0)
        throw new CorruptRecordException("Found record size " + batchLength + " smaller than minimum record overhead (" +
          RECORD_OVERHEAD_V0 + ") in file " + displayPath(this._file) + ".");
      if (position > end - LOG_OVERHEAD - batchLength) return;
      const size = batchLength + LOG_OVERHEAD;
      if (withData) {
        load(position, size);
        p = position - chunkStart;
      }
      const headerBytes = Math.min(size, chunk.length - p);
      const full = headerBytes >= RECORD_BATCH_OVERHEAD;
      const baseOffset = readInt64BE(chunk, p + BASE_OFFSET_OFFSET);
      yield {
        position,
        size,
        baseOffset,
        lastOffset: full ? baseOffset + chunk.readInt32BE(p + LAST_OFFSET_DELTA_OFFSET) : baseOffset,
        partitionLeaderEpoch: chunk.readInt32BE(p + PARTITION_LEADER_EPOCH_OFFSET),
        magic: chunk.readInt8(p + MAGIC_OFFSET),
        attributes: full ? chunk.readInt16BE(p + ATTRIBUTES_OFFSET) : 0,
        maxTimestamp: full ? readInt64BE(chunk, p + MAX_TIMESTAMP_OFFSET) : NO_TIMESTAMP,
        data: withData ? chunk : null,
        dataOffset: p,
      };
      position += size;
    }
  }

  /**
   * The first batch at or after `startingPosition` whose last offset is >= targetOffset
   * (FileRecords.searchForOffsetWithSize), or null.
   */
  searchForOffsetWithSize(targetOffset: number, startingPosition: number): LogOffsetPosition | null {
    for (const batch of this.batchesFrom(startingPosition)) {
      if (batch.lastOffset >= targetOffset) return { offset: batch.lastOffset, position: batch.position, size: batch.size };
    }
    return null;
  }

  /**
   * The first record at or after `startingPosition` with timestamp >= targetTimestamp and offset >=
   * startingOffset (FileRecords.searchForTimestamp); batches whose max timestamp is below the target are skipped
   * by their header. Compressed batches need their codec loaded.
   */
  searchForTimestamp(targetTimestamp: number, startingPosition: number, startingOffset: number): TimestampAndOffset | null {
    for (const batch of this.batchesFrom(startingPosition)) {
      if (batch.maxTimestamp >= targetTimestamp) {
        const bytes = this.read(batch.position, batch.size);
        for (const record of decodeRecords(bytes, 0)) {
          if (record.timestamp >= targetTimestamp && record.offset >= startingOffset)
            return { timestamp: record.timestamp, offset: record.offset, leaderEpoch: leaderEpochOf(batch.partitionLeaderEpoch) };
        }
      }
    }
    return null;
  }

  /** The largest batch max timestamp after `startingPosition` and the last offset of its batch. */
  largestTimestampAfter(startingPosition: number): TimestampAndOffset {
    let maxTimestamp = NO_TIMESTAMP;
    let offsetOfMaxTimestamp = -1;
    let leaderEpoch: number | null = null;
    for (const batch of this.batchesFrom(startingPosition)) {
      if (batch.maxTimestamp > maxTimestamp) {
        maxTimestamp = batch.maxTimestamp;
        offsetOfMaxTimestamp = batch.lastOffset;
        leaderEpoch = leaderEpochOf(batch.partitionLeaderEpoch);
      }
    }
    return { timestamp: maxTimestamp, offset: offsetOfMaxTimestamp, leaderEpoch };
  }
}

function leaderEpochOf(epoch: number): number | null {
  return epoch === NO_PARTITION_LEADER_EPOCH ? null : epoch;
}
