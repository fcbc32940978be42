// Exceptions of Kafka's log layer, named as Kafka names them (org.apache.kafka.common.errors.*,
// org.apache.kafka.storage.internals.log.*, org.apache.kafka.common.config.ConfigException).
// The record-level ones (CorruptRecordException, RecordTooLargeException, ...) live in ../errors.
import { ApiException, KafkaException } from "../errors";

/** errors.InvalidOffsetException: an offset that cannot be used (index appends, seeks). */
export class InvalidOffsetException extends ApiException {}

/** errors.OffsetOutOfRangeException (OFFSET_OUT_OF_RANGE, 1): a fetch below log start or above the LEO. */
export class OffsetOutOfRangeException extends InvalidOffsetException {}

/** errors.KafkaStorageException (KAFKA_STORAGE_ERROR, 56): a log directory could not be read or written. */
export class KafkaStorageException extends ApiException {}

/** errors.InvalidConfigurationException (INVALID_CONFIG, 40), e.g. "Unknown topic config name: foo". */
export class InvalidConfigurationException extends ApiException {}

/** config.ConfigException: "Invalid value <v> for configuration <name>: <why>". */
export class ConfigException extends KafkaException {
  constructor(nameOrMessage: string, value?: unknown, message?: string) {
    // Kafka's two constructors: ConfigException(message) and ConfigException(name, value, message).
    super(arguments.length === 1
      ? nameOrMessage
      : "Invalid value " + javaToString(value) + " for configuration " + nameOrMessage +
        (message === undefined ? "" : ": " + message));
  }
}

/** errors.UnexpectedAppendOffsetException: a follower append whose first offset is below the LEO. */
export class UnexpectedAppendOffsetException extends KafkaException {
  constructor(message: string, readonly firstOffset: number, readonly lastOffset: number) {
    super(message);
  }
}

/** log.OffsetsOutOfOrderException: offsets in an append do not increase. */
export class OffsetsOutOfOrderException extends KafkaException {}

/** log.CorruptIndexException: an index file fails its sanity check (it is then rebuilt). */
export class CorruptIndexException extends KafkaException {}

/** log.IndexOffsetOverflowException: an offset does not fit the 4-byte relative offset of an index. */
export class IndexOffsetOverflowException extends KafkaException {}

/** log.LogSegmentOffsetOverflowException: a batch whose offsets overflow the segment's relative offsets. */
export class LogSegmentOffsetOverflowException extends KafkaException {
  constructor(readonly segmentBaseOffset: number, readonly offset: number, segmentDescription: string) {
    super("Detected offset overflow at offset " + offset + " in segment " + segmentDescription);
  }
}

/** java.nio.file.NoSuchFileException, as thrown by LogSegment.sanityCheck for a missing offset index. */
export class NoSuchFileException extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NoSuchFileException";
  }
}

/** java.io.IOException: malformed checkpoint files and the like. */
export class IOException extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "IOException";
  }
}

/**
 * common.InconsistentClusterIdException: meta.properties belongs to another cluster. The message is the one
 * Kafka 3.9 gives (MetaPropertiesEnsemble.verify); 3.9 throws it as a plain RuntimeException.
 */
export class InconsistentClusterIdException extends KafkaException {}

/**
 * common.InconsistentBrokerIdException: meta.properties belongs to another broker id. Message as Kafka 3.9
 * (MetaPropertiesEnsemble.verify: "Stored node id ... doesn't match previous node id ...").
 */
export class InconsistentBrokerIdException extends KafkaException {}

/** Java's String.valueOf for config values in messages: null prints as "null". */
function javaToString(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "[" + value.map(javaToString).join(", ") + "]";
  return String(value);
}
