// org.apache.kafka.common.utils.ExponentialBackoff (KIP-580, clients 3.7+): retry.backoff.ms doubling per
// attempt up to retry.backoff.max.ms, times a random factor in [0.8, 1.2) (jitter 0.2) drawn from the runtime's
// seeded random, so retries stay deterministic per seed.
import type { SeededRandom } from "../../sim/SeededRandom";

export class ExponentialBackoff {
  private readonly expMax: number;

  constructor(
    private readonly initialInterval: number,
    private readonly multiplier: number,
    private readonly maxInterval: number,
    private readonly jitter: number,
    private readonly random: SeededRandom,
  ) {
    this.expMax = maxInterval > initialInterval ? Math.log(maxInterval / Math.max(initialInterval, 1)) / Math.log(multiplier) : 0;
  }

  /** The wait before attempt number `attempts` + 1 (0 = first retry). */
  backoff(attempts: number): number {
    if (this.expMax === 0) return this.initialInterval;
    const exp = Math.min(attempts, this.expMax);
    const term = this.initialInterval * Math.pow(this.multiplier, exp);
    const factor = this.jitter <= 0 ? 1 : 1 - this.jitter + this.random.nextDouble() * 2 * this.jitter;
    const value = Math.trunc(factor * term);
    return value > this.maxInterval ? this.maxInterval : value;
  }
}
