// What the leader does to produced batches before they are written (org.apache.kafka.storage.internals.log.
// LogValidator, §1.11): checks records where the topic requires it (keys on compacted topics, no control batches
// from clients), assigns offsets (baseOffset = the log end offset), stamps the partition leader epoch, stamps
// LogAppendTime when the topic uses it (re-computing the CRC), and re-compresses when the topic's
// compression.type is a codec different from the producer's.
//
// The caller's buffer is not modified (a client may send the same bytes again): the batch is copied into a
// scratch buffer shared by all logs, rewritten there and written from there at once.
//
// Kafka also iterates every record of an uncompressed batch to recompute the max timestamp and check record
// timestamps against message.timestamp.before/after.max.ms (Long.MAX in 3.9, so a no-op by default). Here the
// batch header's max timestamp is trusted and records are decoded only when a check needs them.
import { CompressionType, compressionTypeForName } from "../compression";
import {
  type RecordBatchHeader,
  compressionOf,
  decodeRecords,
  isControl,
  isTransactional,
  setBaseOffset,
  setMaxTimestamp,
  setPartitionLeaderEpoch,
} from "../DefaultRecordBatch";
import { buildBatch } from "../MemoryRecordsBuilder";
import { InvalidRecordException } from "../errors";
import type { BatchEntry } from "../MemoryRecords";
import type { LogConfig } from "./LogConfig";

/** AppendOrigin: who appends (client produce, a coordinator, replication, the Raft leader). */
export type AppendOrigin = "CLIENT" | "COORDINATOR" | "REPLICATION" | "RAFT_LEADER";

/** LogValidator.ValidationAndOffsetAssignResult, plus the chunks to write. */
export interface ValidationAndOffsetAssignResult {
  /** Bytes to write, in order (valid until the next append: the in-place path uses a shared scratch buffer). */
  readonly chunks: Buffer[];
  readonly sizeInBytes: number;
  /** (baseOffset, partitionLeaderEpoch) of the output batch, for the leader epoch cache. */
  readonly batchStarts: { baseOffset: number; partitionLeaderEpoch: number }[];
  readonly lastOffset: number;
  readonly maxTimestamp: number;
  readonly shallowOffsetOfMaxTimestamp: number;
  /** The broker time stamped with LogAppendTime, else -1. */
  readonly logAppendTime: number;
  readonly messageSizeMaybeChanged: boolean;
  readonly targetCompression: CompressionType;
  /** Sizes of the output batches (for the max.message.bytes re-check after re-compression). */
  readonly batchSizes: number[];
}


/** BrokerCompressionType.targetCompression: `producer` keeps the batch codec, `uncompressed` means none. */
export function targetCompression(config: LogConfig, source: CompressionType): CompressionType {
  if (config.compressionType === "producer") return source;
  if (config.compressionType === "uncompressed") return CompressionType.NONE;
  return compressionTypeForName(config.compressionType);
}

export function validateMessagesAndAssignOffsets(
  records: Buffer,
  batches: readonly BatchEntry[],
  firstOffset: number,
  config: LogConfig,
  topicPartition: string,
  leaderEpoch: number,
  origin: AppendOrigin,
  now: number,
): ValidationAndOffsetAssignResult {
  // getFirstBatchAndMaybeValidateNoMoreBatches: a v2 append holds exactly one batch.
  const b = batches[0];
  if (b === undefined) throw new InvalidRecordException("Record batch has no batches at all");
  if (batches.length > 1) throw new InvalidRecordException("Compressed outer record has more than one batch");
  const h = b.header;
  validateBatch(h, origin, topicPartition);
  const logAppendTime = config.messageTimestampType === "LogAppendTime";
  const source = compressionOf(h);
  const target = targetCompression(config, source);
  if (config.compact && !isControl(h)) {
    // LogValidator.validateKey for every record, then processRecordErrors.
    const recordErrors: RecordError[] = [];
    decodeRecords(records, b.position).forEach((r, batchIndex) => {
      if (r.key === null)
        recordErrors.push({ batchIndex, message: "Compacted topic cannot accept message without key in topic partition " + topicPartition + "." });
    });
    processRecordErrors(recordErrors);
  }
  let chunks: Buffer[];
  let count: number;
  let messageSizeMaybeChanged = false;
  if (target !== source) {
    // Re-compression (LogValidator.buildRecordsAndAssignOffsets): a new batch holding the same records.
    const recs = decodeRecords(records, b.position);
    const rebuilt = buildBatch(recs.map((r) => ({ timestamp: r.timestamp, key: r.key, value: r.value, headers: r.headers })), {
      baseOffset: firstOffset,
      partitionLeaderEpoch: leaderEpoch,
      compression: target,
      compressionLevel: levelFor(config, target),
      timestampType: logAppendTime ? "LogAppendTime" : "CreateTime",
      ...(logAppendTime ? { logAppendTime: now } : {}),
      isTransactional: isTransactional(h),
      producerId: h.producerId,
      producerEpoch: h.producerEpoch,
      baseSequence: h.baseSequence,
    });
    chunks = [rebuilt];
    count = recs.length;
    messageSizeMaybeChanged = true;
  } else {
    // In-place assignment (assignOffsetsNonCompressed / the in-place compressed path), on a copy of the batch.
    const copy = scratchCopy(records, b.position, b.size);
    setBaseOffset(copy, 0, firstOffset);
    setPartitionLeaderEpoch(copy, 0, leaderEpoch);
    if (logAppendTime) setMaxTimestamp(copy, 0, "LogAppendTime", now);
    chunks = [copy];
    count = h.lastOffsetDelta + 1;
  }
  let size = 0;
  for (const c of chunks) size += c.length;
  const lastOffset = firstOffset + count - 1;
  return {
    chunks,
    sizeInBytes: size,
    batchStarts: [{ baseOffset: firstOffset, partitionLeaderEpoch: leaderEpoch }],
    lastOffset,
    maxTimestamp: logAppendTime ? now : h.maxTimestamp,
    // The time index keeps the batch's last offset (the shallow offset) for its max timestamp.
    shallowOffsetOfMaxTimestamp: lastOffset,
    logAppendTime: logAppendTime ? now : -1,
    messageSizeMaybeChanged,
    targetCompression: target,
    batchSizes: [size],
  };
}

/** ProduceResponse.RecordError: a rejected record (its index in the batch) and why. */
export interface RecordError {
  readonly batchIndex: number;
  readonly message: string;
}

/** The InvalidRecordException of a record-level rejection, with the errors of every rejected record. */
export class RecordValidationException extends InvalidRecordException {
  constructor(message: string, readonly recordErrors: readonly RecordError[]) {
    super(message);
  }
}

/** LogValidator.processRecordErrors: fails the whole batch, listing at most the first three record errors. */
function processRecordErrors(recordErrors: readonly RecordError[]): void {
  if (recordErrors.length === 0) return;
  const shown = recordErrors.slice(0, 3).map((e) => "RecordError(batchIndex=" + e.batchIndex + ", message='" + e.message + "')");
  throw new RecordValidationException("One or more records have been rejected due to " + recordErrors.length + " record errors " +
    "in total, and only showing the first three errors at most: [" + shown.join(", ") + "]", recordErrors);
}

/** LogValidator.validateBatch: the header checks made on batches from clients. */
function validateBatch(h: RecordBatchHeader, origin: AppendOrigin, topicPartition: string): void {
  if (origin !== "CLIENT") return;
  const lastOffset = h.baseOffset + h.lastOffsetDelta;
  const countFromOffsets = lastOffset - h.baseOffset + 1;
  if (countFromOffsets <= 0)
    throw new InvalidRecordException("Batch has an invalid offset range: [" + h.baseOffset + ", " + lastOffset + "] in topic partition " +
      topicPartition + ".");
  if (h.recordsCount <= 0)
    throw new InvalidRecordException("Invalid reported count for record batch: " + h.recordsCount + " in topic partition " + topicPartition + ".");
  if (countFromOffsets !== h.recordsCount)
    throw new InvalidRecordException("Inconsistent batch offset range [" + h.baseOffset + ", " + lastOffset + "] and count of records " +
      h.recordsCount + " in topic partition " + topicPartition + ".");
  if (isControl(h))
    throw new InvalidRecordException("Clients are not allowed to write control records in topic partition " + topicPartition + ".");
  if (h.producerId >= 0 && h.baseSequence < 0)
    throw new InvalidRecordException("Invalid sequence number " + h.baseSequence + " in record batch with producerId " + h.producerId +
      " in topic partition " + topicPartition + ".");
}

function levelFor(config: LogConfig, type: CompressionType): number | undefined {
  switch (type) {
    case CompressionType.GZIP: return config.compressionGzipLevel;
    case CompressionType.LZ4: return config.compressionLz4Level;
    case CompressionType.ZSTD: return config.compressionZstdLevel;
    default: return undefined;
  }
}

/**
 * One buffer shared by every log (appends are synchronous): the leader rewrites a copy of the batch there and
 * writes it with a single write. A single write of a copy measured faster here than a vectored write of a
 * rewritten header plus the untouched records.
 */
let scratch = Buffer.alloc(64 * 1024);

function scratchCopy(records: Buffer, position: number, size: number): Buffer {
  if (scratch.length < size) scratch = Buffer.alloc(Math.max(size, scratch.length * 2));
  records.copy(scratch, 0, position, position + size);
  return scratch.subarray(0, size);
}
