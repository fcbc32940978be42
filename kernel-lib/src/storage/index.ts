// storage/: Kafka's on-disk formats and the partition log.

// record batch codec (storage/*.ts, storage/compression/)
export * from "./errors";
export * from "./ByteUtils";
export * from "./Crc32C";
export * from "./compression";
export * from "./DefaultRecord";
export * from "./DefaultRecordBatch";
export * from "./MemoryRecordsBuilder";
export * from "./MemoryRecords";
export * from "./ControlRecordType";
export * from "./EndTransactionMarker";

// partition log (storage/log)
export * from "./log";
export * from "./checkpoint";
