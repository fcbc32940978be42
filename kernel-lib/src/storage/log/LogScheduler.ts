// What the log layer needs from the runtime (sim/Runtime satisfies it): the clock, and one-shot timers
// owned by a node so that a crash cancels them. Kafka's equivalents are Time and the KafkaScheduler.
// Engine code never uses wall-clock time or host timers directly (determinism contract).

export interface LogScheduler {
  /** Current time in ms (virtual in simulated mode). */
  now(): number;
  /** Runs `fn` after `delayMs`; `owner` is the node whose crash cancels it. */
  schedule(delayMs: number, fn: () => void, owner?: string | null, label?: string): unknown;
}
