import type { Record } from "./DefaultRecord";
import {
  HEADER_SIZE_UP_TO_MAGIC,
  LENGTH_OFFSET,
  LOG_OVERHEAD,
  MAGIC_OFFSET,
  RECORD_BATCH_OVERHEAD,
  RECORD_OVERHEAD_V0,
  type RecordBatchHeader,
  checkMagic,
  decodeRecords,
  readBatchHeader,
} from "./DefaultRecordBatch";
import { CorruptRecordException } from "./errors";

// A buffer of consecutive record batches (org.apache.kafka.common.record.MemoryRecords), as a produce
// request, a fetch response or a slice of a segment file holds them.

/** One batch found in a buffer. */
export interface BatchEntry {
  position: number;
  size: number;
  header: RecordBatchHeader;
}

/**
 * The batches in buf[start, end), in order (ByteBufferLogInputStream.nextBatch). Sizes and magic are
 * checked as Kafka checks them (CorruptRecordException); the CRC is not (see verifyBatch). Iteration
 * stops quietly at a trailing partial batch, as Kafka's readers do: a fetch may end mid-batch, and the
 * bytes after the last yielded batch (position + size) are where the valid data ends.
 */
export function* batchesIn(buf: Buffer, start = 0, end = buf.length): Generator<BatchEntry> {
  let position = start;
  for (;;) {
    const remaining = end - position;
    if (remaining < LOG_OVERHEAD) return;
    const recordSize = buf.readInt32BE(position + LENGTH_OFFSET);
    if (recordSize < RECORD_OVERHEAD_V0)
      throw new CorruptRecordException(`Record size ${recordSize} is less than the minimum record overhead (${RECORD_OVERHEAD_V0})`);
    if (remaining < HEADER_SIZE_UP_TO_MAGIC) return;
    checkMagic(buf.readInt8(position + MAGIC_OFFSET));
    const size = recordSize + LOG_OVERHEAD;
    if (remaining < size) return;
    if (size < RECORD_BATCH_OVERHEAD)
      throw new CorruptRecordException(
        `Record batch is corrupt (the size ${size} is smaller than the minimum allowed overhead ${RECORD_BATCH_OVERHEAD})`);
    yield { position, size, header: readBatchHeader(buf, position) };
    position += size;
  }
}

/** Every record of every batch in buf[start, end), with the header of the batch it belongs to. */
export function* recordsIn(buf: Buffer, start = 0, end = buf.length): Generator<{ batch: RecordBatchHeader; record: Record }> {
  for (const b of batchesIn(buf, start, end)) {
    for (const record of decodeRecords(buf, b.position)) yield { batch: b.header, record };
  }
}

/** Bytes of whole batches at the front of buf[start, end) (where a partial trailing batch begins). */
export function validBytesIn(buf: Buffer, start = 0, end = buf.length): number {
  let valid = 0;
  for (const b of batchesIn(buf, start, end)) valid = b.position + b.size - start;
  return valid;
}
