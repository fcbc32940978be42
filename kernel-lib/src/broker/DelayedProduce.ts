// An acks=all produce waiting for the followers (kafka.server.DelayedProduce): it completes when, for every
// partition it appended to, the leader's HW has reached the batch's last offset + 1 (with
// NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR fell below min ISR meanwhile), when this broker stops leading the
// partition (NOT_LEADER_OR_FOLLOWER), or with REQUEST_TIMED_OUT after the request's timeoutMs.
import { Errors } from "../protocol/Errors";
import { DelayedOperation } from "./DelayedOperationPurgatory";
import type { Partition } from "./Partition";

export interface ProducePartitionStatus {
  readonly key: string;
  /** lastOffset + 1 of the append. */
  readonly requiredOffset: number;
  /** Still waiting for the HW (acksPending). */
  acksPending: boolean;
  /** The partition's answer so far (error and base offset). */
  errorCode: number;
  errorMessage: string | null;
  readonly baseOffset: number;
  readonly logAppendTimeMs: number;
  readonly logStartOffset: number;
}

export class DelayedProduce extends DelayedOperation {
  constructor(
    delayMs: number,
    readonly statuses: ProducePartitionStatus[],
    private readonly getPartition: (key: string) => Partition | undefined,
    private readonly respond: (statuses: ProducePartitionStatus[]) => void,
  ) {
    super(delayMs);
  }

  /** DelayedProduce.tryComplete: each pending partition is checked against its HW. */
  tryComplete(): boolean {
    for (const s of this.statuses) {
      if (!s.acksPending) continue;
      const p = this.getPartition(s.key);
      let done: boolean;
      let error: Errors;
      if (p === undefined) {
        done = true;
        error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
      } else {
        const r = p.checkEnoughReplicasReachOffset(s.requiredOffset);
        error = r.error;
        done = r.done || error !== Errors.NONE;
      }
      if (done) {
        s.acksPending = false;
        s.errorCode = error.code;
        s.errorMessage = error === Errors.NONE ? null : error.message;
      }
    }
    if (this.statuses.every((s) => !s.acksPending)) return this.forceComplete();
    return false;
  }

  /** Timed out: partitions still waiting answer REQUEST_TIMED_OUT (the data may still be committed later). */
  protected override onExpiration(): void {
    for (const s of this.statuses) {
      if (s.acksPending) {
        s.acksPending = false;
        s.errorCode = Errors.REQUEST_TIMED_OUT.code;
        s.errorMessage = null;
      }
    }
  }

  protected onComplete(): void {
    this.respond(this.statuses);
  }
}
