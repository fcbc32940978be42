// kafka.controller.ZkPartitionStateMachine: NonExistent -> New -> Online <-> Offline -> NonExistent.
//  New -> Online: leader = first live replica of the assignment, ISR = the live replicas, leader epoch 0; the
//    state znode is created; LeaderAndIsr(isNew) to the ISR, UpdateMetadata to every broker.
//  Offline/Online -> Online: a leader election by strategy (PartitionLeaderElectionAlgorithms), written with a
//    conditional update on the state znode's version (BADVERSION: re-read and elect again); LeaderAndIsr to the
//    replicas, UpdateMetadata to every broker.
import type { TopicPartition } from "../protocol/TopicPartition";
import type { ControllerCore } from "./ControllerCore";
import type { PartitionState } from "./ControllerContext";
import { StateChangeFailedException } from "./errors";
import type { ZkCallback } from "./KafkaZkClient";
import { type LeaderAndIsr, type LeaderIsrAndControllerEpoch, LeaderAndIsr as LeaderAndIsrClass } from "./LeaderAndIsr";
import {
  controlledShutdownPartitionLeaderElection, offlinePartitionLeaderElection, preferredReplicaPartitionLeaderElection,
  reassignPartitionLeaderElection,
} from "./PartitionLeaderElectionAlgorithms";
import { ConfigType } from "./zk/ZkData";

/** kafka.controller.PartitionLeaderElectionStrategy */
export type PartitionLeaderElectionStrategy =
  | { kind: "OfflinePartitionLeaderElectionStrategy"; allowUnclean: boolean }
  | { kind: "ReassignPartitionLeaderElectionStrategy" }
  | { kind: "PreferredReplicaPartitionLeaderElectionStrategy" }
  | { kind: "ControlledShutdownPartitionLeaderElectionStrategy" };

export const OfflineElection: PartitionLeaderElectionStrategy = { kind: "OfflinePartitionLeaderElectionStrategy", allowUnclean: false };
export const PreferredElection: PartitionLeaderElectionStrategy = { kind: "PreferredReplicaPartitionLeaderElectionStrategy" };
export const ControlledShutdownElection: PartitionLeaderElectionStrategy = { kind: "ControlledShutdownPartitionLeaderElectionStrategy" };

/** Per partition: the new state, or why it failed. */
export type StateChangeResults = Map<string, { partition: TopicPartition; result: LeaderAndIsr | Error }>;

const VALID_PREVIOUS: Record<PartitionState, PartitionState[]> = {
  NewPartition: ["NonExistentPartition"],
  OnlinePartition: ["NewPartition", "OnlinePartition", "OfflinePartition"],
  OfflinePartition: ["NewPartition", "OnlinePartition", "OfflinePartition"],
  NonExistentPartition: ["OfflinePartition"],
};

interface ElectionResult {
  partition: TopicPartition;
  leaderAndIsr: LeaderAndIsr | null;
  /** Who receives the LeaderAndIsr request. */
  recipients: number[];
  unclean: boolean;
}

export class PartitionStateMachine {
  constructor(private readonly core: ControllerCore) {}

  /** initializePartitionState + triggerOnlinePartitionStateChange (controller failover). */
  startup(cb: ZkCallback<StateChangeResults>): void {
    const ctx = this.core.context;
    for (const tp of ctx.allPartitions()) {
      const info = ctx.partitionLeadershipInfo(tp);
      if (info === undefined) ctx.putPartitionState(tp, "NewPartition");
      else ctx.putPartitionState(tp, ctx.isReplicaOnline(info.leaderAndIsr.leader, tp) ? "OnlinePartition" : "OfflinePartition");
    }
    this.triggerOnlinePartitionStateChange(cb);
  }

  /** Every New or Offline partition (topics being deleted excepted) goes Online through an offline election. */
  triggerOnlinePartitionStateChange(cb: ZkCallback<StateChangeResults>, topic?: string): void {
    const ctx = this.core.context;
    const partitions = ctx.allPartitions().filter((tp) => {
      if (topic !== undefined && tp.topic !== topic) return false;
      if (ctx.isTopicQueuedUpForDeletion(tp.topic)) return false;
      const s = ctx.partitionState(tp);
      return s === "OfflinePartition" || s === "NewPartition";
    });
    this.handleStateChanges(partitions, "OnlinePartition", OfflineElection, cb);
  }

  /** handleStateChanges: one batch of requests for the whole change, sent at the end. */
  handleStateChanges(partitions: readonly TopicPartition[], target: PartitionState, strategy: PartitionLeaderElectionStrategy | null,
    cb: ZkCallback<StateChangeResults>): void {
    const results: StateChangeResults = new Map();
    if (partitions.length === 0) return cb(null, results);
    const ctx = this.core.context;
    const batch = this.core.newBatch();
    const valid: TopicPartition[] = [];
    for (const tp of partitions) {
      const cur = ctx.partitionState(tp);
      if (VALID_PREVIOUS[target].includes(cur)) valid.push(tp);
      else {
        const e = new StateChangeFailedException(`Partition ${tp.toString()} should be in one of ${VALID_PREVIOUS[target].join(", ")} states before moving to ${target} state. Instead it is in ${cur} state`);
        results.set(tp.toString(), { partition: tp, result: e });
        this.core.stateChange("controller.stateChange.invalid", { partition: tp.toString(), from: cur, to: target });
      }
    }
    const finish = (err: Error | null): void => {
      batch.sendRequestsToBrokers(ctx.epoch);
      if (err) return cb(err, results);
      cb(null, results);
    };
    if (target !== "OnlinePartition") {
      for (const tp of valid) {
        this.core.stateChange("controller.partitionState", { partition: tp.toString(), from: ctx.partitionState(tp), to: target });
        ctx.putPartitionState(tp, target);
      }
      return finish(null);
    }
    const uninitialized = valid.filter((tp) => ctx.partitionState(tp) === "NewPartition");
    const toElect = valid.filter((tp) => ctx.partitionState(tp) !== "NewPartition");
    this.initializeLeaderAndIsrForPartitions(uninitialized, batch, results, (err) => {
      if (err) return finish(err);
      if (toElect.length === 0) return finish(null);
      this.electLeaderForPartitions(toElect, strategy ?? OfflineElection, batch, results, finish);
    });
  }

  /** NewPartition -> OnlinePartition: the first state znode of each partition. */
  private initializeLeaderAndIsrForPartitions(partitions: readonly TopicPartition[], batch: ReturnType<ControllerCore["newBatch"]>,
    results: StateChangeResults, cb: (err: Error | null) => void): void {
    if (partitions.length === 0) return cb(null);
    const ctx = this.core.context;
    const states = new Map<string, { partition: TopicPartition; state: LeaderIsrAndControllerEpoch }>();
    for (const tp of partitions) {
      const replicas = ctx.partitionReplicaAssignment(tp);
      const live = replicas.filter((r) => ctx.isReplicaOnline(r, tp));
      if (live.length === 0) {
        const e = new StateChangeFailedException(`Controller ${this.core.brokerId} epoch ${ctx.epoch} encountered error during state change of ` +
          `partition ${tp.toString()} from New to Online, assigned replicas are [${replicas.join(",")}], live brokers are [${ctx.liveBrokerIds.join(",")}]. No assigned replica is alive.`);
        results.set(tp.toString(), { partition: tp, result: e });
        this.core.stateChange("controller.stateChange.failed", { partition: tp.toString(), from: "NewPartition", to: "OnlinePartition", reason: "No assigned replica is alive." });
        continue;
      }
      states.set(tp.toString(), { partition: tp, state: { leaderAndIsr: LeaderAndIsrClass.initial(live[0] as number, live), controllerEpoch: ctx.epoch } });
    }
    if (states.size === 0) return cb(null);
    this.core.zkClient.createTopicPartitionStates(states, ctx.epochZkVersion, (err, created) => {
      if (err) return cb(err);
      for (const { partition, state } of states.values()) {
        const e = created.get(partition.toString()) ?? null;
        if (e !== null) {
          results.set(partition.toString(), { partition, result: e });
          this.core.stateChange("controller.stateChange.failed", { partition: partition.toString(), from: "NewPartition", to: "OnlinePartition", reason: e.message });
          continue;
        }
        ctx.putPartitionLeadershipInfo(partition, state);
        batch.addLeaderAndIsrRequestForBrokers(state.leaderAndIsr.isr, partition, state, ctx.partitionFullReplicaAssignment(partition), true);
        ctx.putPartitionState(partition, "OnlinePartition");
        results.set(partition.toString(), { partition, result: state.leaderAndIsr });
        this.core.stateChange("controller.partitionState", {
          partition: partition.toString(), from: "NewPartition", to: "OnlinePartition",
          leader: state.leaderAndIsr.leader, leaderEpoch: 0, isr: [...state.leaderAndIsr.isr],
        });
      }
      cb(null);
    });
  }

  /** electLeaderForPartitions: elect, write conditionally, retry what lost a version race. */
  private electLeaderForPartitions(partitions: readonly TopicPartition[], strategy: PartitionLeaderElectionStrategy,
    batch: ReturnType<ControllerCore["newBatch"]>, results: StateChangeResults, cb: (err: Error | null) => void): void {
    let remaining = [...partitions];
    let rounds = 0;
    const round = (): void => {
      if (remaining.length === 0 || rounds++ > 16) return cb(null);
      this.doElectLeaderForPartitions(remaining, strategy, batch, results, (err, retry) => {
        if (err) return cb(err);
        remaining = retry;
        round();
      });
    };
    round();
  }

  private doElectLeaderForPartitions(partitions: readonly TopicPartition[], strategy: PartitionLeaderElectionStrategy,
    batch: ReturnType<ControllerCore["newBatch"]>, results: StateChangeResults, cb: ZkCallback<TopicPartition[]>): void {
    const ctx = this.core.context;
    this.core.zkClient.getTopicPartitionStates(partitions, (err, current) => {
      if (err) return cb(err, []);
      const valid: { partition: TopicPartition; state: LeaderIsrAndControllerEpoch }[] = [];
      for (const tp of partitions) {
        const s = current.get(tp.toString());
        if (s === undefined) {
          results.set(tp.toString(), { partition: tp, result: new StateChangeFailedException(`LeaderAndIsr information doesn't exist for partition ${tp.toString()} in ${ctx.partitionState(tp)} state`) });
        } else if (s.controllerEpoch > ctx.epoch) {
          results.set(tp.toString(), {
            partition: tp,
            result: new StateChangeFailedException(`Aborted leader election for partition ${tp.toString()} since the LeaderAndIsr path was already written by another controller. ` +
              `This probably means that the current controller ${this.core.brokerId} went through a soft failure and another controller was elected with epoch ${s.controllerEpoch}.`),
          });
        } else {
          valid.push({ partition: tp, state: s });
        }
      }
      if (valid.length === 0) return cb(null, []);
      this.elect(valid, strategy, (e2, elections) => {
        if (e2) return cb(e2, []);
        const toWrite = new Map<string, { partition: TopicPartition; leaderAndIsr: LeaderAndIsr }>();
        const byKey = new Map<string, ElectionResult>();
        for (const r of elections) {
          if (r.leaderAndIsr === null) {
            results.set(r.partition.toString(), {
              partition: r.partition,
              result: new StateChangeFailedException(`Failed to elect leader for partition ${r.partition.toString()} under strategy ${describe(strategy)}`),
            });
            this.core.stateChange("controller.election.failed", { partition: r.partition.toString(), strategy: strategy.kind });
            continue;
          }
          toWrite.set(r.partition.toString(), { partition: r.partition, leaderAndIsr: r.leaderAndIsr });
          byKey.set(r.partition.toString(), r);
        }
        if (toWrite.size === 0) return cb(null, []);
        this.core.zkClient.updateLeaderAndIsr(toWrite, ctx.epoch, ctx.epochZkVersion, (e3, res) => {
          if (e3) return cb(e3, []);
          for (const [key, { partition, result }] of res.finishedPartitions) {
            results.set(key, { partition, result });
            if (result instanceof Error) continue;
            const r = byKey.get(key) as ElectionResult;
            const state: LeaderIsrAndControllerEpoch = { leaderAndIsr: result, controllerEpoch: ctx.epoch };
            const from = ctx.partitionState(partition);
            ctx.putPartitionLeadershipInfo(partition, state);
            ctx.putPartitionState(partition, "OnlinePartition");
            batch.addLeaderAndIsrRequestForBrokers(r.recipients, partition, state, ctx.partitionFullReplicaAssignment(partition), false);
            this.core.stateChange(r.unclean ? "controller.election.unclean" : "controller.election", {
              partition: partition.toString(), strategy: strategy.kind, from, leader: result.leader, leaderEpoch: result.leaderEpoch,
              isr: [...result.isr], zkVersion: result.partitionEpoch,
            });
          }
          cb(null, res.partitionsToRetry);
        });
      });
    });
  }

  /** Election.leaderFor*: the new LeaderAndIsr per partition (null: no eligible replica). */
  private elect(valid: readonly { partition: TopicPartition; state: LeaderIsrAndControllerEpoch }[], strategy: PartitionLeaderElectionStrategy,
    cb: ZkCallback<ElectionResult[]>): void {
    const ctx = this.core.context;
    const live = (tp: TopicPartition, replicas: readonly number[], includeShuttingDown = false): number[] =>
      replicas.filter((r) => ctx.isReplicaOnline(r, tp, includeShuttingDown));
    switch (strategy.kind) {
      case "OfflinePartitionLeaderElectionStrategy": {
        // collectUncleanLeaderElectionState: partitions without a live ISR member need the topic's setting.
        const needConfig = strategy.allowUnclean ? [] : [...new Set(valid
          .filter(({ partition, state }) => !state.leaderAndIsr.isr.some((r) => ctx.isReplicaOnline(r, partition)))
          .map(({ partition }) => partition.topic))].sort();
        this.uncleanSettings(needConfig, (err, unclean) => {
          if (err) return cb(err, []);
          cb(null, valid.map(({ partition, state }) => {
            const assignment = ctx.partitionReplicaAssignment(partition);
            const liveReplicas = live(partition, assignment);
            const isr = state.leaderAndIsr.isr;
            const allowUnclean = strategy.allowUnclean || (unclean.get(partition.topic) ?? false);
            const leader = offlinePartitionLeaderElection(assignment, isr, new Set(liveReplicas), allowUnclean);
            if (leader === null) return { partition, leaderAndIsr: null, recipients: liveReplicas, unclean: false };
            const inIsr = isr.includes(leader);
            const newIsr = inIsr ? isr.filter((r) => ctx.isReplicaOnline(r, partition)) : [leader];
            // KIP-704: a leader from outside the ISR marks the partition RECOVERING.
            const l = inIsr ? state.leaderAndIsr.newLeaderAndIsr(leader, newIsr) : state.leaderAndIsr.newRecoveringLeaderAndIsr(leader, newIsr);
            return { partition, leaderAndIsr: l, recipients: liveReplicas, unclean: !inIsr };
          }));
        });
        return;
      }
      case "ReassignPartitionLeaderElectionStrategy":
        cb(null, valid.map(({ partition, state }) => {
          const target = [...(ctx.partitionFullReplicaAssignment(partition).replicas)];
          const leader = reassignPartitionLeaderElection(target, state.leaderAndIsr.isr, new Set(live(partition, target)));
          return { partition, leaderAndIsr: leader === null ? null : state.leaderAndIsr.newLeader(leader), recipients: target, unclean: false };
        }));
        return;
      case "PreferredReplicaPartitionLeaderElectionStrategy":
        cb(null, valid.map(({ partition, state }) => {
          const assignment = ctx.partitionReplicaAssignment(partition);
          const leader = preferredReplicaPartitionLeaderElection(assignment, state.leaderAndIsr.isr, new Set(live(partition, assignment)));
          return { partition, leaderAndIsr: leader === null ? null : state.leaderAndIsr.newLeader(leader), recipients: assignment, unclean: false };
        }));
        return;
      case "ControlledShutdownPartitionLeaderElectionStrategy":
        cb(null, valid.map(({ partition, state }) => {
          const assignment = ctx.partitionReplicaAssignment(partition);
          const liveOrShuttingDown = live(partition, assignment, true);
          const shuttingDown = ctx.shuttingDownBrokerIds;
          const isr = state.leaderAndIsr.isr;
          const leader = controlledShutdownPartitionLeaderElection(assignment, isr, new Set(liveOrShuttingDown), shuttingDown);
          const newIsr = isr.filter((r) => !shuttingDown.has(r));
          return { partition, leaderAndIsr: leader === null ? null : state.leaderAndIsr.newLeaderAndIsr(leader, newIsr), recipients: liveOrShuttingDown, unclean: false };
        }));
        return;
    }
  }

  /** `unclean.leader.election.enable` per topic: the /config/topics override, else the broker setting. */
  private uncleanSettings(topics: readonly string[], cb: ZkCallback<Map<string, boolean>>): void {
    const out = new Map<string, boolean>();
    let i = 0;
    const next = (): void => {
      if (i >= topics.length) return cb(null, out);
      const topic = topics[i++] as string;
      this.core.zkClient.getEntityConfigs(ConfigType.Topic, topic, (err, configs) => {
        if (err) return cb(err, out);
        const v = configs.get("unclean.leader.election.enable");
        out.set(topic, v === undefined ? this.core.config.uncleanLeaderElectionEnable : v.trim().toLowerCase() === "true");
        next();
      });
    };
    next();
  }
}

function describe(s: PartitionLeaderElectionStrategy): string {
  return s.kind === "OfflinePartitionLeaderElectionStrategy" ? `OfflinePartitionLeaderElectionStrategy(${s.allowUnclean})` : s.kind;
}
