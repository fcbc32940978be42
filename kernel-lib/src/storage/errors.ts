// Kafka's exceptions for the record layer. Each has ONE home, in protocol/ (the lowest Kafka layer),
// so `instanceof`, `err.name` and `err.code` agree everywhere; this module re-exports the ones storage
// throws, plus Java's IllegalArgumentException / IllegalStateException from sim/.
export {
  KafkaException, ApiException, RetriableException, CorruptRecordException, InvalidRecordException,
  RecordTooLargeException, RecordBatchTooLargeException, UnsupportedCompressionTypeException,
} from "../protocol";
export { IllegalArgumentException, IllegalStateException } from "../sim/errors";
