import type { Clock } from "./Clock";

// Simulated time: it moves only when the scheduler runs an event, jumping straight to the event's time.

export class VirtualClock implements Clock {
  private t: number;

  constructor(startTimeMs: number) {
    if (!Number.isSafeInteger(startTimeMs) || startTimeMs < 0) {
      throw new Error(`Invalid value ${startTimeMs} for startTimeMs: must be a non-negative integer`);
    }
    this.t = startTimeMs;
  }

  now(): number {
    return Math.floor(this.t);
  }

  nowPrecise(): number {
    return this.t;
  }

  /** Moves time forward to `t` (never back: an event can't run before the one that ran last). */
  advanceTo(t: number): void {
    if (t > this.t) this.t = t;
  }
}
