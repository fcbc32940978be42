// Requests that wait for something (kafka.server.DelayedOperation / DelayedOperationPurgatory): an acks=all produce
// waiting for the HW, a fetch waiting for fetch.min.bytes, a CreateTopics waiting for leaders. Each operation is
// watched under keys (a partition); when something happens to a key, checkAndComplete(key) tries the operations
// watching it. Each expires after its timeout on a runtime timer owned by the broker (a crash cancels them).
import type { Runtime } from "../sim/Runtime";
import type { TimerId } from "../sim/Scheduler";

export abstract class DelayedOperation {
  private completed = false;
  timer: TimerId | null = null;
  /** Set by the purgatory: cancels the timeout timer. */
  cancelTimer: ((id: TimerId) => void) | null = null;

  constructor(readonly delayMs: number) {}

  get isCompleted(): boolean {
    return this.completed;
  }

  /** Checks whether the operation can complete now; calls forceComplete() if so. */
  abstract tryComplete(): boolean;
  /** Sends the answer (called exactly once). */
  protected abstract onComplete(): void;
  /** Called when the timeout fires, just before onComplete(). */
  protected onExpiration(): void {}

  /** Completes the operation once (DelayedOperation.forceComplete); false if it already was. */
  forceComplete(): boolean {
    if (this.completed) return false;
    this.completed = true;
    if (this.timer !== null && this.cancelTimer !== null) {
      this.cancelTimer(this.timer);
      this.timer = null;
    }
    this.onComplete();
    return true;
  }

  /** The timeout fired. */
  expire(): void {
    if (this.completed) return;
    this.onExpiration();
    this.forceComplete();
  }
}

export class DelayedOperationPurgatory<T extends DelayedOperation> {
  private readonly watchers = new Map<string, T[]>();

  constructor(readonly purgatoryName: string, private readonly runtime: Runtime, private readonly owner: string) {}

  /**
   * tryCompleteElseWatch: completes the operation now if it can; otherwise watches it under `keys` and starts its
   * timeout. Returns true if it completed at once.
   */
  tryCompleteElseWatch(op: T, keys: readonly string[]): boolean {
    if (op.tryComplete()) return true;
    for (const k of keys) {
      let list = this.watchers.get(k);
      if (list === undefined) this.watchers.set(k, (list = []));
      list.push(op);
    }
    if (!op.isCompleted) {
      op.cancelTimer = (id) => this.runtime.cancel(id);
      op.timer = this.runtime.schedule(op.delayMs, () => {
        op.timer = null;
        op.expire();
      }, this.owner, `${this.purgatoryName}.expire`);
    }
    return false;
  }

  /** Tries every operation watching `key`; completed ones are dropped. Returns how many completed. */
  checkAndComplete(key: string): number {
    const list = this.watchers.get(key);
    if (list === undefined) return 0;
    let done = 0;
    // Operations may add watchers while completing: iterate over a snapshot.
    for (const op of list.slice()) {
      if (op.isCompleted) continue;
      if (op.tryComplete()) {
        done++;
      }
    }
    const remaining = (this.watchers.get(key) ?? []).filter((op) => !op.isCompleted);
    if (remaining.length === 0) this.watchers.delete(key);
    else this.watchers.set(key, remaining);
    return done;
  }

  /** Operations waiting (PurgatorySize). */
  get size(): number {
    const all = new Set<T>();
    for (const list of this.watchers.values()) for (const op of list) if (!op.isCompleted) all.add(op);
    return all.size;
  }

  /** Keys with waiting operations. */
  watchedKeys(): string[] {
    return [...this.watchers.keys()];
  }

  /** Drops every operation without answering (broker crash) — timers are cancelled by the caller's cancelOwned. */
  clear(): void {
    this.watchers.clear();
  }
}
