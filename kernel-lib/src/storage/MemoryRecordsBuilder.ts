import { sizeOfVarint } from "./ByteUtils";
import { codecFor } from "./compression";
import { CompressionType } from "./compression/CompressionType";
import { controlRecordKey, type ControlRecordType } from "./ControlRecordType";
import { type RecordHeader, recordSizeUpperBound, sizeOfBodyInBytes, writeRecord } from "./DefaultRecord";
import {
  NO_PARTITION_LEADER_EPOCH,
  NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID,
  NO_SEQUENCE,
  NO_TIMESTAMP,
  RECORD_BATCH_OVERHEAD,
  type TimestampType,
  computeAttributes,
  writeBatchHeader,
} from "./DefaultRecordBatch";
import { IllegalArgumentException, IllegalStateException } from "./errors";

/** How one batch is built (the arguments of Kafka's MemoryRecordsBuilder constructor). */
export interface BatchOptions {
  /** First offset (0 from a producer; the leader rewrites it). */
  baseOffset?: number;
  /** -1 from a producer; the leader stamps its epoch. */
  partitionLeaderEpoch?: number;
  compression?: CompressionType;
  /** compression.<codec>.level; the codec's default when absent. */
  compressionLevel?: number;
  timestampType?: TimestampType;
  /** Required with LogAppendTime: the broker's append time, written as maxTimestamp. */
  logAppendTime?: number;
  isTransactional?: boolean;
  isControl?: boolean;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  /** KIP-534: the cleaner's delete horizon; stored as baseTimestamp with attributes bit 6. */
  deleteHorizonMs?: number;
  /**
   * Size limit for hasRoomFor/isFull (Kafka's writeLimit: the producer passes batch.size).
   * Defaults to initialCapacity when one is given, else unlimited.
   */
  writeLimit?: number;
}

/** A record to append: what a producer hands over (SimpleRecord). */
export interface SimpleRecord {
  timestamp: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers?: RecordHeader[];
}

/** Anything with a control type and a serialized value: an EndTransactionMarker. */
export interface ControlRecordValue {
  readonly type: ControlRecordType;
  serializeValue(): Buffer;
}

/** MemoryRecordsBuilder.COMPRESSION_RATE_ESTIMATION_FACTOR (a Java float). */
export const COMPRESSION_RATE_ESTIMATION_FACTOR = Math.fround(1.05);
const DEFAULT_INITIAL_CAPACITY = 1024;
const INT_MAX = 0x7fffffff;
const EMPTY = Buffer.alloc(0);

/**
 * Builds one v2 record batch (org.apache.kafka.common.record.MemoryRecordsBuilder). Records are encoded
 * straight into one growable buffer behind the 61-byte header space; build() writes the header and CRC,
 * compressing the records array first when a codec is set. While open, estimatedSizeInBytes() predicts
 * the final size the way Kafka's producer does, so a batch can be cut at batch.size before compressing.
 */
export class MemoryRecordsBuilder {
  readonly baseOffset: number;
  readonly compression: CompressionType;
  readonly timestampType: TimestampType;
  readonly isControlBatch: boolean;
  readonly writeLimit: number;
  private readonly partitionLeaderEpoch: number;
  private readonly compressionLevel: number | undefined;
  private readonly logAppendTime: number;
  private readonly deleteHorizonMs: number | null;
  private transactional: boolean;
  private producerIdValue: number;
  private producerEpochValue: number;
  private baseSequenceValue: number;

  private buf: Buffer;
  private pos = RECORD_BATCH_OVERHEAD;
  private records = 0;
  private uncompressedRecordsSizeInBytes = 0;
  private baseTimestamp: number | null;
  private maxTimestampValue = NO_TIMESTAMP;
  private offsetOfMaxTimestampValue = -1;
  private lastOffsetValue: number | null = null;
  private estimatedCompressionRatio = 1.0;
  private actualCompressionRatio = 1.0;
  private appendsClosed = false;
  private aborted = false;
  private built: Buffer | null = null;

  constructor(opts: BatchOptions = {}, initialCapacity?: number) {
    this.baseOffset = opts.baseOffset ?? 0;
    this.partitionLeaderEpoch = opts.partitionLeaderEpoch ?? NO_PARTITION_LEADER_EPOCH;
    this.compression = opts.compression ?? CompressionType.NONE;
    this.compressionLevel = opts.compressionLevel;
    this.timestampType = opts.timestampType ?? "CreateTime";
    this.transactional = opts.isTransactional ?? false;
    this.isControlBatch = opts.isControl ?? false;
    this.producerIdValue = opts.producerId ?? NO_PRODUCER_ID;
    this.producerEpochValue = opts.producerEpoch ?? NO_PRODUCER_EPOCH;
    this.baseSequenceValue = opts.baseSequence ?? NO_SEQUENCE;
    this.deleteHorizonMs = opts.deleteHorizonMs ?? null;
    this.baseTimestamp = this.deleteHorizonMs;
    this.writeLimit = opts.writeLimit ?? initialCapacity ?? Number.MAX_SAFE_INTEGER;
    if (this.timestampType !== "CreateTime" && this.timestampType !== "LogAppendTime")
      throw new IllegalArgumentException("TimestampType must be CreateTime or LogAppendTime, not " + String(this.timestampType));
    if (this.timestampType === "LogAppendTime") {
      if (opts.logAppendTime === undefined)
        throw new IllegalArgumentException("A LogAppendTime batch needs logAppendTime (the broker's append time)");
      this.logAppendTime = opts.logAppendTime;
    } else {
      this.logAppendTime = NO_TIMESTAMP;
    }
    // Fail before any record is written if the codec is unknown or not loaded (zstd needs loadCodec).
    codecFor(this.compression);
    this.buf = Buffer.allocUnsafe(Math.max(initialCapacity ?? DEFAULT_INITIAL_CAPACITY, RECORD_BATCH_OVERHEAD + 64));
  }

  // ------------------------------------------------------------------------------------------ appends

  /** Append a record at the next offset. */
  append(timestamp: number, key: Uint8Array | null, value: Uint8Array | null, headers?: RecordHeader[]): void {
    this.appendRecord(this.nextSequentialOffset(), false, timestamp, key, value, headers);
  }

  /**
   * hasRoomFor and append in one pass, sizing the record once (the producer's per-record path,
   * ProducerBatch.tryAppend). False, with nothing appended, when the record does not fit.
   */
  tryAppend(timestamp: number, key: Uint8Array | null, value: Uint8Array | null, headers?: RecordHeader[]): boolean {
    const bodySize = this.bodySizeIfRoom(timestamp, key, value, headers);
    if (bodySize < 0) return false;
    this.appendRecord(this.nextSequentialOffset(), false, timestamp, key, value, headers, bodySize);
    return true;
  }

  /** Append a record at an explicit offset (offsets must increase; gaps are allowed, as after compaction). */
  appendWithOffset(offset: number, timestamp: number, key: Uint8Array | null, value: Uint8Array | null, headers?: RecordHeader[]): void {
    this.appendRecord(offset, false, timestamp, key, value, headers);
  }

  /** Append a control record (key = version 0 + type) at the next offset; control batches only. */
  appendControlRecord(timestamp: number, type: ControlRecordType, value: Uint8Array | null): void {
    this.appendRecord(this.nextSequentialOffset(), true, timestamp, controlRecordKey(type), value, undefined);
  }

  /** MemoryRecordsBuilder.appendEndTxnMarker: the COMMIT or ABORT record of a transaction. */
  appendEndTxnMarker(timestamp: number, marker: ControlRecordValue): void {
    if (this.producerIdValue === NO_PRODUCER_ID)
      throw new IllegalArgumentException("End transaction marker requires a valid producerId");
    if (!this.transactional)
      throw new IllegalArgumentException("End transaction marker depends on batch transactional flag being enabled");
    this.appendControlRecord(timestamp, marker.type, marker.serializeValue());
  }

  private appendRecord(
    offset: number,
    isControlRecord: boolean,
    timestamp: number,
    key: Uint8Array | null,
    value: Uint8Array | null,
    headers: RecordHeader[] | undefined,
    knownBodySize?: number,
  ): void {
    if (this.appendsClosed || this.built !== null)
      throw new IllegalStateException("Tried to append a record, but MemoryRecordsBuilder is closed for record appends");
    if (isControlRecord !== this.isControlBatch)
      throw new IllegalArgumentException("Control records can only be appended to control batches");
    if (this.lastOffsetValue !== null && offset <= this.lastOffsetValue)
      throw new IllegalArgumentException(
        `Illegal offset ${offset} following previous offset ${this.lastOffsetValue} (Offsets must increase monotonically).`);
    if (timestamp < 0 && timestamp !== NO_TIMESTAMP) throw new IllegalArgumentException("Invalid negative timestamp " + timestamp);
    if (this.records === INT_MAX)
      throw new IllegalArgumentException("Maximum number of records per batch exceeded, max records: " + INT_MAX);
    const offsetDelta = offset - this.baseOffset;
    if (offsetDelta > INT_MAX || offsetDelta < 0)
      throw new IllegalArgumentException(`Maximum offset delta exceeded, base offset: ${this.baseOffset}, last offset: ${offset}`);

    this.baseTimestamp ??= timestamp;
    const timestampDelta = timestamp - this.baseTimestamp;
    const bodySize = knownBodySize ?? sizeOfBodyInBytes(offsetDelta, timestampDelta, key, value, headers);
    const size = sizeOfVarint(bodySize) + bodySize;
    this.ensureCapacity(this.pos + size);
    this.pos = writeRecord(this.buf, this.pos, offsetDelta, timestampDelta, key, value, headers, bodySize);

    this.records++;
    this.uncompressedRecordsSizeInBytes += size;
    this.lastOffsetValue = offset;
    if (timestamp > this.maxTimestampValue) {
      this.maxTimestampValue = timestamp;
      this.offsetOfMaxTimestampValue = offset;
    }
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  private nextSequentialOffset(): number {
    return this.lastOffsetValue === null ? this.baseOffset : this.lastOffsetValue + 1;
  }

  // ------------------------------------------------------------------------------------------ sizes

  /**
   * MemoryRecordsBuilder.estimatedBytesWritten: header + records as written for none; for a codec,
   * header + uncompressed records x estimated ratio x 1.05 (Java float arithmetic, truncated to int).
   */
  private estimatedBytesWritten(): number {
    if (this.compression === CompressionType.NONE) return RECORD_BATCH_OVERHEAD + this.uncompressedRecordsSizeInBytes;
    const f = Math.fround;
    return (
      RECORD_BATCH_OVERHEAD +
      Math.trunc(f(f(f(this.uncompressedRecordsSizeInBytes) * this.estimatedCompressionRatio) * COMPRESSION_RATE_ESTIMATION_FACTOR))
    );
  }

  /** The batch's size so far: exact once built or without compression, else Kafka's estimate. */
  estimatedSizeInBytes(): number {
    return this.built !== null ? this.built.length : this.estimatedBytesWritten();
  }

  /** The producer sets the ratio its CompressionRatioEstimator holds for the topic before appending. */
  setEstimatedCompressionRatio(ratio: number): void {
    this.estimatedCompressionRatio = Math.fround(ratio);
  }

  /** After build(): compressed records bytes / uncompressed records bytes (1 for none), as a float. */
  compressionRatio(): number {
    return this.actualCompressionRatio;
  }

  /** Header + records before compression. */
  uncompressedBytesWritten(): number {
    return RECORD_BATCH_OVERHEAD + this.uncompressedRecordsSizeInBytes;
  }

  /**
   * MemoryRecordsBuilder.hasRoomFor: whether another record fits under writeLimit by the estimate
   * (always true for the first record, so any record can be sent in a batch of its own).
   */
  hasRoomFor(timestamp: number, key: Uint8Array | null, value: Uint8Array | null, headers?: RecordHeader[]): boolean {
    return this.bodySizeIfRoom(timestamp, key, value, headers) >= 0;
  }

  /** The body size the next sequential record would have, if it fits by hasRoomFor's rule; else -1. */
  private bodySizeIfRoom(timestamp: number, key: Uint8Array | null, value: Uint8Array | null, headers?: RecordHeader[]): number {
    if (this.isFull()) return -1;
    const timestampDelta = this.baseTimestamp === null ? 0 : timestamp - this.baseTimestamp;
    const bodySize = sizeOfBodyInBytes(this.nextSequentialOffset() - this.baseOffset, timestampDelta, key, value, headers);
    if (this.records > 0 && this.writeLimit < this.estimatedBytesWritten() + sizeOfVarint(bodySize) + bodySize) return -1;
    return bodySize;
  }

  /** MemoryRecordsBuilder.isFull: closed for appends, or at least one record and the estimate reached writeLimit. */
  isFull(): boolean {
    return this.appendsClosed || this.built !== null || (this.records > 0 && this.writeLimit <= this.estimatedBytesWritten());
  }

  numRecords(): number {
    return this.records;
  }

  isClosed(): boolean {
    return this.built !== null;
  }

  lastOffset(): number | null {
    return this.lastOffsetValue;
  }

  /** Largest record timestamp so far (-1 if none); LogAppendTime batches report the append time. */
  maxTimestamp(): number {
    return this.timestampType === "LogAppendTime" ? this.logAppendTime : this.maxTimestampValue;
  }

  /** Offset of the first record holding maxTimestamp (-1 if none). */
  offsetOfMaxTimestamp(): number {
    return this.timestampType === "LogAppendTime" ? (this.lastOffsetValue ?? -1) : this.offsetOfMaxTimestampValue;
  }

  producerId(): number {
    return this.producerIdValue;
  }

  producerEpoch(): number {
    return this.producerEpochValue;
  }

  baseSequence(): number {
    return this.baseSequenceValue;
  }

  isTransactional(): boolean {
    return this.transactional;
  }

  // ------------------------------------------------------------------------------------------ closing

  /** The producer assigns idempotence state when it drains the batch (before build). */
  setProducerState(producerId: number, producerEpoch: number, baseSequence: number, isTransactional: boolean): void {
    if (this.built !== null)
      throw new IllegalStateException(
        "Trying to set producer state of an already closed batch. This indicates a bug on the client.");
    this.producerIdValue = producerId;
    this.producerEpochValue = producerEpoch;
    this.baseSequenceValue = baseSequence;
    this.transactional = isTransactional;
  }

  /** Keep a last offset beyond the last record (the cleaner preserves lastOffsetDelta this way). */
  overrideLastOffset(lastOffset: number): void {
    if (this.built !== null) throw new IllegalStateException("Cannot override the last offset after the records have been built");
    this.lastOffsetValue = lastOffset;
  }

  /** No more appends; the header can still be written by build(). */
  closeForRecordAppends(): void {
    this.appendsClosed = true;
  }

  abort(): void {
    this.appendsClosed = true;
    this.aborted = true;
  }

  /**
   * Finish the batch: compress the records if a codec is set, write the header and CRC. Returns the whole
   * batch (an empty buffer if no record was appended, like MemoryRecords.EMPTY). Idempotent.
   */
  build(): Buffer {
    if (this.aborted) throw new IllegalStateException("Attempting to build an aborted record batch");
    if (this.built !== null) return this.built;
    this.validateProducerState();
    this.appendsClosed = true;
    if (this.records === 0) {
      this.built = EMPTY;
      return this.built;
    }

    let out: Buffer;
    if (this.compression === CompressionType.NONE) {
      out = this.buf.subarray(0, this.pos);
      this.actualCompressionRatio = 1.0;
    } else {
      const compressed = codecFor(this.compression).compress(this.buf.subarray(RECORD_BATCH_OVERHEAD, this.pos), this.compressionLevel);
      out = Buffer.allocUnsafe(RECORD_BATCH_OVERHEAD + compressed.length);
      compressed.copy(out, RECORD_BATCH_OVERHEAD);
      this.actualCompressionRatio = Math.fround(compressed.length / this.uncompressedRecordsSizeInBytes);
    }
    const lastOffset = this.lastOffsetValue ?? this.baseOffset;
    writeBatchHeader(out, 0, {
      baseOffset: this.baseOffset,
      sizeInBytes: out.length,
      partitionLeaderEpoch: this.partitionLeaderEpoch,
      attributes: computeAttributes(this.compression, this.timestampType, this.transactional, this.isControlBatch, this.deleteHorizonMs !== null),
      lastOffsetDelta: lastOffset - this.baseOffset,
      baseTimestamp: this.baseTimestamp ?? NO_TIMESTAMP,
      maxTimestamp: this.maxTimestamp(),
      producerId: this.producerIdValue,
      producerEpoch: this.producerEpochValue,
      baseSequence: this.baseSequenceValue,
      recordsCount: this.records,
    });
    this.built = out;
    this.buf = EMPTY;
    return out;
  }

  private validateProducerState(): void {
    if (this.transactional && this.producerIdValue === NO_PRODUCER_ID)
      throw new IllegalArgumentException("Cannot write transactional messages without a valid producer ID");
    if (this.producerIdValue !== NO_PRODUCER_ID) {
      if (this.producerEpochValue === NO_PRODUCER_EPOCH) throw new IllegalArgumentException("Invalid negative producer epoch");
      if (this.baseSequenceValue < 0 && !this.isControlBatch)
        throw new IllegalArgumentException("Invalid negative sequence number used");
    }
  }
}

/** Build one batch from a list of records (sized up front, so the buffer never grows). */
export function buildBatch(records: readonly SimpleRecord[], opts: BatchOptions = {}): Buffer {
  let capacity = RECORD_BATCH_OVERHEAD;
  for (const r of records) capacity += recordSizeUpperBound(r.key, r.value, r.headers);
  const builder = new MemoryRecordsBuilder({ writeLimit: Number.MAX_SAFE_INTEGER, ...opts }, capacity);
  for (const r of records) builder.append(r.timestamp, r.key, r.value, r.headers);
  return builder.build();
}
