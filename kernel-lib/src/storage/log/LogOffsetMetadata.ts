// LogOffsetMetadata (org.apache.kafka.storage.internals.log.LogOffsetMetadata): an offset and, when known, the
// segment and byte position of the batch holding it. The high watermark and LEO carry it so that reads can be
// bounded by a byte position.

export interface LogOffsetMetadata {
  readonly messageOffset: number;
  /** Base offset of the segment holding the offset; -1 when only the offset is known. */
  readonly segmentBaseOffset: number;
  /** Position of the batch in that segment's file; -1 when only the offset is known. */
  readonly relativePositionInSegment: number;
}

/** LogOffsetMetadata.UNKNOWN_OFFSET_METADATA fields. */
export const UNKNOWN_SEGMENT_BASE_OFFSET = -1;
export const UNKNOWN_FILE_POSITION = -1;

/** An offset whose position is not known (LogOffsetMetadata(offset)). */
export function messageOffsetOnly(offset: number): LogOffsetMetadata {
  return { messageOffset: offset, segmentBaseOffset: UNKNOWN_SEGMENT_BASE_OFFSET, relativePositionInSegment: UNKNOWN_FILE_POSITION };
}

export function isMessageOffsetOnly(m: LogOffsetMetadata): boolean {
  return m.segmentBaseOffset === UNKNOWN_SEGMENT_BASE_OFFSET && m.relativePositionInSegment === UNKNOWN_FILE_POSITION;
}
