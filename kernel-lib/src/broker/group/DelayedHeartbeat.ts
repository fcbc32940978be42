// A member's session (kafka.coordinator.group.DelayedHeartbeat): each heartbeat (or join/sync/commit) completes the
// member's current DelayedHeartbeat and starts a new one of session.timeout.ms; if it expires unsatisfied, the member
// is removed and the group rebalances. A pending member (told MEMBER_ID_REQUIRED) that never rejoins expires alike.
import { DelayedOperation } from "../DelayedOperationPurgatory";
import type { GroupMetadata } from "./GroupMetadata";

export interface HeartbeatCoordinator {
  tryCompleteHeartbeat(group: GroupMetadata, memberId: string, isPending: boolean, forceComplete: () => boolean): boolean;
  onExpireHeartbeat(group: GroupMetadata, memberId: string, isPending: boolean): void;
}

/** MemberKey */
export function memberKey(groupId: string, memberId: string): string {
  return `member\u0000${groupId}\u0000${memberId}`;
}

export class DelayedHeartbeat extends DelayedOperation {
  constructor(private readonly coordinator: HeartbeatCoordinator, private readonly group: GroupMetadata, private readonly memberId: string,
    private readonly isPending: boolean, timeoutMs: number) {
    super(timeoutMs);
  }

  tryComplete(): boolean {
    return this.coordinator.tryCompleteHeartbeat(this.group, this.memberId, this.isPending, () => this.forceComplete());
  }

  protected override onExpiration(): void {
    this.coordinator.onExpireHeartbeat(this.group, this.memberId, this.isPending);
  }

  protected onComplete(): void {}
}
