import { ByteCursor, readInt64BE, writeInt64BE } from "./ByteUtils";
import { codecFor } from "./compression";
import { CompressionType, compressionTypeForId } from "./compression/CompressionType";
import { crc32c } from "./Crc32C";
import { type Record, readRecord } from "./DefaultRecord";
import { CorruptRecordException, InvalidRecordException, KafkaException } from "./errors";

export { incrementSequence, MAX_RECORD_OVERHEAD } from "./DefaultRecord";
export type { Record, RecordHeader } from "./DefaultRecord";

// A v2 record batch (org.apache.kafka.common.record.DefaultRecordBatch), all integers big-endian:
//
//   0  baseOffset            int64   first offset; the leader overwrites it on append
//   8  batchLength           int32   bytes after this field (batch size - LOG_OVERHEAD)
//  12  partitionLeaderEpoch  int32   stamped by the leader; outside the CRC
//  16  magic                 int8    2
//  17  crc                   uint32  CRC-32C of bytes [21, end)
//  21  attributes            int16   codec bits 0-2, timestamp type 3, transactional 4, control 5, delete horizon 6
//  23  lastOffsetDelta       int32
//  27  baseTimestamp         int64   first record's timestamp (the delete horizon when bit 6 is set)
//  35  maxTimestamp          int64
//  43  producerId            int64
//  51  producerEpoch         int16
//  53  baseSequence          int32
//  57  recordsCount          int32   never compressed
//  61  records                       the records array; compressed as one blob when a codec is set

export const BASE_OFFSET_OFFSET = 0;
export const LENGTH_OFFSET = 8;
export const PARTITION_LEADER_EPOCH_OFFSET = 12;
export const MAGIC_OFFSET = 16;
export const CRC_OFFSET = 17;
export const ATTRIBUTES_OFFSET = 21;
export const LAST_OFFSET_DELTA_OFFSET = 23;
export const BASE_TIMESTAMP_OFFSET = 27;
export const MAX_TIMESTAMP_OFFSET = 35;
export const PRODUCER_ID_OFFSET = 43;
export const PRODUCER_EPOCH_OFFSET = 51;
export const BASE_SEQUENCE_OFFSET = 53;
export const RECORDS_COUNT_OFFSET = 57;
export const RECORDS_OFFSET = 61;

/** Size of the batch header (DefaultRecordBatch.RECORD_BATCH_OVERHEAD). */
export const RECORD_BATCH_OVERHEAD = 61;
/** baseOffset + batchLength (Records.LOG_OVERHEAD). */
export const LOG_OVERHEAD = 12;
/** Bytes needed to read a batch's magic (Records.HEADER_SIZE_UP_TO_MAGIC). */
export const HEADER_SIZE_UP_TO_MAGIC = 17;
/** The smallest legal batchLength of any format (LegacyRecord.RECORD_OVERHEAD_V0). */
export const RECORD_OVERHEAD_V0 = 14;
export const MAGIC_VALUE_V2 = 2;
export const CURRENT_MAGIC_VALUE = 2;

export const NO_TIMESTAMP = -1;
export const NO_PRODUCER_ID = -1;
export const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;
export const NO_PARTITION_LEADER_EPOCH = -1;

export const COMPRESSION_CODEC_MASK = 0x07;
export const TIMESTAMP_TYPE_MASK = 0x08;
export const TRANSACTIONAL_FLAG_MASK = 0x10;
export const CONTROL_FLAG_MASK = 0x20;
export const DELETE_HORIZON_FLAG_MASK = 0x40;

/** org.apache.kafka.common.record.TimestampType names. */
export type TimestampType = "CreateTime" | "LogAppendTime";

export interface RecordBatchHeader {
  baseOffset: number;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordsCount: number;
}

function truncated(buf: Buffer, position: number, needed: number): CorruptRecordException {
  return new CorruptRecordException(
    `Record batch at position ${position} is truncated: ${needed} bytes needed but only ${Math.max(0, buf.length - position)} available`);
}

/** Read the 61-byte header of the batch at `position`. */
export function readBatchHeader(buf: Buffer, position = 0): RecordBatchHeader {
  if (buf.length - position < RECORD_BATCH_OVERHEAD) throw truncated(buf, position, RECORD_BATCH_OVERHEAD);
  return {
    baseOffset: readInt64BE(buf, position + BASE_OFFSET_OFFSET),
    batchLength: buf.readInt32BE(position + LENGTH_OFFSET),
    partitionLeaderEpoch: buf.readInt32BE(position + PARTITION_LEADER_EPOCH_OFFSET),
    magic: buf.readInt8(position + MAGIC_OFFSET),
    crc: buf.readUInt32BE(position + CRC_OFFSET),
    attributes: buf.readInt16BE(position + ATTRIBUTES_OFFSET),
    lastOffsetDelta: buf.readInt32BE(position + LAST_OFFSET_DELTA_OFFSET),
    baseTimestamp: readInt64BE(buf, position + BASE_TIMESTAMP_OFFSET),
    maxTimestamp: readInt64BE(buf, position + MAX_TIMESTAMP_OFFSET),
    producerId: readInt64BE(buf, position + PRODUCER_ID_OFFSET),
    producerEpoch: buf.readInt16BE(position + PRODUCER_EPOCH_OFFSET),
    baseSequence: buf.readInt32BE(position + BASE_SEQUENCE_OFFSET),
    recordsCount: buf.readInt32BE(position + RECORDS_COUNT_OFFSET),
  };
}

/** The whole batch's size in bytes: batchLength + LOG_OVERHEAD. */
export function batchSizeAt(buf: Buffer, position: number): number {
  return buf.readInt32BE(position + LENGTH_OFFSET) + LOG_OVERHEAD;
}

/** RecordBatch.lastOffset: baseOffset + lastOffsetDelta. */
export function lastOffsetOf(h: RecordBatchHeader): number {
  return h.baseOffset + h.lastOffsetDelta;
}

/** RecordBatch.nextOffset: lastOffset + 1. */
export function nextOffsetOf(h: RecordBatchHeader): number {
  return h.baseOffset + h.lastOffsetDelta + 1;
}

/** RecordBatch.lastSequence: baseSequence + lastOffsetDelta (wrapping), or -1 without a sequence. */
export function lastSequenceOf(h: RecordBatchHeader): number {
  if (h.baseSequence === NO_SEQUENCE) return NO_SEQUENCE;
  const s = h.baseSequence;
  const d = h.lastOffsetDelta;
  return s > 0x7fffffff - d ? d - (0x7fffffff - s) - 1 : s + d;
}

/** The codec of the batch (throws "Unknown compression type id: n" for ids 5-7, as Kafka does). */
export function compressionOf(h: RecordBatchHeader): CompressionType {
  return compressionTypeForId(h.attributes & COMPRESSION_CODEC_MASK);
}

export function isTransactional(h: RecordBatchHeader): boolean {
  return (h.attributes & TRANSACTIONAL_FLAG_MASK) !== 0;
}

export function isControl(h: RecordBatchHeader): boolean {
  return (h.attributes & CONTROL_FLAG_MASK) !== 0;
}

export function timestampTypeOf(h: RecordBatchHeader): TimestampType {
  return (h.attributes & TIMESTAMP_TYPE_MASK) === 0 ? "CreateTime" : "LogAppendTime";
}

/** KIP-534 (3.1+): the cleaner stored a delete horizon in baseTimestamp. */
export function hasDeleteHorizon(h: RecordBatchHeader): boolean {
  return (h.attributes & DELETE_HORIZON_FLAG_MASK) !== 0;
}

/** The delete horizon (ms) when the batch has one, else null (DefaultRecordBatch.deleteHorizonMs). */
export function deleteHorizonMsOf(h: RecordBatchHeader): number | null {
  return hasDeleteHorizon(h) ? h.baseTimestamp : null;
}

/** DefaultRecordBatch.computeAttributes. */
export function computeAttributes(
  compression: CompressionType,
  timestampType: TimestampType,
  transactional: boolean,
  control: boolean,
  deleteHorizon = false,
): number {
  let attributes = compression & COMPRESSION_CODEC_MASK;
  if (timestampType === "LogAppendTime") attributes |= TIMESTAMP_TYPE_MASK;
  if (transactional) attributes |= TRANSACTIONAL_FLAG_MASK;
  if (control) attributes |= CONTROL_FLAG_MASK;
  if (deleteHorizon) attributes |= DELETE_HORIZON_FLAG_MASK;
  return attributes;
}

/** The CRC stored in the batch at `position`. */
export function storedChecksum(buf: Buffer, position = 0): number {
  return buf.readUInt32BE(position + CRC_OFFSET);
}

/** The CRC-32C of the batch's bytes from attributes to its end. */
export function computeChecksum(buf: Buffer, position = 0): number {
  return crc32c(buf, position + ATTRIBUTES_OFFSET, position + batchSizeAt(buf, position));
}

/**
 * Check the batch at `position` the way Kafka's readers do before trusting it
 * (ByteBufferLogInputStream.nextBatchSize, then DefaultRecordBatch.ensureValid): size, magic, CRC.
 * Throws CorruptRecordException in Kafka's words.
 */
export function verifyBatch(buf: Buffer, position = 0): void {
  if (buf.length - position < LOG_OVERHEAD) throw truncated(buf, position, LOG_OVERHEAD);
  const recordSize = buf.readInt32BE(position + LENGTH_OFFSET);
  if (recordSize < RECORD_OVERHEAD_V0)
    throw new CorruptRecordException(
      `Record size ${recordSize} is less than the minimum record overhead (${RECORD_OVERHEAD_V0})`);
  if (buf.length - position < HEADER_SIZE_UP_TO_MAGIC) throw truncated(buf, position, HEADER_SIZE_UP_TO_MAGIC);
  checkMagic(buf.readInt8(position + MAGIC_OFFSET));
  const size = recordSize + LOG_OVERHEAD;
  if (size < RECORD_BATCH_OVERHEAD)
    throw new CorruptRecordException(
      `Record batch is corrupt (the size ${size} is smaller than the minimum allowed overhead ${RECORD_BATCH_OVERHEAD})`);
  if (buf.length - position < size) throw truncated(buf, position, size);
  const stored = buf.readUInt32BE(position + CRC_OFFSET);
  const computed = crc32c(buf, position + ATTRIBUTES_OFFSET, position + size);
  if (stored !== computed)
    throw new CorruptRecordException(`Record is corrupt (stored crc = ${stored}, computed crc = ${computed})`);
}

/** DefaultRecordBatch.isValid: size and CRC hold (no exception). */
export function isValidBatch(buf: Buffer, position = 0): boolean {
  try {
    verifyBatch(buf, position);
    return true;
  } catch {
    return false;
  }
}

/** Kafka reads magic 0..2; this engine stores only v2, so 0 and 1 are refused with a clear message. */
export function checkMagic(magic: number): void {
  if (magic < 0 || magic > CURRENT_MAGIC_VALUE) throw new CorruptRecordException("Invalid magic found in record: " + magic);
  if (magic !== MAGIC_VALUE_V2)
    throw new CorruptRecordException(
      `Unsupported magic byte ${magic}: only record batch format v2 (magic 2) is supported; message formats v0 and v1 are not`);
}

/** Assign the batch's first offset in place (outside the CRC; the leader does this on append). */
export function setBaseOffset(buf: Buffer, position: number, baseOffset: number): void {
  writeInt64BE(buf, baseOffset, position + BASE_OFFSET_OFFSET);
}

/** MutableRecordBatch.setLastOffset: baseOffset = lastOffset - lastOffsetDelta, in place. */
export function setLastOffset(buf: Buffer, position: number, lastOffset: number): void {
  setBaseOffset(buf, position, lastOffset - buf.readInt32BE(position + LAST_OFFSET_DELTA_OFFSET));
}

/** Stamp the leader epoch in place (outside the CRC, so no re-checksum). */
export function setPartitionLeaderEpoch(buf: Buffer, position: number, epoch: number): void {
  buf.writeInt32BE(epoch, position + PARTITION_LEADER_EPOCH_OFFSET);
}

/**
 * MutableRecordBatch.setMaxTimestamp: set the timestamp type and maxTimestamp (a broker with
 * message.timestamp.type=LogAppendTime stamps its clock here), then recompute the CRC. No-op when unchanged.
 */
export function setMaxTimestamp(buf: Buffer, position: number, timestampType: TimestampType, maxTimestamp: number): void {
  const attributes = buf.readInt16BE(position + ATTRIBUTES_OFFSET);
  const currentType: TimestampType = (attributes & TIMESTAMP_TYPE_MASK) === 0 ? "CreateTime" : "LogAppendTime";
  if (currentType === timestampType && readInt64BE(buf, position + MAX_TIMESTAMP_OFFSET) === maxTimestamp) return;
  const updated = timestampType === "LogAppendTime" ? attributes | TIMESTAMP_TYPE_MASK : attributes & ~TIMESTAMP_TYPE_MASK;
  buf.writeInt16BE(updated, position + ATTRIBUTES_OFFSET);
  writeInt64BE(buf, maxTimestamp, position + MAX_TIMESTAMP_OFFSET);
  buf.writeUInt32BE(computeChecksum(buf, position), position + CRC_OFFSET);
}

/** The header fields a writer supplies; the CRC is computed from the bytes already in place. */
export interface BatchHeaderFields {
  baseOffset: number;
  /** The whole batch's size (header + records bytes as stored). */
  sizeInBytes: number;
  partitionLeaderEpoch: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordsCount: number;
}

/**
 * DefaultRecordBatch.writeHeader: write the 61-byte header at `position` of a buffer whose records
 * already follow it, then the CRC over attributes..end.
 */
export function writeBatchHeader(buf: Buffer, position: number, f: BatchHeaderFields): void {
  writeInt64BE(buf, f.baseOffset, position + BASE_OFFSET_OFFSET);
  buf.writeInt32BE(f.sizeInBytes - LOG_OVERHEAD, position + LENGTH_OFFSET);
  buf.writeInt32BE(f.partitionLeaderEpoch, position + PARTITION_LEADER_EPOCH_OFFSET);
  buf.writeInt8(MAGIC_VALUE_V2, position + MAGIC_OFFSET);
  buf.writeInt16BE(f.attributes, position + ATTRIBUTES_OFFSET);
  buf.writeInt32BE(f.lastOffsetDelta, position + LAST_OFFSET_DELTA_OFFSET);
  writeInt64BE(buf, f.baseTimestamp, position + BASE_TIMESTAMP_OFFSET);
  writeInt64BE(buf, f.maxTimestamp, position + MAX_TIMESTAMP_OFFSET);
  writeInt64BE(buf, f.producerId, position + PRODUCER_ID_OFFSET);
  buf.writeInt16BE(f.producerEpoch, position + PRODUCER_EPOCH_OFFSET);
  buf.writeInt32BE(f.baseSequence, position + BASE_SEQUENCE_OFFSET);
  buf.writeInt32BE(f.recordsCount, position + RECORDS_COUNT_OFFSET);
  buf.writeUInt32BE(crc32c(buf, position + ATTRIBUTES_OFFSET, position + f.sizeInBytes), position + CRC_OFFSET);
}

/**
 * The records of the batch at `position`, with absolute offsets and timestamps (DefaultRecordBatch.iterator).
 * Decompresses as needed (the codec must be loaded: see loadCodec). Does not check the CRC: call verifyBatch.
 * Key, value and header values are views into `batch` (or into the decompressed records).
 */
export function decodeRecords(batch: Buffer, position = 0): Record[] {
  const h = readBatchHeader(batch, position);
  checkMagic(h.magic);
  const count = h.recordsCount;
  if (count < 0) throw new InvalidRecordException(`Found invalid record count ${count} in magic v${h.magic} batch`);
  if (count === 0) return [];
  const end = position + h.batchLength + LOG_OVERHEAD;
  if (end > batch.length || end < position + RECORD_BATCH_OVERHEAD)
    throw new InvalidRecordException("Incorrect declared batch size, premature EOF reached");

  const compression = compressionOf(h);
  let cursor: ByteCursor;
  if (compression === CompressionType.NONE) {
    cursor = new ByteCursor(batch, position + RECORDS_OFFSET, end);
  } else {
    const codec = codecFor(compression);
    let records: Buffer;
    try {
      records = codec.decompress(batch.subarray(position + RECORDS_OFFSET, end));
    } catch (e) {
      throw new KafkaException("Failed to decompress record stream", { cause: e });
    }
    cursor = new ByteCursor(records, 0, records.length);
  }

  const logAppendTime = (h.attributes & TIMESTAMP_TYPE_MASK) !== 0 ? h.maxTimestamp : null;
  const out: Record[] = [];
  for (let i = 0; i < count; i++) out.push(readRecord(cursor, h.baseOffset, h.baseTimestamp, h.baseSequence, logAppendTime));
  if (cursor.pos !== cursor.limit)
    throw new InvalidRecordException("Incorrect declared batch size, records still remaining in file");
  return out;
}
