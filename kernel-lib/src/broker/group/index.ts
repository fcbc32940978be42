// broker/group: the classic consumer group coordinator and its __consumer_offsets storage.
export * from "./GroupUtils";
export * from "./GroupState";
export * from "./GroupResults";
export * from "./OffsetAndMetadata";
export * from "./MemberMetadata";
export * from "./GroupMetadata";
export * from "./GroupMetadataRecords";
export * from "./GroupCoordinatorConfig";
export * from "./GroupMetadataManager";
export * from "./DelayedJoin";
export * from "./DelayedHeartbeat";
export * from "./DelayedSync";
export * from "./GroupCoordinator";
export * from "./GroupApis";
export * from "./GroupReadout";
