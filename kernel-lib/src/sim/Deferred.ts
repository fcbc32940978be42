// A promise with its settle functions, made by `runtime.defer()`. In simulated mode a pending Deferred is what
// makes the scheduler run (demand-driven simulation).

export interface Deferred<T> {
  readonly promise: Promise<T>;
  /** Settles the promise (later calls, and calls after reject, are ignored). */
  resolve(value: T): void;
  reject(error: unknown): void;
}
