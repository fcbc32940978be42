// storage/checkpoint: Kafka's small per-directory files (checkpoints, meta.properties, markers).
export * from "./CheckpointFile";
export * from "./OffsetCheckpointFile";
export * from "./LeaderEpochCheckpointFile";
export * from "./PartitionMetadataFile";
export * from "./CleanShutdownFileHandler";
export * from "./MetaProperties";
