// org.apache.kafka.clients.producer.UniformStickyPartitioner (Kafka 2.4-3.2, deprecated in 3.3): sticky for
// every record, keys ignored; switches partition when a new batch is created.
import type { Cluster } from "../../common/Cluster";
import { DefaultPartitioner } from "./DefaultPartitioner";

export class UniformStickyPartitioner extends DefaultPartitioner {
  static override readonly className: string = "org.apache.kafka.clients.producer.UniformStickyPartitioner";

  override partition(topic: string, _key: unknown, _keyBytes: Uint8Array | null, _value: unknown, _valueBytes: Uint8Array | null, cluster: Cluster): number {
    return this.stickyCache().partition(topic, cluster);
  }
}
