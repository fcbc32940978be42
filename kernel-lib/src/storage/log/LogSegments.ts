// The segments of a log sorted by base offset (org.apache.kafka.storage.internals.log.LogSegments, a
// ConcurrentSkipListMap in Kafka): floor lookups find the segment that holds an offset.
import type { LogSegment } from "./LogSegment";

export class LogSegments {
  /** Sorted by baseOffset; appends (rolls) go to the end, retention removes from the front. */
  private segments: LogSegment[] = [];

  /** Adds a segment, replacing one with the same base offset. */
  add(segment: LogSegment): LogSegment {
    const i = this.lowerBound(segment.baseOffset);
    if (i < this.segments.length && this.segments[i]!.baseOffset === segment.baseOffset) this.segments[i] = segment;
    else this.segments.splice(i, 0, segment);
    return segment;
  }

  remove(baseOffset: number): void {
    const i = this.lowerBound(baseOffset);
    if (i < this.segments.length && this.segments[i]!.baseOffset === baseOffset) this.segments.splice(i, 1);
  }

  clear(): void {
    this.segments = [];
  }

  get(baseOffset: number): LogSegment | null {
    const i = this.lowerBound(baseOffset);
    const s = this.segments[i];
    return s !== undefined && s.baseOffset === baseOffset ? s : null;
  }

  contains(baseOffset: number): boolean {
    return this.get(baseOffset) !== null;
  }

  isEmpty(): boolean {
    return this.segments.length === 0;
  }

  nonEmpty(): boolean {
    return this.segments.length > 0;
  }

  numberOfSegments(): number {
    return this.segments.length;
  }

  /** Segments in base offset order (a copy). */
  values(): LogSegment[] {
    return this.segments.slice();
  }

  /**
   * LogSegments.values(from, to): the segment holding `from` (its floor) and every later segment whose base
   * offset is below `to`.
   */
  valuesRange(from: number, to: number): LogSegment[] {
    if (from === to) return [];
    const floor = this.floorIndex(from);
    const start = floor < 0 ? 0 : floor;
    const out: LogSegment[] = [];
    for (let i = start; i < this.segments.length && this.segments[i]!.baseOffset < to; i++) out.push(this.segments[i]!);
    return out;
  }

  baseOffsets(): number[] {
    return this.segments.map((s) => s.baseOffset);
  }

  firstSegment(): LogSegment | null {
    return this.segments[0] ?? null;
  }

  firstSegmentBaseOffset(): number | null {
    return this.segments[0]?.baseOffset ?? null;
  }

  lastSegment(): LogSegment | null {
    return this.segments[this.segments.length - 1] ?? null;
  }

  /** The active segment (the last one). Throws if the log has no segment. */
  activeSegment(): LogSegment {
    const s = this.lastSegment();
    if (s === null) throw new Error("The log has no segments");
    return s;
  }

  /** The segment with the greatest base offset <= offset. */
  floorSegment(offset: number): LogSegment | null {
    const i = this.floorIndex(offset);
    return i < 0 ? null : this.segments[i]!;
  }

  /** The segment with the smallest base offset > offset. */
  higherSegment(offset: number): LogSegment | null {
    const i = this.floorIndex(offset) + 1;
    return this.segments[i] ?? null;
  }

  /** The segment with the greatest base offset < offset. */
  lowerSegment(offset: number): LogSegment | null {
    const i = this.lowerBound(offset) - 1;
    return i < 0 ? null : this.segments[i]!;
  }

  /** Segments with base offset > offset. */
  higherSegments(offset: number): LogSegment[] {
    return this.segments.slice(this.floorIndex(offset) + 1);
  }

  /** Total bytes of the .log files. */
  sizeInBytes(): number {
    let size = 0;
    for (const s of this.segments) size += s.size();
    return size;
  }

  close(): void {
    for (const s of this.segments) s.close();
  }

  /** Index of the first segment with baseOffset >= offset. */
  private lowerBound(offset: number): number {
    let lo = 0;
    let hi = this.segments.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.segments[mid]!.baseOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the last segment with baseOffset <= offset, or -1. */
  private floorIndex(offset: number): number {
    let lo = 0;
    let hi = this.segments.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.segments[mid]!.baseOffset <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }
}
