// org.apache.kafka.clients.producer.Callback: runs once per record when the send completes — with the
// metadata (exception null), or with the exception (the metadata then has offset -1). A function or an object
// with onCompletion, as in Java.
import type { RecordMetadata } from "./RecordMetadata";

export type CallbackFunction = (metadata: RecordMetadata, exception: Error | null) => void;
export type Callback = CallbackFunction | { onCompletion(metadata: RecordMetadata, exception: Error | null): void };

/** The function form of a Callback. */
export function callbackFunction(cb: Callback | null | undefined): CallbackFunction | null {
  if (cb === null || cb === undefined) return null;
  if (typeof cb === "function") return cb;
  return (m, e) => cb.onCompletion(m, e);
}
