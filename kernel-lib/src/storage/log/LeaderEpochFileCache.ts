// The leader epoch cache of a partition (org.apache.kafka.storage.internals.epoch.LeaderEpochFileCache,
// KIP-101/KIP-279): (leaderEpoch -> first offset written in that epoch), persisted to `leader-epoch-checkpoint`.
// Followers use endOffsetFor to find where their log diverges from the leader's and truncate there, instead of
// truncating to their high watermark (the pre-0.11 behaviour that could lose or fork data).
//
// Kafka flushes truncations asynchronously and assignments synchronously; here every change is written at once
// (the file is tiny), which is never less durable.
import { LeaderEpochCheckpointFile, type EpochEntry, epochEntryString } from "../checkpoint/LeaderEpochCheckpointFile";
import { IllegalArgumentException } from "../errors";

/** OffsetsForLeaderEpochResponse.UNDEFINED_EPOCH / UNDEFINED_EPOCH_OFFSET. */
export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_EPOCH_OFFSET = -1;

/** The answer of endOffsetFor: an epoch and the end offset of that epoch. */
export interface EpochEndOffset {
  readonly epoch: number;
  readonly endOffset: number;
}

export class LeaderEpochFileCache {
  /** Entries sorted by epoch (start offsets increase with it). */
  private epochs: EpochEntry[] = [];

  /** Loads the entries of `checkpoint` (stale entries are trimmed by the log loader afterwards). */
  constructor(readonly topicPartition: string, private readonly checkpoint: LeaderEpochCheckpointFile | null) {
    if (checkpoint !== null) for (const e of checkpoint.read()) this.assignEntry(e);
  }

  /**
   * Records that `epoch` starts at `startOffset`. Nothing changes if it is the latest epoch already known with
   * a start offset <= this one. Entries that would break monotonicity (epoch >= this one, or start offset >=
   * this one) are removed first.
   */
  assign(epoch: number, startOffset: number): void {
    if (this.assignEntry({ epoch, startOffset })) this.flush();
  }

  /** Assigns several entries and writes the file once. */
  assignAll(entries: readonly EpochEntry[]): void {
    for (const e of entries) this.assignEntry(e);
    if (entries.length > 0) this.flush();
  }

  nonEmpty(): boolean {
    return this.epochs.length > 0;
  }

  latestEntry(): EpochEntry | null {
    return this.epochs.length === 0 ? null : this.epochs[this.epochs.length - 1]!;
  }

  /** The latest epoch, or null when none is known. */
  latestEpoch(): number | null {
    return this.latestEntry()?.epoch ?? null;
  }

  /** The epoch before the latest one, or null. */
  previousEpoch(): number | null {
    return this.epochs.length < 2 ? null : this.epochs[this.epochs.length - 2]!.epoch;
  }

  earliestEntry(): EpochEntry | null {
    return this.epochs.length === 0 ? null : this.epochs[0]!;
  }

  epochEntry(epoch: number): EpochEntry | null {
    return this.epochs.find((e) => e.epoch === epoch) ?? null;
  }

  /**
   * LeaderEpochFileCache.endOffsetFor (§8.5): for the latest epoch, (epoch, logEndOffset); for an older epoch,
   * (largest epoch <= requested, start offset of the first epoch > requested); for an epoch below every known
   * epoch, (requested, start offset of the first known epoch); for UNDEFINED_EPOCH or an epoch above the latest,
   * (-1, -1).
   */
  endOffsetFor(requestedEpoch: number, logEndOffset: number): EpochEndOffset {
    if (requestedEpoch === UNDEFINED_EPOCH) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    const latest = this.latestEpoch();
    if (latest !== null && latest === requestedEpoch) return { epoch: requestedEpoch, endOffset: logEndOffset };
    const higher = this.epochs.find((e) => e.epoch > requestedEpoch);
    if (higher === undefined) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    let floor: EpochEntry | undefined;
    for (const e of this.epochs) if (e.epoch <= requestedEpoch) floor = e;
    if (floor === undefined) return { epoch: requestedEpoch, endOffset: higher.startOffset };
    return { epoch: floor.epoch, endOffset: higher.startOffset };
  }

  /** Removes every entry whose start offset is >= endOffset (after a log truncation). */
  truncateFromEnd(endOffset: number): void {
    const last = this.latestEntry();
    if (endOffset >= 0 && last !== null && last.startOffset >= endOffset) {
      const before = this.epochs.length;
      this.epochs = this.epochs.filter((e) => e.startOffset < endOffset);
      if (this.epochs.length !== before) this.flush();
    }
  }

  /**
   * Removes entries that start at or before `startOffset` except the last of them, whose start offset becomes
   * `startOffset` (exclusive: truncateFromStart(6) keeps an entry at 6). Used when the log start offset moves.
   */
  truncateFromStart(startOffset: number): void {
    let removed = 0;
    while (removed < this.epochs.length && this.epochs[removed]!.startOffset <= startOffset) removed++;
    if (removed === 0) return;
    const firstBeforeStartOffset = this.epochs[removed - 1]!;
    this.epochs = [{ epoch: firstBeforeStartOffset.epoch, startOffset }, ...this.epochs.slice(removed)];
    this.flush();
  }

  /** The epoch holding `offset` (LeaderEpochFileCache.epochForOffset), or null. */
  epochForOffset(offset: number): number | null {
    let previous: number | null = null;
    for (const e of this.epochs) {
      if (e.startOffset === offset) return e.epoch;
      if (e.startOffset > offset) return previous;
      previous = e.epoch;
    }
    return previous;
  }

  /** Deletes every entry and writes the empty file. */
  clearAndFlush(): void {
    this.epochs = [];
    this.flush();
  }

  /** Deletes every entry in memory only (the log is being deleted). */
  clear(): void {
    this.epochs = [];
  }

  epochEntries(): EpochEntry[] {
    return this.epochs.slice();
  }

  private isUpdateNeeded(entry: EpochEntry): boolean {
    const latest = this.latestEntry();
    return latest === null || entry.epoch !== latest.epoch || entry.startOffset < latest.startOffset;
  }

  private assignEntry(entry: EpochEntry): boolean {
    if (entry.epoch < 0 || entry.startOffset < 0)
      throw new IllegalArgumentException("Received invalid partition leader epoch entry " + epochEntryString(entry));
    if (!this.isUpdateNeeded(entry)) return false;
    // maybeTruncateNonMonotonicEntries: drop entries from the end while they conflict with the new one.
    while (this.epochs.length > 0) {
      const last = this.epochs[this.epochs.length - 1]!;
      if (last.epoch >= entry.epoch || last.startOffset >= entry.startOffset) this.epochs.pop();
      else break;
    }
    this.epochs.push({ epoch: entry.epoch, startOffset: entry.startOffset });
    return true;
  }

  private flush(): void {
    this.checkpoint?.writeIfDirExists(this.epochs);
  }
}
