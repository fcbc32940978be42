// File and directory naming of a log (org.apache.kafka.storage.internals.log.LogFileUtils and the dir-name
// helpers of LocalLog): segments are named by their base offset zero-padded to 20 digits, partition
// directories are `<topic>-<partition>`.
import { KafkaException } from "../errors";

export const LOG_FILE_SUFFIX = ".log";
export const INDEX_FILE_SUFFIX = ".index";
export const TIME_INDEX_FILE_SUFFIX = ".timeindex";
export const TXN_INDEX_FILE_SUFFIX = ".txnindex";
export const PRODUCER_SNAPSHOT_FILE_SUFFIX = ".snapshot";
/** Files of a segment waiting for asynchronous deletion (`file.delete.delay.ms`). */
export const DELETED_FILE_SUFFIX = ".deleted";
/** Temporary files of a compaction (LogCleaner) before the swap. */
export const CLEANED_FILE_SUFFIX = ".cleaned";
/** Files of a compaction that are being swapped in. */
export const SWAP_FILE_SUFFIX = ".swap";
/** `<topic>-<p>.<uniqueId>-delete`: a partition directory waiting for deletion. */
export const DELETE_DIR_SUFFIX = "-delete";
/** `<topic>-<p>.<uniqueId>-future`: a replica being moved between log dirs. */
export const FUTURE_DIR_SUFFIX = "-future";
/** `<topic>-<p>.<uniqueId>-stray`: a replica no longer assigned to this broker (KRaft). */
export const STRAY_DIR_SUFFIX = "-stray";

const DELETE_DIR_PATTERN = /^(\S+)-(\S+)\.(\S+)-delete$/;
const FUTURE_DIR_PATTERN = /^(\S+)-(\S+)\.(\S+)-future$/;
const STRAY_DIR_PATTERN = /^(\S+)-(\S+)\.(\S+)-stray$/;

/** A topic partition, as org.apache.kafka.common.TopicPartition (printed `topic-partition`). */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** TopicPartition.toString: `topic-partition`. */
export function topicPartitionString(tp: TopicPartition): string {
  return tp.topic + "-" + tp.partition;
}

/** The 20-digit, zero-padded base offset that names every file of a segment. */
export function filenamePrefixFromOffset(offset: number): string {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new KafkaException("Invalid offset for a file name: " + offset);
  return String(offset).padStart(20, "0");
}

export function logFileName(offset: number, suffix = ""): string {
  return filenamePrefixFromOffset(offset) + LOG_FILE_SUFFIX + suffix;
}

export function offsetIndexFileName(offset: number, suffix = ""): string {
  return filenamePrefixFromOffset(offset) + INDEX_FILE_SUFFIX + suffix;
}

export function timeIndexFileName(offset: number, suffix = ""): string {
  return filenamePrefixFromOffset(offset) + TIME_INDEX_FILE_SUFFIX + suffix;
}

export function transactionIndexFileName(offset: number, suffix = ""): string {
  return filenamePrefixFromOffset(offset) + TXN_INDEX_FILE_SUFFIX + suffix;
}

export function producerSnapshotFileName(offset: number): string {
  return filenamePrefixFromOffset(offset) + PRODUCER_SNAPSHOT_FILE_SUFFIX;
}

/** LogFileUtils.offsetFromFileName: the base offset before the first '.'; NaN when there is none. */
export function offsetFromFileName(fileName: string): number {
  const dot = fileName.indexOf(".");
  const prefix = dot < 0 ? fileName : fileName.substring(0, dot);
  return /^\d+$/.test(prefix) ? Number(prefix) : Number.NaN;
}

export function isLogFile(fileName: string): boolean {
  return fileName.endsWith(LOG_FILE_SUFFIX);
}

/** LogFileUtils.isIndexFile: an offset, time or transaction index. */
export function isIndexFile(fileName: string): boolean {
  return fileName.endsWith(INDEX_FILE_SUFFIX) || fileName.endsWith(TIME_INDEX_FILE_SUFFIX) ||
    fileName.endsWith(TXN_INDEX_FILE_SUFFIX);
}

/** LocalLog.logDirName: `topic-partition`. */
export function logDirName(tp: TopicPartition): string {
  return tp.topic + "-" + tp.partition;
}

/** `topic-partition.uniqueId-delete` for a partition whose directory waits for deletion. */
export function logDeleteDirName(tp: TopicPartition, uniqueId: string): string {
  return logDirName(tp) + "." + uniqueId + DELETE_DIR_SUFFIX;
}

/**
 * LocalLog.parseTopicPartitionName: the topic partition a directory holds, with Kafka's error for a
 * directory that is not a partition. `displayPath` is the absolute path shown in the message.
 */
export function parseTopicPartitionName(dirName: string, displayPath = dirName): TopicPartition {
  const bad = (): KafkaException =>
    new KafkaException("Found directory " + displayPath + ", '" + dirName + "' is not in the form of " +
      "topic-partition or topic-partition.uniqueId-delete (if marked for deletion).\n" +
      "Kafka's log directories (and children) should only contain Kafka topic data.");
  if (!dirName.includes("-")) throw bad();
  if ((dirName.endsWith(DELETE_DIR_SUFFIX) && !DELETE_DIR_PATTERN.test(dirName)) ||
    (dirName.endsWith(FUTURE_DIR_SUFFIX) && !FUTURE_DIR_PATTERN.test(dirName)) ||
    (dirName.endsWith(STRAY_DIR_SUFFIX) && !STRAY_DIR_PATTERN.test(dirName))) throw bad();
  const name = dirName.endsWith(DELETE_DIR_SUFFIX) || dirName.endsWith(FUTURE_DIR_SUFFIX) ||
    dirName.endsWith(STRAY_DIR_SUFFIX) ? dirName.substring(0, dirName.lastIndexOf(".")) : dirName;
  const index = name.lastIndexOf("-");
  const topic = name.substring(0, index);
  const partitionString = name.substring(index + 1);
  if (topic.length === 0 || partitionString.length === 0) throw bad();
  // Integer.parseInt: optional sign, decimal digits, int32 range.
  if (!/^[+-]?\d+$/.test(partitionString)) throw bad();
  const partition = Number(partitionString);
  if (partition > 2147483647 || partition < -2147483648) throw bad();
  return { topic, partition };
}

/** True when a directory name is a partition marked for deletion (`...-delete`). */
export function isDeleteDirName(dirName: string): boolean {
  return DELETE_DIR_PATTERN.test(dirName);
}

/** True for `-future` and `-stray` directories, which this engine does not load. */
export function isFutureOrStrayDirName(dirName: string): boolean {
  return FUTURE_DIR_PATTERN.test(dirName) || STRAY_DIR_PATTERN.test(dirName);
}

/** Joins disk-relative path parts with '/'. */
export function joinPath(dir: string, name: string): string {
  return dir.length === 0 ? name : dir + "/" + name;
}

/**
 * The path shown in messages for a disk-relative path: each node's Disk is that node's filesystem, so the
 * disk-relative path `tmp/kafka-logs/first-0` reads as `/tmp/kafka-logs/first-0`.
 */
export function displayPath(rel: string): string {
  return "/" + rel.replace(/^\/+/, "");
}
