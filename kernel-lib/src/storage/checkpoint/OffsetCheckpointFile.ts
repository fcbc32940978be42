// Offset checkpoint files of a log dir (org.apache.kafka.storage.internals.checkpoint.OffsetCheckpointFile):
// `recovery-point-offset-checkpoint` (LogManager), `log-start-offset-checkpoint` (LogManager) and
// `replication-offset-checkpoint` (the high watermarks, ReplicaManager). Format version 0, one
// `topic partition offset` line per partition, e.g.
//   0
//   2
//   first 0 157
//   first 1 12
import type { Disk } from "../../sim/Disk";
import type { TopicPartition } from "../log/LogFileUtils";
import { CheckpointFile, parseJavaInt, parseJavaLong } from "./CheckpointFile";

export const RECOVERY_POINT_CHECKPOINT_FILE = "recovery-point-offset-checkpoint";
export const LOG_START_OFFSET_CHECKPOINT_FILE = "log-start-offset-checkpoint";
export const HIGH_WATERMARK_CHECKPOINT_FILE = "replication-offset-checkpoint";
/** Compaction progress (LogCleanerManager); written by the LogCleaner, which arrives with compaction. */
export const CLEANER_OFFSET_CHECKPOINT_FILE = "cleaner-offset-checkpoint";

/** One line of an offset checkpoint. */
export interface TopicPartitionOffset {
  readonly topicPartition: TopicPartition;
  readonly offset: number;
}

const VERSION = 0;
const WHITE_SPACES = /\s+/;

const formatter = {
  toString: (e: TopicPartitionOffset): string => e.topicPartition.topic + " " + e.topicPartition.partition + " " + e.offset,
  fromString: (line: string): TopicPartitionOffset | null => {
    const parts = line.split(WHITE_SPACES);
    if (parts.length !== 3) return null;
    const partition = parseJavaInt(parts[1]!);
    const offset = parseJavaLong(parts[2]!);
    if (partition === null || offset === null) return null;
    return { topicPartition: { topic: parts[0]!, partition }, offset };
  },
};

export class OffsetCheckpointFile {
  private readonly checkpoint: CheckpointFile<TopicPartitionOffset>;

  constructor(disk: Disk, readonly file: string) {
    this.checkpoint = new CheckpointFile(disk, file, VERSION, formatter);
  }

  /**
   * Writes the offsets atomically. Entries are written sorted by topic and partition (Kafka writes them in the
   * iteration order of a hash map; sorting keeps the files deterministic).
   */
  write(offsets: Iterable<TopicPartitionOffset> | Map<string, TopicPartitionOffset>): void {
    const list = [...(offsets instanceof Map ? offsets.values() : offsets)];
    list.sort((a, b) => a.topicPartition.topic < b.topicPartition.topic ? -1 : a.topicPartition.topic > b.topicPartition.topic ? 1
      : a.topicPartition.partition - b.topicPartition.partition);
    this.checkpoint.write(list);
  }

  /** The text `write` would produce. */
  format(offsets: readonly TopicPartitionOffset[]): string {
    return this.checkpoint.format(offsets);
  }

  /** The entries in file order; throws KafkaStorageException (caused by Kafka's IOException) if malformed. */
  read(): TopicPartitionOffset[] {
    return this.checkpoint.read();
  }

  /** The offsets keyed by `topic-partition`. */
  readMap(): Map<string, number> {
    const map = new Map<string, number>();
    for (const e of this.read()) map.set(e.topicPartition.topic + "-" + e.topicPartition.partition, e.offset);
    return map;
  }
}
