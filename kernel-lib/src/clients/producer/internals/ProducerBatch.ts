// org.apache.kafka.clients.producer.internals.ProducerBatch: the records bound for one partition that travel
// together — a MemoryRecordsBuilder filling up to batch.size, the per-record futures and callbacks, and the
// batch's life (created, drained, retried, completed once). The producer id, epoch and base sequence of an
// idempotent producer are written into the builder when the batch is drained (setProducerState).
import type { TopicPartition } from "../../../protocol/TopicPartition";
import type { Runtime } from "../../../sim/Runtime";
import type { Deferred } from "../../../sim/Deferred";
import type { RecordHeader } from "../../../storage/DefaultRecordBatch";
import type { MemoryRecordsBuilder } from "../../../storage/MemoryRecordsBuilder";
import { RecordMetadata } from "../RecordMetadata";
import type { BatchResult, FutureRecordMetadata } from "./FutureRecordMetadata";

export type FinalState = "succeeded" | "failed" | "aborted";

export class ProducerBatch implements BatchResult {
  readonly futures: FutureRecordMetadata[] = [];
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
    if (!this.builder.hasRoomFor(timestamp, key, value, headers)) return -1;
    const before = this.builder.estimatedSizeInBytes();
    this.builder.append(timestamp, key, value, headers);
    const size = this.builder.estimatedSizeInBytes() - before;
    if (size > this.maxRecordSize) this.maxRecordSize = size;
    future.batch = this;
    this.futures.push(future);
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
    const tp = this.topicPartition;
    for (let i = 0; i < this.futures.length; i++) {
      const f = this.futures[i]!;
      const metadata = exception === null
        ? new RecordMetadata(tp, baseOffset, baseOffset === -1 ? 0 : i, logAppendTime !== -1 ? logAppendTime : f.createTimestamp, f.serializedKeySize, f.serializedValueSize)
        : new RecordMetadata(tp, -1, -1, -1, -1, -1);
      f.complete(metadata, exception);
      if (onAcknowledgement !== null) onAcknowledgement(metadata, exception);
      if (f.callback !== null) {
        try {
          f.callback(metadata, exception);
        } catch (e) {
          // Kafka logs "Error executing user-provided callback on message for topic-partition" and goes on.
          this.runtime.trace.record(null, "producer.callbackError", { partition: tp.toString(), message: e instanceof Error ? e.message : String(e) });
        }
      }
    }
    this.deferred?.resolve();
    return true;
  }
}
