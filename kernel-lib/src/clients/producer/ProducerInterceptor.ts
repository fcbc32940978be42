// org.apache.kafka.clients.producer.ProducerInterceptor<K,V>: sees every record before serialization
// (onSend, may return a changed record) and every acknowledgement or failure (onAcknowledgement, before the
// user's callback). `interceptor.classes` takes classes or instances implementing this.
import type { ProducerRecord } from "./ProducerRecord";
import type { RecordMetadata } from "./RecordMetadata";

export interface ProducerInterceptor<K = unknown, V = unknown> {
  /** Configurable.configure: once, with the producer's configs. */
  configure?(configs: Readonly<Record<string, unknown>>): void;
  onSend(record: ProducerRecord<K, V>): ProducerRecord<K, V>;
  onAcknowledgement(metadata: RecordMetadata | null, exception: Error | null): void;
  close?(): void;
}
