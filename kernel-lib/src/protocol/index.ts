// protocol/: the one vocabulary of messages every Kafka node speaks (api keys, error codes, request and
// response types), below storage/ and above sim/ only.
export * from "./KafkaException";
export * from "./ApiException";
export * from "./ApiExceptions";
export * from "./ConfigException";
export * from "./Errors";
export * from "./ApiKeys";
export * from "./TopicPartition";
export * from "./Node";
export type * from "./RequestHeader";
export * from "./Envelope";
export type * from "./messages/index";
export * from "./NetworkClient";
