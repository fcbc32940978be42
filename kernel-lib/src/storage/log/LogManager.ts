// The logs of one broker (kafka.log.LogManager): one log dir (`log.dirs`, default /tmp/kafka-logs) on the
// broker's Disk holding a `<topic>-<partition>` directory per replica plus the per-dir files
// (recovery-point-offset-checkpoint, log-start-offset-checkpoint, replication-offset-checkpoint,
// meta.properties, .kafka_cleanshutdown).
//
// Startup loads every partition directory (recovering unflushed segments unless the last shutdown was clean) and
// starts the periodic tasks on the runtime with the broker as owner (a crash cancels them):
//   kafka-log-retention                every log.retention.check.interval.ms (300000): deleteOldSegments
//   kafka-log-flusher                  every log.flush.scheduler.interval.ms (Long.MAX: off): flush by flush.ms
//   kafka-recovery-point-checkpoint    every log.flush.offset.checkpoint.interval.ms (60000)
//   kafka-log-start-offset-checkpoint  every log.flush.start.offset.checkpoint.interval.ms (60000)
// each first run after log.initial.task.delay.ms (30000). Clean shutdown flushes and closes every log, writes
// the checkpoints and the clean-shutdown marker.
//
// Compaction: when the LogCleaner arrives, logs whose cleanup.policy contains compact are handed to it and
// cleanupLogs skips them (Kafka: cleaner.pauseCleaningForNonCompactedPartitions); today cleanupLogs runs
// deleteOldSegments on every log whose policy is not compact-only.
import type { Disk } from "../../sim/Disk";
import type { TimerId } from "../../sim/Scheduler";
import { CleanShutdownFileHandler } from "../checkpoint/CleanShutdownFileHandler";
import {
  HIGH_WATERMARK_CHECKPOINT_FILE,
  LOG_START_OFFSET_CHECKPOINT_FILE,
  OffsetCheckpointFile,
  RECOVERY_POINT_CHECKPOINT_FILE,
} from "../checkpoint/OffsetCheckpointFile";
import { KafkaException } from "../errors";
import { LONG_MAX_VALUE, type RawConfigValue } from "./ConfigDef";
import { BROKER_LOG_DEFAULTS, LogConfig, topicDefaultsFromBrokerProps } from "./LogConfig";
import {
  displayPath,
  isDeleteDirName,
  isFutureOrStrayDirName,
  joinPath,
  logDeleteDirName,
  logDirName,
  parseTopicPartitionName,
  type TopicPartition,
  topicPartitionString,
} from "./LogFileUtils";
import { UnifiedLog } from "./UnifiedLog";

/** What LogManager needs from the runtime (sim/Runtime satisfies it). */
export interface LogManagerRuntime {
  now(): number;
  schedule(delayMs: number, fn: () => void, owner?: string | null, label?: string): TimerId;
  every(periodMs: number, fn: () => void, owner?: string | null, label?: string): TimerId;
  cancel(id: TimerId): void;
  readonly random: { nextInt(): number };
}

export interface LogManagerOptions {
  readonly runtime: LogManagerRuntime;
  readonly disk: Disk;
  /** The broker's node name: owner of the timers. */
  readonly owner: string;
  /** `log.dirs` (one directory), e.g. "/tmp/kafka-logs"; a path on the broker's Disk. */
  readonly logDir?: string;
  /** Topic config defaults (from the broker's log.* settings). */
  readonly defaultConfig?: LogConfig;
  /** A topic's config (topic overrides over the defaults); defaultConfig when it returns undefined. */
  readonly topicConfig?: (topic: string) => LogConfig | undefined;
  /** log.retention.check.interval.ms */
  readonly retentionCheckMs?: number;
  /** log.flush.scheduler.interval.ms */
  readonly flushCheckMs?: number;
  /** log.flush.offset.checkpoint.interval.ms */
  readonly flushRecoveryOffsetCheckpointMs?: number;
  /** log.flush.start.offset.checkpoint.interval.ms */
  readonly flushStartOffsetCheckpointMs?: number;
  /** log.initial.task.delay.ms */
  readonly initialTaskDelayMs?: number;
}

/** The disk-relative form of a log dir path: each node's Disk is that node's filesystem root. */
export function diskPathOf(logDir: string): string {
  return logDir.replace(/^\/+/, "").replace(/\/+$/, "");
}

export class LogManager {
  readonly runtime: LogManagerRuntime;
  readonly disk: Disk;
  readonly owner: string;
  /** The log dir as configured (e.g. /tmp/kafka-logs). */
  readonly logDirConfig: string;
  /** The log dir on the Disk (e.g. tmp/kafka-logs). */
  readonly logDir: string;
  private _defaultConfig: LogConfig;
  private readonly topicConfig: (topic: string) => LogConfig | undefined;
  readonly retentionCheckMs: number;
  readonly flushCheckMs: number;
  readonly flushRecoveryOffsetCheckpointMs: number;
  readonly flushStartOffsetCheckpointMs: number;
  readonly initialTaskDelayMs: number;
  private readonly logs = new Map<string, UnifiedLog>();
  private readonly timers: TimerId[] = [];
  private recoveryPointCheckpoint: OffsetCheckpointFile | null = null;
  private logStartOffsetCheckpoint: OffsetCheckpointFile | null = null;
  private highWatermarkCheckpoint: OffsetCheckpointFile | null = null;
  private readonly cleanShutdownFile: CleanShutdownFileHandler;
  private started = false;
  private _hadCleanShutdown = false;

  constructor(o: LogManagerOptions) {
    this.runtime = o.runtime;
    this.disk = o.disk;
    this.owner = o.owner;
    this.logDirConfig = o.logDir ?? BROKER_LOG_DEFAULTS["log.dir"]!;
    if (this.logDirConfig.includes(","))
      throw new KafkaException("Only one log directory is supported; log.dirs=" + this.logDirConfig);
    this.logDir = diskPathOf(this.logDirConfig);
    this._defaultConfig = o.defaultConfig ?? new LogConfig();
    this.topicConfig = o.topicConfig ?? ((): undefined => undefined);
    this.retentionCheckMs = o.retentionCheckMs ?? 300000;
    this.flushCheckMs = o.flushCheckMs ?? LONG_MAX_VALUE;
    this.flushRecoveryOffsetCheckpointMs = o.flushRecoveryOffsetCheckpointMs ?? 60000;
    this.flushStartOffsetCheckpointMs = o.flushStartOffsetCheckpointMs ?? 60000;
    this.initialTaskDelayMs = o.initialTaskDelayMs ?? 30000;
    this.cleanShutdownFile = new CleanShutdownFileHandler(o.disk, this.logDir);
  }

  /**
   * A LogManager configured from broker properties (server.properties keys): log.dirs / log.dir, the log.*
   * topic defaults with their synonyms (log.retention.ms > minutes > hours, ...), and the task intervals.
   */
  static fromBrokerProps(runtime: LogManagerRuntime, disk: Disk, owner: string, brokerProps: Readonly<Record<string, RawConfigValue>>,
    topicConfig?: (topic: string) => LogConfig | undefined): LogManager {
    const num = (key: string): number => {
      const v = brokerProps[key] ?? BROKER_LOG_DEFAULTS[key];
      return Number(v);
    };
    const logDirs = brokerProps["log.dirs"] ?? brokerProps["log.dir"] ?? BROKER_LOG_DEFAULTS["log.dir"];
    return new LogManager({
      runtime, disk, owner, logDir: String(logDirs),
      defaultConfig: new LogConfig(topicDefaultsFromBrokerProps(brokerProps)),
      ...(topicConfig !== undefined ? { topicConfig } : {}),
      retentionCheckMs: num("log.retention.check.interval.ms"),
      flushCheckMs: num("log.flush.scheduler.interval.ms"),
      flushRecoveryOffsetCheckpointMs: num("log.flush.offset.checkpoint.interval.ms"),
      flushStartOffsetCheckpointMs: num("log.flush.start.offset.checkpoint.interval.ms"),
      initialTaskDelayMs: num("log.initial.task.delay.ms"),
    });
  }

  get defaultConfig(): LogConfig {
    return this._defaultConfig;
  }

  /** Whether the marker of a clean shutdown was found when the logs were loaded. */
  get hadCleanShutdown(): boolean {
    return this._hadCleanShutdown;
  }

  /** Loads the logs and starts the periodic tasks (LogManager.startup). */
  startup(): void {
    if (this.started) return;
    this.loadLogs();
    this.started = true;
    this.schedulePeriodic(this.retentionCheckMs, () => this.cleanupLogs(), "kafka-log-retention");
    this.schedulePeriodic(this.flushCheckMs, () => this.flushDirtyLogs(), "kafka-log-flusher");
    this.schedulePeriodic(this.flushRecoveryOffsetCheckpointMs, () => this.checkpointLogRecoveryOffsets(), "kafka-recovery-point-checkpoint");
    this.schedulePeriodic(this.flushStartOffsetCheckpointMs, () => this.checkpointLogStartOffsets(), "kafka-log-start-offset-checkpoint");
  }

  /**
   * LogManager.loadLogs: opens every partition directory of the log dir with the checkpointed recovery point and
   * log start offset. Directories marked `-delete` are deleted after file.delete.delay.ms.
   */
  loadLogs(): void {
    const disk = this.disk;
    disk.mkdirs(this.logDir);
    this._hadCleanShutdown = this.cleanShutdownFile.exists();
    this.recoveryPointCheckpoint = new OffsetCheckpointFile(disk, joinPath(this.logDir, RECOVERY_POINT_CHECKPOINT_FILE));
    this.logStartOffsetCheckpoint = new OffsetCheckpointFile(disk, joinPath(this.logDir, LOG_START_OFFSET_CHECKPOINT_FILE));
    this.highWatermarkCheckpoint = new OffsetCheckpointFile(disk, joinPath(this.logDir, HIGH_WATERMARK_CHECKPOINT_FILE));
    // A malformed checkpoint is not fatal: recovery then starts from offset 0 (LogManager.loadLogsInDir).
    const recoveryPoints = readOrEmpty(this.recoveryPointCheckpoint);
    const logStartOffsets = readOrEmpty(this.logStartOffsetCheckpoint);
    for (const name of disk.list(this.logDir)) {
      const rel = joinPath(this.logDir, name);
      if (!this.isDirectory(rel)) continue;
      if (isDeleteDirName(name)) {
        this.scheduleDirDeletion(rel, this._defaultConfig.fileDeleteDelayMs);
        continue;
      }
      if (isFutureOrStrayDirName(name)) continue;
      const tp = parseTopicPartitionName(name, displayPath(rel));
      const key = topicPartitionString(tp);
      const log = UnifiedLog.load({
        disk, dir: rel, config: this.configFor(tp.topic), scheduler: this.runtime, owner: this.owner, random: this.runtime.random,
        recoveryPoint: recoveryPoints.get(key) ?? 0, logStartOffset: logStartOffsets.get(key) ?? 0,
        hadCleanShutdown: this._hadCleanShutdown,
      });
      this.logs.set(key, log);
    }
    this.cleanShutdownFile.delete();
  }

  /** The log of a partition, or undefined. */
  getLog(tp: TopicPartition): UnifiedLog | undefined {
    return this.logs.get(topicPartitionString(tp));
  }

  /** Every log, ordered by topic and partition. */
  allLogs(): UnifiedLog[] {
    return [...this.logs.values()].sort(compareLogs);
  }

  /**
   * LogManager.getOrCreateLog: the partition's log, creating `<logDir>/<topic>-<partition>` when absent (with the
   * topic's config and, if given, its topic id in partition.metadata).
   */
  getOrCreateLog(tp: TopicPartition, opts: { config?: LogConfig; topicId?: string | null } = {}): UnifiedLog {
    const key = topicPartitionString(tp);
    const existing = this.logs.get(key);
    if (existing !== undefined) return existing;
    const log = UnifiedLog.load({
      disk: this.disk, dir: joinPath(this.logDir, logDirName(tp)), config: opts.config ?? this.configFor(tp.topic),
      scheduler: this.runtime, owner: this.owner, random: this.runtime.random, recoveryPoint: 0, logStartOffset: 0,
      hadCleanShutdown: false, topicId: opts.topicId ?? null,
    });
    this.logs.set(key, log);
    return log;
  }

  /**
   * LogManager.asyncDelete: removes the log from service, renames its directory `<tp>.<uniqueId>-delete` and
   * deletes it after file.delete.delay.ms.
   */
  asyncDelete(tp: TopicPartition): UnifiedLog | undefined {
    const key = topicPartitionString(tp);
    const log = this.logs.get(key);
    if (log === undefined) return undefined;
    this.logs.delete(key);
    log.close();
    const newDir = joinPath(this.logDir, logDeleteDirName(tp, this.uniqueId()));
    log.renameDir(newDir);
    this.scheduleDirDeletion(newDir, log.config.fileDeleteDelayMs);
    return log;
  }

  /** Updates the config of a topic's logs (a topic config change). */
  updateTopicConfig(topic: string, config: LogConfig): void {
    for (const log of this.logs.values()) if (log.topicPartition.topic === topic) log.updateConfig(config);
  }

  /**
   * LogManager.cleanupLogs: deleteOldSegments on every log not handled by the (future) LogCleaner. Returns the
   * number of segments deleted.
   */
  cleanupLogs(): number {
    let total = 0;
    for (const log of this.allLogs()) {
      if (log.config.compact && !log.config.delete) continue; // compact-only: the LogCleaner's job
      total += log.deleteOldSegments();
    }
    return total;
  }

  /** LogManager.flushDirtyLogs: flushes logs not flushed for flush.ms. */
  flushDirtyLogs(): void {
    const now = this.runtime.now();
    for (const log of this.allLogs()) {
      if (now - log.lastFlushTime >= log.config.flushMs) log.flush(false);
    }
  }

  /** Writes every log's recovery point to recovery-point-offset-checkpoint. */
  checkpointLogRecoveryOffsets(): void {
    this.requireLoaded().recoveryPoint.write(this.allLogs().map((l) => ({ topicPartition: l.topicPartition, offset: l.recoveryPoint })));
  }

  /** Writes log start offsets that are above their first segment's base offset to log-start-offset-checkpoint. */
  checkpointLogStartOffsets(): void {
    const entries = this.allLogs()
      .filter((l) => l.logStartOffset > (l.logSegments()[0]?.baseOffset ?? 0))
      .map((l) => ({ topicPartition: l.topicPartition, offset: l.logStartOffset }));
    this.requireLoaded().logStartOffset.write(entries);
  }

  /**
   * Writes every log's high watermark to replication-offset-checkpoint (ReplicaManager.checkpointHighWatermarks,
   * every replica.high.watermark.checkpoint.interval.ms; the HW is kept in the log here).
   */
  checkpointHighWatermarks(): void {
    this.requireLoaded().highWatermark.write(this.allLogs().map((l) => ({ topicPartition: l.topicPartition, offset: l.highWatermark })));
  }

  /** The checkpointed high watermarks, keyed by `topic-partition` (empty when missing or malformed). */
  readHighWatermarks(): Map<string, number> {
    return readOrEmpty(this.requireLoaded().highWatermark);
  }

  /**
   * LogManager.shutdown: stops the tasks, flushes and closes every log, writes the recovery point, log start
   * offset and high watermark checkpoints, then the clean-shutdown marker.
   */
  shutdown(brokerEpoch = -1): void {
    for (const t of this.timers) this.runtime.cancel(t);
    this.timers.length = 0;
    for (const log of this.allLogs()) {
      log.flush(true);
      log.close();
    }
    if (this.recoveryPointCheckpoint !== null) {
      this.checkpointLogRecoveryOffsets();
      this.checkpointLogStartOffsets();
      this.checkpointHighWatermarks();
    }
    this.cleanShutdownFile.write(brokerEpoch);
    this.started = false;
  }

  private configFor(topic: string): LogConfig {
    return this.topicConfig(topic) ?? this._defaultConfig;
  }

  private requireLoaded(): { recoveryPoint: OffsetCheckpointFile; logStartOffset: OffsetCheckpointFile; highWatermark: OffsetCheckpointFile } {
    if (this.recoveryPointCheckpoint === null || this.logStartOffsetCheckpoint === null || this.highWatermarkCheckpoint === null)
      throw new KafkaException("LogManager has not loaded its logs yet (call startup())");
    return { recoveryPoint: this.recoveryPointCheckpoint, logStartOffset: this.logStartOffsetCheckpoint, highWatermark: this.highWatermarkCheckpoint };
  }

  /** First run after log.initial.task.delay.ms, then every `periodMs`; not scheduled when the period is Long.MAX. */
  private schedulePeriodic(periodMs: number, fn: () => void, label: string): void {
    if (!Number.isFinite(periodMs) || periodMs >= Number.MAX_SAFE_INTEGER || periodMs <= 0) return;
    this.timers.push(this.runtime.schedule(this.initialTaskDelayMs, () => {
      fn();
      this.timers.push(this.runtime.every(periodMs, fn, this.owner, label));
    }, this.owner, label));
  }

  private scheduleDirDeletion(rel: string, delayMs: number): void {
    this.runtime.schedule(delayMs, () => {
      if (this.disk.exists(rel)) this.disk.deleteDir(rel);
    }, this.owner, "kafka-delete-logs");
  }

  private isDirectory(rel: string): boolean {
    try {
      this.disk.list(rel);
      return true;
    } catch {
      return false;
    }
  }

  /** A 32-hex-digit id like Kafka's UUID.randomUUID() without dashes, from the seeded random source. */
  private uniqueId(): string {
    let s = "";
    for (let i = 0; i < 4; i++) s += (this.runtime.random.nextInt() >>> 0).toString(16).padStart(8, "0");
    return s;
  }
}

function readOrEmpty(file: OffsetCheckpointFile): Map<string, number> {
  try {
    return file.readMap();
  } catch {
    return new Map();
  }
}

function compareLogs(a: UnifiedLog, b: UnifiedLog): number {
  const ta = a.topicPartition.topic;
  const tb = b.topicPartition.topic;
  return ta < tb ? -1 : ta > tb ? 1 : a.topicPartition.partition - b.topicPartition.partition;
}
