// kafka.controller.ZkReplicaStateMachine: the controller's view of each replica (partition x broker).
//  OnlineReplica: the broker gets the partition's current LeaderAndIsr (a broker that came up, failover).
//  OfflineReplica: StopReplica(delete=false) to the broker, and the replica leaves the ISR at once (if it led
//    the partition: leader -1; the last ISR member stays in the ISR); leader epoch + 1; LeaderAndIsr to the
//    other replicas, UpdateMetadata to every broker.
//  ReplicaDeletionStarted: StopReplica(delete=true); its response moves the replica on (TopicDeletionManager).
import type { TopicPartition } from "../protocol/TopicPartition";
import type { ControllerBrokerRequestBatch } from "./ControllerBrokerRequestBatch";
import type { ControllerCore } from "./ControllerCore";
import type { PartitionAndReplica, ReplicaState } from "./ControllerContext";
import type { ZkCallback } from "./KafkaZkClient";
import { LeaderAndIsr, type LeaderIsrAndControllerEpoch } from "./LeaderAndIsr";

const VALID_PREVIOUS: Record<ReplicaState, ReplicaState[]> = {
  NewReplica: ["NonExistentReplica"],
  OnlineReplica: ["NewReplica", "OnlineReplica", "OfflineReplica", "ReplicaDeletionIneligible"],
  OfflineReplica: ["NewReplica", "OnlineReplica", "OfflineReplica", "ReplicaDeletionIneligible"],
  ReplicaDeletionStarted: ["OfflineReplica"],
  ReplicaDeletionSuccessful: ["ReplicaDeletionStarted"],
  ReplicaDeletionIneligible: ["OfflineReplica", "ReplicaDeletionStarted", "ReplicaDeletionIneligible"],
  NonExistentReplica: ["ReplicaDeletionSuccessful"],
};

export class ReplicaStateMachine {
  constructor(private readonly core: ControllerCore) {}

  /** Failover: replicas on live brokers go Online (each gets the current LeaderAndIsr), others are Ineligible. */
  startup(cb: ZkCallback<void>): void {
    const ctx = this.core.context;
    const online: PartitionAndReplica[] = [];
    for (const r of ctx.replicasForPartition(ctx.allPartitions())) {
      if (ctx.isReplicaOnline(r.replica, r.partition)) {
        ctx.putReplicaState(r, "OnlineReplica");
        online.push(r);
      } else {
        ctx.putReplicaState(r, "ReplicaDeletionIneligible");
      }
    }
    this.handleStateChanges(online, "OnlineReplica", cb);
  }

  handleStateChanges(replicas: readonly PartitionAndReplica[], target: ReplicaState, cb: ZkCallback<void>): void {
    if (replicas.length === 0) return cb(null, undefined);
    const batch = this.core.newBatch();
    const byBroker = new Map<number, PartitionAndReplica[]>();
    for (const r of replicas) {
      let l = byBroker.get(r.replica);
      if (l === undefined) byBroker.set(r.replica, (l = []));
      l.push(r);
    }
    const brokers = [...byBroker.keys()].sort((a, b) => a - b);
    let i = 0;
    const next = (err: Error | null): void => {
      if (err || i >= brokers.length) {
        batch.sendRequestsToBrokers(this.core.context.epoch);
        return cb(err, undefined);
      }
      const id = brokers[i++] as number;
      this.doHandleStateChanges(id, byBroker.get(id) as PartitionAndReplica[], target, batch, next);
    };
    next(null);
  }

  private doHandleStateChanges(replicaId: number, replicas: readonly PartitionAndReplica[], target: ReplicaState,
    batch: ControllerBrokerRequestBatch, cb: (err: Error | null) => void): void {
    const ctx = this.core.context;
    const valid = replicas.filter((r) => {
      const ok = VALID_PREVIOUS[target].includes(ctx.replicaState(r));
      if (!ok) this.core.stateChange("controller.replicaState.invalid", { partition: r.partition.toString(), replica: r.replica, from: ctx.replicaState(r), to: target });
      return ok;
    });
    const moved = (r: PartitionAndReplica): void => {
      this.core.stateChange("controller.replicaState", { partition: r.partition.toString(), replica: r.replica, from: ctx.replicaState(r), to: target });
      ctx.putReplicaState(r, target);
    };
    switch (target) {
      case "NewReplica":
        for (const r of valid) {
          const info = ctx.partitionLeadershipInfo(r.partition);
          if (info !== undefined && info.leaderAndIsr.leader !== replicaId) {
            batch.addLeaderAndIsrRequestForBrokers([replicaId], r.partition, info, ctx.partitionFullReplicaAssignment(r.partition), true);
          }
          moved(r);
        }
        return cb(null);
      case "OnlineReplica":
        for (const r of valid) {
          if (ctx.replicaState(r) !== "NewReplica") {
            const info = ctx.partitionLeadershipInfo(r.partition);
            if (info !== undefined) batch.addLeaderAndIsrRequestForBrokers([replicaId], r.partition, info, ctx.partitionFullReplicaAssignment(r.partition), false);
          }
          moved(r);
        }
        return cb(null);
      case "OfflineReplica": {
        for (const r of valid) batch.addStopReplicaRequestForBrokers([replicaId], r.partition, false);
        const withLeadership = valid.filter((r) => ctx.partitionLeadershipInfo(r.partition) !== undefined);
        const without = valid.filter((r) => ctx.partitionLeadershipInfo(r.partition) === undefined);
        this.removeReplicasFromIsr(replicaId, withLeadership.map((r) => r.partition), (err, updated) => {
          if (err) return cb(err);
          for (const [key, { partition, state }] of updated) {
            if (!ctx.isTopicQueuedUpForDeletion(partition.topic)) {
              const recipients = ctx.partitionReplicaAssignment(partition).filter((b) => b !== replicaId);
              batch.addLeaderAndIsrRequestForBrokers(recipients, partition, state, ctx.partitionFullReplicaAssignment(partition), false);
            }
            const r = withLeadership.find((x) => x.partition.toString() === key);
            if (r !== undefined) moved(r);
          }
          for (const r of without) {
            batch.addUpdateMetadataRequestForBrokers(ctx.liveOrShuttingDownBrokerIds, [r.partition]);
            moved(r);
          }
          cb(null);
        });
        return;
      }
      case "ReplicaDeletionStarted":
        for (const r of valid) {
          moved(r);
          batch.addStopReplicaRequestForBrokers([replicaId], r.partition, true);
        }
        return cb(null);
      case "ReplicaDeletionIneligible":
      case "ReplicaDeletionSuccessful":
        for (const r of valid) moved(r);
        return cb(null);
      case "NonExistentReplica":
        for (const r of valid) {
          const a = ctx.partitionFullReplicaAssignment(r.partition);
          ctx.updatePartitionFullReplicaAssignment(r.partition, { ...a, replicas: a.replicas.filter((x) => x !== replicaId) });
          moved(r);
        }
        return cb(null);
    }
  }

  /**
   * KafkaController.removeReplicasFromIsr (doRemoveReplicasFromIsr): read each state znode, drop the replica from
   * the ISR (not the last member; a leader becomes -1), bump the leader epoch, write conditionally; BADVERSION
   * -> re-read and again. Partitions whose ISR does not hold the replica are returned unchanged.
   */
  private removeReplicasFromIsr(replicaId: number, partitions: readonly TopicPartition[],
    cb: ZkCallback<Map<string, { partition: TopicPartition; state: LeaderIsrAndControllerEpoch }>>): void {
    const ctx = this.core.context;
    const out = new Map<string, { partition: TopicPartition; state: LeaderIsrAndControllerEpoch }>();
    let remaining = [...partitions];
    let rounds = 0;
    const round = (): void => {
      if (remaining.length === 0 || rounds++ > 16) return cb(null, out);
      this.core.zkClient.getTopicPartitionStates(remaining, (err, current) => {
        if (err) return cb(err, out);
        const adjusted = new Map<string, { partition: TopicPartition; leaderAndIsr: LeaderAndIsr }>();
        for (const tp of remaining) {
          const s = current.get(tp.toString());
          if (s === undefined) continue;
          if (s.controllerEpoch > ctx.epoch) continue; // another controller wrote it: leave it alone
          const l = s.leaderAndIsr;
          if (!l.isr.includes(replicaId)) {
            const state = { leaderAndIsr: l, controllerEpoch: ctx.epoch };
            ctx.putPartitionLeadershipInfo(tp, state);
            out.set(tp.toString(), { partition: tp, state });
            continue;
          }
          const newLeader = replicaId === l.leader ? LeaderAndIsr.NO_LEADER : l.leader;
          const adjustedIsr = l.isr.length === 1 ? l.isr : l.isr.filter((r) => r !== replicaId);
          adjusted.set(tp.toString(), { partition: tp, leaderAndIsr: l.newLeaderAndIsr(newLeader, adjustedIsr) });
        }
        if (adjusted.size === 0) {
          remaining = [];
          return round();
        }
        this.core.zkClient.updateLeaderAndIsr(adjusted, ctx.epoch, ctx.epochZkVersion, (e2, res) => {
          if (e2) return cb(e2, out);
          for (const [key, { partition, result }] of res.finishedPartitions) {
            if (result instanceof Error) continue;
            const state = { leaderAndIsr: result, controllerEpoch: ctx.epoch };
            ctx.putPartitionLeadershipInfo(partition, state);
            out.set(key, { partition, state });
            this.core.stateChange("controller.isr.removeReplica", {
              partition: key, replica: replicaId, leader: result.leader, leaderEpoch: result.leaderEpoch, isr: [...result.isr], zkVersion: result.partitionEpoch,
            });
          }
          remaining = res.partitionsToRetry;
          round();
        });
      });
    };
    round();
  }
}
