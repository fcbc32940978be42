// The broker settings the ZooKeeper-mode controller reads (a slice of kafka.server.KafkaConfig; the broker's
// KafkaConfig lives above controller/ and hands these values down).

export interface ControllerConfig {
  /** `auto.leader.rebalance.enable` (default true). */
  autoLeaderRebalanceEnable: boolean;
  /** `leader.imbalance.per.broker.percentage` (default 10). */
  leaderImbalancePerBrokerPercentage: number;
  /** `leader.imbalance.check.interval.seconds` (default 300). */
  leaderImbalanceCheckIntervalSeconds: number;
  /** `unclean.leader.election.enable` broker default (false); a topic override wins. */
  uncleanLeaderElectionEnable: boolean;
  /** `delete.topic.enable` (default true). */
  deleteTopicEnable: boolean;
  /** `controller.socket.timeout.ms` (default 30000). */
  controllerSocketTimeoutMs: number;
  /** `inter.broker.listener.name` (default "PLAINTEXT"). */
  interBrokerListenerName: string;
}

export const DEFAULT_CONTROLLER_CONFIG: Readonly<ControllerConfig> = {
  autoLeaderRebalanceEnable: true,
  leaderImbalancePerBrokerPercentage: 10,
  leaderImbalanceCheckIntervalSeconds: 300,
  uncleanLeaderElectionEnable: false,
  deleteTopicEnable: true,
  controllerSocketTimeoutMs: 30000,
  interBrokerListenerName: "PLAINTEXT",
};

const bool = (v: string | undefined, d: boolean): boolean => (v === undefined ? d : v.trim().toLowerCase() === "true");
const int = (v: string | undefined, d: number): number => (v === undefined ? d : Number.parseInt(v.trim(), 10));

/** The controller's settings from server.properties-style keys (values already validated by KafkaConfig). */
export function controllerConfigFromProps(props: Readonly<Record<string, string | undefined>>): ControllerConfig {
  const d = DEFAULT_CONTROLLER_CONFIG;
  return {
    autoLeaderRebalanceEnable: bool(props["auto.leader.rebalance.enable"], d.autoLeaderRebalanceEnable),
    leaderImbalancePerBrokerPercentage: int(props["leader.imbalance.per.broker.percentage"], d.leaderImbalancePerBrokerPercentage),
    leaderImbalanceCheckIntervalSeconds: int(props["leader.imbalance.check.interval.seconds"], d.leaderImbalanceCheckIntervalSeconds),
    uncleanLeaderElectionEnable: bool(props["unclean.leader.election.enable"], d.uncleanLeaderElectionEnable),
    deleteTopicEnable: bool(props["delete.topic.enable"], d.deleteTopicEnable),
    controllerSocketTimeoutMs: int(props["controller.socket.timeout.ms"], d.controllerSocketTimeoutMs),
    interBrokerListenerName: props["inter.broker.listener.name"] ?? d.interBrokerListenerName,
  };
}
