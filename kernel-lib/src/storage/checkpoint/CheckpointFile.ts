// Kafka's checkpoint text format (org.apache.kafka.server.common.CheckpointFile): line 1 the version, line 2
// the number of entries, then one entry per line. Written atomically (temp file, fsync, rename) through the
// node's Disk; read with Kafka's errors for malformed files.
import type { Disk } from "../../sim/Disk";
import { IOException, KafkaStorageException } from "../log/errors";
import { displayPath } from "../log/LogFileUtils";

/** CheckpointFile.EntryFormatter: one entry <-> one line. */
export interface EntryFormatter<T> {
  toString(entry: T): string;
  /** The entry of a line, or null when the line is malformed. */
  fromString(line: string): T | null;
}

export class CheckpointFile<T> {
  /**
   * Creates the file empty when missing, as Kafka's constructor does (so a fresh log dir shows empty checkpoint
   * files before the first write).
   */
  constructor(
    private readonly disk: Disk,
    readonly file: string,
    readonly version: number,
    private readonly formatter: EntryFormatter<T>,
  ) {
    if (!disk.exists(file)) disk.append(file, new Uint8Array(0));
  }

  /** The text Kafka writes for these entries. */
  format(entries: readonly T[]): string {
    let text = this.version + "\n" + entries.length + "\n";
    for (const e of entries) text += this.formatter.toString(e) + "\n";
    return text;
  }

  write(entries: readonly T[]): void {
    this.disk.writeFileAtomic(this.file, this.format(entries));
  }

  /**
   * Reads the entries (an empty file reads as none). A malformed file throws KafkaStorageException("Error while
   * reading checkpoint file <path>") caused by Kafka's IOException ("Malformed line in checkpoint file [<path>]:
   * <line>", ...), as CheckpointFileWithFailureHandler does.
   */
  read(): T[] {
    try {
      return this.parse(this.disk.exists(this.file) ? this.disk.readAll(this.file).toString("utf8") : "");
    } catch (e) {
      throw new KafkaStorageException("Error while reading checkpoint file " + displayPath(this.file), { cause: e });
    }
  }

  /** CheckpointFile.CheckpointReadBuffer.read. */
  parse(text: string): T[] {
    const location = displayPath(this.file);
    const lines = text.split(/\r\n|\n|\r/);
    if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    let i = 0;
    const malformed = (line: string): IOException =>
      new IOException("Malformed line in checkpoint file [" + location + "]: " + line);
    const toInt = (line: string): number => {
      if (!/^[+-]?\d+$/.test(line)) throw malformed(line);
      const n = Number(line);
      if (n > 2147483647 || n < -2147483648) throw malformed(line);
      return n;
    };
    if (i >= lines.length) return [];
    const readVersion = toInt(lines[i++]!);
    if (readVersion !== this.version)
      throw new IOException("Unrecognised version:" + readVersion + ", expected version: " + this.version +
        " in checkpoint file at: " + location);
    if (i >= lines.length) return [];
    const expectedSize = toInt(lines[i++]!);
    const entries: T[] = [];
    while (i < lines.length) {
      const line = lines[i++]!;
      const entry = this.formatter.fromString(line);
      if (entry === null) throw malformed(line);
      entries.push(entry);
    }
    if (entries.length !== expectedSize)
      throw new IOException("Expected [" + expectedSize + "] entries in checkpoint file [" + location + "], but found only [" +
        entries.length + "]");
    return entries;
  }
}

/** Java's Long.parseLong as a safe JS number, or null. */
export function parseJavaLong(s: string): number | null {
  if (!/^[+-]?\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** Java's Integer.parseInt, or null. */
export function parseJavaInt(s: string): number | null {
  if (!/^[+-]?\d+$/.test(s)) return null;
  const n = Number(s);
  return n <= 2147483647 && n >= -2147483648 ? n : null;
}
