// org.apache.kafka.clients.producer.internals.StickyPartitionCache (KIP-480, Kafka 2.4-3.2): the keyless sticky
// partition per topic of the old DefaultPartitioner, switched only when a new batch is created (onNewBatch) to
// a random *different* available partition.
import type { SeededRandom } from "../../../sim/SeededRandom";
import type { Cluster } from "../../common/Cluster";
import { toPositive } from "../../../protocol/Utils";

export class StickyPartitionCache {
  private readonly indexCache = new Map<string, number>();

  constructor(private readonly random: SeededRandom) {}

  partition(topic: string, cluster: Cluster): number {
    const part = this.indexCache.get(topic);
    return part === undefined ? this.nextPartition(topic, cluster, -1) : part;
  }

  nextPartition(topic: string, cluster: Cluster, prevPartition: number): number {
    const partitions = cluster.partitionsForTopic(topic);
    const available = cluster.availablePartitionsForTopic(topic);
    const oldPart = this.indexCache.get(topic);
    if (oldPart !== undefined && oldPart !== prevPartition) return oldPart;
    let newPart: number | undefined = oldPart;
    if (available.length < 1) {
      newPart = toPositive(this.random.nextInt()) % partitions.length;
    } else if (available.length === 1) {
      newPart = available[0]!.partition;
    } else {
      while (newPart === undefined || newPart === oldPart) newPart = available[toPositive(this.random.nextInt()) % available.length]!.partition;
    }
    this.indexCache.set(topic, newPart);
    return newPart;
  }
}
