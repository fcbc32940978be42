// One file of a log segment (.log, .index, .timeindex, .txnindex) on the node's Disk: the file operations that
// Kafka's FileRecords, AbstractIndex and TransactionIndex each do on their java.io.File (flush, renameTo with
// Utils.atomicMoveWithFallback, Files.deleteIfExists), written once here.
import type { Disk } from "../../sim/Disk";

export abstract class SegmentFile {
  protected constructor(protected readonly disk: Disk, protected _file: string) {}

  /** The file, relative to the disk root. */
  get file(): string {
    return this._file;
  }

  flush(): void {
    this.disk.flush(this._file);
  }

  /** Renames the file (when it exists) and keeps the new name either way, as a segment rename needs. */
  renameTo(file: string): void {
    if (this.disk.exists(this._file)) this.disk.rename(this._file, file);
    this._file = file;
  }

  /** Deletes the file; false when there was none. */
  deleteIfExists(): boolean {
    if (!this.disk.exists(this._file)) return false;
    this.disk.delete(this._file);
    return true;
  }
}
