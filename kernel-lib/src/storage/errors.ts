// Kafka's exception hierarchy for the record layer, named as Kafka names them so that messages and
// `instanceof` checks read like Kafka's (org.apache.kafka.common.KafkaException, errors.ApiException, ...).

/** org.apache.kafka.common.KafkaException: the base of every Kafka error. */
export class KafkaException extends Error {
  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** org.apache.kafka.common.errors.ApiException: an error that has a protocol error code. */
export class ApiException extends KafkaException {}

/** org.apache.kafka.common.errors.RetriableException: the request may succeed if retried. */
export class RetriableException extends ApiException {}

/**
 * org.apache.kafka.common.errors.CorruptRecordException (error code CORRUPT_MESSAGE, 2):
 * a batch failed its CRC or size checks. Retriable in Kafka, because a re-send may arrive intact.
 */
export class CorruptRecordException extends RetriableException {}

/** org.apache.kafka.common.InvalidRecordException (error code INVALID_RECORD, 87): a record is malformed. */
export class InvalidRecordException extends ApiException {}

/** org.apache.kafka.common.errors.RecordTooLargeException (MESSAGE_TOO_LARGE, 10). */
export class RecordTooLargeException extends ApiException {}

/** org.apache.kafka.common.errors.RecordBatchTooLargeException (RECORD_LIST_TOO_LARGE, 18). */
export class RecordBatchTooLargeException extends ApiException {}

/** org.apache.kafka.common.errors.UnsupportedCompressionTypeException (UNSUPPORTED_COMPRESSION_TYPE, 76). */
export class UnsupportedCompressionTypeException extends ApiException {}

/** java.lang.IllegalArgumentException: Kafka's builders throw it for bad arguments. */
export class IllegalArgumentException extends Error {
  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** java.lang.IllegalStateException: a call that is wrong in the object's current state. */
export class IllegalStateException extends Error {
  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
