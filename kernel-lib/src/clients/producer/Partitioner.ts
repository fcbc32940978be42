// org.apache.kafka.clients.producer.Partitioner: a custom partition choice (`partitioner.class`). partition()
// gets the record and the cluster snapshot; onNewBatch (deprecated in Kafka) is called before a new batch is
// created, after which partition() is asked again (KafkaProducer.doSend's abortOnNewBatch).
import type { Cluster } from "../common/Cluster";

export interface Partitioner {
  configure?(configs: Readonly<Record<string, unknown>>): void;
  partition(topic: string, key: unknown, keyBytes: Uint8Array | null, value: unknown, valueBytes: Uint8Array | null, cluster: Cluster): number;
  onNewBatch?(topic: string, cluster: Cluster, prevPartition: number): void;
  close?(): void;
}

/** A Partitioner class; built-in ones carry Kafka's class name. */
export type PartitionerClass = (new () => Partitioner) & { className?: string };
