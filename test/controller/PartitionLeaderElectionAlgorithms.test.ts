import { describe, expect, it } from "vitest";
import {
  controlledShutdownPartitionLeaderElection, offlinePartitionLeaderElection, preferredReplicaPartitionLeaderElection,
  reassignPartitionLeaderElection,
} from "../../kernel-lib/src/controller/PartitionLeaderElectionAlgorithms";
import { LeaderAndIsr, LeaderRecoveryState } from "../../kernel-lib/src/controller/LeaderAndIsr";

const live = (...ids: number[]) => new Set(ids);

describe("PartitionLeaderElectionAlgorithms", () => {
  it("offline election follows AR order, not ISR order", () => {
    // AR [3,1,2], ISR written in another order [2,1,3]; 3 is dead: 1 comes first in AR.
    expect(offlinePartitionLeaderElection([3, 1, 2], [2, 1, 3], live(1, 2), false)).toBe(1);
    expect(offlinePartitionLeaderElection([1, 2, 3], [3, 2], live(1, 2, 3), false)).toBe(2);
  });

  it("offline election without a live ISR member: none, unless unclean is enabled", () => {
    expect(offlinePartitionLeaderElection([1, 2, 3], [1], live(2, 3), false)).toBeNull();
    expect(offlinePartitionLeaderElection([1, 2, 3], [1], live(3, 2), true)).toBe(2);
    expect(offlinePartitionLeaderElection([1, 2, 3], [1], live(), true)).toBeNull();
    // a clean candidate wins even when unclean is allowed
    expect(offlinePartitionLeaderElection([1, 2, 3], [3], live(2, 3), true)).toBe(3);
  });

  it("preferred election: AR[0] only if alive and in ISR", () => {
    expect(preferredReplicaPartitionLeaderElection([1, 2, 3], [2, 1], live(1, 2, 3))).toBe(1);
    expect(preferredReplicaPartitionLeaderElection([1, 2, 3], [2, 3], live(1, 2, 3))).toBeNull();
    expect(preferredReplicaPartitionLeaderElection([1, 2, 3], [1, 2], live(2, 3))).toBeNull();
  });

  it("controlled shutdown election skips brokers shutting down", () => {
    expect(controlledShutdownPartitionLeaderElection([1, 2, 3], [1, 2, 3], live(1, 2, 3), new Set([1]))).toBe(2);
    expect(controlledShutdownPartitionLeaderElection([1, 2, 3], [3, 1], live(1, 2, 3), new Set([1]))).toBe(3);
    expect(controlledShutdownPartitionLeaderElection([1, 2], [1], live(1, 2), new Set([1]))).toBeNull();
  });

  it("reassignment election: first target replica alive and in ISR", () => {
    expect(reassignPartitionLeaderElection([4, 2, 1], [1, 2], live(1, 2, 4))).toBe(2);
  });

  it("LeaderAndIsr epochs", () => {
    const s = LeaderAndIsr.initial(1, [1, 2]).withPartitionEpoch(3);
    const e = s.newLeaderAndIsr(2, [2]);
    expect([e.leader, e.leaderEpoch, e.isr, e.partitionEpoch]).toEqual([2, 1, [2], 3]);
    const r = s.newRecoveringLeaderAndIsr(3, [3]);
    expect(r.leaderRecoveryState).toBe(LeaderRecoveryState.RECOVERING);
    expect(r.newLeader(1).leaderRecoveryState).toBe(LeaderRecoveryState.RECOVERING);
    expect(s.withIsr([1, 2]).withPartitionEpoch(2).equalsAllowStalePartitionEpoch(s.withPartitionEpoch(9))).toBe(true);
    expect(s.withIsr([2, 1]).equalsAllowStalePartitionEpoch(s)).toBe(false); // ISR order counts (a List in Kafka)
    expect(s.withPartitionEpoch(4).equalsAllowStalePartitionEpoch(s)).toBe(false); // newer than ours
  });
});
