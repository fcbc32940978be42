// org.apache.kafka.clients.producer.internals.DefaultPartitioner as of Kafka 2.4-3.2 (deprecated in 3.3, removed
// in 4.0; setting it in 3.9 restores this behaviour): keyed records hash with murmur2; keyless records stick to
// one partition until a new batch is created (KIP-480), which with linger.ms=0 favours slow brokers (KAFKA-10888).
import type { SeededRandom } from "../../../sim/SeededRandom";
import type { Cluster } from "../../common/Cluster";
import { partitionForKey } from "../../../protocol/Utils";
import type { Partitioner } from "../Partitioner";
import { partitionerRandom } from "../PartitionerRandom";
import { StickyPartitionCache } from "./StickyPartitionCache";

export class DefaultPartitioner implements Partitioner {
  static readonly className: string = "org.apache.kafka.clients.producer.internals.DefaultPartitioner";
  protected cache: StickyPartitionCache | null = null;

  configure(configs: Readonly<Record<string, unknown>>): void {
    const random = partitionerRandom(configs);
    if (random !== null) this.cache = new StickyPartitionCache(random);
  }

  partition(topic: string, _key: unknown, keyBytes: Uint8Array | null, _value: unknown, _valueBytes: Uint8Array | null, cluster: Cluster): number {
    if (keyBytes === null) return this.stickyCache().partition(topic, cluster);
    return partitionForKey(keyBytes, cluster.partitionsForTopic(topic).length);
  }

  onNewBatch(topic: string, cluster: Cluster, prevPartition: number): void {
    this.stickyCache().nextPartition(topic, cluster, prevPartition);
  }

  close(): void {}

  protected stickyCache(): StickyPartitionCache {
    if (this.cache === null) throw new Error(`${DefaultPartitioner.className} needs the producer's seeded random: configure() it with the producer's configs`);
    return this.cache;
  }

  /** For subclasses and tests: a cache drawing from `random`. */
  static withRandom<T extends DefaultPartitioner>(this: new () => T, random: SeededRandom): T {
    const p = new this();
    p.cache = new StickyPartitionCache(random);
    return p;
  }
}
