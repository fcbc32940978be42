// kafka.controller.KafkaController (ZooKeeper mode, Kafka 3.9). Every broker runs one; the broker that
// creates the ephemeral /controller is the active controller. It bumps /controller_epoch (every request it
// sends carries that epoch, and every ZooKeeper write it makes is fenced on the epoch's znode version), loads
// the cluster from ZooKeeper, and from then on reacts to watches: brokers coming and going (/brokers/ids),
// new topics and partitions (/brokers/topics), deletions (/admin/delete_topics); and to the requests brokers
// send it: AlterPartition (ISR changes proposed by leaders) and ControlledShutdown. It elects leaders, keeps
// ISRs and leader epochs in the partition state znodes, and tells brokers through LeaderAndIsr, UpdateMetadata
// and StopReplica. Reassignment (KIP-455, /admin/reassign_partitions and AlterPartitionReassignments) is not
// handled yet: ReassignPartitionLeaderElectionStrategy and the adding/removing replica fields are the seam.
import { Errors } from "../protocol/Errors";
import { ControllerMovedException } from "../protocol";
import type { AlterPartitionPartitionResult, AlterPartitionRequest, AlterPartitionResponse } from "../protocol/messages/AlterPartition";
import type { ControlledShutdownRequest, ControlledShutdownResponse } from "../protocol/messages/ControlledShutdown";
import { TopicPartition } from "../protocol/TopicPartition";
import type { Runtime } from "../sim/Runtime";
import type { TimerId } from "../sim/Scheduler";
import type { SeededRandom } from "../sim/SeededRandom";
import type { ControllerChannelManager } from "./ControllerChannelManager";
import { type ControllerCore, makeBatch, series } from "./ControllerCore";
import { type ControllerConfig, DEFAULT_CONTROLLER_CONFIG } from "./ControllerConfig";
import { ControllerContext, type PartitionAndReplica, type PartitionState } from "./ControllerContext";
import { type ControllerEvent, ControllerEventManager } from "./ControllerEventManager";
import type { KafkaZkClient, ZkCallback, ZNodeChangeHandler } from "./KafkaZkClient";
import { LeaderAndIsr, LeaderRecoveryState } from "./LeaderAndIsr";
import { preferredReplicaPartitionLeaderElection } from "./PartitionLeaderElectionAlgorithms";
import {
  ControlledShutdownElection, OfflineElection, PartitionStateMachine, PreferredElection, type StateChangeResults,
} from "./PartitionStateMachine";
import { ReplicaStateMachine } from "./ReplicaStateMachine";
import { TopicDeletionManager } from "./TopicDeletionManager";
import { BrokerIdsZNode, type BrokerInfo, ControllerZNode, DeleteTopicsZNode, TopicsZNode, TopicZNode } from "./zk/ZkData";

export interface KafkaControllerOptions {
  runtime: Runtime;
  brokerId: number;
  config?: Partial<ControllerConfig>;
  zkClient: KafkaZkClient;
  channel: ControllerChannelManager;
  /**
   * The broker's registration. After a ZooKeeper session expiry the controller re-registers it
   * (KafkaController.processRegisterBrokerAndReelect) and reports the new epoch through onBrokerEpochChange.
   */
  brokerInfo?: BrokerInfo;
  brokerEpoch?: number;
  onBrokerEpochChange?: (brokerEpoch: number) => void;
  /** Random stream for topic ids the controller assigns to topics without one (default a fork per broker). */
  random?: SeededRandom;
}

/** One partition as the active controller sees it (display read-out). */
export interface ControllerPartitionView {
  topic: string;
  partition: number;
  state: PartitionState;
  replicas: number[];
  leader: number;
  leaderEpoch: number;
  isr: number[];
  zkVersion: number;
  leaderRecoveryState: number;
}

export type ElectionType = "PREFERRED" | "UNCLEAN";

const ELIGIBLE_TO_RETAIN = -1; // AlterPartition v3 broker epoch "unknown"

export class KafkaController {
  readonly runtime: Runtime;
  readonly brokerId: number;
  readonly config: ControllerConfig;
  readonly zkClient: KafkaZkClient;
  readonly channel: ControllerChannelManager;
  readonly controllerContext = new ControllerContext();
  private readonly core: ControllerCore;
  private readonly eventManager: ControllerEventManager;
  private readonly replicaStateMachine: ReplicaStateMachine;
  private readonly partitionStateMachine: PartitionStateMachine;
  private readonly topicDeletionManager: TopicDeletionManager;
  private readonly random: SeededRandom;
  private brokerInfo: BrokerInfo | undefined;
  private brokerEpochValue: number;
  private readonly onBrokerEpochChange: ((epoch: number) => void) | undefined;
  private activeControllerId = -1;
  private rebalanceTimer: TimerId | null = null;
  private started = false;
  private stopped = false;
  private readonly partitionModificationHandlers = new Map<string, ZNodeChangeHandler>();

  private readonly controllerChangeHandler: ZNodeChangeHandler = {
    path: ControllerZNode.path,
    handleCreation: () => this.put("ControllerChange", (done) => this.maybeResign(done)),
    handleDeletion: () => this.put("Reelect", (done) => this.processReelect(done)),
    handleDataChange: () => this.put("ControllerChange", (done) => this.maybeResign(done)),
  };

  constructor(opts: KafkaControllerOptions) {
    this.runtime = opts.runtime;
    this.brokerId = opts.brokerId;
    this.config = resolveConfig(opts.config);
    this.zkClient = opts.zkClient;
    this.channel = opts.channel;
    this.brokerInfo = opts.brokerInfo;
    this.brokerEpochValue = opts.brokerEpoch ?? -1;
    this.onBrokerEpochChange = opts.onBrokerEpochChange;
    this.random = opts.random ?? opts.runtime.random.fork("TopicId").fork(`controller-${opts.brokerId}`);
    const base = { runtime: this.runtime, brokerId: this.brokerId, config: this.config, context: this.controllerContext, zkClient: this.zkClient, channel: this.channel };
    this.core = {
      ...base,
      newBatch: () => makeBatch(base, (brokerId, response, err) =>
        this.put("TopicDeletionStopReplicaResponseReceived", (done) => {
          if (!this.isActive()) return done();
          this.topicDeletionManager.onStopReplicaResponse(brokerId, response, err, this.logged("TopicDeletionStopReplicaResponseReceived", done));
        })),
      stateChange: (kind, detail) => this.trace(kind, detail),
    };
    this.eventManager = new ControllerEventManager((event, err) => this.trace("controller.error", { event, message: errMessage(err) }));
    this.replicaStateMachine = new ReplicaStateMachine(this.core);
    this.partitionStateMachine = new PartitionStateMachine(this.core);
    this.topicDeletionManager = new TopicDeletionManager(this.core, this.replicaStateMachine, this.partitionStateMachine, {
      mutePartitionModifications: (topic) => this.unregisterPartitionModificationsHandler(topic),
      sendUpdateMetadataRequest: (partitions, cb) => {
        this.sendUpdateMetadataRequest(this.controllerContext.liveOrShuttingDownBrokerIds, partitions);
        cb(null, undefined);
      },
    });
  }

  // ---- public face -----------------------------------------------------------------------------------------------

  /** KafkaController.startup: listen to /controller and to session changes, then try to become controller. */
  startup(): void {
    if (this.started) return;
    this.started = true;
    this.stopped = false;
    this.zkClient.registerStateChangeHandler({
      name: `controller-state-change-handler-${this.brokerId}`,
      beforeInitializingSession: () => this.put("Expire", (done) => {
        this.activeControllerId = -1;
        this.onControllerResignation();
        done();
      }),
      afterInitializingSession: () => this.put("RegisterBrokerAndReelect", (done) => this.processRegisterBrokerAndReelect(done)),
    });
    this.put("Startup", (done) => {
      this.zkClient.registerZNodeChangeHandlerAndCheckExistence(this.controllerChangeHandler, (err) => {
        if (err) this.trace("controller.error", { event: "Startup", message: err.message });
        this.elect(done);
      });
    });
  }

  /** KafkaController.shutdown: stop handling events and resign (the broker then closes its ZooKeeper session). */
  shutdown(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.started = false;
    this.eventManager.clear();
    this.zkClient.unregisterStateChangeHandler(`controller-state-change-handler-${this.brokerId}`);
    this.zkClient.unregisterZNodeChangeHandler(ControllerZNode.path);
    this.onControllerResignation();
    this.activeControllerId = -1;
  }

  /** Whether this broker is the active controller. */
  isActive(): boolean {
    return this.activeControllerId === this.brokerId && this.controllerContext.epoch > 0 && !this.stopped;
  }

  /** The controller epoch this broker was elected with (0 if it never was). */
  epoch(): number {
    return this.controllerContext.epoch;
  }

  /** The controller this broker knows of (-1: none). */
  get activeController(): number {
    return this.activeControllerId;
  }

  /** The broker's epoch (czxid of its /brokers/ids znode) as the controller last registered it. */
  get brokerEpoch(): number {
    return this.brokerEpochValue;
  }

  /** Read-out: the live brokers the active controller knows (empty on other brokers). */
  liveBrokerIds(): number[] {
    return this.isActive() ? this.controllerContext.liveBrokerIds : [];
  }

  /** Read-out: every partition's state as the active controller holds it. */
  partitionStates(): ControllerPartitionView[] {
    const ctx = this.controllerContext;
    return ctx.allPartitions().map((tp) => {
      const info = ctx.partitionLeadershipInfo(tp);
      const l = info?.leaderAndIsr;
      return {
        topic: tp.topic, partition: tp.partition, state: ctx.partitionState(tp), replicas: [...ctx.partitionReplicaAssignment(tp)],
        leader: l?.leader ?? -1, leaderEpoch: l?.leaderEpoch ?? -1, isr: [...(l?.isr ?? [])], zkVersion: l?.partitionEpoch ?? -1,
        leaderRecoveryState: l?.leaderRecoveryState ?? 0,
      };
    });
  }

  /**
   * AlterPartition from a partition leader (KafkaApis calls this on the controller broker). The answer comes
   * after the state znodes are written; UpdateMetadata follows to every broker.
   */
  handleAlterPartition(request: AlterPartitionRequest, cb: (response: AlterPartitionResponse) => void): void {
    this.put("AlterPartitionReceived", (done) => this.processAlterPartition(request, (response) => {
      cb(response);
      done();
    }));
  }

  /** ControlledShutdown from a stopping broker: its leaderships move away; the answer lists what it still leads. */
  handleControlledShutdown(request: ControlledShutdownRequest, cb: (response: ControlledShutdownResponse) => void): void {
    this.put("ControlledShutdown", (done) => this.processControlledShutdown(request, (response) => {
      cb(response);
      done();
    }));
  }

  /**
   * KafkaController.electLeaders (the ElectLeaders API; kafka-leader-election.sh): per partition the new leader,
   * or the error (ELECTION_NOT_NEEDED when the preferred replica already leads).
   */
  electLeaders(partitions: readonly TopicPartition[], electionType: ElectionType,
    cb: (results: Map<string, { partition: TopicPartition; leader: number | null; error: Errors; message: string | null }>) => void): void {
    this.put("ReplicaLeaderElection", (done) => {
      const out = new Map<string, { partition: TopicPartition; leader: number | null; error: Errors; message: string | null }>();
      if (!this.isActive()) {
        for (const tp of partitions) out.set(tp.toString(), { partition: tp, leader: null, error: Errors.NOT_CONTROLLER, message: null });
        cb(out);
        return done();
      }
      this.onReplicaElection(partitions, electionType, "AdminClientTriggered", (results) => {
        for (const tp of partitions) {
          const r = results.get(tp.toString());
          if (r === undefined) out.set(tp.toString(), { partition: tp, leader: null, error: Errors.UNKNOWN_TOPIC_OR_PARTITION, message: null });
          else if (r instanceof Error) out.set(tp.toString(), { partition: tp, leader: null, error: r.name === "ElectionNotNeeded" ? Errors.ELECTION_NOT_NEEDED : electionError(electionType), message: r.message });
          else out.set(tp.toString(), { partition: tp, leader: r.leader, error: Errors.NONE, message: null });
        }
        cb(out);
        done();
      });
    });
  }

  // ---- events --------------------------------------------------------------------------------------------------------

  private put(name: string, process: (done: () => void) => void): void {
    if (this.stopped) return;
    const event: ControllerEvent = { name, process };
    this.eventManager.put(event);
  }

  private trace(kind: string, detail: Record<string, unknown>): void {
    if (!this.runtime.trace.wants("controller")) return;
    this.runtime.trace.record(this.channel.node, kind, { controllerId: this.brokerId, ...detail });
  }

  /** A completion that records an error (the controller logs and carries on, as Kafka's event thread does). */
  private logged(event: string, done: () => void): ZkCallback<unknown> {
    return (err) => {
      if (err) this.handleError(event, err);
      done();
    };
  }

  private handleError(event: string, err: Error): void {
    this.trace("controller.error", { event, message: err.message });
    // A fenced write: another controller took over. Resign and look at /controller again.
    if (err instanceof ControllerMovedException) this.put("ControllerChange", (done) => this.maybeResign(done));
  }

  private processRegisterBrokerAndReelect(done: () => void): void {
    const info = this.brokerInfo;
    if (info === undefined) return this.processReelect(done);
    this.zkClient.registerBroker(info, (err, epoch) => {
      if (err) {
        this.trace("controller.error", { event: "RegisterBrokerAndReelect", message: err.message });
        return done();
      }
      this.brokerEpochValue = epoch;
      this.onBrokerEpochChange?.(epoch);
      this.processReelect(done);
    });
  }

  private processReelect(done: () => void): void {
    this.maybeResign(() => this.elect(done));
  }

  /** KafkaController.elect: nothing to do if /controller exists; otherwise race to create it. */
  private elect(done: () => void): void {
    this.zkClient.getControllerId((err, id) => {
      if (err) {
        this.trace("controller.error", { event: "Elect", message: err.message });
        return done();
      }
      this.activeControllerId = id ?? -1;
      if (this.activeControllerId !== -1) return done();
      this.zkClient.registerControllerAndIncrementControllerEpoch(this.brokerId, (e, r) => {
        if (e instanceof ControllerMovedException) {
          this.trace("controller.election.lost", { message: e.message });
          return this.maybeResign(done);
        }
        if (e) {
          this.trace("controller.error", { event: "Elect", message: e.message });
          return done();
        }
        this.controllerContext.epoch = r.epoch;
        this.controllerContext.epochZkVersion = r.epochZkVersion;
        this.activeControllerId = this.brokerId;
        this.trace("controller.elected", { epoch: r.epoch, epochZkVersion: r.epochZkVersion });
        this.onControllerFailover(done);
      });
    });
  }

  /** KafkaController.maybeResign: re-read /controller (re-arming the watch); resign if it is someone else now. */
  private maybeResign(done: () => void): void {
    const wasActive = this.isActive();
    this.zkClient.registerZNodeChangeHandlerAndCheckExistence(this.controllerChangeHandler, () => {
      this.zkClient.getControllerId((err, id) => {
        if (err) {
          this.trace("controller.error", { event: "ControllerChange", message: err.message });
          return done();
        }
        this.activeControllerId = id ?? -1;
        if (wasActive && !this.isActive()) this.onControllerResignation();
        done();
      });
    });
  }

  private onControllerResignation(): void {
    if (this.rebalanceTimer !== null) this.runtime.cancel(this.rebalanceTimer);
    this.rebalanceTimer = null;
    this.zkClient.unregisterZNodeChildChangeHandler(BrokerIdsZNode.path);
    this.zkClient.unregisterZNodeChildChangeHandler(TopicsZNode.path);
    this.zkClient.unregisterZNodeChildChangeHandler(DeleteTopicsZNode.path);
    for (const topic of [...this.partitionModificationHandlers.keys()]) this.unregisterPartitionModificationsHandler(topic);
    const wasEpoch = this.controllerContext.epoch;
    if (wasEpoch > 0) this.trace("controller.resigned", { epoch: wasEpoch });
    this.controllerContext.reset();
    this.controllerContext.epoch = 0;
    this.controllerContext.epochZkVersion = 0;
    this.channel.shutdown();
  }

  // ---- failover --------------------------------------------------------------------------------------------------------

  /** KafkaController.onControllerFailover */
  private onControllerFailover(done: () => void): void {
    const zk = this.zkClient;
    const ctx = this.controllerContext;
    zk.registerZNodeChildChangeHandler({ path: BrokerIdsZNode.path, handleChildChange: () => this.put("BrokerChange", (d) => this.processBrokerChange(d)) });
    zk.registerZNodeChildChangeHandler({ path: TopicsZNode.path, handleChildChange: () => this.put("TopicChange", (d) => this.processTopicChange(d)) });
    zk.registerZNodeChildChangeHandler({ path: DeleteTopicsZNode.path, handleChildChange: () => this.put("TopicDeletion", (d) => this.processTopicDeletion(d)) });
    let topicsToBeDeleted: string[] = [];
    series([
      // initializeControllerContext
      (next) => zk.getAllBrokerAndEpochsInCluster((err, brokers) => {
        if (err) return next(err);
        ctx.setLiveBrokers(brokers);
        next();
      }),
      (next) => zk.getAllTopicsInCluster((err, topics) => {
        if (err) return next(err);
        ctx.setAllTopics(topics);
        for (const t of topics) this.registerPartitionModificationsHandler(t);
        next();
      }),
      (next) => this.loadAssignments([...ctx.allTopics].sort(), (err) => next(err)),
      (next) => {
        ctx.clearPartitionLeadershipInfo();
        ctx.shuttingDownBrokerIds.clear();
        zk.getTopicPartitionStates(ctx.allPartitions(), (err, states) => {
          if (err) return next(err);
          for (const tp of ctx.allPartitions()) {
            const s = states.get(tp.toString());
            if (s !== undefined) ctx.putPartitionLeadershipInfo(tp, s);
          }
          this.channel.startup(ctx.liveOrShuttingDownBrokers);
          next();
        });
      },
      // fetchTopicDeletionsInProgress
      (next) => zk.getTopicDeletions((err, queued) => {
        if (err) return next(err);
        const nonExistent = queued.filter((t) => !ctx.allTopics.has(t));
        topicsToBeDeleted = queued.filter((t) => ctx.allTopics.has(t));
        const drop = this.config.deleteTopicEnable ? nonExistent : queued;
        if (!this.config.deleteTopicEnable) topicsToBeDeleted = [];
        if (drop.length === 0) return next();
        zk.deleteTopicDeletions(drop, ctx.epochZkVersion, (e) => next(e));
      }),
      (next) => {
        const ineligible = topicsToBeDeleted.filter((t) => ctx.replicasForTopic(t).some((r) => !ctx.isReplicaOnline(r.replica, r.partition)));
        this.topicDeletionManager.init(topicsToBeDeleted, ineligible);
        // Brokers learn the live brokers before the LeaderAndIsr requests that name them.
        this.sendUpdateMetadataRequest(ctx.liveOrShuttingDownBrokerIds, []);
        this.replicaStateMachine.startup((err) => next(err));
      },
      (next) => this.partitionStateMachine.startup((err) => next(err)),
      (next) => this.topicDeletionManager.tryTopicDeletion((err) => next(err)),
    ], (err) => {
      if (err) {
        this.handleError("Failover", err);
        return done();
      }
      if (this.config.autoLeaderRebalanceEnable) this.scheduleAutoLeaderRebalanceTask(5000);
      this.trace("controller.failover.complete", {
        epoch: ctx.epoch, liveBrokers: ctx.liveBrokerIds, topics: [...ctx.allTopics].sort(), partitions: ctx.allPartitions().length,
      });
      done();
    });
  }

  /** Reads topic assignments and ids into the context; topics without an id get one (processTopicIds). */
  private loadAssignments(topics: readonly string[], cb: ZkCallback<TopicPartition[]>): void {
    const ctx = this.controllerContext;
    this.zkClient.getReplicaAssignmentAndTopicIdForTopics(topics, (err, list) => {
      if (err) return cb(err, []);
      const added: TopicPartition[] = [];
      const needIds = list.filter((t) => t.topicId === null);
      for (const t of list) {
        if (t.topicId !== null) ctx.topicIds.set(t.topic, t.topicId);
        for (const [p, a] of [...t.assignment].sort((x, y) => x[0] - y[0])) {
          const tp = new TopicPartition(t.topic, p);
          if (ctx.partitionReplicaAssignment(tp).length === 0) added.push(tp);
          ctx.updatePartitionFullReplicaAssignment(tp, a);
          if ((a.addingReplicas?.length ?? 0) > 0 || (a.removingReplicas?.length ?? 0) > 0) ctx.partitionsBeingReassigned.add(tp.toString());
        }
      }
      let i = 0;
      const next = (): void => {
        if (i >= needIds.length) return cb(null, added);
        const t = needIds[i++] as (typeof needIds)[number];
        const id = this.random.uuid().toString();
        ctx.topicIds.set(t.topic, id);
        this.zkClient.setTopicAssignment(t.topic, id, t.assignment, ctx.epochZkVersion, (e) => (e ? cb(e, added) : next()));
      };
      next();
    });
  }

  private registerPartitionModificationsHandler(topic: string): void {
    const handler: ZNodeChangeHandler = {
      path: TopicZNode.path(topic),
      handleDataChange: () => this.put("PartitionModifications", (done) => this.processPartitionModifications(topic, done)),
    };
    this.partitionModificationHandlers.set(topic, handler);
    this.zkClient.registerZNodeChangeHandler(handler);
  }

  private unregisterPartitionModificationsHandler(topic: string): void {
    if (this.partitionModificationHandlers.delete(topic)) this.zkClient.unregisterZNodeChangeHandler(TopicZNode.path(topic));
  }

  private sendUpdateMetadataRequest(brokers: readonly number[], partitions: readonly TopicPartition[]): void {
    const batch = this.core.newBatch();
    batch.addUpdateMetadataRequestForBrokers(brokers, partitions);
    batch.sendRequestsToBrokers(this.controllerContext.epoch);
  }

  // ---- brokers -----------------------------------------------------------------------------------------------------

  /** KafkaController.processBrokerChange: new, dead and bounced (same id, newer epoch) brokers. */
  private processBrokerChange(done: () => void): void {
    if (!this.isActive()) return done();
    const ctx = this.controllerContext;
    this.zkClient.getAllBrokerAndEpochsInCluster((err, current) => {
      if (err) return this.logged("BrokerChange", done)(err, undefined);
      const curIds = new Set(current.map((b) => b.info.id));
      const known = ctx.liveOrShuttingDownBrokerIds;
      const newBrokers = current.filter((b) => !known.includes(b.info.id));
      const dead = known.filter((id) => !curIds.has(id));
      const bounced = current.filter((b) => known.includes(b.info.id) && b.epoch > (ctx.brokerEpoch(b.info.id) ?? -1));
      this.trace("controller.brokerChange", {
        newBrokers: newBrokers.map((b) => b.info.id), deadBrokers: dead, bouncedBrokers: bounced.map((b) => b.info.id), liveBrokers: [...curIds].sort((a, b) => a - b),
      });
      for (const b of newBrokers) this.channel.addBroker(b.info);
      for (const b of bounced) this.channel.removeBroker(b.info.id);
      for (const b of bounced) this.channel.addBroker(b.info);
      for (const id of dead) this.channel.removeBroker(id);
      const steps: ((next: (err?: Error | null) => void) => void)[] = [];
      if (newBrokers.length > 0) {
        steps.push((next) => {
          ctx.addLiveBrokers(newBrokers);
          this.onBrokerStartup(newBrokers.map((b) => b.info.id), next);
        });
      }
      if (bounced.length > 0) {
        const ids = bounced.map((b) => b.info.id);
        steps.push((next) => {
          ctx.removeLiveBrokers(ids);
          this.onBrokerFailure(ids, next);
        });
        steps.push((next) => {
          ctx.addLiveBrokers(bounced);
          this.onBrokerStartup(ids, next);
        });
      }
      if (dead.length > 0) {
        steps.push((next) => {
          ctx.removeLiveBrokers(dead);
          this.onBrokerFailure(dead, next);
        });
      }
      series(steps, (e) => this.logged("BrokerChange", done)(e, undefined));
    });
  }

  /** KafkaController.onBrokerStartup */
  private onBrokerStartup(newBrokers: readonly number[], cb: (err?: Error | null) => void): void {
    const ctx = this.controllerContext;
    const newSet = new Set(newBrokers);
    const existing = ctx.liveOrShuttingDownBrokerIds.filter((id) => !newSet.has(id));
    this.sendUpdateMetadataRequest(existing, []);
    // The new brokers get every partition's state.
    this.sendUpdateMetadataRequest(newBrokers, ctx.partitionsWithLeaders());
    const replicas = ctx.replicasOnBrokers(newSet);
    series([
      (next) => this.replicaStateMachine.handleStateChanges(replicas, "OnlineReplica", (e) => next(e)),
      (next) => this.partitionStateMachine.triggerOnlinePartitionStateChange((e) => next(e)),
      (next) => {
        const topics = [...new Set(replicas.filter((r) => ctx.isTopicQueuedUpForDeletion(r.partition.topic)).map((r) => r.partition.topic))];
        if (topics.length === 0) return next();
        this.topicDeletionManager.resumeDeletionForTopics(topics, (e) => next(e));
      },
    ], cb);
  }

  /** KafkaController.onBrokerFailure */
  private onBrokerFailure(deadBrokers: readonly number[], cb: (err?: Error | null) => void): void {
    for (const id of deadBrokers) this.controllerContext.shuttingDownBrokerIds.delete(id);
    this.onReplicasBecomeOffline(this.controllerContext.replicasOnBrokers(new Set(deadBrokers)), cb);
  }

  /**
   * KafkaController.onReplicasBecomeOffline: partitions led by the lost replicas elect new leaders (offline
   * election), then the lost replicas leave every ISR.
   */
  private onReplicasBecomeOffline(newOfflineReplicas: readonly PartitionAndReplica[], cb: (err?: Error | null) => void): void {
    const ctx = this.controllerContext;
    const forDeletion = newOfflineReplicas.filter((r) => ctx.isTopicQueuedUpForDeletion(r.partition.topic));
    const notForDeletion = newOfflineReplicas.filter((r) => !ctx.isTopicQueuedUpForDeletion(r.partition.topic));
    const partitionsWithOfflineLeader = ctx.partitionsWithOfflineLeader();
    let onlineResults: StateChangeResults = new Map();
    series([
      (next) => this.partitionStateMachine.handleStateChanges(partitionsWithOfflineLeader, "OfflinePartition", null, (e) => next(e)),
      (next) => this.partitionStateMachine.triggerOnlinePartitionStateChange((e, r) => {
        onlineResults = r ?? new Map();
        next(e);
      }),
      (next) => this.replicaStateMachine.handleStateChanges(notForDeletion, "OfflineReplica", (e) => next(e)),
      (next) => (forDeletion.length > 0 ? this.topicDeletionManager.failReplicaDeletion(forDeletion, (e) => next(e)) : next()),
      (next) => {
        // Nothing changed leaders or ISRs: still tell the brokers who is alive.
        if (notForDeletion.length === 0 && [...onlineResults.values()].every((r) => r.result instanceof Error)) {
          this.sendUpdateMetadataRequest(ctx.liveOrShuttingDownBrokerIds, []);
        }
        next();
      },
    ], cb);
  }

  // ---- topics --------------------------------------------------------------------------------------------------------

  /** KafkaController.processTopicChange: new topics get partitions and leaders. */
  private processTopicChange(done: () => void): void {
    if (!this.isActive()) return done();
    const ctx = this.controllerContext;
    this.zkClient.getAllTopicsInCluster((err, topics) => {
      if (err) return this.logged("TopicChange", done)(err, undefined);
      const current = new Set(topics);
      const newTopics = topics.filter((t) => !ctx.allTopics.has(t));
      const deletedTopics = [...ctx.allTopics].filter((t) => !current.has(t)).sort();
      ctx.setAllTopics(topics);
      for (const t of newTopics) this.registerPartitionModificationsHandler(t);
      for (const t of deletedTopics) {
        this.unregisterPartitionModificationsHandler(t);
        ctx.removeTopic(t);
      }
      if (newTopics.length === 0) return done();
      this.trace("controller.topicChange", { newTopics, deletedTopics });
      this.loadAssignments(newTopics, (e, added) => {
        if (e) return this.logged("TopicChange", done)(e, undefined);
        this.onNewPartitionCreation(added, (e2) => this.logged("TopicChange", done)(e2 ?? null, undefined));
      });
    });
  }

  /** KafkaController.onNewPartitionCreation */
  private onNewPartitionCreation(partitions: readonly TopicPartition[], cb: (err?: Error | null) => void): void {
    if (partitions.length === 0) return cb();
    const replicas = this.controllerContext.replicasForPartition(partitions);
    series([
      (next) => this.partitionStateMachine.handleStateChanges(partitions, "NewPartition", null, (e) => next(e)),
      (next) => this.replicaStateMachine.handleStateChanges(replicas, "NewReplica", (e) => next(e)),
      (next) => this.partitionStateMachine.handleStateChanges(partitions, "OnlinePartition", OfflineElection, (e) => next(e)),
      (next) => this.replicaStateMachine.handleStateChanges(replicas, "OnlineReplica", (e) => next(e)),
    ], cb);
  }

  /** KafkaController.processPartitionModifications: partitions added to a topic (never removed). */
  private processPartitionModifications(topic: string, done: () => void): void {
    if (!this.isActive()) return done();
    const ctx = this.controllerContext;
    this.zkClient.getReplicaAssignmentAndTopicIdForTopics([topic], (err, list) => {
      if (err) return this.logged("PartitionModifications", done)(err, undefined);
      const t = list[0];
      if (t === undefined) return done();
      const toAdd = [...t.assignment.keys()].sort((a, b) => a - b).map((p) => new TopicPartition(topic, p))
        .filter((tp) => ctx.partitionReplicaAssignment(tp).length === 0);
      if (ctx.isTopicQueuedUpForDeletion(topic)) {
        if (toAdd.length === 0) return done();
        // restorePartitionReplicaAssignment: a topic being deleted does not grow.
        this.trace("controller.partitionModifications.skipped", { topic, partitions: toAdd.map((tp) => tp.partition) });
        return this.zkClient.setTopicAssignment(topic, ctx.topicIds.get(topic) ?? t.topicId, ctx.partitionAssignmentForTopic(topic), ctx.epochZkVersion,
          this.logged("PartitionModifications", done));
      }
      if (toAdd.length === 0) return done();
      for (const tp of toAdd) ctx.updatePartitionFullReplicaAssignment(tp, t.assignment.get(tp.partition) ?? { replicas: [] });
      this.trace("controller.partitionModifications", { topic, newPartitions: toAdd.map((tp) => tp.partition) });
      this.onNewPartitionCreation(toAdd, (e) => this.logged("PartitionModifications", done)(e ?? null, undefined));
    });
  }

  /** KafkaController.processTopicDeletion: /admin/delete_topics children. */
  private processTopicDeletion(done: () => void): void {
    if (!this.isActive()) return done();
    const ctx = this.controllerContext;
    this.zkClient.getTopicDeletions((err, queued) => {
      if (err) return this.logged("TopicDeletion", done)(err, undefined);
      const nonExistent = queued.filter((t) => !ctx.allTopics.has(t));
      const toDelete = queued.filter((t) => ctx.allTopics.has(t));
      series([
        (next) => (nonExistent.length > 0 ? this.zkClient.deleteTopicDeletions(nonExistent, ctx.epochZkVersion, (e) => next(e)) : next()),
        (next) => {
          if (toDelete.length === 0) return next();
          if (!this.config.deleteTopicEnable) {
            this.trace("controller.topicDeletion.disabled", { topics: toDelete });
            return this.zkClient.deleteTopicDeletions(toDelete, ctx.epochZkVersion, (e) => next(e));
          }
          const fresh = toDelete.filter((t) => !ctx.topicsToBeDeleted.has(t));
          if (fresh.length === 0) return next();
          this.trace("controller.topicDeletion.queued", { topics: fresh });
          this.topicDeletionManager.enqueueTopicsForDeletion(fresh, (e) => next(e));
        },
      ], (e) => this.logged("TopicDeletion", done)(e, undefined));
    });
  }

  // ---- requests from brokers ---------------------------------------------------------------------------------------

  /** KafkaController.processAlterPartition */
  private processAlterPartition(request: AlterPartitionRequest, respond: (response: AlterPartitionResponse) => void): void {
    const ctx = this.controllerContext;
    const topLevel = (error: Errors): void => respond({ throttleTimeMs: 0, errorCode: error.code, topics: [] });
    if (!this.isActive()) return topLevel(Errors.NOT_CONTROLLER);
    const brokerEpoch = ctx.brokerEpoch(request.brokerId);
    if (brokerEpoch === undefined || (request.brokerEpoch !== ELIGIBLE_TO_RETAIN && request.brokerEpoch !== brokerEpoch)) {
      return topLevel(Errors.STALE_BROKER_EPOCH);
    }
    const idToTopic = new Map([...ctx.topicIds].map(([t, id]) => [id, t]));
    const results = new Map<string, { topicKey: { topicName?: string; topicId?: string }; result: AlterPartitionPartitionResult }>();
    const toWrite = new Map<string, { partition: TopicPartition; leaderAndIsr: LeaderAndIsr }>();
    const order: { key: string; topicKey: { topicName?: string; topicId?: string } }[] = [];
    const errorResult = (partitionIndex: number, error: Errors): AlterPartitionPartitionResult =>
      ({ partitionIndex, errorCode: error.code, leaderId: -1, leaderEpoch: -1, isr: [], leaderRecoveryState: 0, partitionEpoch: -1 });
    const okResult = (partitionIndex: number, l: LeaderAndIsr): AlterPartitionPartitionResult =>
      ({ partitionIndex, errorCode: 0, leaderId: l.leader, leaderEpoch: l.leaderEpoch, isr: [...l.isr], leaderRecoveryState: l.leaderRecoveryState, partitionEpoch: l.partitionEpoch });
    for (const t of request.topics) {
      const topicKey = t.topicId !== undefined ? { topicId: t.topicId } : { topicName: t.topicName as string };
      const topic = t.topicId !== undefined ? idToTopic.get(t.topicId) : t.topicName;
      for (const p of t.partitions) {
        const key = `${topic ?? t.topicId}-${p.partitionIndex}`;
        order.push({ key, topicKey });
        const tp = topic === undefined ? null : new TopicPartition(topic, p.partitionIndex);
        const info = tp === null ? undefined : ctx.partitionLeadershipInfo(tp);
        if (tp === null || info === undefined) {
          results.set(key, { topicKey, result: errorResult(p.partitionIndex, Errors.UNKNOWN_TOPIC_OR_PARTITION) });
          continue;
        }
        const isr = p.newIsrWithEpochs !== undefined ? p.newIsrWithEpochs.map((e) => e.brokerId) : (p.newIsr ?? []);
        const proposed = new LeaderAndIsr(request.brokerId, p.leaderEpoch, isr, p.leaderRecoveryState as LeaderRecoveryState, p.partitionEpoch);
        const cur = info.leaderAndIsr;
        let error: Errors | null = null;
        if (proposed.partitionEpoch > cur.partitionEpoch || proposed.leaderEpoch > cur.leaderEpoch) {
          // The leader knows a newer state than ours: this broker is probably no longer the controller.
          error = Errors.NOT_CONTROLLER;
        } else if (proposed.leaderEpoch < cur.leaderEpoch) {
          error = Errors.FENCED_LEADER_EPOCH;
        } else if (proposed.equalsAllowStalePartitionEpoch(cur)) {
          results.set(key, { topicKey, result: okResult(p.partitionIndex, cur) }); // already so (idempotent retry)
          continue;
        } else if (proposed.partitionEpoch < cur.partitionEpoch) {
          error = Errors.INVALID_UPDATE_VERSION;
        } else if (proposed.leaderRecoveryState === LeaderRecoveryState.RECOVERING && proposed.isr.length > 1) {
          error = Errors.INVALID_REQUEST;
        } else if (cur.leaderRecoveryState === LeaderRecoveryState.RECOVERED && proposed.leaderRecoveryState === LeaderRecoveryState.RECOVERING) {
          error = Errors.INVALID_REQUEST;
        } else {
          // KIP-841 / KIP-903: only live, not-shutting-down brokers (of the epoch the leader saw) may be in the ISR.
          const live = new Set(ctx.liveBrokerIds);
          const ineligible = (p.newIsrWithEpochs ?? isr.map((brokerId) => ({ brokerId, brokerEpoch: ELIGIBLE_TO_RETAIN })))
            .filter((m) => !live.has(m.brokerId) || (m.brokerEpoch !== ELIGIBLE_TO_RETAIN && m.brokerEpoch !== ctx.brokerEpoch(m.brokerId)));
          if (ineligible.length > 0) error = Errors.INELIGIBLE_REPLICA;
        }
        if (error !== null) {
          results.set(key, { topicKey, result: errorResult(p.partitionIndex, error) });
          continue;
        }
        toWrite.set(key, { partition: tp, leaderAndIsr: new LeaderAndIsr(cur.leader, cur.leaderEpoch, isr, proposed.leaderRecoveryState, cur.partitionEpoch) });
      }
    }
    const answer = (): void => {
      const topics = new Map<string, { topicName?: string; topicId?: string; partitions: AlterPartitionPartitionResult[] }>();
      for (const { key, topicKey } of order) {
        const r = results.get(key);
        if (r === undefined) continue;
        const tk = JSON.stringify(topicKey);
        let t = topics.get(tk);
        if (t === undefined) topics.set(tk, (t = { ...topicKey, partitions: [] }));
        t.partitions.push(r.result);
      }
      respond({ throttleTimeMs: 0, errorCode: 0, topics: [...topics.values()] });
    };
    if (toWrite.size === 0) return answer();
    this.zkClient.updateLeaderAndIsr(toWrite, ctx.epoch, ctx.epochZkVersion, (err, res) => {
      if (err) {
        this.handleError("AlterPartitionReceived", err);
        return topLevel(err instanceof ControllerMovedException ? Errors.NOT_CONTROLLER : Errors.UNKNOWN_SERVER_ERROR);
      }
      const updated: TopicPartition[] = [];
      for (const [key, { partition, result }] of res.finishedPartitions) {
        const topicKey = results.get(key)?.topicKey ?? order.find((o) => o.key === key)?.topicKey ?? {};
        if (result instanceof Error) {
          results.set(key, { topicKey, result: errorResult(partition.partition, Errors.UNKNOWN_SERVER_ERROR) });
          continue;
        }
        ctx.putPartitionLeadershipInfo(partition, { leaderAndIsr: result, controllerEpoch: ctx.epoch });
        results.set(key, { topicKey, result: okResult(partition.partition, result) });
        updated.push(partition);
        this.trace("controller.alterPartition", { partition: key, leader: result.leader, leaderEpoch: result.leaderEpoch, isr: [...result.isr], zkVersion: result.partitionEpoch });
      }
      for (const tp of res.partitionsToRetry) {
        const key = tp.toString();
        const topicKey = order.find((o) => o.key === key)?.topicKey ?? {};
        results.set(key, { topicKey, result: errorResult(tp.partition, Errors.INVALID_UPDATE_VERSION) });
      }
      answer();
      // The answer first, then the metadata update (as Kafka does).
      if (updated.length > 0) this.sendUpdateMetadataRequest(ctx.liveOrShuttingDownBrokerIds, updated);
    });
  }

  /** KafkaController.processControlledShutdown / doControlledShutdown */
  private processControlledShutdown(request: ControlledShutdownRequest, respond: (response: ControlledShutdownResponse) => void): void {
    const ctx = this.controllerContext;
    const id = request.brokerId;
    const fail = (error: Errors): void => respond({ errorCode: error.code, remainingPartitions: [] });
    if (!this.isActive()) return fail(Errors.STALE_CONTROLLER_EPOCH); // ControllerMovedException
    const cached = ctx.brokerEpoch(id);
    if (request.brokerEpoch !== -1 && cached !== undefined && request.brokerEpoch < cached) return fail(Errors.STALE_BROKER_EPOCH);
    if (!ctx.isLiveOrShuttingDown(id)) return fail(Errors.BROKER_NOT_AVAILABLE);
    ctx.shuttingDownBrokerIds.add(id);
    this.trace("controller.controlledShutdown", { broker: id });
    const toActOn = ctx.partitionsOnBroker(id).filter((tp) =>
      ctx.partitionReplicaAssignment(tp).length > 1 && ctx.partitionLeadershipInfo(tp) !== undefined && !ctx.isTopicQueuedUpForDeletion(tp.topic));
    const led = toActOn.filter((tp) => ctx.partitionLeadershipInfo(tp)?.leaderAndIsr.leader === id);
    const followed = toActOn.filter((tp) => ctx.partitionLeadershipInfo(tp)?.leaderAndIsr.leader !== id);
    series([
      (next) => this.partitionStateMachine.handleStateChanges(led, "OnlinePartition", ControlledShutdownElection, (e) => next(e)),
      (next) => this.replicaStateMachine.handleStateChanges(followed.map((partition) => ({ partition, replica: id })), "OfflineReplica", (e) => next(e)),
    ], (err) => {
      if (err) this.handleError("ControlledShutdown", err);
      const remaining = ctx.partitionLeadersOnBroker(id);
      respond({ errorCode: 0, remainingPartitions: remaining.map((tp) => ({ topicName: tp.topic, partitionIndex: tp.partition })) });
    });
  }

  // ---- preferred leaders ------------------------------------------------------------------------------------------

  private scheduleAutoLeaderRebalanceTask(delayMs: number): void {
    if (this.rebalanceTimer !== null) this.runtime.cancel(this.rebalanceTimer);
    this.rebalanceTimer = this.runtime.schedule(delayMs, () => {
      this.rebalanceTimer = null;
      this.put("AutoPreferredReplicaLeaderElection", (done) => this.processAutoPreferredReplicaLeaderElection(done));
    }, this.channel.node, "controller.autoLeaderRebalance");
  }

  private processAutoPreferredReplicaLeaderElection(done: () => void): void {
    if (!this.isActive()) return done();
    this.checkAndTriggerAutoLeaderRebalance(() => {
      if (this.isActive()) this.scheduleAutoLeaderRebalanceTask(this.config.leaderImbalanceCheckIntervalSeconds * 1000);
      done();
    });
  }

  /**
   * KafkaController.checkAndTriggerAutoLeaderRebalance: per preferred broker, the share of its partitions led by
   * someone else; above leader.imbalance.per.broker.percentage, a preferred election for those whose preferred
   * replica is alive and in the ISR.
   */
  private checkAndTriggerAutoLeaderRebalance(done: () => void): void {
    const ctx = this.controllerContext;
    const byPreferred = new Map<number, TopicPartition[]>();
    for (const tp of ctx.allPartitions()) {
      if (ctx.isTopicQueuedUpForDeletion(tp.topic)) continue;
      const preferred = ctx.partitionReplicaAssignment(tp)[0];
      if (preferred === undefined) continue;
      let l = byPreferred.get(preferred);
      if (l === undefined) byPreferred.set(preferred, (l = []));
      l.push(tp);
    }
    const candidates: TopicPartition[] = [];
    for (const [broker, partitions] of [...byPreferred].sort((a, b) => a[0] - b[0])) {
      const notPreferred = partitions.filter((tp) => {
        const info = ctx.partitionLeadershipInfo(tp);
        return info !== undefined && info.leaderAndIsr.leader !== broker;
      });
      const ratio = notPreferred.length / partitions.length;
      this.trace("controller.leaderImbalance", { broker, ratio, partitions: partitions.length, notPreferred: notPreferred.length });
      if (ratio > this.config.leaderImbalancePerBrokerPercentage / 100) {
        for (const tp of notPreferred) {
          if (ctx.partitionsBeingReassigned.size === 0 && !ctx.isTopicQueuedUpForDeletion(tp.topic) && ctx.allTopics.has(tp.topic) && this.canPreferredReplicaBeLeader(tp)) {
            candidates.push(tp);
          }
        }
      }
    }
    if (candidates.length === 0) return done();
    this.onReplicaElection(candidates, "PREFERRED", "AutoTriggered", () => done());
  }

  private canPreferredReplicaBeLeader(tp: TopicPartition): boolean {
    const ctx = this.controllerContext;
    const assignment = ctx.partitionReplicaAssignment(tp);
    const live = new Set(assignment.filter((r) => ctx.isReplicaOnline(r, tp)));
    const isr = ctx.partitionLeadershipInfo(tp)?.leaderAndIsr.isr ?? [];
    return preferredReplicaPartitionLeaderElection(assignment, isr, live) !== null;
  }

  /** KafkaController.onReplicaElection: preferred or unclean elections for the given partitions. */
  private onReplicaElection(partitions: readonly TopicPartition[], electionType: ElectionType, trigger: string,
    cb: (results: Map<string, LeaderAndIsr | Error>) => void): void {
    const ctx = this.controllerContext;
    const out = new Map<string, LeaderAndIsr | Error>();
    const valid: TopicPartition[] = [];
    for (const tp of partitions) {
      const info = ctx.partitionLeadershipInfo(tp);
      if (info === undefined || ctx.isTopicQueuedUpForDeletion(tp.topic)) continue;
      const l = info.leaderAndIsr;
      if (electionType === "PREFERRED" && l.leader === ctx.partitionReplicaAssignment(tp)[0]) {
        const e = new Error("Leader election not needed for topic partition.");
        e.name = "ElectionNotNeeded";
        out.set(tp.toString(), e);
        continue;
      }
      if (electionType === "UNCLEAN" && l.leader !== LeaderAndIsr.NO_LEADER && ctx.isReplicaOnline(l.leader, tp)) {
        const e = new Error("Leader election not needed for topic partition.");
        e.name = "ElectionNotNeeded";
        out.set(tp.toString(), e);
        continue;
      }
      valid.push(tp);
    }
    this.trace("controller.replicaElection", { electionType, trigger, partitions: valid.map(String) });
    const strategy = electionType === "PREFERRED" ? PreferredElection : { kind: "OfflinePartitionLeaderElectionStrategy" as const, allowUnclean: true };
    this.partitionStateMachine.handleStateChanges(valid, "OnlinePartition", strategy, (err, results) => {
      if (err) this.handleError("ReplicaLeaderElection", err);
      for (const [key, r] of results ?? []) out.set(key, r.result);
      cb(out);
    });
  }
}

/** Field by field (a KafkaConfig instance may hold them as getters, which a spread would miss). */
function resolveConfig(c: Partial<ControllerConfig> | undefined): ControllerConfig {
  const d = DEFAULT_CONTROLLER_CONFIG;
  const pick = <K extends keyof ControllerConfig>(k: K): ControllerConfig[K] => (c?.[k] ?? d[k]) as ControllerConfig[K];
  return {
    autoLeaderRebalanceEnable: pick("autoLeaderRebalanceEnable"),
    leaderImbalancePerBrokerPercentage: pick("leaderImbalancePerBrokerPercentage"),
    leaderImbalanceCheckIntervalSeconds: pick("leaderImbalanceCheckIntervalSeconds"),
    uncleanLeaderElectionEnable: pick("uncleanLeaderElectionEnable"),
    deleteTopicEnable: pick("deleteTopicEnable"),
    controllerSocketTimeoutMs: pick("controllerSocketTimeoutMs"),
    interBrokerListenerName: pick("interBrokerListenerName"),
  };
}

function errMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function electionError(type: ElectionType): Errors {
  return type === "PREFERRED" ? Errors.PREFERRED_LEADER_NOT_AVAILABLE : Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE;
}


