// A fetch waiting for data (kafka.server.DelayedFetch): consumers and followers long-poll. It completes when
// fetch.min.bytes (replica.fetch.min.bytes) are readable, when a partition's state changes (error), or after
// maxWaitMs (fetch.max.wait.ms / replica.fetch.wait.max.ms) with whatever is there.
import { DelayedOperation } from "./DelayedOperationPurgatory";

export interface LogReadResult<T> {
  /** Bytes of records readable now. */
  bytes: number;
  /** Some partition answered an error (leader moved, out of range...). */
  hasError: boolean;
  /** The response data of this read. */
  result: T;
}

export class DelayedFetch<T> extends DelayedOperation {
  private last: LogReadResult<T> | null = null;

  constructor(
    maxWaitMs: number,
    private readonly minBytes: number,
    /** Reads every partition of the fetch again (no side effects on follower state). */
    private readonly readAll: () => LogReadResult<T>,
    private readonly respond: (result: T) => void,
  ) {
    super(maxWaitMs);
  }

  tryComplete(): boolean {
    const r = this.readAll();
    if (r.hasError || r.bytes >= this.minBytes) {
      this.last = r;
      return this.forceComplete();
    }
    return false;
  }

  protected override onExpiration(): void {
    this.last = this.readAll();
  }

  protected onComplete(): void {
    const r = this.last ?? this.readAll();
    this.last = null;
    this.respond(r.result);
  }
}
