import {
  BufferUnderflowError,
  ByteCursor,
  sizeOfVarint,
  sizeOfVarlong,
  writeVarint,
  writeVarlong,
} from "./ByteUtils";
import { IllegalArgumentException, InvalidRecordException } from "./errors";

// One record inside a v2 batch (org.apache.kafka.common.record.DefaultRecord):
//
//   length          varint   bytes of the record after this field
//   attributes      int8     unused, 0
//   timestampDelta  varlong  timestamp - batch base timestamp (may be negative)
//   offsetDelta     varint   offset - batch base offset
//   keyLength       varint   -1 = null key
//   key             bytes
//   valueLength     varint   -1 = null value (a tombstone)
//   value           bytes
//   headersCount    varint
//   headers         [keyLength varint, key UTF-8, valueLength varint (-1 = null), value bytes]

/** A record header: a UTF-8 key and a value that may be null. */
export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

/** A decoded record with absolute offset and timestamp. Key, value and header values are views into the batch. */
export interface Record {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
  /** The record's producer sequence: baseSequence + offsetDelta (wrapping at Int.MAX), or -1 if none. */
  sequence: number;
  /** Bytes the record takes in the batch, its length prefix included. */
  sizeInBytes: number;
}

/** The most a record adds besides key, value and headers: length 5 + attributes 1 + timestamp 10 + offset 5. */
export const MAX_RECORD_OVERHEAD = 21;
const NULL_VARINT_SIZE_BYTES = 1;

/** DefaultRecordBatch.incrementSequence: sequences wrap from Int.MAX to 0. */
export function incrementSequence(sequence: number, increment: number): number {
  if (sequence > 0x7fffffff - increment) return increment - (0x7fffffff - sequence) - 1;
  return sequence + increment;
}

/** Bytes of a record's headers section, the count varint included. */
function sizeOfHeaders(headers: readonly RecordHeader[] | undefined): number {
  if (headers === undefined || headers.length === 0) return 1;
  let size = sizeOfVarint(headers.length);
  for (const h of headers) {
    if (h.key === null || h.key === undefined) throw new IllegalArgumentException("Invalid null header key found in headers");
    const keySize = Buffer.byteLength(h.key, "utf8");
    size += sizeOfVarint(keySize) + keySize;
    size += sizeOfNullableBytes(h.value ?? null);
  }
  return size;
}

/** Bytes of a length-prefixed byte array that may be null (length -1). */
function sizeOfNullableBytes(bytes: Uint8Array | null): number {
  return bytes === null ? NULL_VARINT_SIZE_BYTES : sizeOfVarint(bytes.length) + bytes.length;
}

/** DefaultRecord.sizeOfBodyInBytes: the record's bytes after its length prefix. */
export function sizeOfBodyInBytes(
  offsetDelta: number,
  timestampDelta: number,
  key: Uint8Array | null,
  value: Uint8Array | null,
  headers?: readonly RecordHeader[],
): number {
  return (
    1 +
    sizeOfVarint(offsetDelta) +
    sizeOfVarlong(timestampDelta) +
    sizeOfNullableBytes(key) +
    sizeOfNullableBytes(value) +
    sizeOfHeaders(headers)
  );
}

/** DefaultRecord.sizeInBytes: the record's total bytes, length prefix included. */
export function recordSizeInBytes(
  offsetDelta: number,
  timestampDelta: number,
  key: Uint8Array | null,
  value: Uint8Array | null,
  headers?: readonly RecordHeader[],
): number {
  const body = sizeOfBodyInBytes(offsetDelta, timestampDelta, key, value, headers);
  return sizeOfVarint(body) + body;
}

/** DefaultRecord.recordSizeUpperBound: a bound that needs no offset or timestamp delta. */
export function recordSizeUpperBound(key: Uint8Array | null, value: Uint8Array | null, headers?: readonly RecordHeader[]): number {
  return (
    MAX_RECORD_OVERHEAD +
    sizeOfNullableBytes(key) +
    sizeOfNullableBytes(value) +
    sizeOfHeaders(headers)
  );
}

/**
 * DefaultRecord.writeTo: encode one record at `pos` of `buf` (which must have room for
 * `sizeInBytes` bytes; see recordSizeInBytes). Returns the position after the record.
 */
export function writeRecord(
  buf: Buffer,
  pos: number,
  offsetDelta: number,
  timestampDelta: number,
  key: Uint8Array | null,
  value: Uint8Array | null,
  headers: readonly RecordHeader[] | undefined,
  bodySize: number = sizeOfBodyInBytes(offsetDelta, timestampDelta, key, value, headers),
): number {
  pos = writeVarint(buf, pos, bodySize);
  buf[pos++] = 0; // attributes: unused in v2
  pos = writeVarlong(buf, pos, timestampDelta);
  pos = writeVarint(buf, pos, offsetDelta);
  pos = writeNullableBytes(buf, pos, key);
  pos = writeNullableBytes(buf, pos, value);
  if (headers === undefined || headers.length === 0) {
    buf[pos++] = 0;
    return pos;
  }
  pos = writeVarint(buf, pos, headers.length);
  for (const h of headers) {
    const keySize = Buffer.byteLength(h.key, "utf8");
    pos = writeVarint(buf, pos, keySize);
    pos += buf.write(h.key, pos, keySize, "utf8");
    pos = writeNullableBytes(buf, pos, h.value ?? null);
  }
  return pos;
}

/** A varint length (-1 for null) then the bytes; returns the position after them. */
function writeNullableBytes(buf: Buffer, pos: number, bytes: Uint8Array | null): number {
  if (bytes === null) return writeVarint(buf, pos, -1);
  pos = writeVarint(buf, pos, bytes.length);
  buf.set(bytes, pos);
  return pos + bytes.length;
}

/**
 * DefaultRecord.readFrom: decode the record at the cursor. Offsets and timestamps are made absolute;
 * with LogAppendTime every record takes the batch's append time (`logAppendTime`, else null).
 */
export function readRecord(
  cursor: ByteCursor,
  baseOffset: number,
  baseTimestamp: number,
  baseSequence: number,
  logAppendTime: number | null,
): Record {
  let bodySize: number;
  try {
    bodySize = cursor.readVarint();
  } catch (e) {
    // DefaultRecordBatch's iterators: running out of bytes before the declared count is reached.
    if (e instanceof BufferUnderflowError)
      throw new InvalidRecordException("Incorrect declared batch size, premature EOF reached", { cause: e });
    throw new InvalidRecordException("Found invalid record structure", { cause: e });
  }
  const remaining = cursor.remaining();
  if (remaining < bodySize)
    throw new InvalidRecordException(
      `Invalid record size: expected ${bodySize} bytes in record payload, but instead the buffer has only ${remaining} remaining bytes.`);
  try {
    const recordStart = cursor.pos;
    cursor.readInt8(); // attributes
    const timestampDelta = cursor.readVarlong();
    const offsetDelta = cursor.readVarint();
    const keySize = cursor.readVarint();
    const key = keySize < 0 ? null : cursor.readBytes(keySize);
    const valueSize = cursor.readVarint();
    const value = valueSize < 0 ? null : cursor.readBytes(valueSize);
    const numHeaders = cursor.readVarint();
    if (numHeaders < 0) throw new InvalidRecordException("Found invalid number of record headers " + numHeaders);
    if (numHeaders > cursor.remaining())
      throw new InvalidRecordException(
        `Found invalid number of record headers. ${numHeaders} is larger than the remaining size of the buffer`);
    const headers: RecordHeader[] = [];
    for (let i = 0; i < numHeaders; i++) {
      const headerKeySize = cursor.readVarint();
      if (headerKeySize < 0) throw new InvalidRecordException("Invalid negative header key size " + headerKeySize);
      const keyStart = cursor.pos;
      cursor.readBytes(headerKeySize);
      const headerKey = cursor.buf.toString("utf8", keyStart, keyStart + headerKeySize);
      const headerValueSize = cursor.readVarint();
      headers.push({ key: headerKey, value: headerValueSize < 0 ? null : cursor.readBytes(headerValueSize) });
    }
    const read = cursor.pos - recordStart;
    if (read !== bodySize)
      throw new InvalidRecordException(
        `Invalid record size: expected to read ${bodySize} bytes in record payload, but instead read ${read}`);
    return {
      offset: baseOffset + offsetDelta,
      timestamp: logAppendTime ?? baseTimestamp + timestampDelta,
      key,
      value,
      headers,
      sequence: baseSequence >= 0 ? incrementSequence(baseSequence, offsetDelta) : -1,
      sizeInBytes: sizeOfVarint(bodySize) + bodySize,
    };
  } catch (e) {
    if (e instanceof InvalidRecordException) throw e;
    if (e instanceof BufferUnderflowError || e instanceof RangeError)
      throw new InvalidRecordException("Found invalid record structure", { cause: e });
    throw e;
  }
}
