// CreateTopics / CreatePartitions / DeleteTopics waiting for the controller's work to reach this broker's metadata
// (kafka.server.DelayedCreatePartitions, DelayedDeleteTopics): answered when every topic is done (leaders known,
// or gone), or after the request's timeoutMs with REQUEST_TIMED_OUT for the topics still pending.
import { DelayedOperation } from "./DelayedOperationPurgatory";

export interface PendingTopic {
  readonly name: string;
  /** Done already (with an error, or nothing to wait for). */
  done: boolean;
  errorCode: number;
  errorMessage: string | null;
}

export class DelayedCreatePartitions extends DelayedOperation {
  constructor(
    delayMs: number,
    readonly topics: PendingTopic[],
    /** Whether a topic's metadata reached the cache (all partitions have a leader; for deletion: the topic is gone). */
    private readonly isReady: (topic: string) => boolean,
    private readonly respond: (topics: PendingTopic[]) => void,
  ) {
    super(delayMs);
  }

  tryComplete(): boolean {
    for (const t of this.topics) if (!t.done && this.isReady(t.name)) t.done = true;
    return this.topics.every((t) => t.done) ? this.forceComplete() : false;
  }

  protected override onExpiration(): void {
    for (const t of this.topics) {
      if (!t.done) {
        t.done = true;
        t.errorCode = 7; // REQUEST_TIMED_OUT
        t.errorMessage = null;
      }
    }
  }

  protected onComplete(): void {
    this.respond(this.topics);
  }
}
