// org.apache.kafka.clients.producer.RoundRobinPartitioner: each record goes to the next partition in turn
// (among partitions with a leader), keys ignored; one counter per topic starting at 0.
//
// Kafka 3.9.0 has a bug (KAFKA-9965 / KAFKA-17632, fixed in 3.9.1 and 4.0): when a record needs a new batch the
// producer calls onNewBatch and then partition() again, so the counter moves twice for that record and, with an
// even partition count, every other partition gets nothing. This class does what was intended (the record keeps
// the partition its first call chose); RoundRobinPartitioner390 reproduces 3.9.0.
import type { Cluster } from "../../common/Cluster";
import { toPositive } from "../../../protocol/Utils";
import type { Partitioner } from "../Partitioner";

export class RoundRobinPartitioner implements Partitioner {
  static readonly className: string = "org.apache.kafka.clients.producer.RoundRobinPartitioner";
  private readonly topicCounterMap = new Map<string, number>();
  /** Partitions chosen for records whose batch is being created (the 3.9.1 fix). */
  private readonly previousPartitions = new Map<string, number[]>();
  protected readonly reproduceKafka390Bug: boolean = false;

  partition(topic: string, _key: unknown, _keyBytes: Uint8Array | null, _value: unknown, _valueBytes: Uint8Array | null, cluster: Cluster): number {
    if (!this.reproduceKafka390Bug) {
      const queued = this.previousPartitions.get(topic);
      if (queued !== undefined && queued.length > 0) return queued.shift()!;
    }
    const partitions = cluster.partitionsForTopic(topic);
    const nextValue = this.nextValue(topic);
    const available = cluster.availablePartitionsForTopic(topic);
    if (available.length > 0) return available[toPositive(nextValue) % available.length]!.partition;
    return toPositive(nextValue) % partitions.length;
  }

  onNewBatch(topic: string, _cluster: Cluster, prevPartition: number): void {
    if (this.reproduceKafka390Bug) return;
    let q = this.previousPartitions.get(topic);
    if (q === undefined) this.previousPartitions.set(topic, (q = []));
    q.push(prevPartition);
  }

  close(): void {}

  private nextValue(topic: string): number {
    const v = this.topicCounterMap.get(topic) ?? 0;
    this.topicCounterMap.set(topic, (v + 1) | 0);
    return v;
  }
}

/** RoundRobinPartitioner as shipped in Kafka 3.9.0: the counter advances twice when a new batch is created. */
export class RoundRobinPartitioner390 extends RoundRobinPartitioner {
  static override readonly className: string = "org.apache.kafka.clients.producer.RoundRobinPartitioner (3.9.0)";
  protected override readonly reproduceKafka390Bug = true;
}
