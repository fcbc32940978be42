// org.apache.kafka.clients.producer.internals.ProducerBatch: the records bound for one partition that travel
// together — a MemoryRecordsBuilder filling up to batch.size, the per-record callbacks and outcomes, and the
// batch's life (created, drained, retried, completed once). The producer id, epoch and base sequence of an
// idempotent producer are written into the builder when the batch is drained (setProducerState).
import type { TopicPartition } from "../../../protocol/TopicPartition";
import type { Runtime } from "../../../sim/Runtime";
import type { Deferred } from "../../../sim/Deferred";
import type { RecordHeader } from "../../../storage/DefaultRecordBatch";
import type { MemoryRecordsBuilder } from "../../../storage/MemoryRecordsBuilder";
import type { CallbackFunction } from "../Callback";
import { RecordMetadata } from "../RecordMetadata";
import type { BatchResult, FutureRecordMetadata } from "./FutureRecordMetadata";

export type FinalState = "succeeded" | "failed" | "aborted";

export class ProducerBatch implements BatchResult {
  // Per record, what its RecordMetadata and callback need (Kafka's thunks), in plain arrays rather than the
  // futures themselves: a future the caller dropped is then garbage at once (see FutureRecordMetadata).
  private readonly callbacks: (CallbackFunction | null)[] = [];
  private readonly createTimestamps: number[] = [];
  private readonly keySizes: number[] = [];
  private readonly valueSizes: number[] = [];
  private baseOffset = -1;
  private logAppendTime = -1;
  private exception: Error | null = null;
  private awaitedFutures: FutureRecordMetadata[] | null = null;
  /** done() has run every callback. */
  private completed = false;
  recordCount = 0;
  maxRecordSize = 0;
  attempts = 0;
  lastAttemptMs: number;
  drainedMs = 0;
  /** Back-off before the next attempt (drawn once per retry from the seeded ExponentialBackoff). */
  retryBackoffMs = 0;
  /** Set when the batch was re-enqueued after an error. */
  retry = false;
  /** The leader epoch the batch was last sent to (a changed leader skips the retry backoff). */
  currentLeaderEpoch = -1;
  leaderChangedDuringRetry = false;
  finalState: FinalState | null = null;
  /** Bytes of buffer.memory this batch holds until it completes. */
  readonly allocatedBytes: number;
  private records: Buffer | null = null;
  private deferred: Deferred<void> | null = null;
  private completionPromise: Promise<void> | null = null;

  constructor(
    readonly topicPartition: TopicPartition,
    readonly builder: MemoryRecordsBuilder,
    readonly createdMs: number,
    allocatedBytes: number,
    private readonly runtime: Runtime,
  ) {
    this.lastAttemptMs = createdMs;
    this.allocatedBytes = allocatedBytes;
  }

  /** Appends the record if it fits (ProducerBatch.tryAppend): the bytes it added to the estimate, or -1 if it does not fit. */
  tryAppend(timestamp: number, key: Uint8Array | null, value: Uint8Array | null, headers: RecordHeader[] | undefined, future: FutureRecordMetadata): number {
    const before = this.builder.estimatedSizeInBytes();
    if (!this.builder.tryAppend(timestamp, key, value, headers)) return -1;
    const size = this.builder.estimatedSizeInBytes() - before;
    if (size > this.maxRecordSize) this.maxRecordSize = size;
    future.batch = this;
    future.index = this.recordCount;
    this.callbacks.push(future.callback);
    this.createTimestamps.push(timestamp);
    this.keySizes.push(key === null ? -1 : key.length);
    this.valueSizes.push(value === null ? -1 : value.length);
    // A future awaited before it reached the batch has a deferred of its own: the batch settles it.
    if (future.awaited) (this.awaitedFutures ??= []).push(future);
    this.recordCount++;
    return size;
  }

  isFull(): boolean {
    return this.builder.isFull();
  }

  estimatedSizeInBytes(): number {
    return this.builder.estimatedSizeInBytes();
  }

  closeForRecordAppends(): void {
    this.builder.closeForRecordAppends();
  }

  /** The built batch (header and CRC written; compressed). */
  recordsBuffer(): Buffer {
    if (this.records === null) this.records = this.builder.build();
    return this.records;
  }

  isClosed(): boolean {
    return this.records !== null;
  }

  compressionRatio(): number {
    return this.builder.compressionRatio();
  }

  hasReachedDeliveryTimeout(deliveryTimeoutMs: number, now: number): boolean {
    return deliveryTimeoutMs <= now - this.createdMs;
  }

  waitedTimeMs(nowMs: number): number {
    return Math.max(0, nowMs - this.lastAttemptMs);
  }

  /** ProducerBatch.maybeUpdateLeaderEpoch: a retry to a new leader need not wait out its backoff. */
  maybeUpdateLeaderEpoch(latestLeaderEpoch: number): void {
    if (latestLeaderEpoch >= 0 && this.currentLeaderEpoch !== latestLeaderEpoch) {
      this.leaderChangedDuringRetry = this.attempts > 0 && this.currentLeaderEpoch >= 0;
      this.currentLeaderEpoch = latestLeaderEpoch;
    } else {
      this.leaderChangedDuringRetry = false;
    }
  }

  reenqueued(now: number, backoffMs: number): void {
    this.attempts++;
    this.lastAttemptMs = Math.max(this.lastAttemptMs, now);
    this.retryBackoffMs = backoffMs;
    this.retry = true;
  }

  drained(now: number): void {
    this.drainedMs = Math.max(this.drainedMs, now);
  }

  isDone(): boolean {
    return this.finalState !== null;
  }

  isCompleted(): boolean {
    return this.completed;
  }

  failure(): Error | null {
    return this.exception;
  }

  /** The metadata of record `index` of a succeeded batch (offset baseOffset + index, or -1). */
  recordMetadata(index: number): RecordMetadata {
    const baseOffset = this.baseOffset;
    return new RecordMetadata(this.topicPartition, baseOffset, baseOffset === -1 ? 0 : index,
      this.logAppendTime !== -1 ? this.logAppendTime : this.createTimestamps[index]!, this.keySizes[index]!, this.valueSizes[index]!);
  }

  /** Resolves once the batch completed (never rejects; each record's future holds its own outcome). */
  completion(): Promise<void> {
    if (this.completionPromise === null) {
      if (this.finalState !== null) {
        this.completionPromise = Promise.resolve();
      } else {
        this.deferred = this.runtime.defer<void>(`produce to ${this.topicPartition.toString()}`);
        this.completionPromise = this.deferred.promise;
      }
    }
    return this.completionPromise;
  }

  /**
   * ProducerBatch.done: completes every record in order — interceptor onAcknowledgement, then the user's
   * callback — with offsets baseOffset + index (or -1), or with the exception. False if already done.
   */
  done(baseOffset: number, logAppendTime: number, exception: Error | null, onAcknowledgement: ((m: RecordMetadata, e: Error | null) => void) | null): boolean {
    if (this.finalState !== null) return false;
    this.finalState = exception === null ? "succeeded" : "failed";
    this.baseOffset = baseOffset;
    this.logAppendTime = logAppendTime;
    this.exception = exception;
    const tp = this.topicPartition;
    const callbacks = this.callbacks;
    for (let i = 0; i < this.recordCount; i++) {
      const callback = callbacks[i]!;
      // A record nobody listens to gets its metadata only if its future is asked (FutureRecordMetadata.value).
      if (callback === null && onAcknowledgement === null) continue;
      const metadata = exception === null ? this.recordMetadata(i) : new RecordMetadata(tp, -1, -1, -1, -1, -1);
      if (onAcknowledgement !== null) onAcknowledgement(metadata, exception);
      if (callback !== null) {
        try {
          callback(metadata, exception);
        } catch (e) {
          // Kafka logs "Error executing user-provided callback on message for topic-partition" and goes on.
          this.runtime.trace.record(null, "producer.callbackError", { partition: tp.toString(), message: e instanceof Error ? e.message : String(e) });
        }
      }
    }
    this.completed = true;
    if (this.awaitedFutures !== null) for (const f of this.awaitedFutures) f.settleFromBatch();
    this.deferred?.resolve();
    return true;
  }
}
