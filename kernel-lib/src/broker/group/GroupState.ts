// The classic group states (kafka.coordinator.group.GroupState in GroupMetadata.scala) and which state each may be
// entered from. The names are what DescribeGroups/ListGroups and kafka-consumer-groups.sh print.

export type GroupState = "Empty" | "PreparingRebalance" | "CompletingRebalance" | "Stable" | "Dead";

/** GroupState.validPreviousStates */
export const VALID_PREVIOUS_STATES: Readonly<Record<GroupState, readonly GroupState[]>> = {
  // Members are (re)joining: some joined by the timeout → CompletingRebalance, all left → Empty.
  PreparingRebalance: ["Stable", "CompletingRebalance", "Empty"],
  // Waiting for the leader's SyncGroup.
  CompletingRebalance: ["PreparingRebalance"],
  Stable: ["CompletingRebalance"],
  // Final: the group was removed (deleted, expired, or its partition emigrated).
  Dead: ["Stable", "PreparingRebalance", "CompletingRebalance", "Empty", "Dead"],
  // No members; lingers while it has offsets.
  Empty: ["PreparingRebalance"],
};

/** Every state, in the order Kafka declares them (for filters and display). */
export const GROUP_STATES: readonly GroupState[] = ["PreparingRebalance", "CompletingRebalance", "Stable", "Dead", "Empty"];
