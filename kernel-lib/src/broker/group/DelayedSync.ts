// The SyncGroup barrier (kafka.coordinator.group.DelayedSync, KIP-814 era): after a generation is formed every
// member must send SyncGroup within the rebalance timeout; members that do not are removed and the group
// rebalances again.
import { DelayedOperation } from "../DelayedOperationPurgatory";
import type { GroupMetadata } from "./GroupMetadata";

export interface SyncCoordinator {
  tryCompletePendingSync(group: GroupMetadata, generationId: number, forceComplete: () => boolean): boolean;
  onExpirePendingSync(group: GroupMetadata, generationId: number): void;
}

/** GroupSyncKey */
export function groupSyncKey(groupId: string): string {
  return `sync\u0000${groupId}`;
}

export class DelayedSync extends DelayedOperation {
  constructor(private readonly coordinator: SyncCoordinator, private readonly group: GroupMetadata, private readonly generationId: number, rebalanceTimeoutMs: number) {
    super(rebalanceTimeoutMs);
  }

  tryComplete(): boolean {
    return this.coordinator.tryCompletePendingSync(this.group, this.generationId, () => this.forceComplete());
  }

  protected override onExpiration(): void {
    this.coordinator.onExpirePendingSync(this.group, this.generationId);
  }

  protected onComplete(): void {}
}
