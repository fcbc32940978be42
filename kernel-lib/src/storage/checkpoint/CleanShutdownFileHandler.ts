// `.kafka_cleanshutdown` in a log dir (org.apache.kafka.storage.internals.checkpoint.CleanShutdownFileHandler):
// written when the broker shut down cleanly, so the next start can skip recovering its segments. Content:
// {"version":0,"brokerEpoch":<epoch>} (KIP-966 added the broker epoch).
import type { Disk } from "../../sim/Disk";
import { joinPath } from "../log/LogFileUtils";

export const CLEAN_SHUTDOWN_FILE_NAME = ".kafka_cleanshutdown";
const CURRENT_VERSION = 0;

export class CleanShutdownFileHandler {
  readonly file: string;

  constructor(private readonly disk: Disk, logDir: string) {
    this.file = joinPath(logDir, CLEAN_SHUTDOWN_FILE_NAME);
  }

  /** Writes and fsyncs the marker. */
  write(brokerEpoch = -1): void {
    this.disk.writeFileAtomic(this.file, JSON.stringify({ version: CURRENT_VERSION, brokerEpoch }));
  }

  /** The broker epoch stored in the marker, or null when absent or unreadable. */
  read(): number | null {
    if (!this.exists()) return null;
    try {
      const content = JSON.parse(this.disk.readAll(this.file).toString("utf8")) as { brokerEpoch?: unknown };
      return typeof content.brokerEpoch === "number" ? content.brokerEpoch : null;
    } catch {
      return null;
    }
  }

  exists(): boolean {
    return this.disk.exists(this.file);
  }

  delete(): void {
    this.disk.delete(this.file);
  }
}
