// org.apache.kafka.clients.consumer.internals.AbstractCoordinator: the member side of the classic group protocol.
// Finds the coordinator (FindCoordinator, key = group.id), joins (JoinGroup; a first join with an empty member
// id gets MEMBER_ID_REQUIRED and rejoins with the id the coordinator made, KIP-394), syncs (SyncGroup: the leader
// sends everyone's assignment), heartbeats every heartbeat.interval.ms from runtime timers (Kafka's background
// heartbeat thread), and leaves (LeaveGroup) on close/unsubscribe or when poll() was not called within
// max.poll.interval.ms. Everything here is callbacks + runtime timers; only the consumer's user-facing calls
// create deferreds.
import { Errors } from "../../../protocol/Errors";
import type { NetworkClient } from "../../../protocol/NetworkClient";
import { Node } from "../../../protocol/Node";
import type { HostPort } from "../../../protocol/HostPort";
import type { JoinGroupRequestProtocol, JoinGroupResponseMember } from "../../../protocol/messages/JoinGroup";
import type { Runtime } from "../../../sim/Runtime";
import type { TimerId } from "../../../sim/Scheduler";
import type { ClientLogger } from "../../common/ClientLogEvent";
import type { Metadata } from "../../common/Metadata";

/** AbstractCoordinator.MemberState */
export type MemberState = "UNJOINED" | "PREPARING_REBALANCE" | "COMPLETING_REBALANCE" | "STABLE";

/** AbstractCoordinator.Generation */
export class Generation {
  static readonly NO_GENERATION = new Generation(-1, "", null);

  constructor(readonly generationId: number, readonly memberId: string, readonly protocolName: string | null) {}

  hasMemberId(): boolean {
    return this.memberId !== "";
  }

  toString(): string {
    return `Generation{generationId=${this.generationId}, memberId='${this.memberId}', protocol='${this.protocolName}'}`;
  }
}

export interface GroupRebalanceConfig {
  groupId: string;
  groupInstanceId: string | null;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  heartbeatIntervalMs: number;
  requestTimeoutMs: number;
  retryBackoffMs: number;
  leaveGroupOnClose: boolean;
}

/** JOIN_GROUP_TIMEOUT_LAPSE: extra time a JoinGroup may take beyond the rebalance timeout. */
const JOIN_GROUP_TIMEOUT_LAPSE = 5000;

export abstract class AbstractCoordinator {
  protected state: MemberState = "UNJOINED";
  protected generation: Generation = Generation.NO_GENERATION;
  protected coordinator: Node | null = null;
  protected rejoinNeeded = true;
  /** onJoinPrepare runs once per rebalance (reset after a successful join). */
  private needsJoinPrepare = true;
  private joinInFlight = false;
  private findInFlight = false;
  private retryAfterMs = 0;
  private fatal: Error | null = null;
  private heartbeatTimer: TimerId | null = null;
  private heartbeatInFlight = false;
  private lastHeartbeatReceiveMs = 0;
  private pollTimer: TimerId | null = null;
  private nextFindNode = 0;
  protected closed = false;
  /** Rebalances completed (for tests and displays). */
  rebalanceCount = 0;

  protected constructor(
    protected readonly runtime: Runtime,
    protected readonly node: string,
    protected readonly network: NetworkClient,
    protected readonly metadata: Metadata,
    protected readonly bootstrap: readonly HostPort[],
    protected readonly rebalanceConfig: GroupRebalanceConfig,
    protected readonly log: ClientLogger,
    protected readonly logPrefix: string,
    /** Called whenever something happened that a pending poll may be waiting for. */
    protected readonly onEvent: () => void,
  ) {}

  // ---- what the subclass provides -------------------------------------------------------------------------

  protected abstract protocolType(): string;
  protected abstract metadataProtocols(): JoinGroupRequestProtocol[];
  /** Before (re)joining: commit/revoke as the protocol requires; call `done` when the join may proceed. */
  protected abstract onJoinPrepare(generation: Generation, done: () => void): void;
  /** The leader's assignment: member id → assignment bytes. */
  protected abstract onLeaderElected(leaderId: string, protocol: string, members: JoinGroupResponseMember[], skipAssignment: boolean): Map<string, Buffer>;
  protected abstract onJoinComplete(generation: Generation, assignment: Buffer): void;
  /** Whether joining may start (e.g. metadata for the subscription has arrived). */
  protected readyToJoin(): boolean {
    return true;
  }

  // ---- state --------------------------------------------------------------------------------------------------

  get memberState(): MemberState {
    return this.state;
  }

  currentGeneration(): Generation {
    return this.generation;
  }

  /** The generation if the member is stable (commits in a group use it), else null. */
  generationIfStable(): Generation | null {
    return this.state === "STABLE" ? this.generation : null;
  }

  rebalanceInProgress(): boolean {
    return this.state === "PREPARING_REBALANCE" || this.state === "COMPLETING_REBALANCE";
  }

  coordinatorUnknown(): boolean {
    return this.coordinator === null;
  }

  coordinatorNode(): Node | null {
    return this.coordinator;
  }

  protected coordinatorDestination(): string {
    const c = this.coordinator as Node;
    return `${c.host}:${c.port}`;
  }

  rejoinNeededOrPending(): boolean {
    return this.rejoinNeeded || this.joinInFlight;
  }

  requestRejoin(reason: string): void {
    if (!this.rejoinNeeded) this.info(`Request joining group due to: ${reason}`);
    this.rejoinNeeded = true;
  }

  protected info(message: string): void {
    this.log({ level: "INFO", logger: "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator", message: this.logPrefix + message });
  }

  protected warn(message: string): void {
    this.log({ level: "WARN", logger: "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator", message: this.logPrefix + message });
  }

  // ---- coordinator discovery ------------------------------------------------------------------------------

  /** True if the coordinator is known; otherwise starts a FindCoordinator (once at a time, with backoff). */
  ensureCoordinatorReady(): boolean {
    if (this.coordinator !== null) return true;
    this.lookupCoordinator();
    return false;
  }

  private lookupCoordinator(): void {
    if (this.findInFlight || this.closed) return;
    this.findInFlight = true;
    const nodes = this.metadata.fetch().nodes.filter((n) => this.runtime.network.isUp(n.host));
    const candidates = nodes.length > 0 ? nodes.map((n) => `${n.host}:${n.port}`) : this.bootstrap.map((hp) => `${hp.host}:${hp.port}`);
    const dest = candidates[this.nextFindNode++ % candidates.length];
    const retry = (): void => {
      this.runtime.schedule(this.rebalanceConfig.retryBackoffMs, () => {
        this.findInFlight = false;
        this.onEvent();
      }, this.node, "consumer.findCoordinatorBackoff");
    };
    if (!this.runtime.network.isUp(dest.substring(0, dest.lastIndexOf(":")))) {
      retry();
      return;
    }
    this.network.send(dest, { apiKey: 10, key: this.rebalanceConfig.groupId, keyType: 0, coordinatorKeys: [this.rebalanceConfig.groupId] }, (err, response) => {
      if (this.closed) return;
      if (err !== null || response === null) {
        this.metadata.requestUpdate();
        retry();
        return;
      }
      const c = response.coordinators.length > 0 ? response.coordinators[0]
        : { errorCode: response.errorCode ?? 0, nodeId: response.nodeId ?? -1, host: response.host ?? "", port: response.port ?? -1, errorMessage: response.errorMessage ?? null };
      const error = Errors.forCode(c.errorCode);
      if (error !== Errors.NONE || c.nodeId < 0) {
        if (error === Errors.GROUP_AUTHORIZATION_FAILED || error === Errors.INVALID_REQUEST) this.fatal = error.exception(c.errorMessage ?? undefined);
        retry();
        return;
      }
      this.findInFlight = false;
      // Kafka names the coordinator connection with id Integer.MAX_VALUE - nodeId (a separate socket).
      this.coordinator = new Node(c.nodeId, c.host, c.port);
      this.info(`Discovered group coordinator ${c.host}:${c.port} (id: ${2147483647 - c.nodeId} rack: null)`);
      this.lastHeartbeatReceiveMs = this.runtime.now();
      this.onEvent();
    }, { timeoutMs: this.rebalanceConfig.requestTimeoutMs });
  }

  markCoordinatorUnknown(reason: string): void {
    if (this.coordinator === null) return;
    const dest = this.coordinatorDestination();
    this.info(`Group coordinator ${dest} (id: ${2147483647 - this.coordinator.id} rack: null) is unavailable or invalid due to cause: ${reason}. isDisconnected: false. Rediscovery will be attempted.`);
    this.coordinator = null;
    this.network.disconnect(dest.substring(0, dest.lastIndexOf(":")));
  }

  // ---- join / sync ------------------------------------------------------------------------------------------

  /** AbstractCoordinator.ensureActiveGroup, non-blocking: advances the rebalance; true once stable. */
  ensureActiveGroup(): boolean {
    if (this.fatal !== null) {
      const e = this.fatal;
      this.fatal = null;
      throw e;
    }
    if (!this.ensureCoordinatorReady()) return false;
    if (!this.rejoinNeeded && !this.joinInFlight && this.state === "STABLE") return true;
    if (this.joinInFlight || this.runtime.now() < this.retryAfterMs || !this.readyToJoin()) return false;
    this.joinInFlight = true;
    if (this.needsJoinPrepare) {
      this.needsJoinPrepare = false;
      this.onJoinPrepare(this.generation, () => {
        if (this.closed) return;
        this.sendJoinGroup();
      });
    } else {
      this.sendJoinGroup();
    }
    return false;
  }

  private joinFailed(backoff: boolean): void {
    this.joinInFlight = false;
    this.state = "UNJOINED";
    if (backoff) {
      this.retryAfterMs = this.runtime.now() + this.rebalanceConfig.retryBackoffMs;
      this.runtime.schedule(this.rebalanceConfig.retryBackoffMs, () => this.onEvent(), this.node, "consumer.joinBackoff");
    } else {
      this.onEvent();
    }
  }

  private sendJoinGroup(): void {
    if (this.coordinator === null) {
      this.joinFailed(false);
      return;
    }
    this.state = "PREPARING_REBALANCE";
    this.info(`(Re-)joining group`);
    const cfg = this.rebalanceConfig;
    const sentGeneration = this.generation;
    this.network.send(this.coordinatorDestination(), {
      apiKey: 11, groupId: cfg.groupId, sessionTimeoutMs: cfg.sessionTimeoutMs, rebalanceTimeoutMs: cfg.rebalanceTimeoutMs,
      memberId: this.generation.memberId, groupInstanceId: cfg.groupInstanceId, protocolType: this.protocolType(),
      protocols: this.metadataProtocols(), reason: null,
    }, (err, resp) => {
      if (this.closed) return;
      if (this.state !== "PREPARING_REBALANCE") {
        this.joinInFlight = false; // we left meanwhile
        return;
      }
      if (err !== null || resp === null) {
        this.markCoordinatorUnknown(err?.message ?? "no response");
        this.joinFailed(true);
        return;
      }
      const error = Errors.forCode(resp.errorCode);
      if (error === Errors.NONE) {
        this.generation = new Generation(resp.generationId, resp.memberId, resp.protocolName);
        this.state = "COMPLETING_REBALANCE";
        this.info(`Successfully joined group with generation ${this.generation.toString()}`);
        this.startHeartbeats();
        let assignments: Map<string, Buffer>;
        try {
          assignments = resp.leader === resp.memberId
            ? this.onLeaderElected(resp.leader, resp.protocolName ?? "", resp.members, resp.skipAssignment)
            : new Map();
        } catch (e) {
          this.fatal = e instanceof Error ? e : new Error(String(e));
          this.joinFailed(false);
          return;
        }
        this.sendSyncGroup(assignments);
      } else if (error === Errors.MEMBER_ID_REQUIRED) {
        // KIP-394: rejoin at once with the member id the coordinator assigned.
        this.generation = new Generation(-1, resp.memberId, null);
        this.sendJoinGroup();
      } else if (error === Errors.UNKNOWN_MEMBER_ID || error === Errors.ILLEGAL_GENERATION) {
        this.info(`JoinGroup failed: ${error.message} Need to re-join the group. Sent generation was ${sentGeneration.toString()}`);
        this.resetGeneration();
        this.joinFailed(false);
      } else if (error === Errors.COORDINATOR_NOT_AVAILABLE || error === Errors.NOT_COORDINATOR) {
        this.markCoordinatorUnknown(error.message);
        this.joinFailed(true);
      } else if (error === Errors.COORDINATOR_LOAD_IN_PROGRESS || error === Errors.REBALANCE_IN_PROGRESS) {
        this.joinFailed(true);
      } else {
        // INCONSISTENT_GROUP_PROTOCOL, INVALID_SESSION_TIMEOUT, GROUP_MAX_SIZE_REACHED, FENCED_INSTANCE_ID, ...
        this.fatal = error.exception();
        this.joinFailed(false);
      }
    }, { timeoutMs: Math.max(cfg.requestTimeoutMs, cfg.rebalanceTimeoutMs + JOIN_GROUP_TIMEOUT_LAPSE) });
  }

  private sendSyncGroup(assignments: Map<string, Buffer>): void {
    const cfg = this.rebalanceConfig;
    const gen = this.generation;
    this.network.send(this.coordinatorDestination(), {
      apiKey: 14, groupId: cfg.groupId, generationId: gen.generationId, memberId: gen.memberId, groupInstanceId: cfg.groupInstanceId,
      protocolType: this.protocolType(), protocolName: gen.protocolName, assignments: [...assignments].map(([memberId, assignment]) => ({ memberId, assignment })),
    }, (err, resp) => {
      if (this.closed) return;
      if (this.state !== "COMPLETING_REBALANCE" || this.generation !== gen) {
        this.joinInFlight = false;
        return;
      }
      if (err !== null || resp === null) {
        this.markCoordinatorUnknown(err?.message ?? "no response");
        this.joinFailed(true);
        return;
      }
      const error = Errors.forCode(resp.errorCode);
      if (error === Errors.NONE) {
        this.info(`Successfully synced group in generation ${gen.toString()}`);
        this.state = "STABLE";
        this.rejoinNeeded = false;
        this.needsJoinPrepare = true;
        this.joinInFlight = false;
        this.rebalanceCount++;
        this.lastHeartbeatReceiveMs = this.runtime.now();
        try {
          this.onJoinComplete(gen, resp.assignment);
        } catch (e) {
          this.fatal = e instanceof Error ? e : new Error(String(e));
        }
        this.onEvent();
      } else if (error === Errors.REBALANCE_IN_PROGRESS) {
        this.info(`SyncGroup failed: The group began another rebalance. Need to re-join the group. Sent generation was ${gen.toString()}`);
        this.requestRejoin("group is already rebalancing");
        this.joinFailed(false);
      } else if (error === Errors.UNKNOWN_MEMBER_ID || error === Errors.ILLEGAL_GENERATION || error === Errors.FENCED_INSTANCE_ID) {
        this.info(`SyncGroup failed: ${error.message} Need to re-join the group. Sent generation was ${gen.toString()}`);
        if (error === Errors.FENCED_INSTANCE_ID) this.fatal = error.exception();
        this.resetGeneration();
        this.joinFailed(false);
      } else if (error === Errors.COORDINATOR_NOT_AVAILABLE || error === Errors.NOT_COORDINATOR) {
        this.markCoordinatorUnknown(error.message);
        this.joinFailed(true);
      } else {
        this.fatal = error.exception();
        this.joinFailed(false);
      }
    }, { timeoutMs: cfg.requestTimeoutMs });
  }

  /** Forget the generation and member id (the coordinator does not know us any more); rejoin from scratch. */
  protected resetGeneration(): void {
    this.generation = Generation.NO_GENERATION;
    this.state = "UNJOINED";
    this.rejoinNeeded = true;
    this.stopHeartbeats();
  }

  // ---- heartbeats and liveness ------------------------------------------------------------------------------

  private startHeartbeats(): void {
    if (this.heartbeatTimer !== null) return;
    this.lastHeartbeatReceiveMs = this.runtime.now();
    this.heartbeatTimer = this.runtime.schedule(this.rebalanceConfig.heartbeatIntervalMs, () => this.heartbeatTick(), this.node, "consumer.heartbeat");
  }

  private stopHeartbeats(): void {
    if (this.heartbeatTimer !== null) this.runtime.cancel(this.heartbeatTimer);
    this.heartbeatTimer = null;
    if (this.pollTimer !== null) this.runtime.cancel(this.pollTimer);
    this.pollTimer = null;
  }

  private heartbeatTick(): void {
    this.heartbeatTimer = null;
    if (this.closed || this.state === "UNJOINED") return;
    const cfg = this.rebalanceConfig;
    const now = this.runtime.now();
    if (this.coordinator !== null && now - this.lastHeartbeatReceiveMs > cfg.sessionTimeoutMs) {
      this.markCoordinatorUnknown("session timed out without receiving a heartbeat response");
    }
    if (this.coordinator === null) {
      this.ensureCoordinatorReady();
    } else if (!this.heartbeatInFlight) {
      this.sendHeartbeat();
    }
    this.heartbeatTimer = this.runtime.schedule(cfg.heartbeatIntervalMs, () => this.heartbeatTick(), this.node, "consumer.heartbeat");
  }

  private sendHeartbeat(): void {
    const gen = this.generation;
    const cfg = this.rebalanceConfig;
    this.heartbeatInFlight = true;
    this.network.send(this.coordinatorDestination(), { apiKey: 12, groupId: cfg.groupId, generationId: gen.generationId, memberId: gen.memberId,
      groupInstanceId: cfg.groupInstanceId }, (err, resp) => {
      this.heartbeatInFlight = false;
      if (this.closed) return;
      if (err !== null || resp === null) {
        this.markCoordinatorUnknown(err?.message ?? "no response");
        return;
      }
      const error = Errors.forCode(resp.errorCode);
      if (error === Errors.NONE) {
        this.lastHeartbeatReceiveMs = this.runtime.now();
      } else if (error === Errors.REBALANCE_IN_PROGRESS) {
        this.lastHeartbeatReceiveMs = this.runtime.now();
        if (this.state === "STABLE") {
          this.requestRejoin("group is already rebalancing");
          this.onEvent();
        }
      } else if (error === Errors.ILLEGAL_GENERATION || error === Errors.UNKNOWN_MEMBER_ID || error === Errors.FENCED_INSTANCE_ID) {
        if (this.generation === gen) {
          this.info(`Attempt to heartbeat failed since ${error === Errors.ILLEGAL_GENERATION ? "generation " + gen.generationId + " is not current" : "member id " + gen.memberId + " is not valid"}.`);
          if (error === Errors.FENCED_INSTANCE_ID) this.fatal = error.exception();
          this.resetGeneration();
          this.onEvent();
        }
      } else if (error === Errors.COORDINATOR_NOT_AVAILABLE || error === Errors.NOT_COORDINATOR) {
        this.markCoordinatorUnknown(error.message);
      }
    }, { timeoutMs: cfg.requestTimeoutMs });
  }

  /** poll() was called: restart the max.poll.interval.ms timer (Heartbeat.poll / pollTimer.reset). */
  pollHeartbeat(): void {
    if (this.pollTimer !== null) this.runtime.cancel(this.pollTimer);
    this.pollTimer = null;
    if (this.closed) return;
    this.pollTimer = this.runtime.schedule(this.rebalanceConfig.rebalanceTimeoutMs, () => {
      this.pollTimer = null;
      if (this.state === "UNJOINED" && !this.joinInFlight) return;
      // The heartbeat thread noticed the application stopped polling: leave so the group can move on.
      this.warn("consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured " +
        "max.poll.interval.ms, which typically implies that the poll loop is spending too much time processing messages. You can address this " +
        "either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records.");
      this.maybeLeaveGroup("consumer poll timeout has expired.");
    }, this.node, "consumer.pollTimeout");
  }

  /** LeaveGroup (dynamic members only) and reset to UNJOINED; the next poll rejoins. */
  maybeLeaveGroup(reason: string): void {
    const gen = this.generation;
    if (this.coordinator !== null && this.state !== "UNJOINED" && gen.hasMemberId() && this.rebalanceConfig.groupInstanceId === null) {
      this.info(`Member ${gen.memberId} sending LeaveGroup request to coordinator ${this.coordinatorDestination()} (id: ${2147483647 - this.coordinator.id} rack: null) due to ${reason}`);
      this.network.send(this.coordinatorDestination(), { apiKey: 13, groupId: this.rebalanceConfig.groupId, memberId: gen.memberId,
        members: [{ memberId: gen.memberId, groupInstanceId: null, reason }] }, () => {}, { timeoutMs: this.rebalanceConfig.requestTimeoutMs });
    }
    this.joinInFlight = false;
    this.needsJoinPrepare = true;
    this.resetGeneration();
  }

  closeCoordinator(): void {
    this.closed = true;
    this.stopHeartbeats();
  }
}
