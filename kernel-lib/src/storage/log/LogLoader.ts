// Loading a partition log from its directory at startup (org.apache.kafka.storage.internals.log.LogLoader):
//  1. remove temporary files: `.deleted` leftovers, `.cleaned` files of an interrupted compaction, `.swap` files
//     that belong to an interrupted segment split; finish valid swaps by renaming `.swap` files into place;
//  2. open every segment; a segment whose offset index (or time index) is missing or corrupt is recovered,
//     which rebuilds its indexes from the .log file;
//  3. after an unclean shutdown, recover every segment from the one holding the recovery point: re-read each
//     batch, check its CRC, rebuild the indexes, and cut the log after the last valid batch (a torn write or a
//     corrupt tail); the segments after a truncated one are deleted;
//  4. make sure there is an active segment, trim the leader epoch cache to the log, and compute the log end
//     offset, the recovery point and the log start offset.
//
// Difference from Kafka 3.9: Kafka re-creates a missing time index empty (and only rebuilds a missing offset
// index); an empty time index makes retention fall back to the file's mtime, a wall-clock value. Here a missing
// time index is rebuilt like a missing offset index, so retention stays a function of the record timestamps.
import type { Disk } from "../../sim/Disk";
import { CorruptIndexException, InvalidOffsetException } from "./errors";
import type { LeaderEpochFileCache } from "./LeaderEpochFileCache";
import type { LogConfig } from "./LogConfig";
import {
  CLEANED_FILE_SUFFIX,
  DELETED_FILE_SUFFIX,
  SWAP_FILE_SUFFIX,
  isIndexFile,
  isLogFile,
  joinPath,
  logFileName,
  offsetFromFileName,
} from "./LogFileUtils";
import type { LogScheduler } from "./LogScheduler";
import { LogSegment } from "./LogSegment";
import { LogSegments } from "./LogSegments";
import { deleteSegmentFiles } from "./SegmentDeletion";

/** What loading found and did, for inspection (a notebook shows the bytes a recovery cut off). */
export interface LogLoadReport {
  readonly hadCleanShutdown: boolean;
  /** Segments recovered (re-read and re-indexed), with the bytes cut from each. */
  readonly recoveredSegments: { baseOffset: number; bytesTruncated: number; reason: "unflushed" | "missing-index" | "corrupt-index" }[];
  /** Total bytes cut from the log. */
  readonly bytesTruncated: number;
  /** Segments deleted because an earlier one was truncated (their data followed a corrupt batch). */
  readonly deletedSegments: number[];
  /** Temporary files removed (.deleted, .cleaned, invalid .swap, orphaned indexes). */
  readonly removedFiles: string[];
}

/** LoadedLogOffsets */
export interface LoadedLogOffsets {
  readonly logStartOffset: number;
  readonly recoveryPoint: number;
  readonly nextOffset: number;
}

export interface LogLoaderParams {
  readonly disk: Disk;
  readonly dir: string;
  readonly config: LogConfig;
  readonly scheduler: LogScheduler;
  readonly owner: string | null;
  readonly random: { nextInt(): number } | null;
  readonly hadCleanShutdown: boolean;
  readonly segments: LogSegments;
  readonly logStartOffsetCheckpoint: number;
  readonly recoveryPointCheckpoint: number;
  readonly leaderEpochCache: LeaderEpochFileCache;
}

export class LogLoader {
  private readonly removedFiles: string[] = [];
  private readonly recovered: { baseOffset: number; bytesTruncated: number; reason: "unflushed" | "missing-index" | "corrupt-index" }[] = [];
  private readonly deletedSegments: number[] = [];

  constructor(private readonly p: LogLoaderParams) {}

  load(): { offsets: LoadedLogOffsets; report: LogLoadReport } {
    const p = this.p;
    const swapFiles = this.removeTempFilesAndCollectSwapFiles();

    // Swap files of an interrupted compaction/split: the segments they replace are deleted, then they are
    // renamed into place.
    let minSwapFileOffset = Number.MAX_SAFE_INTEGER;
    let maxSwapFileOffset = -1;
    for (const swapFile of swapFiles) {
      if (!isLogFile(swapFile.substring(0, swapFile.length - SWAP_FILE_SUFFIX.length))) continue;
      const baseOffset = offsetFromFileName(swapFile);
      const segment = LogSegment.open(p.disk, p.dir, baseOffset, p.config, p.scheduler, 0, SWAP_FILE_SUFFIX);
      minSwapFileOffset = Math.min(segment.baseOffset, minSwapFileOffset);
      maxSwapFileOffset = Math.max(segment.readNextOffset(), maxSwapFileOffset);
    }
    for (const name of p.disk.list(p.dir)) {
      if (name.endsWith(SWAP_FILE_SUFFIX)) continue;
      const offset = offsetFromFileName(name);
      if (!Number.isNaN(offset) && offset >= minSwapFileOffset && offset < maxSwapFileOffset) {
        p.disk.delete(joinPath(p.dir, name));
        this.removedFiles.push(name);
      }
    }
    for (const name of p.disk.list(p.dir)) {
      if (name.endsWith(SWAP_FILE_SUFFIX))
        p.disk.rename(joinPath(p.dir, name), joinPath(p.dir, name.substring(0, name.length - SWAP_FILE_SUFFIX.length)));
    }

    this.loadSegmentFiles();
    const recoveryOffsets = this.recoverLog();

    p.leaderEpochCache.truncateFromEnd(recoveryOffsets.nextOffset);
    const newLogStartOffset = Math.max(p.logStartOffsetCheckpoint, p.segments.firstSegment()!.baseOffset);
    // The earliest leader epoch may not have been flushed before a hard failure.
    p.leaderEpochCache.truncateFromStart(p.logStartOffsetCheckpoint);
    // Producer state (ProducerStateManager.rebuildProducerState) is loaded here in Kafka; it arrives with idempotence.

    let bytesTruncated = 0;
    for (const r of this.recovered) bytesTruncated += r.bytesTruncated;
    return {
      offsets: { logStartOffset: newLogStartOffset, recoveryPoint: recoveryOffsets.newRecoveryPoint, nextOffset: recoveryOffsets.nextOffset },
      report: {
        hadCleanShutdown: p.hadCleanShutdown,
        recoveredSegments: this.recovered.slice(),
        bytesTruncated,
        deletedSegments: this.deletedSegments.slice(),
        removedFiles: this.removedFiles.slice(),
      },
    };
  }

  /** LogLoader.removeTempFilesAndCollectSwapFiles */
  private removeTempFilesAndCollectSwapFiles(): string[] {
    const p = this.p;
    const swapFiles: string[] = [];
    const cleanedFiles: string[] = [];
    let minCleanedFileOffset = Number.MAX_SAFE_INTEGER;
    for (const name of p.disk.list(p.dir)) {
      if (name.endsWith(DELETED_FILE_SUFFIX)) {
        p.disk.delete(joinPath(p.dir, name));
        this.removedFiles.push(name);
      } else if (name.endsWith(CLEANED_FILE_SUFFIX)) {
        const offset = offsetFromFileName(name);
        if (!Number.isNaN(offset)) minCleanedFileOffset = Math.min(offset, minCleanedFileOffset);
        cleanedFiles.push(name);
      } else if (name.endsWith(SWAP_FILE_SUFFIX)) {
        swapFiles.push(name);
      }
    }
    // KAFKA-6264: a .swap file at or above the smallest .cleaned offset belongs to an unfinished split.
    const validSwapFiles: string[] = [];
    for (const name of swapFiles) {
      if (offsetFromFileName(name) >= minCleanedFileOffset) {
        p.disk.delete(joinPath(p.dir, name));
        this.removedFiles.push(name);
      } else {
        validSwapFiles.push(name);
      }
    }
    for (const name of cleanedFiles) {
      p.disk.delete(joinPath(p.dir, name));
      this.removedFiles.push(name);
    }
    return validSwapFiles;
  }

  /** LogLoader.loadSegmentFiles */
  private loadSegmentFiles(): void {
    const p = this.p;
    p.segments.clear();
    for (const name of p.disk.list(p.dir)) {
      if (isIndexFile(name)) {
        const offset = offsetFromFileName(name);
        if (Number.isNaN(offset)) continue;
        if (!p.disk.exists(joinPath(p.dir, logFileName(offset)))) {
          // An orphaned index file, with no corresponding log file.
          p.disk.delete(joinPath(p.dir, name));
          this.removedFiles.push(name);
        }
      } else if (isLogFile(name)) {
        const baseOffset = offsetFromFileName(name);
        if (Number.isNaN(baseOffset)) continue;
        const exists = LogSegment.indexFilesExist(p.disk, p.dir, baseOffset);
        const segment = LogSegment.open(p.disk, p.dir, baseOffset, p.config, p.scheduler, p.config.randomSegmentJitter(p.random));
        if (!exists.offsetIndex || !exists.timeIndex) {
          this.recoverSegment(segment, "missing-index");
        } else {
          try {
            segment.offsetIndex.sanityCheck();
            segment.timeIndex.sanityCheck();
            segment.txnIndex.sanityCheck();
          } catch (e) {
            if (!(e instanceof CorruptIndexException)) throw e;
            this.recoverSegment(segment, "corrupt-index");
          }
        }
        p.segments.add(segment);
      }
    }
  }

  private recoverSegment(segment: LogSegment, reason: "unflushed" | "missing-index" | "corrupt-index"): number {
    const bytesTruncated = segment.recover(this.p.leaderEpochCache);
    this.recovered.push({ baseOffset: segment.baseOffset, bytesTruncated, reason });
    return bytesTruncated;
  }

  /** LogLoader.recoverLog: recovers the unflushed segments after an unclean shutdown. */
  private recoverLog(): { newRecoveryPoint: number; nextOffset: number } {
    const p = this.p;
    if (!p.hadCleanShutdown) {
      const unflushed = p.segments.valuesRange(p.recoveryPointCheckpoint, Number.MAX_SAFE_INTEGER);
      for (let i = 0; i < unflushed.length; i++) {
        const segment = unflushed[i]!;
        let truncatedBytes: number;
        try {
          truncatedBytes = this.recoverSegment(segment, "unflushed");
        } catch (e) {
          if (!(e instanceof InvalidOffsetException)) throw e;
          // Found invalid offset during recovery: delete the corrupt segment's data and start it empty.
          truncatedBytes = segment.truncateTo(segment.baseOffset);
        }
        if (truncatedBytes > 0) {
          // Corruption found: everything after it in later segments is unreachable, delete those segments.
          const remaining = unflushed.slice(i + 1);
          this.removeAndDeleteSegmentsAsync(remaining);
          break;
        }
      }
    }
    const logEndOffset = this.deleteSegmentsIfLogStartGreaterThanLogEnd();
    if (p.segments.isEmpty()) {
      // No segment at all: a new active segment at the log start offset.
      p.segments.add(LogSegment.open(p.disk, p.dir, p.logStartOffsetCheckpoint, p.config, p.scheduler, p.config.randomSegmentJitter(p.random)));
    }
    if (p.hadCleanShutdown && logEndOffset !== null) return { newRecoveryPoint: logEndOffset, nextOffset: logEndOffset };
    const end = logEndOffset ?? p.segments.lastSegment()!.readNextOffset();
    return { newRecoveryPoint: Math.min(p.recoveryPointCheckpoint, end), nextOffset: end };
  }

  /** The log end offset, or null after deleting every segment when it is below the log start offset. */
  private deleteSegmentsIfLogStartGreaterThanLogEnd(): number | null {
    const p = this.p;
    const last = p.segments.lastSegment();
    if (last === null) return null;
    const logEndOffset = last.readNextOffset();
    if (logEndOffset >= p.logStartOffsetCheckpoint) return logEndOffset;
    // The segment files were deleted from the file system behind Kafka's back.
    this.removeAndDeleteSegmentsAsync(p.segments.values());
    p.leaderEpochCache.clearAndFlush();
    return null;
  }

  private removeAndDeleteSegmentsAsync(segments: readonly LogSegment[]): void {
    if (segments.length === 0) return;
    const p = this.p;
    for (const s of segments) {
      p.segments.remove(s.baseOffset);
      this.deletedSegments.push(s.baseOffset);
    }
    deleteSegmentFiles(segments, true, { scheduler: p.scheduler, owner: p.owner, fileDeleteDelayMs: p.config.fileDeleteDelayMs });
  }
}
