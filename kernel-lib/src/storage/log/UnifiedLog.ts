// The log of one partition replica (kafka.log.UnifiedLog with its LocalLog; "Log" before 3.0): a directory
// `<topic>-<partition>` of segments, the log start offset, the log end offset (LEO), the recovery point (what is
// known flushed), the high watermark (set by the replica layer), and the leader epoch cache.
//
// Appends: the leader validates a produced batch, assigns offsets from the LEO and stamps its leader epoch
// (appendAsLeader); a follower appends the leader's batches as they are (appendAsFollower). Both roll to a new
// segment first when LogSegment.shouldRoll says so. Reads return whole batches from the batch holding the
// requested offset up to an upper bound (the HW for consumers, the LEO for followers). Retention
// (deleteOldSegments) removes whole segments below the high watermark.
//
// Compaction (cleanup.policy=compact) is not implemented yet: LogCleaner will select logs with config.compact,
// clean [firstDirtyOffset, firstUncleanableOffset) into `.cleaned` segments and swap them in (replaceSegments,
// `.swap` files, which LogLoader already completes after a crash), and LogManager.cleanupLogs will then skip
// compacted logs as Kafka does.
import type { Disk } from "../../sim/Disk";
import { LeaderEpochCheckpointFile, LEADER_EPOCH_CHECKPOINT_FILENAME } from "../checkpoint/LeaderEpochCheckpointFile";
import { PartitionMetadataFile, PARTITION_METADATA_FILENAME } from "../checkpoint/PartitionMetadataFile";
import { CompressionType } from "../compression";
import { compressionOf, NO_PARTITION_LEADER_EPOCH, NO_TIMESTAMP, verifyBatch } from "../DefaultRecordBatch";
import {
  CorruptRecordException,
  IllegalArgumentException,
  InvalidRecordException,
  KafkaException,
  RecordBatchTooLargeException,
  RecordTooLargeException,
} from "../errors";
import { type BatchEntry, batchesIn } from "../MemoryRecords";
import type { AbortedTxn } from "./AbortedTxn";
import { KafkaStorageException, OffsetOutOfRangeException, OffsetsOutOfOrderException, UnexpectedAppendOffsetException } from "./errors";
import { LeaderEpochFileCache, UNDEFINED_EPOCH_OFFSET, type EpochEndOffset } from "./LeaderEpochFileCache";
import type { LogConfig } from "./LogConfig";
import { displayPath, joinPath, parseTopicPartitionName, type TopicPartition, topicPartitionString } from "./LogFileUtils";
import { type LoadedLogOffsets, type LogLoadReport, LogLoader } from "./LogLoader";
import { isMessageOffsetOnly, type LogOffsetMetadata, messageOffsetOnly } from "./LogOffsetMetadata";
import type { LogScheduler } from "./LogScheduler";
import type { TimestampAndOffset } from "./FileRecords";
import { type FetchDataInfo, LogSegment } from "./LogSegment";
import { LogSegments } from "./LogSegments";
import { type AppendOrigin, validateMessagesAndAssignOffsets } from "./LogValidator";
import { deleteSegmentFiles } from "./SegmentDeletion";


/** FetchIsolation: the upper bound of a read (LEO for followers, HW for read_uncommitted, LSO for read_committed). */
export type FetchIsolation = "LOG_END" | "HIGH_WATERMARK" | "TXN_COMMITTED";

/** ListOffsetsRequest special timestamps (§1.7). */
export const EARLIEST_TIMESTAMP = -2;
export const LATEST_TIMESTAMP = -1;
export const MAX_TIMESTAMP = -3;
export const EARLIEST_LOCAL_TIMESTAMP = -4;
export const LATEST_TIERED_TIMESTAMP = -5;

/** UnifiedLog.UnknownOffset */
export const UNKNOWN_OFFSET = -1;

/** LogAppendInfo: what an append did. */
export interface LogAppendInfo {
  /** First offset of the append (-1 when unknown). */
  firstOffset: number;
  lastOffset: number;
  /** Leader epoch of the last batch, or null. */
  lastLeaderEpoch: number | null;
  maxTimestamp: number;
  /** Offset stored with the max timestamp (the last offset of the batch holding it). */
  offsetOfMaxTimestamp: number;
  /** The broker time stamped on LogAppendTime topics, else -1. */
  logAppendTime: number;
  logStartOffset: number;
  sourceCompression: CompressionType;
  targetCompression: CompressionType;
  /** Bytes of valid batches in the input. */
  validBytes: number;
  lastOffsetOfFirstBatch: number;
  numRecords: number;
  /** Number of batches appended. */
  shallowCount: number;
}


/** Why the log start offset moved (LogStartOffsetIncrementReason). */
export type LogStartOffsetIncrementReason = "LeaderOffsetIncremented" | "SegmentDeletion" | "ClientRecordDeletion" | "SnapshotGenerated";

export interface UnifiedLogOptions {
  readonly disk: Disk;
  /** The partition directory, relative to the disk root, e.g. "tmp/kafka-logs/first-0". */
  readonly dir: string;
  readonly config: LogConfig;
  /** The runtime (clock and timers). */
  readonly scheduler: LogScheduler;
  /** The broker owning this log's timers (a crash cancels them). */
  readonly owner?: string | null;
  /** The runtime's seeded random source (segment.jitter.ms). */
  readonly random?: { nextInt(): number } | null;
  /** From recovery-point-offset-checkpoint (default 0: recover everything after an unclean shutdown). */
  readonly recoveryPoint?: number;
  /** From log-start-offset-checkpoint (default 0). */
  readonly logStartOffset?: number;
  /** True when `.kafka_cleanshutdown` was found: segments are not re-validated. */
  readonly hadCleanShutdown?: boolean;
  /** The topic id recorded in partition.metadata (KIP-516). */
  readonly topicId?: string | null;
}

interface AnalyzedRecords {
  batches: BatchEntry[];
  firstOffset: number;
  lastOffset: number;
  lastLeaderEpoch: number | null;
  maxTimestamp: number;
  shallowOffsetOfMaxTimestamp: number;
  sourceCompression: CompressionType;
  validBytes: number;
  lastOffsetOfFirstBatch: number;
  numRecords: number;
}

export class UnifiedLog {
  readonly disk: Disk;
  readonly topicPartition: TopicPartition;
  /** `topic-partition`, as Kafka prints a TopicPartition. */
  readonly name: string;
  private _dir: string;
  private _config: LogConfig;
  private readonly scheduler: LogScheduler;
  private readonly owner: string | null;
  private readonly random: { nextInt(): number } | null;
  private readonly segments = new LogSegments();
  readonly leaderEpochCache: LeaderEpochFileCache;
  private readonly partitionMetadataFile: PartitionMetadataFile;
  private _topicId: string | null;
  private _logStartOffset = 0;
  private _recoveryPoint = 0;
  private nextOffsetMetadata: LogOffsetMetadata;
  private highWatermarkMetadata: LogOffsetMetadata;
  private _lastFlushTime: number;
  private closed = false;
  /** What loading the log found (recovered segments, truncated bytes). */
  readonly loadReport: LogLoadReport;

  private constructor(o: UnifiedLogOptions) {
    this.disk = o.disk;
    this._dir = o.dir.replace(/\/+$/, "");
    const dirName = this._dir.substring(this._dir.lastIndexOf("/") + 1);
    this.topicPartition = parseTopicPartitionName(dirName, displayPath(this._dir));
    this.name = topicPartitionString(this.topicPartition);
    this._config = o.config;
    this.scheduler = o.scheduler;
    this.owner = o.owner ?? null;
    this.random = o.random ?? null;
    this._lastFlushTime = o.scheduler.now();
    o.disk.mkdirs(this._dir);
    this.leaderEpochCache = new LeaderEpochFileCache(this.name,
      new LeaderEpochCheckpointFile(o.disk, joinPath(this._dir, LEADER_EPOCH_CHECKPOINT_FILENAME)));
    const loaded = new LogLoader({
      disk: o.disk, dir: this._dir, config: o.config, scheduler: o.scheduler, owner: this.owner, random: this.random,
      hadCleanShutdown: o.hadCleanShutdown ?? false, segments: this.segments,
      logStartOffsetCheckpoint: o.logStartOffset ?? 0, recoveryPointCheckpoint: o.recoveryPoint ?? 0,
      leaderEpochCache: this.leaderEpochCache,
    }).load();
    this.loadReport = loaded.report;
    const offsets: LoadedLogOffsets = loaded.offsets;
    this._logStartOffset = offsets.logStartOffset;
    this._recoveryPoint = offsets.recoveryPoint;
    const active = this.segments.activeSegment();
    this.nextOffsetMetadata = { messageOffset: offsets.nextOffset, segmentBaseOffset: active.baseOffset, relativePositionInSegment: active.size() };
    this.highWatermarkMetadata = messageOffsetOnly(this._logStartOffset);
    // partition.metadata (KIP-516): keep the stored topic id, or record the given one.
    this.partitionMetadataFile = new PartitionMetadataFile(o.disk, joinPath(this._dir, PARTITION_METADATA_FILENAME));
    if (this.partitionMetadataFile.exists()) {
      this._topicId = this.partitionMetadataFile.read();
      if (o.topicId !== undefined && o.topicId !== null && o.topicId !== this._topicId)
        throw new KafkaException("Tried to assign topic ID " + o.topicId + " to log for topic partition " + this.name +
          ",but log already contained topic ID " + this._topicId);
    } else {
      this._topicId = o.topicId ?? null;
      if (this._topicId !== null) this.partitionMetadataFile.record(this._topicId);
    }
  }

  /**
   * Opens the log in `dir`, creating the directory for a new log, and loads it (LogLoader): recovers segments
   * after the recovery point unless the broker shut down cleanly.
   */
  static load(options: UnifiedLogOptions): UnifiedLog {
    return new UnifiedLog(options);
  }

  get dir(): string {
    return this._dir;
  }

  get config(): LogConfig {
    return this._config;
  }

  get topicId(): string | null {
    return this._topicId;
  }

  /** Replaces the config (topic config change); returns the old one. */
  updateConfig(config: LogConfig): LogConfig {
    const old = this._config;
    this._config = config;
    return old;
  }

  get logStartOffset(): number {
    return this._logStartOffset;
  }

  /** The offset of the next record appended (LEO). */
  get logEndOffset(): number {
    return this.nextOffsetMetadata.messageOffset;
  }

  get logEndOffsetMetadata(): LogOffsetMetadata {
    return this.nextOffsetMetadata;
  }

  /** Offsets below it are known flushed; recovery after a crash starts from its segment. */
  get recoveryPoint(): number {
    return this._recoveryPoint;
  }

  get highWatermark(): number {
    return this.highWatermarkMetadata.messageOffset;
  }

  /** LSO: equal to the HW until transactions arrive (no first unstable offset yet). */
  get lastStableOffset(): number {
    return this.highWatermark;
  }

  get lastFlushTime(): number {
    return this._lastFlushTime;
  }

  /** LEO - recovery point: records not yet known flushed. */
  get unflushedMessages(): number {
    return this.logEndOffset - this._recoveryPoint;
  }

  /** Total bytes of the segments. */
  size(): number {
    return this.segments.sizeInBytes();
  }

  numberOfSegments(): number {
    return this.segments.numberOfSegments();
  }

  /** The segments, oldest first. */
  logSegments(): LogSegment[] {
    return this.segments.values();
  }

  activeSegment(): LogSegment {
    return this.segments.activeSegment();
  }

  isEmpty(): boolean {
    return this._logStartOffset === this.logEndOffset;
  }

  /**
   * UnifiedLog.updateHighWatermark: sets the HW, kept within [logStartOffset, LEO]. Returns the HW set.
   */
  updateHighWatermark(hw: number): number {
    let next: LogOffsetMetadata;
    if (hw < this._logStartOffset) next = messageOffsetOnly(this._logStartOffset);
    else if (hw >= this.logEndOffset) next = this.nextOffsetMetadata;
    else next = messageOffsetOnly(hw);
    this.highWatermarkMetadata = next;
    return next.messageOffset;
  }

  /**
   * UnifiedLog.maybeIncrementHighWatermark (leader): raises the HW; it never goes back and never passes the LEO.
   * Returns the old HW if it moved, else null.
   */
  maybeIncrementHighWatermark(newHighWatermark: number): number | null {
    if (newHighWatermark > this.logEndOffset)
      throw new IllegalArgumentException("High watermark " + newHighWatermark + " update exceeds current log end offset " + this.logEndOffset);
    const old = this.highWatermark;
    if (old < newHighWatermark) {
      this.highWatermarkMetadata = newHighWatermark === this.logEndOffset ? this.nextOffsetMetadata : messageOffsetOnly(newHighWatermark);
      return old;
    }
    return null;
  }

  /** UnifiedLog.maybeUpdateHighWatermark (follower): sets the HW within bounds; the new HW if it changed. */
  maybeUpdateHighWatermark(hw: number): number | null {
    const old = this.highWatermark;
    const updated = this.updateHighWatermark(hw);
    return updated === old ? null : updated;
  }

  // ---------------------------------------------------------------------------------------------------- appends

  /**
   * Appends a produced batch as the partition leader: validates it (sizes, CRC, max.message.bytes, keys on
   * compacted topics), assigns offsets from the LEO, stamps `leaderEpoch` (and LogAppendTime if configured),
   * records the epoch in the leader epoch cache, rolls if needed and writes. The input buffer is not modified.
   * A rejected batch leaves the log unchanged.
   */
  appendAsLeader(records: Buffer, leaderEpoch: number, origin: AppendOrigin = "CLIENT"): LogAppendInfo {
    return this.append(records, origin, origin !== "RAFT_LEADER", leaderEpoch, false);
  }

  /**
   * Appends batches fetched from the leader as they are (offsets and epochs kept); they must start at the LEO
   * and have increasing offsets. Record sizes are not checked again (the leader accepted them).
   */
  appendAsFollower(records: Buffer): LogAppendInfo {
    return this.append(records, "REPLICATION", false, -1, true);
  }

  private append(records: Buffer, origin: AppendOrigin, validateAndAssignOffsets: boolean, leaderEpoch: number,
    ignoreRecordSize: boolean): LogAppendInfo {
    this.checkOpen();
    const a = this.analyzeAndValidateRecords(records, origin, ignoreRecordSize, !validateAndAssignOffsets, leaderEpoch);
    const info: LogAppendInfo = {
      firstOffset: a.firstOffset, lastOffset: a.lastOffset, lastLeaderEpoch: a.lastLeaderEpoch, maxTimestamp: a.maxTimestamp,
      offsetOfMaxTimestamp: a.shallowOffsetOfMaxTimestamp, logAppendTime: NO_TIMESTAMP, logStartOffset: this._logStartOffset,
      sourceCompression: a.sourceCompression, targetCompression: a.sourceCompression, validBytes: a.validBytes,
      lastOffsetOfFirstBatch: a.lastOffsetOfFirstBatch, numRecords: a.numRecords, shallowCount: a.batches.length,
    };
    // Nothing valid (an empty or partial input): nothing to append.
    if (a.validBytes <= 0) return info;

    let chunks: Buffer[];
    let size: number;
    let batchStarts: { baseOffset: number; partitionLeaderEpoch: number }[];
    if (validateAndAssignOffsets) {
      const offset = this.logEndOffset;
      info.firstOffset = offset;
      const v = validateMessagesAndAssignOffsets(records, a.batches, offset, this._config, this.name, leaderEpoch, origin,
        this.scheduler.now());
      chunks = v.chunks;
      size = v.sizeInBytes;
      batchStarts = v.batchStarts;
      info.lastOffset = v.lastOffset;
      info.maxTimestamp = v.maxTimestamp;
      info.offsetOfMaxTimestamp = v.shallowOffsetOfMaxTimestamp;
      info.targetCompression = v.targetCompression;
      info.lastLeaderEpoch = leaderEpoch >= 0 ? leaderEpoch : null;
      if (this._config.messageTimestampType === "LogAppendTime") info.logAppendTime = v.logAppendTime;
      // Re-compression may have changed the size: check max.message.bytes again.
      if (!ignoreRecordSize && v.messageSizeMaybeChanged) {
        for (const batchSize of v.batchSizes) {
          if (batchSize > this._config.maxMessageSize)
            throw new RecordTooLargeException("Message batch size is " + batchSize + " bytes in append to" + "partition " + this.name +
              " which exceeds the maximum configured size of " + this._config.maxMessageSize + ".");
        }
      }
    } else {
      // Offsets as given: they must not go back below the LEO.
      const firstOrLast = a.firstOffset !== UNKNOWN_OFFSET ? a.firstOffset : a.lastOffsetOfFirstBatch;
      if (firstOrLast < this.logEndOffset) {
        const offsets = firstOffsetsOf(a.batches, 10);
        throw new UnexpectedAppendOffsetException("Unexpected offset in append to " + this.name + ". First offset " + firstOrLast +
          " is less than the next offset " + this.logEndOffset + ". First 10 offsets in append: List(" + offsets.join(", ") +
          "), last offset in append: " + a.lastOffset + ". Log start offset = " + this._logStartOffset, a.firstOffset, a.lastOffset);
      }
      size = a.validBytes;
      chunks = [a.validBytes === records.length ? records : records.subarray(0, a.validBytes)];
      batchStarts = a.batches.map((b) => ({ baseOffset: b.header.baseOffset, partitionLeaderEpoch: b.header.partitionLeaderEpoch }));
    }

    // A batch larger than a segment can never be written (checked before anything is changed).
    if (size > this._config.segmentSize)
      throw new RecordBatchTooLargeException("Message batch size is " + size + " bytes in append to partition " + this.name +
        ", which exceeds the maximum configured segment size of " + this._config.segmentSize + ".");

    // The epoch cache learns the epoch stamped on each batch (its first offset in that epoch).
    for (const b of batchStarts) this.leaderEpochCache.assign(b.partitionLeaderEpoch, b.baseOffset);

    const segment = this.maybeRoll(size, info);
    segment.append(info.lastOffset, info.maxTimestamp, info.offsetOfMaxTimestamp, chunks.length === 1 ? chunks[0]! : chunks);
    this.updateLogEndOffset(info.lastOffset + 1);
    // Producer state and transaction index updates (ProducerStateManager) arrive with idempotence/transactions.
    if (this.unflushedMessages >= this._config.flushInterval) this.flush(false);
    return info;
  }

  /** UnifiedLog.analyzeAndValidateRecords: sizes, CRC and offsets of the input batches. */
  private analyzeAndValidateRecords(records: Buffer, origin: AppendOrigin, ignoreRecordSize: boolean,
    requireOffsetsMonotonic: boolean, leaderEpoch: number): AnalyzedRecords {
    const a: AnalyzedRecords = {
      batches: [], firstOffset: UNKNOWN_OFFSET, lastOffset: -1, lastLeaderEpoch: null, maxTimestamp: NO_TIMESTAMP,
      shallowOffsetOfMaxTimestamp: -1, sourceCompression: CompressionType.NONE, validBytes: 0, lastOffsetOfFirstBatch: -1, numRecords: 0,
    };
    let monotonic = true;
    let lastLeaderEpoch = NO_PARTITION_LEADER_EPOCH;
    for (const b of batchesIn(records)) {
      const h = b.header;
      if (origin === "RAFT_LEADER" && h.partitionLeaderEpoch !== leaderEpoch)
        throw new InvalidRecordException("Append from Raft leader did not set the batch epoch correctly");
      if (origin === "CLIENT" && h.baseOffset !== 0)
        throw new InvalidRecordException("The baseOffset of the record batch in the append to " + this.name + " should be 0, but it is " +
          h.baseOffset);
      const batchLastOffset = h.baseOffset + h.lastOffsetDelta;
      if (a.batches.length === 0) {
        a.firstOffset = h.baseOffset;
        a.lastOffsetOfFirstBatch = batchLastOffset;
      }
      if (a.lastOffset >= batchLastOffset) monotonic = false;
      a.lastOffset = batchLastOffset;
      lastLeaderEpoch = h.partitionLeaderEpoch;
      if (!ignoreRecordSize && b.size > this._config.maxMessageSize)
        throw new RecordTooLargeException("The record batch size in the append to " + this.name + " is " + b.size +
          " bytes which exceeds the maximum configured value of " + this._config.maxMessageSize + ".");
      try {
        verifyBatch(records, b.position);
      } catch (e) {
        if (!(e instanceof CorruptRecordException)) throw e;
        throw new CorruptRecordException("Record is corrupt (stored crc = " + h.crc + ") in topic partition " + this.name + ".");
      }
      if (h.maxTimestamp > a.maxTimestamp) {
        a.maxTimestamp = h.maxTimestamp;
        a.shallowOffsetOfMaxTimestamp = batchLastOffset;
      }
      a.validBytes += b.size;
      a.numRecords += h.recordsCount;
      const codec = compressionOf(h);
      if (codec !== CompressionType.NONE) a.sourceCompression = codec;
      a.batches.push(b);
    }
    if (requireOffsetsMonotonic && !monotonic)
      throw new OffsetsOutOfOrderException("Out of order offsets found in append to " + this.name + ": List(" +
        firstOffsetsOf(a.batches, Number.MAX_SAFE_INTEGER).join(", ") + ")");
    a.lastLeaderEpoch = lastLeaderEpoch !== NO_PARTITION_LEADER_EPOCH ? lastLeaderEpoch : null;
    return a;
  }

  /** UnifiedLog.maybeRoll: the active segment, after rolling if the append calls for it. */
  private maybeRoll(messagesSize: number, info: LogAppendInfo): LogSegment {
    const segment = this.segments.activeSegment();
    const now = this.scheduler.now();
    if (segment.shouldRoll({
      maxSegmentMs: this._config.maxSegmentMs(), maxSegmentBytes: this._config.segmentSize,
      maxTimestampInMessages: info.maxTimestamp, maxOffsetInMessages: info.lastOffset, messagesSize, now,
    })) {
      // v2 batches carry their first offset, so the new segment starts exactly at it.
      const rollOffset = info.firstOffset === UNKNOWN_OFFSET ? info.lastOffset - 2147483647 : info.firstOffset;
      return this.roll(rollOffset);
    }
    return segment;
  }

  /**
   * Rolls to a new active segment at max(expectedNextOffset, LEO): the old one gets its final time index entry
   * and is flushed (Kafka flushes it from a scheduler task right after; here at once), advancing the recovery
   * point. Rolling an empty active segment that already starts at the LEO keeps it.
   */
  roll(expectedNextOffset?: number): LogSegment {
    this.checkOpen();
    const newOffset = Math.max(expectedNextOffset ?? 0, this.logEndOffset);
    const active = this.segments.activeSegment();
    if (this.segments.contains(newOffset)) {
      if (active.baseOffset === newOffset && active.size() === 0) return active;
      throw new KafkaException("Trying to roll a new log segment for topic partition " + this.name + " with start offset " + newOffset +
        " =max(provided offset = " + (expectedNextOffset ?? "None") + ", LEO = " + this.logEndOffset + ") while it already exists. " +
        "Existing segment is " + this.segments.get(newOffset)!.toString() + ".");
    }
    if (newOffset < active.baseOffset)
      throw new KafkaException("Trying to roll a new log segment for topic partition " + this.name + " with start offset " + newOffset +
        " =max(provided offset = " + (expectedNextOffset ?? "None") + ", LEO = " + this.logEndOffset +
        ") lower than start offset of the active segment " + active.toString());
    active.onBecomeInactiveSegment();
    const segment = LogSegment.open(this.disk, this._dir, newOffset, this._config, this.scheduler,
      this._config.randomSegmentJitter(this.random));
    this.segments.add(segment);
    this.updateLogEndOffset(this.logEndOffset);
    // Producer snapshot at the new segment's base offset (ProducerStateManager.takeSnapshot) arrives with idempotence.
    this.flushUptoOffsetExclusive(segment.baseOffset);
    return segment;
  }

  private updateLogEndOffset(offset: number): void {
    const active = this.segments.activeSegment();
    this.nextOffsetMetadata = { messageOffset: offset, segmentBaseOffset: active.baseOffset, relativePositionInSegment: active.size() };
    if (this.highWatermark >= offset) this.highWatermarkMetadata = this.nextOffsetMetadata;
    if (this._recoveryPoint > offset) this._recoveryPoint = offset;
  }

  // ------------------------------------------------------------------------------------------------------ reads

  /**
   * Reads whole batches from the batch holding `startOffset`, at most `maxLength` bytes (the first batch even if
   * larger when `minOneMessage`), never past the upper bound: "HIGH_WATERMARK" (consumers, read_uncommitted),
   * "TXN_COMMITTED" (the LSO), "LOG_END" (followers), or an explicit exclusive offset. Batches may hold offsets
   * below `startOffset`; consumers skip them. Throws OffsetOutOfRangeException below the log start or above the
   * LEO; from the upper bound up to the LEO the result is empty.
   */
  read(startOffset: number, maxLength: number, isolation: FetchIsolation | number = "LOG_END", minOneMessage = true): FetchDataInfo {
    this.checkOpen();
    if (startOffset < this._logStartOffset)
      throw new OffsetOutOfRangeException("Received request for offset " + startOffset + " for partition " + this.name +
        ", but we only have log segments starting from offset: " + this._logStartOffset + ".");
    let maxOffsetMetadata: LogOffsetMetadata;
    if (typeof isolation === "number") maxOffsetMetadata = this.convertToOffsetMetadata(Math.min(isolation, this.logEndOffset));
    else if (isolation === "LOG_END") maxOffsetMetadata = this.nextOffsetMetadata;
    else maxOffsetMetadata = this.fetchHighWatermarkMetadata(); // LSO = HW until transactions arrive
    return this.localRead(startOffset, maxLength, minOneMessage, maxOffsetMetadata);
  }

  /** The HW with its segment and position, looked up once and kept (UnifiedLog.fetchHighWatermarkMetadata). */
  private fetchHighWatermarkMetadata(): LogOffsetMetadata {
    if (isMessageOffsetOnly(this.highWatermarkMetadata))
      this.highWatermarkMetadata = this.convertToOffsetMetadata(this.highWatermarkMetadata.messageOffset);
    return this.highWatermarkMetadata;
  }

  /** LocalLog.read */
  private localRead(startOffset: number, maxLength: number, minOneMessage: boolean, maxOffsetMetadata: LogOffsetMetadata): FetchDataInfo {
    const endOffsetMetadata = this.nextOffsetMetadata;
    const endOffset = endOffsetMetadata.messageOffset;
    let segment = this.segments.floorSegment(startOffset);
    if (startOffset > endOffset || segment === null)
      throw new OffsetOutOfRangeException("Received request for offset " + startOffset + " for partition " + this.name +
        ", but we only have log segments upto " + endOffset + ".");
    if (startOffset === maxOffsetMetadata.messageOffset) return emptyFetchDataInfo(maxOffsetMetadata);
    if (startOffset > maxOffsetMetadata.messageOffset) return emptyFetchDataInfo(this.convertToOffsetMetadata(startOffset));
    while (segment !== null) {
      let maxPosition: number | null;
      if (segment.baseOffset < maxOffsetMetadata.segmentBaseOffset) maxPosition = segment.size();
      else if (segment.baseOffset === maxOffsetMetadata.segmentBaseOffset && !isMessageOffsetOnly(maxOffsetMetadata))
        maxPosition = maxOffsetMetadata.relativePositionInSegment;
      else maxPosition = null;
      const fetchInfo = maxPosition === null ? null : segment.read(startOffset, maxLength, maxPosition, minOneMessage);
      if (fetchInfo !== null) return fetchInfo;
      segment = this.segments.higherSegment(segment.baseOffset);
    }
    // Beyond the last segment with nothing fetched although the offset is in range (all later data deleted).
    return emptyFetchDataInfo(this.nextOffsetMetadata);
  }

  /** The offset metadata (segment and position) of an offset between the log start and the LEO. */
  convertToOffsetMetadata(offset: number): LogOffsetMetadata {
    if (offset === this.logEndOffset) return this.nextOffsetMetadata;
    try {
      return this.localRead(offset, 1, false, this.nextOffsetMetadata).fetchOffsetMetadata;
    } catch (e) {
      if (e instanceof OffsetOutOfRangeException) return messageOffsetOnly(offset);
      throw e;
    }
  }

  /** The aborted transactions overlapping [startOffset, upperBoundOffset), for read_committed fetches. */
  collectAbortedTransactions(startOffset: number, upperBoundOffset: number): AbortedTxn[] {
    const out: AbortedTxn[] = [];
    let segment = this.segments.floorSegment(startOffset);
    while (segment !== null) {
      const r = segment.collectAbortedTxns(startOffset, upperBoundOffset);
      out.push(...r.abortedTransactions);
      if (r.isComplete) break;
      segment = this.segments.higherSegment(segment.baseOffset);
    }
    return out;
  }

  /**
   * UnifiedLog.fetchOffsetByTimestamp (ListOffsets): the first offset whose record timestamp is >= the target,
   * or null. Special targets: -2 EARLIEST (log start offset), -1 LATEST (the LEO: the Partition layer answers
   * clients with the HW or LSO instead), -3 MAX_TIMESTAMP (the record with the largest timestamp),
   * -4 EARLIEST_LOCAL (the log start: no tiered storage), -5 LATEST_TIERED (-1: nothing tiered).
   */
  fetchOffsetByTimestamp(targetTimestamp: number): TimestampAndOffset | null {
    this.checkOpen();
    if (targetTimestamp === EARLIEST_TIMESTAMP || targetTimestamp === EARLIEST_LOCAL_TIMESTAMP) {
      const earliest = this.leaderEpochCache.earliestEntry();
      const epoch = earliest !== null && earliest.startOffset <= this._logStartOffset ? earliest.epoch : null;
      return { timestamp: NO_TIMESTAMP, offset: this._logStartOffset, leaderEpoch: epoch };
    }
    if (targetTimestamp === LATEST_TIMESTAMP)
      return { timestamp: NO_TIMESTAMP, offset: this.logEndOffset, leaderEpoch: this.leaderEpochCache.latestEpoch() };
    if (targetTimestamp === LATEST_TIERED_TIMESTAMP) return { timestamp: NO_TIMESTAMP, offset: -1, leaderEpoch: -1 };
    if (targetTimestamp === MAX_TIMESTAMP) {
      let best: LogSegment | null = null;
      for (const s of this.segments.values()) if (best === null || s.maxTimestampSoFar() > best.maxTimestampSoFar()) best = s;
      if (best === null) return null;
      const m = best.readMaxTimestampAndOffsetSoFar();
      const position = best.offsetIndex.lookup(m.offset).position;
      for (const batch of best.log.batchesFrom(position)) {
        if (batch.maxTimestamp === m.timestamp) {
          // RecordBatch.offsetOfMaxTimestamp: the first record carrying the batch's max timestamp.
          const found = best.log.searchForTimestamp(m.timestamp, batch.position, batch.baseOffset);
          if (found === null) return null;
          return { timestamp: batch.maxTimestamp, offset: found.offset, leaderEpoch: batch.partitionLeaderEpoch >= 0 ? batch.partitionLeaderEpoch : null };
        }
      }
      return null;
    }
    // The first segment whose largest timestamp reaches the target, then its time index and a scan.
    for (const s of this.segments.values()) {
      if (s.largestTimestamp() >= targetTimestamp) return s.findOffsetByTimestamp(targetTimestamp, this._logStartOffset);
    }
    return null;
  }

  // ------------------------------------------------------------------------------------------- epochs, truncation

  latestEpoch(): number | null {
    return this.leaderEpochCache.latestEpoch();
  }

  /** UnifiedLog.endOffsetForEpoch: (epoch, end offset) per the leader epoch cache, or null when undefined. */
  endOffsetForEpoch(leaderEpoch: number): EpochEndOffset | null {
    const r = this.leaderEpochCache.endOffsetFor(leaderEpoch, this.logEndOffset);
    return r.endOffset === UNDEFINED_EPOCH_OFFSET ? null : r;
  }

  /** Records a new epoch starting at `startOffset` (a new leader does this on becoming leader). */
  maybeAssignEpochStartOffset(leaderEpoch: number, startOffset: number): void {
    this.leaderEpochCache.assign(leaderEpoch, startOffset);
  }

  /**
   * UnifiedLog.truncateTo: removes every record at or above `targetOffset` (follower truncation to the point of
   * divergence) and the epoch entries starting there. True if anything was removed. As in Kafka, the segment is
   * cut at the batch holding `targetOffset` and the LEO becomes `targetOffset`: truncation points are batch
   * boundaries (an epoch's start offset or a high watermark).
   */
  truncateTo(targetOffset: number): boolean {
    this.checkOpen();
    if (targetOffset < 0) throw new IllegalArgumentException("Cannot truncate partition " + this.name + " to a negative offset (" + targetOffset + ").");
    if (targetOffset >= this.logEndOffset) {
      // The epoch cache may hold an entry at the LEO from a leader that wrote nothing.
      this.leaderEpochCache.truncateFromEnd(this.logEndOffset);
      return false;
    }
    if (this.segments.firstSegmentBaseOffset()! > targetOffset) {
      this.truncateFullyAndStartAt(targetOffset);
      return true;
    }
    const deletable = this.segments.values().filter((s) => s.baseOffset > targetOffset);
    this.removeAndDeleteSegments(deletable, true);
    this.segments.activeSegment().truncateTo(targetOffset);
    this.updateLogEndOffset(targetOffset);
    this.leaderEpochCache.truncateFromEnd(targetOffset);
    this._logStartOffset = Math.min(targetOffset, this._logStartOffset);
    if (this.highWatermark >= this.logEndOffset) this.highWatermarkMetadata = this.nextOffsetMetadata;
    return true;
  }

  /** UnifiedLog.truncateFullyAndStartAt: deletes all data and restarts the log at `newOffset`. */
  truncateFullyAndStartAt(newOffset: number, logStartOffset?: number): void {
    this.checkOpen();
    const all = this.segments.values();
    const last = all[all.length - 1]!;
    this.removeAndDeleteSegments(all.slice(0, -1), true);
    // createAndDeleteSegment: the new segment exists before the old last one goes.
    if (newOffset === last.baseOffset) last.changeFileSuffixes("", ".deleted");
    const segment = LogSegment.open(this.disk, this._dir, newOffset, this._config, this.scheduler, this._config.randomSegmentJitter(this.random));
    this.segments.add(segment);
    if (newOffset !== last.baseOffset) this.segments.remove(last.baseOffset);
    deleteSegmentFiles([last], true, this.deletionContext());
    this.updateLogEndOffset(newOffset);
    this._recoveryPoint = newOffset;
    this.leaderEpochCache.clearAndFlush();
    this._logStartOffset = logStartOffset ?? newOffset;
    this.highWatermarkMetadata = this.nextOffsetMetadata;
  }

  /**
   * UnifiedLog.maybeIncrementLogStartOffset (DeleteRecords, retention): raises the log start offset; it may not
   * pass the high watermark. The epoch cache drops entries before it. True if it moved.
   */
  maybeIncrementLogStartOffset(newLogStartOffset: number, reason: LogStartOffsetIncrementReason): boolean {
    this.checkOpen();
    if (newLogStartOffset > this.highWatermark)
      throw new OffsetOutOfRangeException("Cannot increment the log start offset to " + newLogStartOffset + " of partition " + this.name +
        " since it is larger than the high watermark " + this.highWatermark);
    void reason;
    if (newLogStartOffset > this._logStartOffset) {
      this._logStartOffset = newLogStartOffset;
      this.leaderEpochCache.truncateFromStart(newLogStartOffset);
      if (this._recoveryPoint < newLogStartOffset) this._recoveryPoint = newLogStartOffset;
      return true;
    }
    return false;
  }

  // -------------------------------------------------------------------------------------------------- retention

  /**
   * UnifiedLog.deleteOldSegments (§2.1): with cleanup.policy containing delete, three passes over the segments
   * from the oldest, each stopping at the first segment it may not delete: segments entirely below the log start
   * offset, then size-based (retention.bytes), then time-based (retention.ms against the segment's largest record
   * timestamp). Only segments wholly below the high watermark qualify and an empty active segment never does; if
   * every segment qualifies the log first rolls. Returns the number of segments deleted.
   */
  deleteOldSegments(): number {
    this.checkOpen();
    if (this._config.delete)
      return this.deleteLogStartOffsetBreachedSegments() + this.deleteRetentionSizeBreachedSegments() + this.deleteRetentionMsBreachedSegments();
    return this.deleteLogStartOffsetBreachedSegments();
  }

  private deleteRetentionMsBreachedSegments(): number {
    const retentionMs = this._config.retentionMs;
    if (retentionMs < 0) return 0;
    const startMs = this.scheduler.now();
    return this.deleteOldSegmentsWhile((segment) => startMs - segment.largestTimestamp() > retentionMs);
  }

  private deleteRetentionSizeBreachedSegments(): number {
    const retentionSize = this._config.retentionSize;
    const size = this.size();
    if (retentionSize < 0 || size < retentionSize) return 0;
    let diff = size - retentionSize;
    return this.deleteOldSegmentsWhile((segment) => {
      const segmentSize = segment.size();
      const shouldDelete = diff - segmentSize >= 0;
      if (shouldDelete) diff -= segmentSize;
      return shouldDelete;
    });
  }

  private deleteLogStartOffsetBreachedSegments(): number {
    return this.deleteOldSegmentsWhile((_segment, next) => next !== null && next.baseOffset <= this._logStartOffset);
  }

  /** UnifiedLog.deleteOldSegments(predicate): deletableSegments, then deleteSegments. */
  private deleteOldSegmentsWhile(predicate: (segment: LogSegment, next: LogSegment | null) => boolean): number {
    const deletable = this.deletableSegments(predicate);
    return deletable.length > 0 ? this.deleteSegments(deletable) : 0;
  }

  private deletableSegments(predicate: (segment: LogSegment, next: LogSegment | null) => boolean): LogSegment[] {
    const all = this.segments.values();
    const deletable: LogSegment[] = [];
    for (let i = 0; i < all.length; i++) {
      const segment = all[i]!;
      const next = all[i + 1] ?? null;
      const isLastSegmentAndEmpty = next === null && segment.size() === 0;
      const upperBoundOffset = next !== null ? next.baseOffset : this.logEndOffset;
      // Never delete data at or beyond the high watermark: the log start offset must not pass it.
      const predicateResult = this.highWatermark >= upperBoundOffset && predicate(segment, next);
      if (predicateResult && !isLastSegmentAndEmpty) deletable.push(segment);
      else break;
    }
    return deletable;
  }

  private deleteSegments(deletable: LogSegment[]): number {
    const numToDelete = deletable.length;
    let segmentsToDelete = deletable;
    if (this.segments.numberOfSegments() === numToDelete) {
      // There must always be a segment: roll first when all are going.
      const newSegment = this.roll();
      if (deletable[deletable.length - 1]!.baseOffset === newSegment.baseOffset) segmentsToDelete = deletable.slice(0, -1);
    }
    if (segmentsToDelete.length > 0) {
      // The log start offset moves before the files go, so no read can reach them.
      const newLogStartOffset = this.segments.higherSegment(segmentsToDelete[segmentsToDelete.length - 1]!.baseOffset)!.baseOffset;
      this.maybeIncrementLogStartOffset(newLogStartOffset, "SegmentDeletion");
      this.removeAndDeleteSegments(segmentsToDelete, true);
    }
    return numToDelete;
  }

  private removeAndDeleteSegments(segments: readonly LogSegment[], asyncDelete: boolean): void {
    if (segments.length === 0) return;
    for (const s of segments) this.segments.remove(s.baseOffset);
    deleteSegmentFiles(segments, asyncDelete, this.deletionContext());
  }

  private deletionContext(): { scheduler: LogScheduler; owner: string | null; fileDeleteDelayMs: number } {
    return { scheduler: this.scheduler, owner: this.owner, fileDeleteDelayMs: this._config.fileDeleteDelayMs };
  }

  // ------------------------------------------------------------------------------------------- flush, close

  /**
   * Flushes every segment up to the LEO (`forceFlushActiveSegment` also flushes an empty active segment, as at
   * clean shutdown) and moves the recovery point to the LEO.
   */
  flush(forceFlushActiveSegment = false): void {
    this.flushTo(this.logEndOffset, forceFlushActiveSegment);
  }

  /** Flushes the segments holding offsets below `offset`; the recovery point becomes `offset`. */
  flushUptoOffsetExclusive(offset: number): void {
    this.flushTo(offset, false);
  }

  private flushTo(offset: number, includingOffset: boolean): void {
    this.checkOpen();
    const flushOffset = includingOffset ? offset + 1 : offset;
    if (flushOffset > this._recoveryPoint) {
      for (const s of this.segments.valuesRange(this._recoveryPoint, flushOffset)) s.flush();
      this._recoveryPoint = Math.max(this._recoveryPoint, offset);
      this._lastFlushTime = this.scheduler.now();
    }
  }

  /** Closes the log (the active segment's time index gets its final entry). Later calls fail. */
  close(): void {
    if (this.closed) return;
    this.segments.close();
    // Producer snapshot at the LEO (ProducerStateManager.takeSnapshot) arrives with idempotence.
    this.closed = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Deletes every file of the log and its directory at once (UnifiedLog.delete). */
  delete(): void {
    this.leaderEpochCache.clear();
    for (const s of this.segments.values()) s.deleteIfExists();
    this.segments.clear();
    this.closed = true;
    this.disk.deleteDir(this._dir);
  }

  /** Renames the directory (e.g. to `<tp>.<id>-delete` for asynchronous deletion); the log is closed. */
  renameDir(newDir: string): void {
    this.disk.rename(this._dir, newDir);
    this._dir = newDir;
    this.closed = true;
  }

  toString(): string {
    return "UnifiedLog(dir=" + displayPath(this._dir) + ", topicId=" + (this._topicId ?? "None") + ", topic=" + this.topicPartition.topic +
      ", partition=" + this.topicPartition.partition + ", highWatermark=" + this.highWatermark + ", lastStableOffset=" +
      this.lastStableOffset + ", logStartOffset=" + this._logStartOffset + ", logEndOffset=" + this.logEndOffset + ")";
  }

  private checkOpen(): void {
    if (this.closed)
      throw new KafkaStorageException("The memory mapped buffer for log of " + this.name + " is already closed");
  }
}

function emptyFetchDataInfo(fetchOffsetMetadata: LogOffsetMetadata): FetchDataInfo {
  return { fetchOffsetMetadata, records: Buffer.alloc(0), firstEntryIncomplete: false };
}

/** The first `max` offsets of the batches (assuming dense offsets within a batch), for error messages. */
function firstOffsetsOf(batches: readonly BatchEntry[], max: number): number[] {
  const out: number[] = [];
  for (const b of batches) {
    for (let o = b.header.baseOffset; o <= b.header.baseOffset + b.header.lastOffsetDelta && out.length < max; o++) out.push(o);
    if (out.length >= max) break;
  }
  return out;
}
