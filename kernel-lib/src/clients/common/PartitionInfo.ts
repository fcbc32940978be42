// org.apache.kafka.common.PartitionInfo: what the client's metadata says about one partition.
import type { Node } from "../../protocol/Node";

export class PartitionInfo {
  constructor(
    readonly topic: string,
    readonly partition: number,
    /** null when the partition has no leader (offline, or election pending). */
    readonly leader: Node | null,
    readonly replicas: readonly Node[],
    readonly inSyncReplicas: readonly Node[],
    readonly offlineReplicas: readonly Node[] = [],
    /** The leader epoch from the metadata (-1 if unknown). */
    readonly leaderEpoch: number = -1,
  ) {}

  /** Kafka's PartitionInfo.toString. */
  toString(): string {
    const ids = (ns: readonly Node[]): string => "[" + ns.map((n) => n.idString).join(",") + "]";
    return `Partition(topic = ${this.topic}, partition = ${this.partition}, leader = ${this.leader === null ? "none" : this.leader.idString}, ` +
      `replicas = ${ids(this.replicas)}, isr = ${ids(this.inSyncReplicas)}, offlineReplicas = ${ids(this.offlineReplicas)})`;
  }
}
