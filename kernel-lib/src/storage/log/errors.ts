// Exceptions of Kafka's log layer, named as Kafka names them (org.apache.kafka.common.errors.*,
// org.apache.kafka.storage.internals.log.*, org.apache.kafka.common.config.ConfigException).
// The record-level ones (CorruptRecordException, RecordTooLargeException, ...) live in ../errors.
import { KafkaException } from "../errors";
import { nameErrorClasses } from "../../protocol/KafkaException";
export {
  InvalidOffsetException, OffsetOutOfRangeException, KafkaStorageException, InvalidConfigurationException,
  InconsistentClusterIdException, ConfigException,
} from "../../protocol";

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
 * common.InconsistentBrokerIdException: meta.properties belongs to another broker id. Message as Kafka 3.9
 * (MetaPropertiesEnsemble.verify: "Stored node id ... doesn't match previous node id ...").
 */
export class InconsistentBrokerIdException extends KafkaException {}

// Names survive bundling (see protocol/KafkaException.ts).
nameErrorClasses({
  UnexpectedAppendOffsetException, OffsetsOutOfOrderException, CorruptIndexException, IndexOffsetOverflowException,
  LogSegmentOffsetOverflowException, InconsistentBrokerIdException,
});
