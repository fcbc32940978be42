// `partition.metadata` of a partition directory (org.apache.kafka.storage.internals.checkpoint.
// PartitionMetadataFile, KIP-516): the topic id the log belongs to, so a re-created topic of the same name is
// never mixed up with the old one's data.
//   version: 0
//   topic_id: <22-character base64 Uuid>
import type { Disk } from "../../sim/Disk";
import { IOException, KafkaStorageException } from "../log/errors";
import { displayPath } from "../log/LogFileUtils";

export const PARTITION_METADATA_FILENAME = "partition.metadata";
const CURRENT_VERSION = 0;

export class PartitionMetadataFile {
  constructor(private readonly disk: Disk, readonly file: string) {}

  exists(): boolean {
    return this.disk.exists(this.file);
  }

  /** Writes the topic id atomically (temp file, fsync, rename). */
  record(topicId: string): void {
    this.disk.writeFileAtomic(this.file, "version: " + CURRENT_VERSION + "\ntopic_id: " + topicId);
  }

  /** The stored topic id; KafkaStorageException (caused by Kafka's IOException) when malformed. */
  read(): string {
    const location = displayPath(this.file);
    try {
      const lines = this.disk.readAll(this.file).toString("utf8").split(/\r\n|\n|\r/);
      const malformed = (line: string | undefined): IOException =>
        new IOException("Malformed line in checkpoint file [" + location + "]: " + (line ?? "null"));
      const v = (lines[0] ?? "").split(/:\s+/);
      if (v.length !== 2) throw malformed(lines[0]);
      if (!/^[+-]?\d+$/.test(v[1]!)) throw malformed(lines[0]);
      if (Number(v[1]) !== CURRENT_VERSION)
        throw new IOException("Unrecognized version of partition metadata file + (" + location + "): " + v[1]);
      const t = (lines[1] ?? "").split(/:\s+/);
      if (t.length !== 2) throw malformed(lines[1]);
      return t[1]!;
    } catch (e) {
      throw new KafkaStorageException("Error while reading partition metadata file " + location, { cause: e });
    }
  }

  delete(): void {
    this.disk.delete(this.file);
  }
}
