// org.apache.kafka.clients.admin.NewPartitions: the new total partition count of a topic (it can only grow),
// optionally with the replica assignment of each added partition.

export class NewPartitions {
  private constructor(readonly totalCount: number, readonly newAssignments: readonly (readonly number[])[] | null) {}

  /** NewPartitions.increaseTo(totalCount[, newAssignments]): newAssignments[i] are the replicas of the i-th new partition. */
  static increaseTo(totalCount: number, newAssignments?: readonly (readonly number[])[] | null): NewPartitions {
    return new NewPartitions(totalCount, newAssignments ?? null);
  }

  /** Kafka's NewPartitions.toString. */
  toString(): string {
    const a = this.newAssignments === null ? "null" : "[" + this.newAssignments.map((r) => `[${r.join(", ")}]`).join(", ") + "]";
    return `(totalCount=${this.totalCount}, newAssignments=${a})`;
  }
}
