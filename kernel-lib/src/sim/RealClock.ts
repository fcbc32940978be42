import type { Clock } from "./Clock";

// Wall-clock time for real-time mode: the epoch origin of this process plus the monotonic high-resolution
// counter, so time never goes backwards when the system clock is adjusted.

export class RealClock implements Clock {
  private readonly origin = performance.timeOrigin;

  now(): number {
    return Math.floor(this.origin + performance.now());
  }

  nowPrecise(): number {
    return this.origin + performance.now();
  }
}
