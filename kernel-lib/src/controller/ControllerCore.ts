// What the controller's parts share: the context, the ZooKeeper client, the channel and the settings.
// (Kafka passes these to PartitionStateMachine, ReplicaStateMachine and TopicDeletionManager one by one.)
import type { Runtime } from "../sim/Runtime";
import { ControllerBrokerRequestBatch, type StopReplicaCallback } from "./ControllerBrokerRequestBatch";
import type { ControllerChannelManager } from "./ControllerChannelManager";
import type { ControllerConfig } from "./ControllerConfig";
import type { ControllerContext } from "./ControllerContext";
import type { KafkaZkClient } from "./KafkaZkClient";

export interface ControllerCore {
  readonly runtime: Runtime;
  readonly brokerId: number;
  readonly config: ControllerConfig;
  readonly context: ControllerContext;
  readonly zkClient: KafkaZkClient;
  readonly channel: ControllerChannelManager;
  /** A fresh request batch; StopReplica(delete) responses go to the topic deletion manager. */
  newBatch(): ControllerBrokerRequestBatch;
  /** A state-change-log line in the trace (category "controller"). */
  stateChange(kind: string, detail: Record<string, unknown>): void;
}

export function makeBatch(core: Omit<ControllerCore, "newBatch" | "stateChange">, stopReplicaCallback: StopReplicaCallback | null): ControllerBrokerRequestBatch {
  return new ControllerBrokerRequestBatch(core.runtime, core.brokerId, core.context, core.channel, stopReplicaCallback);
}

/** Runs callback-style steps one after another; the first error ends the chain. */
export function series(steps: readonly ((next: (err?: Error | null) => void) => void)[], done: (err: Error | null) => void): void {
  let i = 0;
  const next = (err?: Error | null): void => {
    if (err) return done(err);
    if (i >= steps.length) return done(null);
    const step = steps[i++] as (next: (err?: Error | null) => void) => void;
    step(next);
  };
  next();
}
