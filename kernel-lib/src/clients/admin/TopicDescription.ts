// What Admin.describeTopics and listTopics return (org.apache.kafka.clients.admin.TopicDescription,
// org.apache.kafka.common.TopicPartitionInfo, org.apache.kafka.clients.admin.TopicListing).
import type { Node } from "../../protocol/Node";
import { Uuid } from "../../sim/Uuid";

/** org.apache.kafka.common.TopicPartitionInfo: one partition's leader, replicas and ISR as Nodes. */
export class TopicPartitionInfo {
  constructor(
    readonly partition: number,
    /** null when the partition has no leader (`Leader: none`). */
    readonly leader: Node | null,
    readonly replicas: readonly Node[],
    readonly isr: readonly Node[],
    /** Eligible leader replicas (KIP-966): null when the broker cannot tell (ZooKeeper mode, the Metadata API). */
    readonly elr: readonly Node[] | null = null,
    readonly lastKnownElr: readonly Node[] | null = null,
  ) {}

  toString(): string {
    const ids = (ns: readonly Node[]): string => "[" + ns.map(String).join(", ") + "]";
    return `(partition=${this.partition}, leader=${this.leader === null ? "null" : String(this.leader)}, replicas=${ids(this.replicas)}, ` +
      `isr=${ids(this.isr)}, elr=${this.elr === null ? "null" : ids(this.elr)}, lastKnownElr=${this.lastKnownElr === null ? "null" : ids(this.lastKnownElr)})`;
  }
}

/** org.apache.kafka.clients.admin.TopicDescription */
export class TopicDescription {
  constructor(
    readonly name: string,
    readonly isInternal: boolean,
    /** Sorted by partition id. */
    readonly partitions: readonly TopicPartitionInfo[],
    readonly topicId: Uuid = Uuid.ZERO_UUID,
  ) {}

  toString(): string {
    return `(name=${this.name}, internal=${this.isInternal}, partitions=${this.partitions.map(String).join(",")}, topicId=${this.topicId})`;
  }
}

/** org.apache.kafka.clients.admin.TopicListing */
export class TopicListing {
  constructor(readonly name: string, readonly topicId: Uuid, readonly isInternal: boolean) {}

  toString(): string {
    return `(name=${this.name}, topicId=${this.topicId}, internal=${this.isInternal})`;
  }
}
