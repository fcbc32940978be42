// controller/: the ZooKeeper-mode controller (KafkaController and its state machines), Kafka's typed ZooKeeper
// operations (KafkaZkClient, AdminZkClient), replica placement (AdminUtils), and ZooKeeper itself (zk/).
export * from "./zk";
export { assignReplicasToBrokers, getRackAlternatedBrokerList, replicaIndex, type BrokerMetadata, type PlacementRandom } from "./AdminUtils";
export { AdminZkClient, type AdminZkClientOptions, type RackAwareMode, type TopicConfigInput } from "./AdminZkClient";
export {
  KafkaZkClient, zkPromise, decodeLeaderIsrAndControllerEpoch, encodeLeaderIsrAndControllerEpoch,
  type ZkCallback, type ZNodeChangeHandler, type ZNodeChildChangeHandler, type StateChangeHandler as ZkStateChangeHandler,
  type BrokerAndEpoch, type UpdateLeaderAndIsrResult, type TopicIdReplicaAssignment,
} from "./KafkaZkClient";
export { KafkaController, type KafkaControllerOptions, type ControllerPartitionView, type ElectionType } from "./KafkaController";
export { ControllerContext, type PartitionState, type ReplicaState, type PartitionAndReplica } from "./ControllerContext";
export { ControllerChannelManager, brokerEndpoint, type ControllerChannelManagerOptions, type ControlRequestBody } from "./ControllerChannelManager";
export { ControllerBrokerRequestBatch, EPOCH_DURING_DELETE } from "./ControllerBrokerRequestBatch";
export { type ControllerConfig, DEFAULT_CONTROLLER_CONFIG, controllerConfigFromProps } from "./ControllerConfig";
export { ControllerEventManager, type ControllerEvent } from "./ControllerEventManager";
export { PartitionStateMachine, type PartitionLeaderElectionStrategy } from "./PartitionStateMachine";
export { ReplicaStateMachine } from "./ReplicaStateMachine";
export { TopicDeletionManager } from "./TopicDeletionManager";
export { LeaderAndIsr, LeaderRecoveryState, type LeaderIsrAndControllerEpoch } from "./LeaderAndIsr";
export * from "./PartitionLeaderElectionAlgorithms";
export { validateTopicName, hasCollision, hasCollisionChars, isInternalTopic, MAX_NAME_LENGTH } from "./Topic";
export { AdminOperationException, StateChangeFailedException, TopicAlreadyMarkedForDeletionException } from "./errors";
