// org.apache.kafka.clients.producer.internals.ProducerInterceptors: runs the configured interceptors in order.
// Exceptions thrown by an interceptor are logged and swallowed (Kafka: "Error executing interceptor onSend
// callback"), so a faulty interceptor never breaks a send.
import type { ClientLogger } from "../../common/ClientLogEvent";
import type { ProducerInterceptor } from "../ProducerInterceptor";
import type { ProducerRecord } from "../ProducerRecord";
import type { RecordMetadata } from "../RecordMetadata";
import { FutureRecordMetadata } from "./FutureRecordMetadata";

export class ProducerInterceptors {
  constructor(readonly interceptors: readonly ProducerInterceptor[], private readonly log: ClientLogger) {}

  get isEmpty(): boolean {
    return this.interceptors.length === 0;
  }

  onSend(record: ProducerRecord): ProducerRecord {
    let intercepted = record;
    for (const i of this.interceptors) {
      try {
        intercepted = i.onSend(intercepted);
      } catch (e) {
        // The record passes on unchanged to the next interceptor.
        this.warn(`Error executing interceptor onSend callback for topic: ${record.topic}, partition: ${record.partition}`, e);
      }
    }
    return intercepted;
  }

  onAcknowledgement(metadata: RecordMetadata | null, exception: Error | null): void {
    for (const i of this.interceptors) {
      try {
        i.onAcknowledgement(metadata, exception);
      } catch (e) {
        this.warn("Error executing interceptor onAcknowledgement callback", e);
      }
    }
  }

  /** A send failed before reaching the accumulator: onAcknowledgement with partition -1 metadata if unknown. */
  onSendError(record: ProducerRecord, partition: number, exception: Error): void {
    if (this.interceptors.length === 0) return;
    this.onAcknowledgement(FutureRecordMetadata.failedMetadata(record.topic, record.partition ?? partition), exception);
  }

  close(): void {
    for (const i of this.interceptors) {
      try {
        i.close?.();
      } catch (e) {
        this.warn("Failed to close producer interceptor ", e);
      }
    }
  }

  private warn(message: string, e: unknown): void {
    this.log({ level: "WARN", logger: "org.apache.kafka.clients.producer.internals.ProducerInterceptors",
      message: `${message}: ${e instanceof Error ? e.message : String(e)}` });
  }
}
