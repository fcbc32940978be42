// The last bytes appended to a segment's .log file, kept in memory. Kafka serves follower fetches and consumers
// at the log end from the OS page cache (a fetch is a sendfile of bytes written a moment ago); in this process
// every read is a system call and a copy, so FileRecords keeps copies of its latest appends and reads them from
// here instead. The file stays the truth: every append is written to it first, and a truncation drops what it
// cuts from here too.
//
// Each append is copied once into a slab, and that part of the slab is never written again. Appends follow each
// other in a slab, so a read of bytes that lie in one slab is a view of it (no copy), valid even after later
// appends evict them from the cache. Slabs grow from 16 KiB to 1 MiB as a segment takes appends: a quiet partition
// holds little, a busy one allocates one buffer per megabyte instead of one per batch. A segment that stops being
// the active one frees its cache (LogSegment.onBecomeInactiveSegment).

/** Bytes of the latest appends a segment keeps (more are kept when one append is bigger). */
export const TAIL_CACHE_BYTES = 1024 * 1024;
const FIRST_SLAB_BYTES = 16 * 1024;
const MAX_SLAB_BYTES = 1024 * 1024;

export class TailCache {
  private chunks: Buffer[] = [];
  /** File position of each chunk. */
  private positions: number[] = [];
  private bytes = 0;
  private endPosition = 0;
  private slab: Buffer | null = null;
  private slabUsed = 0;

  constructor(private readonly capacity = TAIL_CACHE_BYTES) {}

  /** File position of the first cached byte (equal to `end` when empty). */
  get start(): number {
    return this.positions.length === 0 ? this.endPosition : this.positions[0]!;
  }

  /** The file position after the last cached byte. */
  get end(): number {
    return this.endPosition;
  }

  /** Bytes held. */
  get size(): number {
    return this.bytes;
  }

  /**
   * Records an append of `data` (`n` bytes in all) written at `position`, which must be the end of what is cached,
   * or the cache restarts there.
   */
  append(position: number, data: Uint8Array | readonly Uint8Array[], n: number): void {
    if (position !== this.endPosition) this.clear(position);
    if (n === 0) return;
    const copy = this.take(n);
    if (data instanceof Uint8Array) copy.set(data, 0);
    else {
      let at = 0;
      for (const d of data) {
        copy.set(d, at);
        at += d.byteLength;
      }
    }
    this.chunks.push(copy);
    this.positions.push(position);
    this.bytes += n;
    this.endPosition = position + n;
    // Evict the oldest appends while the rest still hold `capacity` bytes.
    let drop = 0;
    let kept = this.bytes;
    while (drop < this.chunks.length - 1 && kept - this.chunks[drop]!.length >= this.capacity) kept -= this.chunks[drop++]!.length;
    if (drop > 0) {
      this.chunks.splice(0, drop);
      this.positions.splice(0, drop);
      this.bytes = kept;
    }
  }

  /**
   * Bytes [position, position + length) when all of them are cached, else null. A view when they lie in one
   * slab back to back (appends follow each other there), else a new buffer.
   */
  read(position: number, length: number): Buffer | null {
    if (length <= 0 || position < this.start || position + length > this.endPosition) return null;
    const i = this.indexOf(position);
    const first = this.chunks[i]!;
    const from = position - this.positions[i]!;
    if (from + length <= first.length) return first.subarray(from, from + length);
    let j = i;
    let covered = first.length - from;
    while (covered < length) {
      const prev = this.chunks[j]!;
      const next = this.chunks[++j]!;
      if (next.buffer !== prev.buffer || next.byteOffset !== prev.byteOffset + prev.length) return this.copy(i, from, length);
      covered += next.length;
    }
    return Buffer.from(first.buffer, first.byteOffset + from, length);
  }

  private copy(i: number, from: number, length: number): Buffer {
    const out = Buffer.allocUnsafe(length);
    let copied = this.chunks[i]!.copy(out, 0, from);
    for (let j = i + 1; copied < length; j++) copied += this.chunks[j]!.copy(out, copied, 0, Math.min(this.chunks[j]!.length, length - copied));
    return out;
  }

  /**
   * The cached bytes from `position` to the end of the append holding it, when at least `min` of them are there
   * (a header scan reads batch by batch and needs no more), else null.
   */
  readRun(position: number, min: number): Buffer | null {
    if (position < this.start || position + min > this.endPosition) return null;
    const i = this.indexOf(position);
    const chunk = this.chunks[i]!;
    const from = position - this.positions[i]!;
    if (chunk.length - from >= min) return chunk.subarray(from);
    return this.read(position, min);
  }

  /** The file was truncated to `size` bytes: drop what lies beyond. */
  truncateTo(size: number): void {
    if (size >= this.endPosition) return;
    if (size <= this.start) {
      this.clear(size);
      return;
    }
    let i = this.indexOf(size);
    const keep = size - this.positions[i]!;
    if (keep > 0) {
      this.chunks[i] = this.chunks[i]!.subarray(0, keep);
      i++;
    }
    this.chunks.length = i;
    this.positions.length = i;
    this.bytes = 0;
    for (const c of this.chunks) this.bytes += c.length;
    this.endPosition = size;
  }

  /** Empties the cache; the next append is expected at `end`. */
  clear(end = this.endPosition): void {
    this.chunks = [];
    this.positions = [];
    this.bytes = 0;
    this.endPosition = end;
    this.slab = null;
    this.slabUsed = 0;
  }

  /** `n` bytes of a slab that nothing else uses. */
  private take(n: number): Buffer {
    let slab = this.slab;
    if (slab === null || slab.length - this.slabUsed < n) {
      const grown = slab === null ? FIRST_SLAB_BYTES : Math.min(MAX_SLAB_BYTES, slab.length * 2);
      slab = Buffer.allocUnsafeSlow(Math.max(n, grown));
      this.slab = slab;
      this.slabUsed = 0;
    }
    const out = slab.subarray(this.slabUsed, this.slabUsed + n);
    this.slabUsed += n;
    return out;
  }

  /** Index of the chunk holding `position` (which must be cached). */
  private indexOf(position: number): number {
    const p = this.positions;
    let lo = 0;
    let hi = p.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (p[mid]! <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
