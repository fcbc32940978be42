// Deleting segment files (LocalLog.deleteSegmentFiles): the files are first renamed with the `.deleted` suffix,
// so the segment is gone for readers at once, and physically removed `file.delete.delay.ms` later by a timer of
// the owning broker. A crash before that leaves `.deleted` files, which the next LogLoader removes.
import type { LogScheduler } from "./LogScheduler";
import { DELETED_FILE_SUFFIX } from "./LogFileUtils";
import type { LogSegment } from "./LogSegment";

export interface SegmentDeletionContext {
  readonly scheduler: LogScheduler;
  /** The node owning the timer (a crash cancels it). */
  readonly owner: string | null;
  readonly fileDeleteDelayMs: number;
}

/** Renames the segments' files to `.deleted`, then deletes them now or after file.delete.delay.ms. */
export function deleteSegmentFiles(segments: readonly LogSegment[], asyncDelete: boolean, ctx: SegmentDeletionContext): void {
  if (segments.length === 0) return;
  for (const segment of segments) if (!segment.hasSuffix(DELETED_FILE_SUFFIX)) segment.changeFileSuffixes("", DELETED_FILE_SUFFIX);
  const toDelete = segments.slice();
  const deleteSegments = (): void => {
    for (const segment of toDelete) segment.deleteIfExists();
  };
  if (asyncDelete) ctx.scheduler.schedule(ctx.fileDeleteDelayMs, deleteSegments, ctx.owner, "delete-file");
  else deleteSegments();
}
