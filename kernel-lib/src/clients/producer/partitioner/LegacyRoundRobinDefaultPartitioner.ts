// The DefaultPartitioner of Kafka <= 2.3, kept as an explicitly legacy option for comparisons (chapter 02):
// keyed records hash with murmur2; keyless records go round-robin, record by record, over the available
// partitions, from a per-topic counter that starts at a random value. This is the behaviour older notes
// describe as "keyless records are spread round-robin" — not what Kafka 3.x does.
import type { SeededRandom } from "../../../sim/SeededRandom";
import type { Cluster } from "../../common/Cluster";
import { partitionForKey, toPositive } from "../../../protocol/Utils";
import type { Partitioner } from "../Partitioner";
import { partitionerRandom } from "../PartitionerRandom";

export class LegacyRoundRobinDefaultPartitioner implements Partitioner {
  static readonly className: string = "org.apache.kafka.clients.producer.internals.DefaultPartitioner (<= 2.3)";
  private readonly topicCounterMap = new Map<string, number>();
  private random: SeededRandom | null = null;

  configure(configs: Readonly<Record<string, unknown>>): void {
    this.random = partitionerRandom(configs);
  }

  partition(topic: string, _key: unknown, keyBytes: Uint8Array | null, _value: unknown, _valueBytes: Uint8Array | null, cluster: Cluster): number {
    const partitions = cluster.partitionsForTopic(topic);
    if (keyBytes !== null) return partitionForKey(keyBytes, partitions.length);
    const next = this.nextValue(topic);
    const available = cluster.availablePartitionsForTopic(topic);
    if (available.length > 0) return available[toPositive(next) % available.length]!.partition;
    return toPositive(next) % partitions.length;
  }

  close(): void {}

  private nextValue(topic: string): number {
    let v = this.topicCounterMap.get(topic);
    if (v === undefined) v = this.random === null ? 0 : this.random.nextInt();
    this.topicCounterMap.set(topic, (v + 1) | 0);
    return v;
  }
}
