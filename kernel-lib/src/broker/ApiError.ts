// org.apache.kafka.common.requests.ApiError: an exception turned into the error code and message a response
// carries. Exceptions come from two trees (protocol/ and the storage layer's own Kafka-named classes), so an
// exception is matched by class first and by its Kafka class name second.
import { Errors } from "../protocol/Errors";

const byExceptionName = new Map<string, Errors>();
for (const e of Errors.values()) {
  const n = e.exceptionName;
  if (n !== null && !byExceptionName.has(n)) byExceptionName.set(n, e);
}
// Storage-layer names that differ from the protocol's exception for the same code.
byExceptionName.set("OffsetOutOfRangeException", Errors.OFFSET_OUT_OF_RANGE);
byExceptionName.set("KafkaStorageException", Errors.forCode(56));
byExceptionName.set("InvalidConfigurationException", Errors.forCode(40));
byExceptionName.set("RecordValidationException", Errors.INVALID_RECORD);
// ZkAdminManager turns a ConfigException (a bad config value) into InvalidConfigurationException.
byExceptionName.set("ConfigException", Errors.forCode(40));

export interface ApiError {
  error: Errors;
  message: string | null;
}

/**
 * ApiError.fromThrowable: the error for an exception (UNKNOWN_SERVER_ERROR for anything unexpected, without its
 * message so nothing internal leaks; no message either when it is just the error's default one).
 */
export function apiErrorOf(e: unknown): ApiError {
  let error = Errors.forException(e);
  if (error === Errors.UNKNOWN_SERVER_ERROR && e instanceof Error) error = byExceptionName.get(e.name) ?? byExceptionName.get(e.constructor.name) ?? error;
  const raw = e instanceof Error ? e.message : String(e);
  const message = error === Errors.UNKNOWN_SERVER_ERROR || raw === error.message ? null : raw;
  return { error, message };
}
