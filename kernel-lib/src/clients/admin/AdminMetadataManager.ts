// org.apache.kafka.clients.admin.internals.AdminMetadataManager: what the admin client knows about the
// cluster (brokers, controller, cluster id), learned with a Metadata request to a bootstrap address first and to
// known brokers later. Calls wait here for a node to send to; a call whose deadline passes while it waits fails
// with "Timed out waiting for a node assignment".
import type { NetworkClient } from "../../protocol/NetworkClient";
import { formatHostPort, type HostPort } from "../../protocol/HostPort";
import { Node } from "../../protocol/Node";
import type { MetadataResponse } from "../../protocol/messages/Metadata";
import type { Runtime } from "../../sim/Runtime";

/** Where a call goes: the active controller, any broker (least loaded), or one broker by id. */
export type NodeTarget = { kind: "controller" } | { kind: "leastLoaded" } | { kind: "broker"; brokerId: number };

/** A log line the client would write through log4j (the CLI prints these in Kafka's tools format). */
export interface AdminLogEvent {
  level: "WARN" | "INFO" | "ERROR";
  message: string;
  /** The logging class, e.g. "org.apache.kafka.clients.NetworkClient". */
  logger: string;
}

interface Waiter {
  target: NodeTarget;
  cb: (node: Node | null) => void;
  timer: number;
}

export class AdminMetadataManager {
  private nodes = new Map<number, Node>();
  private controllerId = -1;
  private clusterIdValue: string | null = null;
  private lastUpdateMs = -Infinity;
  private updateRequested = true;
  private fetching = false;
  private nextBootstrap = 0;
  private nextBroker = 0;
  private readonly waiters = new Set<Waiter>();
  /** Addresses already warned about since their last success (one WARN each, not one per retry). */
  private readonly warned = new Set<string>();
  private closed = false;

  constructor(
    private readonly runtime: Runtime,
    private readonly network: NetworkClient,
    private readonly selfNode: string,
    private readonly clientId: string,
    private readonly bootstrap: readonly HostPort[],
    private readonly opts: { requestTimeoutMs: number; retryBackoffMs: number; metadataMaxAgeMs: number },
    private readonly log: (e: AdminLogEvent) => void,
  ) {}

  get clusterId(): string | null {
    return this.clusterIdValue;
  }

  /** The brokers of the last metadata, sorted by id. */
  liveNodes(): Node[] {
    return [...this.nodes.values()].sort((a, b) => a.id - b.id);
  }

  nodeById(id: number): Node | null {
    return this.nodes.get(id) ?? null;
  }

  controller(): Node | null {
    return this.nodes.get(this.controllerId) ?? null;
  }

  /** Metadata is stale (a request failed, NOT_CONTROLLER): fetch it again before the next call is placed. */
  requestUpdate(): void {
    this.updateRequested = true;
  }

  /** Takes metadata a call fetched anyway (a Metadata response) as the newest knowledge. */
  update(response: MetadataResponse): void {
    this.nodes = new Map(response.brokers.map((b) => [b.nodeId, new Node(b.nodeId, b.host, b.port, b.rack)]));
    this.controllerId = response.controllerId;
    this.clusterIdValue = response.clusterId;
    this.lastUpdateMs = this.runtime.now();
    this.updateRequested = false;
  }

  /** Calls `cb` with a node for the target as soon as one is known, or with null at `deadline`. */
  nodeFor(target: NodeTarget, deadline: number, cb: (node: Node | null) => void): void {
    const node = this.fresh() ? this.pick(target) : null;
    if (node !== null) {
      cb(node);
      return;
    }
    const w: Waiter = { target, cb, timer: 0 };
    w.timer = this.runtime.schedule(Math.max(0, deadline - this.runtime.now()), () => {
      if (!this.waiters.delete(w)) return;
      cb(null);
    }, this.selfNode, "admin.nodeAssignmentTimeout");
    this.waiters.add(w);
    if (this.fresh()) this.updateRequested = true; // known metadata lacks what the target needs (no controller yet)
    this.maybeFetch();
  }

  /** The network address of a node (its host is the node name on the runtime network). */
  static destination(node: Node): string {
    return `${node.host}:${node.port}`;
  }

  close(): void {
    this.closed = true;
    for (const w of this.waiters) this.runtime.cancel(w.timer);
    this.waiters.clear();
  }

  private fresh(): boolean {
    return !this.updateRequested && this.runtime.now() - this.lastUpdateMs < this.opts.metadataMaxAgeMs;
  }

  private pick(target: NodeTarget): Node | null {
    if (target.kind === "controller") return this.controller();
    if (target.kind === "broker") return this.nodes.get(target.brokerId) ?? null;
    const all = this.liveNodes();
    if (all.length === 0) return null;
    // NetworkClient.leastLoadedNode: with nothing in flight, the first connectable node; rotate among them.
    return all[this.nextBroker++ % all.length];
  }

  private serveWaiters(): void {
    for (const w of [...this.waiters]) {
      const node = this.pick(w.target);
      if (node === null) continue;
      this.waiters.delete(w);
      this.runtime.cancel(w.timer);
      w.cb(node);
    }
  }

  /** Sends a Metadata request (brokers and controller only) while some call waits for a node. */
  private maybeFetch(): void {
    if (this.fetching || this.closed || this.waiters.size === 0) return;
    this.fetching = true;
    // Known brokers first; the bootstrap addresses when none is known (or none answers).
    const known = this.liveNodes().map((n) => ({ id: n.id, address: { host: n.host, port: n.port } }));
    const candidates = known.length > 0 && this.nodes.size > 0
      ? known
      : this.bootstrap.map((hp, i) => ({ id: -(i + 1), address: hp }));
    const c = candidates[this.nextBootstrap++ % candidates.length];
    const dest = formatHostPort(c.address);
    const onFailure = (): void => {
      if (!this.warned.has(dest)) {
        this.warned.add(dest);
        this.log({
          level: "WARN",
          message: `[AdminClient clientId=${this.clientId}] Connection to node ${c.id} (${c.address.host}/${dest}) could not be established. Node may not be available.`,
          logger: "org.apache.kafka.clients.NetworkClient",
        });
      }
      // Known brokers all failing: fall back to the bootstrap list next time.
      if (known.length > 0 && this.nextBootstrap % candidates.length === 0) this.nodes.clear();
      this.runtime.schedule(this.opts.retryBackoffMs, () => {
        this.fetching = false;
        this.maybeFetch();
      }, this.selfNode, "admin.metadataBackoff");
    };
    if (!this.runtime.network.isUp(c.address.host)) {
      // No process listens there: the connection is refused at once (no request timeout to wait out).
      this.runtime.schedule(0, onFailure, this.selfNode, "admin.connectRefused");
      return;
    }
    this.network.send(dest, { apiKey: 3, topics: [], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false }, (err, response) => {
      if (this.closed) return;
      if (err !== null || response === null) {
        onFailure();
        return;
      }
      this.warned.delete(dest);
      this.update(response);
      this.fetching = false;
      this.serveWaiters();
      // Someone still waits (e.g. no controller elected yet): ask again after the backoff.
      if (this.waiters.size > 0) {
        this.updateRequested = true;
        this.fetching = true;
        this.runtime.schedule(this.opts.retryBackoffMs, () => {
          this.fetching = false;
          this.maybeFetch();
        }, this.selfNode, "admin.metadataBackoff");
      }
    }, { timeoutMs: this.opts.requestTimeoutMs });
  }
}
