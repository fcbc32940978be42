// `leader-epoch-checkpoint` of a partition directory
// (org.apache.kafka.storage.internals.checkpoint.LeaderEpochCheckpointFile): version 0, then one
// `leaderEpoch startOffset` line per epoch, e.g.
//   0
//   2
//   0 0
//   1 157
import type { Disk } from "../../sim/Disk";
import { CheckpointFile, parseJavaInt, parseJavaLong } from "./CheckpointFile";

export const LEADER_EPOCH_CHECKPOINT_FILENAME = "leader-epoch-checkpoint";

/** EpochEntry: a leader epoch and the first offset written in it. */
export interface EpochEntry {
  readonly epoch: number;
  readonly startOffset: number;
}

/** EpochEntry.toString. */
export function epochEntryString(e: EpochEntry): string {
  return "EpochEntry(epoch=" + e.epoch + ", startOffset=" + e.startOffset + ")";
}

const VERSION = 0;
const WHITE_SPACES = /\s+/;

const formatter = {
  toString: (e: EpochEntry): string => e.epoch + " " + e.startOffset,
  fromString: (line: string): EpochEntry | null => {
    const parts = line.split(WHITE_SPACES);
    if (parts.length !== 2) return null;
    const epoch = parseJavaInt(parts[0]!);
    const startOffset = parseJavaLong(parts[1]!);
    if (epoch === null || startOffset === null) return null;
    return { epoch, startOffset };
  },
};

export class LeaderEpochCheckpointFile {
  private readonly checkpoint: CheckpointFile<EpochEntry>;

  constructor(private readonly disk: Disk, readonly file: string) {
    this.checkpoint = new CheckpointFile(disk, file, VERSION, formatter);
  }

  write(entries: readonly EpochEntry[]): void {
    this.checkpoint.write(entries);
  }

  /** Writes only while the partition directory still exists (LeaderEpochCheckpointFile.writeIfDirExists). */
  writeIfDirExists(entries: readonly EpochEntry[]): void {
    const slash = this.file.lastIndexOf("/");
    if (slash < 0 || this.disk.exists(this.file.substring(0, slash))) this.checkpoint.write(entries);
  }

  read(): EpochEntry[] {
    return this.checkpoint.read();
  }
}
