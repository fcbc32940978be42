// org.apache.kafka.clients.Metadata (+ the metadata part of NetworkClient): what a producer or consumer knows
// about brokers and the partitions of the topics it uses, refreshed with Metadata requests. Updates happen on
// demand — when someone asked for one (requestUpdate: a new topic, a NOT_LEADER_OR_FOLLOWER error) or the
// snapshot is older than metadata.max.age.ms at the next poll — never on an idle timer, so an idle client adds
// no events to the simulation. Failed fetches back off exponentially (retry.backoff.ms .. retry.backoff.max.ms).
import type { NetworkClient } from "../../protocol/NetworkClient";
import { formatHostPort, type HostPort } from "../../protocol/HostPort";
import type { MetadataResponse } from "../../protocol/messages/Metadata";
import { Errors } from "../../protocol/Errors";
import type { Runtime } from "../../sim/Runtime";
import type { TimerId } from "../../sim/Scheduler";
import type { ClientLogger } from "./ClientLogEvent";
import { Cluster } from "./Cluster";
import { ExponentialBackoff } from "./ExponentialBackoff";

export interface MetadataOptions {
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
  metadataMaxAgeMs: number;
  requestTimeoutMs: number;
  /** Producers let the broker auto-create topics (auto.create.topics.enable); consumers ask per config. */
  allowAutoTopicCreation: boolean;
  /** "[Producer clientId=producer-1] " — the prefix of every log line. */
  logPrefix: string;
  /** Whether anyone still needs an update after a failed or incomplete one (else retries stop until the next poll). */
  interest?: () => boolean;
}

export class Metadata {
  private cluster: Cluster = Cluster.empty();
  private readonly topicSet = new Set<string>();
  private needUpdate = true;
  private lastSuccessfulRefreshMs = -Infinity;
  private lastRefreshAttemptMs = -Infinity;
  private inFlight = false;
  private failedAttempts = 0;
  private retryTimer: TimerId | null = null;
  private nextCandidate = 0;
  private updateVersion = 0;
  private closed = false;
  private readonly listeners: ((cluster: Cluster) => void)[] = [];
  private readonly warned = new Set<string>();
  private readonly backoff: ExponentialBackoff;

  constructor(
    private readonly runtime: Runtime,
    private readonly network: NetworkClient,
    private readonly selfNode: string,
    private readonly bootstrap: readonly HostPort[],
    private readonly opts: MetadataOptions,
    private readonly log: ClientLogger,
    /** The correlation id the next request of this client gets (for Kafka's log lines). */
    private readonly correlationIds: () => number,
  ) {
    this.backoff = new ExponentialBackoff(opts.retryBackoffMs, 2, opts.retryBackoffMaxMs, 0.2, runtime.random.fork(`${selfNode}.metadata`));
  }

  /** The current snapshot. */
  fetch(): Cluster {
    return this.cluster;
  }

  /** Bumped on every successful update. */
  get version(): number {
    return this.updateVersion;
  }

  get lastSuccessfulUpdateMs(): number {
    return this.lastSuccessfulRefreshMs;
  }

  topics(): ReadonlySet<string> {
    return this.topicSet;
  }

  /** Adds a topic to the set fetched; a new topic asks for an update. */
  add(topic: string): void {
    if (this.topicSet.has(topic)) return;
    this.topicSet.add(topic);
    this.needUpdate = true;
  }

  /** Asks for an update at the next poll (stale leaders, unknown topics). */
  requestUpdate(): void {
    this.needUpdate = true;
  }

  get updateRequested(): boolean {
    return this.needUpdate;
  }

  /** Runs after every successful update, with the new snapshot. */
  onUpdate(listener: (cluster: Cluster) => void): void {
    this.listeners.push(listener);
  }

  /** Starts a Metadata request if one is needed (requested or stale) and none is in flight or backing off. */
  poll(): void {
    if (this.closed || this.inFlight || this.retryTimer !== null) return;
    const now = this.runtime.now();
    const stale = now - this.lastSuccessfulRefreshMs >= this.opts.metadataMaxAgeMs;
    if (!this.needUpdate && !stale) return;
    // Metadata.timeToAllowUpdate: no two refreshes closer than retry.backoff.ms.
    const allowedAt = this.lastRefreshAttemptMs + this.opts.retryBackoffMs;
    if (now < allowedAt) {
      this.retryTimer = this.runtime.schedule(allowedAt - now, () => {
        this.retryTimer = null;
        this.poll();
      }, this.selfNode, "metadata.refreshBackoff");
      return;
    }
    this.lastRefreshAttemptMs = now;
    this.sendRequest();
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer !== null) this.runtime.cancel(this.retryTimer);
    this.retryTimer = null;
  }

  /** The live brokers to ask, least recently asked first; the bootstrap addresses when none is known. */
  private nextDestination(): { id: number; address: HostPort } {
    const known = this.cluster.nodes.filter((n) => this.runtime.network.isUp(n.host));
    const candidates = known.length > 0
      ? known.map((n) => ({ id: n.id, address: { host: n.host, port: n.port } }))
      : this.bootstrap.map((hp, i) => ({ id: -(i + 1), address: hp }));
    return candidates[this.nextCandidate++ % candidates.length]!;
  }

  private sendRequest(): void {
    const c = this.nextDestination();
    const dest = formatHostPort(c.address);
    if (!this.runtime.network.isUp(c.address.host)) {
      // Nothing listens there: the connection is refused at once (NetworkClient's warning, once per address).
      if (!this.warned.has(dest)) {
        this.warned.add(dest);
        this.log({ level: "WARN", logger: "org.apache.kafka.clients.NetworkClient",
          message: `${this.opts.logPrefix}Connection to node ${c.id} (${c.address.host}/${dest}) could not be established. Node may not be available.` });
      }
      this.retryLater();
      return;
    }
    this.inFlight = true;
    const correlationId = this.correlationIds();
    const topics = [...this.topicSet].map((name) => ({ name }));
    this.network.send(dest, { apiKey: 3, topics, allowAutoTopicCreation: this.opts.allowAutoTopicCreation, includeTopicAuthorizedOperations: false },
      (err, response) => {
        this.inFlight = false;
        if (this.closed) return;
        if (err !== null || response === null) {
          this.retryLater();
          return;
        }
        this.warned.delete(dest);
        this.handleResponse(response, correlationId);
      }, { timeoutMs: this.opts.requestTimeoutMs });
  }

  private retryLater(): void {
    if (this.closed || (this.opts.interest !== undefined && !this.opts.interest())) return;
    const delay = this.backoff.backoff(this.failedAttempts++);
    this.retryTimer = this.runtime.schedule(delay, () => {
      this.retryTimer = null;
      this.poll();
    }, this.selfNode, "metadata.backoff");
  }

  private handleResponse(response: MetadataResponse, correlationId: number): void {
    const errors: string[] = [];
    for (const t of response.topics) {
      if (t.errorCode !== 0 && t.name !== null) errors.push(`${t.name}=${Errors.forCode(t.errorCode).name}`);
    }
    if (errors.length > 0) {
      this.log({ level: "WARN", logger: "org.apache.kafka.clients.NetworkClient",
        message: `${this.opts.logPrefix}Error while fetching metadata with correlation id ${correlationId} : {${errors.join(", ")}}` });
    }
    const previousClusterId = this.cluster.clusterId;
    this.cluster = Cluster.fromMetadataResponse(response);
    if (previousClusterId === null && this.cluster.clusterId !== null) {
      this.log({ level: "INFO", logger: "org.apache.kafka.clients.Metadata", message: `${this.opts.logPrefix}Cluster ID: ${this.cluster.clusterId}` });
    }
    this.lastSuccessfulRefreshMs = this.runtime.now();
    this.updateVersion++;
    // Topics still missing or leaderless: keep asking, after the backoff (Metadata.handleMetadataResponse keeps
    // the update requested while partitions lack a leader).
    const incomplete = errors.length > 0 || [...this.topicSet].some((t) => this.cluster.partitionsForTopic(t).some((p) => p.leader === null));
    this.needUpdate = false;
    for (const l of this.listeners) l(this.cluster);
    if (incomplete) {
      this.needUpdate = true;
      this.retryLater();
    } else {
      this.failedAttempts = 0;
    }
  }
}
