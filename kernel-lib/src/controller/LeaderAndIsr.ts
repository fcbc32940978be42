// kafka.api.LeaderAndIsr (org.apache.kafka.metadata.LeaderAndIsr in 3.9): a partition's leader, leader epoch,
// ISR, leader recovery state and partition epoch. In ZooKeeper mode the partition epoch is the zkVersion of
// /brokers/topics/<t>/partitions/<p>/state; every election bumps the leader epoch, every ISR change only the
// partition epoch (the znode version).

/** LeaderRecoveryState: RECOVERING after an unclean election until the new leader has recovered (KIP-704). */
export const LeaderRecoveryState = { RECOVERED: 0, RECOVERING: 1 } as const;
export type LeaderRecoveryState = (typeof LeaderRecoveryState)[keyof typeof LeaderRecoveryState];

export class LeaderAndIsr {
  /** LeaderAndIsr.NO_LEADER: the partition is offline. */
  static readonly NO_LEADER = -1;
  /** LeaderAndIsr.LEADER_DURING_DELETE: sent in UpdateMetadata for partitions of a topic being deleted. */
  static readonly LEADER_DURING_DELETE = -2;
  /** LeaderAndIsr.NO_EPOCH */
  static readonly NO_EPOCH = -1;
  static readonly INITIAL_LEADER_EPOCH = 0;
  static readonly INITIAL_PARTITION_EPOCH = 0;

  constructor(
    readonly leader: number,
    readonly leaderEpoch: number,
    readonly isr: readonly number[],
    readonly leaderRecoveryState: LeaderRecoveryState = LeaderRecoveryState.RECOVERED,
    /** ZooKeeper mode: the state znode's version. */
    readonly partitionEpoch: number = LeaderAndIsr.INITIAL_PARTITION_EPOCH,
  ) {}

  /** A new partition: leader epoch 0. */
  static initial(leader: number, isr: readonly number[]): LeaderAndIsr {
    return new LeaderAndIsr(leader, LeaderAndIsr.INITIAL_LEADER_EPOCH, isr);
  }

  /** LeaderAndIsr.newLeader: another leader, same ISR, leader epoch + 1. */
  newLeader(leader: number): LeaderAndIsr {
    return this.newLeaderAndIsr(leader, this.isr);
  }

  /** LeaderAndIsr.newLeaderAndIsr: leader epoch + 1 (the recovery state is kept). */
  newLeaderAndIsr(leader: number, isr: readonly number[]): LeaderAndIsr {
    return new LeaderAndIsr(leader, this.leaderEpoch + 1, isr, this.leaderRecoveryState, this.partitionEpoch);
  }

  /** LeaderAndIsr.newRecoveringLeaderAndIsr: an unclean election (the leader was not in the ISR). */
  newRecoveringLeaderAndIsr(leader: number, isr: readonly number[]): LeaderAndIsr {
    return new LeaderAndIsr(leader, this.leaderEpoch + 1, isr, LeaderRecoveryState.RECOVERING, this.partitionEpoch);
  }

  withPartitionEpoch(partitionEpoch: number): LeaderAndIsr {
    return new LeaderAndIsr(this.leader, this.leaderEpoch, this.isr, this.leaderRecoveryState, partitionEpoch);
  }

  /** The same state with another ISR (an AlterPartition proposal); epochs unchanged. */
  withIsr(isr: readonly number[], leaderRecoveryState: LeaderRecoveryState = this.leaderRecoveryState): LeaderAndIsr {
    return new LeaderAndIsr(this.leader, this.leaderEpoch, isr, leaderRecoveryState, this.partitionEpoch);
  }

  /**
   * LeaderAndIsr.equalsAllowStalePartitionEpoch: the same leader, leader epoch, recovery state and ISR (as a
   * list: order counts), with a partition epoch no newer than `other`'s.
   */
  equalsAllowStalePartitionEpoch(other: LeaderAndIsr): boolean {
    return this.leader === other.leader && this.leaderEpoch === other.leaderEpoch &&
      this.leaderRecoveryState === other.leaderRecoveryState && sameList(this.isr, other.isr) &&
      this.partitionEpoch <= other.partitionEpoch;
  }

  toString(): string {
    return `LeaderAndIsr(leader=${this.leader}, leaderEpoch=${this.leaderEpoch}, isr=[${this.isr.join(", ")}], ` +
      `leaderRecoveryState=${this.leaderRecoveryState === LeaderRecoveryState.RECOVERED ? "RECOVERED" : "RECOVERING"}, ` +
      `partitionEpoch=${this.partitionEpoch})`;
  }
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** kafka.controller.LeaderIsrAndControllerEpoch: the state plus the epoch of the controller that wrote it. */
export interface LeaderIsrAndControllerEpoch {
  leaderAndIsr: LeaderAndIsr;
  controllerEpoch: number;
}
