// org.apache.kafka.clients.producer.internals.FutureRecordMetadata: what send() returns. A thenable — `await
// producer.send(r)` works — whose promise is made only when someone asks for it (then/get), so the callback form
// allocates no promise per record, and awaiting many sends of one batch shares the batch's one runtime
// deferred (ProduceRequestResult) instead of one per record. Once appended, the future is a handle (batch,
// index): the batch keeps the record's outcome and never points back at the future, so a future the caller
// drops dies young instead of living in the heap until the batch is acknowledged.
import type { Runtime } from "../../../sim/Runtime";
import type { CallbackFunction } from "../Callback";
import { RecordMetadata } from "../RecordMetadata";
import { TopicPartition } from "../../../protocol/TopicPartition";

const noop = (): void => {};

/** What a batch offers its records: a promise that settles when the batch completes, and each record's outcome. */
export interface BatchResult {
  completion(): Promise<void>;
  /** Every record's callback has run (Kafka's ProduceRequestResult.completed()). */
  isCompleted(): boolean;
  /** Once done: the exception the batch failed with, or null. */
  failure(): Error | null;
  /** Once done and succeeded: the metadata of the record at `index`. */
  recordMetadata(index: number): RecordMetadata;
}

export class FutureRecordMetadata implements PromiseLike<RecordMetadata> {
  /** Set by the accumulator: the record's batch and index in it. */
  batch: BatchResult | null = null;
  index = -1;
  private state: 0 | 1 | 2 = 0; // pending, succeeded, failed
  private metadata: RecordMetadata | null = null;
  private error: Error | null = null;
  private promise: Promise<RecordMetadata> | null = null;
  private settle: { resolve(m: RecordMetadata): void; reject(e: unknown): void } | null = null;

  /** Filled in when the record is serialized and timestamped. */
  serializedKeySize = -1;
  serializedValueSize = -1;
  createTimestamp = -1;

  constructor(private readonly runtime: Runtime, readonly callback: CallbackFunction | null) {}

  isDone(): boolean {
    return this.state !== 0 || (this.batch !== null && this.batch.isCompleted());
  }

  /** Someone awaits this future through its own deferred (made before the record reached a batch). */
  get awaited(): boolean {
    return this.settle !== null;
  }

  /** Takes the outcome from the completed batch (once), settling an awaiting promise. */
  settleFromBatch(): void {
    if (this.state !== 0 || this.batch === null || !this.batch.isCompleted()) return;
    const e = this.batch.failure();
    if (e === null) this.complete(this.batch.recordMetadata(this.index), null);
    else this.complete(null as unknown as RecordMetadata, e);
  }

  /** Java's Future.get(): the promise of the metadata (rejects with the send's exception). */
  get(): Promise<RecordMetadata> {
    if (this.promise !== null) return this.promise;
    this.settleFromBatch();
    if (this.state === 1) this.promise = Promise.resolve(this.metadata!);
    else if (this.state === 2) this.promise = Promise.reject(this.error);
    else if (this.batch !== null) this.promise = this.batch.completion().then(() => this.value());
    else {
      const d = this.runtime.defer<RecordMetadata>("producer send");
      this.settle = d;
      this.promise = d.promise;
    }
    // A rejection nobody awaits is not an error (a Java Future that nobody reads); awaiting still sees it.
    this.promise.catch(noop);
    return this.promise;
  }

  then<R1 = RecordMetadata, R2 = never>(onfulfilled?: ((value: RecordMetadata) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null): Promise<R1 | R2> {
    return this.get().then(onfulfilled, onrejected);
  }

  /** The RecordMetadata once done (throws the send's exception if it failed). */
  value(): RecordMetadata {
    this.settleFromBatch();
    if (this.state === 2) throw this.error;
    if (this.state !== 1) throw new Error("The send has not completed yet");
    return this.metadata!;
  }

  /** Completes a record that never reached a batch: success with its metadata, or failure. */
  complete(metadata: RecordMetadata, error: Error | null): void {
    if (this.state !== 0) return;
    this.metadata = metadata;
    if (error === null) {
      this.state = 1;
      this.settle?.resolve(metadata);
    } else {
      this.state = 2;
      this.error = error;
      this.settle?.reject(error);
    }
    this.settle = null;
  }

  /** The metadata a failure reports (offset -1, timestamp -1; partition -1 if never chosen). */
  static failedMetadata(topic: string, partition: number): RecordMetadata {
    return new RecordMetadata(new TopicPartition(topic, partition), -1, -1, -1, -1, -1);
  }
}
