// A segment of a partition log (org.apache.kafka.storage.internals.log.LogSegment): the .log file of batches,
// its sparse offset and time indexes and its (lazily created) transaction index, all named by the segment's
// base offset. Only the last segment of a log (the active one) is appended to.
import type { Disk } from "../../sim/Disk";
import { NO_TIMESTAMP, verifyBatch } from "../DefaultRecordBatch";
import { CorruptRecordException, IllegalArgumentException, InvalidRecordException } from "../errors";
import { AbortedTxn } from "./AbortedTxn";
import { LogSegmentOffsetOverflowException } from "./errors";
import { FileRecords, type LogOffsetPosition, type TimestampAndOffset } from "./FileRecords";
import type { LeaderEpochFileCache } from "./LeaderEpochFileCache";
import type { LogOffsetMetadata } from "./LogOffsetMetadata";
import {
  displayPath,
  joinPath,
  logFileName,
  offsetIndexFileName,
  timeIndexFileName,
  transactionIndexFileName,
} from "./LogFileUtils";
import { OffsetIndex } from "./OffsetIndex";
import { TimeIndex, type TimestampOffset } from "./TimeIndex";
import { TransactionIndex, type TxnIndexSearchResult } from "./TransactionIndex";

/** FetchDataInfo: what a read returns, starting at a batch boundary. */
export interface FetchDataInfo {
  /** The requested offset and where the batch holding it starts. */
  readonly fetchOffsetMetadata: LogOffsetMetadata;
  /** Whole record batches (empty when nothing is readable). */
  readonly records: Buffer;
  /** True when the first batch did not fit the size limit (minOneMessage was false): no data returned. */
  readonly firstEntryIncomplete: boolean;
  /** Aborted transactions in the range (read_committed fetches only). */
  readonly abortedTransactions?: AbortedTxn[];
}

/** RollParams: what LogSegment.shouldRoll weighs for an incoming append. */
export interface RollParams {
  readonly maxSegmentMs: number;
  readonly maxSegmentBytes: number;
  readonly maxTimestampInMessages: number;
  readonly maxOffsetInMessages: number;
  readonly messagesSize: number;
  readonly now: number;
}

/** The parts of LogConfig a segment uses. */
export interface SegmentConfig {
  /** index.interval.bytes */
  readonly indexInterval: number;
  /** segment.index.bytes */
  readonly maxIndexSize: number;
}

export class LogSegment {
  readonly log: FileRecords;
  readonly offsetIndex: OffsetIndex;
  readonly timeIndex: TimeIndex;
  readonly txnIndex: TransactionIndex;

  /** Timestamp of the first batch, used for time-based rolling (null until known). */
  private rollingBasedTimestamp: number | null = null;
  /** Largest timestamp so far and the offset it belongs to; null = not read from the time index yet. */
  private maxTimestampAndOffsetSoFar: TimestampOffset | null = null;
  /** When the segment was created (or loaded): the roll clock when batches have no timestamps. */
  private created: number;
  /** Stand-in for the file's mtime, from the runtime clock (a wall-clock mtime would break determinism). */
  private lastModifiedMs: number;
  private bytesSinceLastIndexEntry = 0;

  private constructor(
    private readonly disk: Disk,
    readonly dir: string,
    readonly baseOffset: number,
    private readonly indexIntervalBytes: number,
    readonly rollJitterMs: number,
    private readonly time: { now(): number },
    suffix: string,
    maxIndexSize: number,
  ) {
    this.log = new FileRecords(disk, joinPath(dir, logFileName(baseOffset, suffix)));
    this.offsetIndex = new OffsetIndex(disk, joinPath(dir, offsetIndexFileName(baseOffset, suffix)), baseOffset, maxIndexSize);
    this.timeIndex = new TimeIndex(disk, joinPath(dir, timeIndexFileName(baseOffset, suffix)), baseOffset, maxIndexSize);
    this.txnIndex = new TransactionIndex(disk, joinPath(dir, transactionIndexFileName(baseOffset, suffix)), baseOffset);
    this.created = time.now();
    this.lastModifiedMs = this.created;
  }

  /**
   * LogSegment.open: opens (or creates) the files of the segment at `baseOffset` in `dir`. `suffix` is "" for
   * live segments, or ".cleaned"/".swap"/".deleted".
   */
  static open(disk: Disk, dir: string, baseOffset: number, config: SegmentConfig, time: { now(): number },
    rollJitterMs = 0, suffix = ""): LogSegment {
    return new LogSegment(disk, dir, baseOffset, config.indexInterval, rollJitterMs, time, suffix, config.maxIndexSize);
  }

  /** Whether each file of the segment exists (the loader checks the offset and time index). */
  static indexFilesExist(disk: Disk, dir: string, baseOffset: number): { offsetIndex: boolean; timeIndex: boolean } {
    return {
      offsetIndex: disk.exists(joinPath(dir, offsetIndexFileName(baseOffset))),
      timeIndex: disk.exists(joinPath(dir, timeIndexFileName(baseOffset))),
    };
  }

  /** Size of the .log file in bytes. */
  size(): number {
    return this.log.sizeInBytes();
  }

  /**
   * LogSegment.shouldRoll: roll before this append if it would push the segment past segment.bytes, if the
   * segment has waited segment.ms (minus jitter) by record timestamps, if an index is full, or if the incoming
   * last offset does not fit a relative offset.
   */
  shouldRoll(p: RollParams): boolean {
    const reachedRollMs = this.timeWaitedForRoll(p.now, p.maxTimestampInMessages) > p.maxSegmentMs - this.rollJitterMs;
    const size = this.size();
    return size > p.maxSegmentBytes - p.messagesSize ||
      (size > 0 && reachedRollMs) ||
      this.offsetIndex.isFull() || this.timeIndex.isFull() || !this.offsetIndex.canAppendOffset(p.maxOffsetInMessages);
  }

  /**
   * LogSegment.append: appends batches whose last offset is `largestOffset` (one buffer, or chunks written with
   * one vectored write). If more than index.interval.bytes
   * were appended since the last index entry, the batches get an offset index entry (largestOffset -> the
   * position they start at) and a time index entry (largest timestamp so far -> its offset) before their size is
   * counted. So the first batch of a segment is never indexed.
   */
  append(largestOffset: number, largestTimestampMs: number, shallowOffsetOfMaxTimestamp: number,
    records: Uint8Array | readonly Uint8Array[]): void {
    const size = byteLength(records);
    if (size === 0) return;
    const physicalPosition = this.log.sizeInBytes();
    if (physicalPosition === 0) this.rollingBasedTimestamp = largestTimestampMs;
    this.ensureOffsetInRange(largestOffset);
    this.log.append(records);
    this.lastModifiedMs = this.time.now();
    if (largestTimestampMs > this.maxTimestampSoFar())
      this.maxTimestampAndOffsetSoFar = { timestamp: largestTimestampMs, offset: shallowOffsetOfMaxTimestamp };
    if (this.bytesSinceLastIndexEntry > this.indexIntervalBytes) {
      this.offsetIndex.append(largestOffset, physicalPosition);
      const m = this.readMaxTimestampAndOffsetSoFar();
      this.timeIndex.maybeAppend(m.timestamp, m.offset);
      this.bytesSinceLastIndexEntry = 0;
    }
    this.bytesSinceLastIndexEntry += size;
  }

  /** Records an aborted transaction in the transaction index (LogSegment.updateTxnIndex). */
  updateTxnIndex(abortedTxn: AbortedTxn): void {
    this.txnIndex.append(abortedTxn);
  }

  collectAbortedTxns(fetchOffset: number, upperBoundOffset: number): TxnIndexSearchResult {
    return this.txnIndex.collectAbortedTxns(fetchOffset, upperBoundOffset);
  }

  /**
   * LogSegment.translateOffset: the batch holding the first offset >= `offset`: an index lookup gives a
   * starting position, then batch headers are scanned to the first batch whose last offset is >= offset.
   */
  translateOffset(offset: number, startingFilePosition = 0): LogOffsetPosition | null {
    const mapping = this.offsetIndex.lookup(offset);
    return this.log.searchForOffsetWithSize(offset, Math.max(mapping.position, startingFilePosition));
  }

  /**
   * LogSegment.read: whole batches from the one holding `startOffset`, at most `maxSize` bytes and none past
   * `maxPosition`; with minOneMessage the first batch is returned even if larger than maxSize. Null when no batch
   * of this segment has an offset >= startOffset.
   *
   * Kafka slices the file at the byte limit and may send a partial last batch that clients drop; here the slice
   * is cut back to whole batches, which is what a client keeps.
   */
  read(startOffset: number, maxSize: number, maxPosition = this.size(), minOneMessage = false): FetchDataInfo | null {
    if (maxSize < 0)
      throw new IllegalArgumentException("Invalid max size " + maxSize + " for log read from segment " + displayPath(this.log.file));
    const startOffsetAndSize = this.translateOffset(startOffset);
    if (startOffsetAndSize === null) return null;
    const startPosition = startOffsetAndSize.position;
    const fetchOffsetMetadata: LogOffsetMetadata = {
      messageOffset: startOffset, segmentBaseOffset: this.baseOffset, relativePositionInSegment: startPosition,
    };
    const adjustedMaxSize = minOneMessage ? Math.max(maxSize, startOffsetAndSize.size) : maxSize;
    if (adjustedMaxSize === 0) return { fetchOffsetMetadata, records: Buffer.alloc(0), firstEntryIncomplete: false };
    const fetchSize = Math.max(0, Math.min(maxPosition - startPosition, adjustedMaxSize));
    const firstEntryIncomplete = adjustedMaxSize < startOffsetAndSize.size;
    if (firstEntryIncomplete || fetchSize < startOffsetAndSize.size)
      return { fetchOffsetMetadata, records: Buffer.alloc(0), firstEntryIncomplete };
    const bytes = this.log.read(startPosition, fetchSize);
    return { fetchOffsetMetadata, records: bytes.subarray(0, wholeBatchBytes(bytes)), firstEntryIncomplete: false };
  }

  /**
   * LogSegment.recover: re-reads every batch, checks it (sizes, magic, CRC), rebuilds the indexes (and the
   * leader epoch cache) and truncates the file after the last valid batch. Returns the bytes truncated.
   */
  recover(leaderEpochCache?: LeaderEpochFileCache | null): number {
    this.offsetIndex.reset();
    this.timeIndex.reset();
    this.txnIndex.reset();
    let validBytes = 0;
    let lastIndexEntry = 0;
    this.maxTimestampAndOffsetSoFar = { timestamp: NO_TIMESTAMP, offset: this.baseOffset };
    try {
      for (const batch of this.log.batchesFrom(0, { withData: true })) {
        verifyBatch(batch.data!, batch.dataOffset);
        this.ensureOffsetInRange(batch.lastOffset);
        if (batch.maxTimestamp > this.maxTimestampSoFar())
          this.maxTimestampAndOffsetSoFar = { timestamp: batch.maxTimestamp, offset: batch.lastOffset };
        if (validBytes - lastIndexEntry > this.indexIntervalBytes) {
          this.offsetIndex.append(batch.lastOffset, validBytes);
          const m = this.readMaxTimestampAndOffsetSoFar();
          this.timeIndex.maybeAppend(m.timestamp, m.offset);
          lastIndexEntry = validBytes;
        }
        validBytes += batch.size;
        if (leaderEpochCache && batch.partitionLeaderEpoch >= 0) {
          const latest = leaderEpochCache.latestEpoch();
          if (latest === null || batch.partitionLeaderEpoch > latest) leaderEpochCache.assign(batch.partitionLeaderEpoch, batch.baseOffset);
        }
        // Producer state (ProducerStateManager) is rebuilt here in Kafka; it arrives with idempotence.
      }
    } catch (e) {
      if (!(e instanceof CorruptRecordException) && !(e instanceof InvalidRecordException)) throw e;
    }
    const truncated = this.log.sizeInBytes() - validBytes;
    this.log.truncateTo(validBytes);
    if (truncated > 0) this.lastModifiedMs = this.time.now();
    // A cleanly closed segment always ends its time index with the largest timestamp; recovery does the same.
    const m = this.readMaxTimestampAndOffsetSoFar();
    this.timeIndex.maybeAppend(m.timestamp, m.offset, true);
    this.rollingBasedTimestamp = null;
    this.bytesSinceLastIndexEntry = 0;
    return truncated;
  }

  /**
   * LogSegment.truncateTo: removes every batch with offsets >= `offset` (the batch holding `offset` and all
   * after it) and the index entries for them. Returns the bytes removed.
   */
  truncateTo(offset: number): number {
    const mapping = this.translateOffset(offset);
    this.offsetIndex.truncateTo(offset);
    this.timeIndex.truncateTo(offset);
    this.txnIndex.truncateTo(offset);
    const bytesTruncated = mapping === null ? 0 : this.log.truncateTo(mapping.position);
    if (this.log.sizeInBytes() === 0) {
      this.created = this.time.now();
      this.rollingBasedTimestamp = null;
    }
    if (bytesTruncated > 0) this.lastModifiedMs = this.time.now();
    this.bytesSinceLastIndexEntry = 0;
    if (this.maxTimestampSoFar() >= 0) this.maxTimestampAndOffsetSoFar = this.readLargestTimestamp();
    return bytesTruncated;
  }

  /** The offset the next appended batch would get: the last batch's last offset + 1, or the base offset. */
  readNextOffset(): number {
    const start = this.offsetIndex.lookup(this.offsetIndex.lastOffset).position;
    let next = this.baseOffset;
    for (const batch of this.log.batchesFrom(start)) next = batch.lastOffset + 1;
    return next;
  }

  /** True when the last offset in the segment does not fit a relative offset (legacy overflow, KAFKA-6264). */
  hasOverflow(): boolean {
    const nextOffset = this.readNextOffset();
    return nextOffset > this.baseOffset && !this.offsetIndex.canAppendOffset(nextOffset - 1);
  }

  /** fsyncs the log and the indexes. */
  flush(): void {
    this.log.flush();
    this.offsetIndex.flush();
    this.timeIndex.flush();
    this.txnIndex.flush();
  }

  /**
   * LogSegment.onBecomeInactiveSegment: on roll the time index gets a final entry with the largest timestamp of
   * the segment (if it is not already its last entry), which retention later reads.
   */
  onBecomeInactiveSegment(): void {
    const m = this.readMaxTimestampAndOffsetSoFar();
    this.timeIndex.maybeAppend(m.timestamp, m.offset, true);
    this.log.releaseTailCache();
  }

  /** LogSegment.close: the same final time index entry as on roll, if the max timestamp is known. */
  close(): void {
    if (this.maxTimestampAndOffsetSoFar !== null) {
      const m = this.maxTimestampAndOffsetSoFar;
      this.timeIndex.maybeAppend(m.timestamp, m.offset, true);
    }
  }

  /** Renames every file of the segment from suffix `oldSuffix` to `newSuffix` (e.g. "" -> ".deleted"). */
  changeFileSuffixes(oldSuffix: string, newSuffix: string): void {
    const rename = (file: string): string => replaceSuffix(file, oldSuffix, newSuffix);
    this.log.renameTo(rename(this.log.file));
    this.offsetIndex.renameTo(rename(this.offsetIndex.file));
    this.timeIndex.renameTo(rename(this.timeIndex.file));
    this.txnIndex.renameTo(rename(this.txnIndex.file));
  }

  hasSuffix(suffix: string): boolean {
    return this.log.file.endsWith(suffix) && this.offsetIndex.file.endsWith(suffix) && this.timeIndex.file.endsWith(suffix);
  }

  /** Deletes every file of the segment. */
  deleteIfExists(): void {
    this.log.deleteIfExists();
    this.offsetIndex.deleteIfExists();
    this.timeIndex.deleteIfExists();
    this.txnIndex.deleteIfExists();
  }

  deleted(): boolean {
    return !this.disk.exists(this.log.file) && !this.disk.exists(this.offsetIndex.file) && !this.disk.exists(this.timeIndex.file);
  }

  /** The largest timestamp and its offset so far; read from the time index's last entry the first time. */
  readMaxTimestampAndOffsetSoFar(): TimestampOffset {
    if (this.maxTimestampAndOffsetSoFar === null) this.maxTimestampAndOffsetSoFar = this.timeIndex.lastEntry();
    return this.maxTimestampAndOffsetSoFar;
  }

  maxTimestampSoFar(): number {
    return this.readMaxTimestampAndOffsetSoFar().timestamp;
  }

  /** The largest record timestamp, or null when the segment has none. */
  largestRecordTimestamp(): number | null {
    const t = this.maxTimestampSoFar();
    return t >= 0 ? t : null;
  }

  /**
   * LogSegment.largestTimestamp, what time retention compares: the largest record timestamp, else the last
   * modification time (kept from the runtime clock here, not the host's file mtime).
   */
  largestTimestamp(): number {
    const t = this.maxTimestampSoFar();
    return t >= 0 ? t : this.lastModifiedMs;
  }

  lastModified(): number {
    return this.lastModifiedMs;
  }

  /**
   * LogSegment.timeWaitedForRoll: the incoming batch's max timestamp minus the first batch's timestamp when
   * the first batch has one, else the time since the segment was created.
   */
  timeWaitedForRoll(now: number, messageTimestamp: number): number {
    this.loadFirstBatchTimestamp();
    const ts = this.rollingBasedTimestamp ?? -1;
    if (ts >= 0) return messageTimestamp - ts;
    return now - this.created;
  }

  /** The first batch's timestamp, or Number.MAX_SAFE_INTEGER (Long.MAX) when it has none. */
  getFirstBatchTimestamp(): number {
    this.loadFirstBatchTimestamp();
    const ts = this.rollingBasedTimestamp;
    return ts !== null && ts >= 0 ? ts : Number.MAX_SAFE_INTEGER;
  }

  /**
   * LogSegment.findOffsetByTimestamp: the first record with timestamp >= timestampMs and offset >=
   * startingOffset, searched from the time index's best entry.
   */
  findOffsetByTimestamp(timestampMs: number, startingOffset = this.baseOffset): TimestampAndOffset | null {
    const timestampOffset = this.timeIndex.lookup(timestampMs);
    const position = this.offsetIndex.lookup(Math.max(timestampOffset.offset, startingOffset)).position;
    return this.log.searchForTimestamp(timestampMs, position, startingOffset);
  }

  toString(): string {
    return "LogSegment(baseOffset=" + this.baseOffset + ", size=" + this.size() + ", lastModifiedTime=" + this.lastModifiedMs +
      ", largestRecordTimestamp=" + (this.maxTimestampAndOffsetSoFar?.timestamp ?? NO_TIMESTAMP) + ")";
  }

  private loadFirstBatchTimestamp(): void {
    if (this.rollingBasedTimestamp === null) {
      for (const batch of this.log.batchesFrom(0)) {
        this.rollingBasedTimestamp = batch.maxTimestamp;
        break;
      }
    }
  }

  private readLargestTimestamp(): TimestampOffset {
    const lastTimeIndexEntry = this.timeIndex.lastEntry();
    const offsetPosition = this.offsetIndex.lookup(lastTimeIndexEntry.offset);
    const after = this.log.largestTimestampAfter(offsetPosition.position);
    if (after.timestamp > lastTimeIndexEntry.timestamp) return { timestamp: after.timestamp, offset: after.offset };
    return lastTimeIndexEntry;
  }

  private ensureOffsetInRange(offset: number): void {
    if (!this.offsetIndex.canAppendOffset(offset))
      throw new LogSegmentOffsetOverflowException(this.baseOffset, offset, this.toString());
  }
}

function byteLength(records: Uint8Array | readonly Uint8Array[]): number {
  if (records instanceof Uint8Array) return records.byteLength;
  let n = 0;
  for (const r of records) n += r.byteLength;
  return n;
}

/** Bytes of the whole batches at the front of `bytes` (a read is cut back to batch boundaries). */
function wholeBatchBytes(bytes: Buffer): number {
  let pos = 0;
  while (pos + 12 <= bytes.length) {
    const size = bytes.readInt32BE(pos + 8) + 12;
    if (size < 12 || pos + size > bytes.length) break;
    pos += size;
  }
  return pos;
}

/** Utils.replaceSuffix. */
function replaceSuffix(name: string, oldSuffix: string, newSuffix: string): string {
  if (!name.endsWith(oldSuffix))
    throw new IllegalArgumentException("Expected string to end with '" + oldSuffix + "' but string is '" + name + "'");
  return name.substring(0, name.length - oldSuffix.length) + newSuffix;
}
