// The rebalance barrier (kafka.coordinator.group.DelayedJoin / InitialDelayedJoin): while a group is
// PreparingRebalance, JoinGroup requests are parked until every known member has rejoined or the rebalance timeout
// (the largest max.poll.interval.ms of the members) expires. A group that was Empty first waits
// group.initial.rebalance.delay.ms, and again (up to the rebalance timeout) while new members keep arriving, so a
// starting consumer group does not rebalance once per consumer.
import { DelayedOperation, type DelayedOperationPurgatory } from "../DelayedOperationPurgatory";
import type { GroupMetadata } from "./GroupMetadata";

/** What the delayed operations call back on the coordinator. */
export interface JoinCoordinator {
  tryCompleteJoin(group: GroupMetadata, forceComplete: () => boolean): boolean;
  onCompleteJoin(group: GroupMetadata): void;
}

/** GroupJoinKey */
export function groupJoinKey(groupId: string): string {
  return `join\u0000${groupId}`;
}

export class DelayedJoin extends DelayedOperation {
  constructor(protected readonly coordinator: JoinCoordinator, protected readonly group: GroupMetadata, rebalanceTimeoutMs: number) {
    super(rebalanceTimeoutMs);
  }

  tryComplete(): boolean {
    return this.coordinator.tryCompleteJoin(this.group, () => this.forceComplete());
  }

  protected onComplete(): void {
    this.coordinator.onCompleteJoin(this.group);
  }
}

export class InitialDelayedJoin extends DelayedJoin {
  constructor(coordinator: JoinCoordinator, private readonly purgatory: DelayedOperationPurgatory<DelayedJoin>, group: GroupMetadata,
    private readonly configuredRebalanceDelay: number, private readonly initialDelayMs: number, private readonly remainingMs: number) {
    super(coordinator, group, initialDelayMs);
  }

  /** Never completes early: the point is to wait for more members. */
  override tryComplete(): boolean {
    return false;
  }

  protected override onComplete(): void {
    if (this.group.newMemberAdded && this.remainingMs !== 0) {
      this.group.newMemberAdded = false;
      const delay = Math.min(this.configuredRebalanceDelay, this.remainingMs);
      const remaining = Math.max(this.remainingMs - this.initialDelayMs, 0);
      this.purgatory.tryCompleteElseWatch(new InitialDelayedJoin(this.coordinator, this.purgatory, this.group, this.configuredRebalanceDelay, delay, remaining),
        [groupJoinKey(this.group.groupId)]);
    } else {
      super.onComplete();
    }
  }
}
