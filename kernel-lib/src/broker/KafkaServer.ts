// One Kafka broker in ZooKeeper mode (kafka.server.KafkaServer). Its node name on the runtime network is its host
// (`hadoop102`), its Disk is runtime.disk(host) and log.dirs is a path on that Disk.
//
// startup(), in Kafka 3.9's order: connect ZooKeeper (ZooKeeperClientTimeoutException "Timed out waiting for
// connection while in state: CONNECTING" after zookeeper.connection.timeout.ms when it is not up), get or create
// the cluster id (/cluster/id), check meta.properties (InconsistentClusterIdException / InconsistentBrokerIdException),
// load and recover the logs (LogManager), register /brokers/ids/<id> (ephemeral; a live registration of the same id
// fails startup with NodeExistsException "KeeperErrorCode = NodeExists"), start the controller (election), start the
// ReplicaManager (isr-expiration, HW checkpoints), open the listener.
// shutdown(): controlled shutdown through the controller (leaderships move away first), then stop everything and
// close the ZooKeeper session. crash(): the process dies — memory, timers and connections are gone; the disk keeps
// what the page cache had (or loses unflushed bytes with loseUnflushed).
import type { KafkaZkClient as KafkaZkClientType, StateChangeHandler } from "../controller/KafkaZkClient";
import { KafkaZkClient, zkPromise } from "../controller/KafkaZkClient";
import { AdminZkClient } from "../controller/AdminZkClient";
import { ControllerChannelManager } from "../controller/ControllerChannelManager";
import { KafkaController } from "../controller/KafkaController";
import type { ControllerConfig } from "../controller/ControllerConfig";
import { ZooKeeperClient } from "../controller/zk/ZooKeeperClient";
import { ConfigType, type BrokerInfo } from "../controller/zk/ZkData";
import { isEnvelope, type ResponseMessage } from "../protocol/Envelope";
import { NetworkClient, type AddressedRequest } from "../protocol/NetworkClient";
import type { ControlledShutdownResponse } from "../protocol/messages/ControlledShutdown";
import type { LeaderAndIsrRequest } from "../protocol/messages/LeaderAndIsr";
import type { Runtime } from "../sim/Runtime";
import { MetaProperties } from "../storage/checkpoint/MetaProperties";
import { diskPathOf, LogManager } from "../storage/log/LogManager";
import { KafkaApis, type ControllerApi } from "./KafkaApis";
import { KafkaConfig, type BrokerProps } from "./KafkaConfig";
import { MetadataCache } from "./MetadataCache";
import { ReplicaManager } from "./ReplicaManager";
import { ZkAdminManager } from "./ZkAdminManager";
import { GroupApis } from "./group/GroupApis";

/** kafka.server.BrokerState */
export type BrokerState = "NOT_RUNNING" | "STARTING" | "RECOVERY" | "RUNNING" | "PENDING_CONTROLLED_SHUTDOWN" | "SHUTTING_DOWN" | "CRASHED";

/** The controller a broker runs (H7's KafkaController): the request handlers plus its lifecycle. */
export interface BrokerController extends ControllerApi {
  startup(): void;
  shutdown(): void;
  epoch?(): number;
  /** The brokers the active controller considers alive. */
  liveBrokerIds?(): number[];
}

export interface ControllerDeps {
  runtime: Runtime;
  brokerId: number;
  config: KafkaConfig & ControllerConfig;
  zkClient: KafkaZkClientType;
  channel: ControllerChannelManager;
  brokerInfo: BrokerInfo;
  brokerEpoch: number;
  onBrokerEpochChange: (brokerEpoch: number) => void;
}

/** H7's KafkaController, the controller every broker runs by default. */
export const defaultControllerFactory: ControllerFactory = (d) => new KafkaController({
  runtime: d.runtime, brokerId: d.brokerId, config: d.config, zkClient: d.zkClient, channel: d.channel,
  brokerInfo: d.brokerInfo, brokerEpoch: d.brokerEpoch, onBrokerEpochChange: d.onBrokerEpochChange,
}) as unknown as BrokerController;

export type ControllerFactory = (deps: ControllerDeps) => BrokerController;

export interface KafkaServerOptions {
  runtime: Runtime;
  /** The broker's host = its node name on the network, e.g. "hadoop102". */
  host: string;
  /** server.properties. */
  props: BrokerProps;
  /** Creates the controller that runs inside this broker (null: none — a broker that never becomes controller). */
  controllerFactory?: ControllerFactory | null;
  /** Maps a ZooKeeper host:port of zookeeper.connect to its node name. */
  resolveZooKeeper?: (host: string, port: number) => string;
}

export class KafkaServer {
  readonly runtime: Runtime;
  readonly host: string;
  readonly config: KafkaConfig;
  state: BrokerState = "NOT_RUNNING";
  clusterId: string | null = null;
  brokerEpoch = -1;
  /** Startup warnings and notable events, as the broker would log them. */
  readonly log: string[] = [];

  zooKeeperClient: ZooKeeperClient | null = null;
  zkClient: KafkaZkClientType | null = null;
  logManager: LogManager | null = null;
  metadataCache: MetadataCache | null = null;
  replicaManager: ReplicaManager | null = null;
  apis: KafkaApis | null = null;
  client: NetworkClient | null = null;
  controller: BrokerController | null = null;
  adminManager: ZkAdminManager | null = null;
  /** The group coordinator's request handling (consumer groups, committed offsets in __consumer_offsets). */
  groupApis: GroupApis | null = null;
  private listening = false;
  /**
   * Requests that reached the bound port before request processing was enabled. Kafka binds its listener
   * (SocketServer) before registering in ZooKeeper and enables processing at the end of startup
   * (`socketServer.enableRequestProcessing`), so an early request — the controller's UpdateMetadata to a broker
   * it has just seen register — waits in the socket, it is not refused.
   */
  private backlog: [string, AddressedRequest][] = [];
  private readonly topicOverrides = new Map<string, Record<string, string>>();

  constructor(private readonly o: KafkaServerOptions) {
    this.runtime = o.runtime;
    this.host = o.host;
    this.config = new KafkaConfig(o.props);
    for (const w of this.config.warnings) this.log.push(`WARN ${w}`);
  }

  get brokerId(): number {
    return this.config.brokerId;
  }

  get listenerPort(): number {
    return this.config.listenerPort();
  }

  /** The log dir on this broker's Disk (log.dirs without the leading slash). */
  get logDir(): string {
    return diskPathOf(this.config.logDirs);
  }

  get isRunning(): boolean {
    return this.state === "RUNNING" || this.state === "PENDING_CONTROLLED_SHUTDOWN";
  }

  private trace(kind: string, detail: Record<string, unknown> = {}): void {
    this.runtime.trace.record(this.host, kind, detail);
  }

  private onMessage(from: string, msg: unknown): void {
    if (this.zooKeeperClient?.receive(from, msg)) return;
    if (!isEnvelope(msg)) return;
    if (msg.kind === "response") {
      this.client?.handleResponse(from, msg as ResponseMessage);
      return;
    }
    // Not bound yet (or any more), or the wrong port: the connection is refused; the client times out.
    if (this.apis === null) return;
    const port = (msg as AddressedRequest).port;
    if (port !== undefined && port !== this.listenerPort) return;
    if (!this.listening) {
      // Bound but not processing: still starting (apis exists from the RECOVERY step on), or shutting down.
      if (this.state === "RECOVERY") this.backlog.push([from, msg as AddressedRequest]);
      return;
    }
    this.apis.handle(from, msg as AddressedRequest);
  }

  /** KafkaServer.startup. Rejects with Kafka's exception when a step fails (the broker is then stopped). */
  async startup(): Promise<void> {
    if (this.state !== "NOT_RUNNING" && this.state !== "CRASHED") return;
    const rt = this.runtime;
    const cfg = this.config;
    this.state = "STARTING";
    this.trace("broker.starting", { brokerId: cfg.brokerId });
    rt.network.register(this.host, (from, msg) => this.onMessage(from, msg));
    try {
      // 1. ZooKeeper.
      if (cfg.zkConnect === null) throw new Error("Missing required configuration `zookeeper.connect` which has no default value.");
      const zk = new ZooKeeperClient(rt, {
        node: this.host, connectString: cfg.zkConnect, sessionTimeoutMs: cfg.zkSessionTimeoutMs, connectionTimeoutMs: cfg.zkConnectionTimeoutMs,
        ...(this.o.resolveZooKeeper !== undefined ? { resolve: this.o.resolveZooKeeper } : {}),
      });
      this.zooKeeperClient = zk;
      await zk.connect();
      await zk.createChrootIfNecessary();
      const zkClient = new KafkaZkClient(rt, zk);
      this.zkClient = zkClient;
      await zkPromise<void>(rt, "createTopLevelPaths", (cb) => zkClient.createTopLevelPaths(cb));
      // 2. Cluster id: the first broker's proposal (from the seeded random source) wins.
      const proposed = rt.random.fork(`clusterId/${this.host}`).uuid().toString();
      this.clusterId = await zkPromise<string>(rt, "createOrGetClusterId", (cb) => zkClient.createOrGetClusterId(proposed, cb));
      // 3. meta.properties.
      const disk = rt.disk(this.host);
      const existing = MetaProperties.read(disk, this.logDir);
      if (existing !== null) existing.verify(this.logDir, this.clusterId, cfg.brokerId);
      // 4. Logs: topic overrides from ZooKeeper first, then load and recover.
      this.state = "RECOVERY";
      await this.loadTopicOverrides();
      const logManager = LogManager.fromBrokerProps(rt, disk, this.host, cfg.originals, (topic) => {
        const o = this.topicOverrides.get(topic);
        return o === undefined ? undefined : cfg.logConfigFor(o);
      });
      this.logManager = logManager;
      logManager.startup();
      this.trace("broker.logsLoaded", { logs: logManager.allLogs().map((l) => l.name), hadCleanShutdown: logManager.hadCleanShutdown });
      // 5. The parts that serve requests.
      const metadataCache = new MetadataCache(cfg.brokerId);
      metadataCache.clusterId = this.clusterId;
      this.metadataCache = metadataCache;
      const client = new NetworkClient(rt, this.host, { clientId: `broker-${cfg.brokerId}`, requestTimeoutMs: cfg.requestTimeoutMs });
      this.client = client;
      const replicaManager = new ReplicaManager({
        runtime: rt, brokerId: cfg.brokerId, nodeName: this.host, config: cfg, logManager, metadataCache, client,
        hostOf: (id) => metadataCache.getAliveBroker(id)?.host ?? null,
      });
      this.replicaManager = replicaManager;
      const adminZkClient = new AdminZkClient(rt, zkClient);
      this.adminManager = new ZkAdminManager({ runtime: rt, nodeName: this.host, brokerId: cfg.brokerId, config: cfg, metadataCache, zkClient,
        adminZkClient });
      this.groupApis = GroupApis.forBroker({ runtime: rt, nodeName: this.host, brokerId: cfg.brokerId, kafkaConfig: cfg, replicaManager, metadataCache,
        createTopic: (topic, n, rf, configs, cb) => adminZkClient.createTopic(topic, n, rf, configs, "Enforced", (err) => cb(err)) });
      this.apis = new KafkaApis({
        runtime: rt, nodeName: this.host, brokerId: cfg.brokerId, config: cfg, replicaManager, metadataCache,
        controller: () => this.controller, adminManager: () => this.adminManager, groupApis: () => this.groupApis,
        beforeLeaderAndIsr: (req, done) => this.loadOverridesFor(req, done),
      });
      // 6. Register /brokers/ids/<id>.
      const info: BrokerInfo = {
        id: cfg.brokerId, rack: cfg.rack, jmxPort: -1, version: 5, features: {}, timestamp: rt.now(),
        endpoints: [{ host: cfg.listenerHost(this.host), port: this.listenerPort, listenerName: "PLAINTEXT", securityProtocol: "PLAINTEXT" }],
      };
      this.brokerEpoch = await zkPromise<number>(rt, "registerBroker", (cb) => zkClient.registerBroker(info, cb));
      // KafkaServer.startup: "Now that the broker is successfully registered, checkpoint its metadata" — a start
      // refused for a duplicate broker.id leaves a fresh log dir without meta.properties.
      if (existing === null) new MetaProperties(0, this.clusterId, cfg.brokerId).write(disk, this.logDir, rt.now());
      this.watchConfigChanges();
      // 7. Controller (election happens in its startup). It also re-registers the broker after a session expiry.
      const factory = this.o.controllerFactory === undefined ? defaultControllerFactory : this.o.controllerFactory;
      if (factory !== null) {
        const channel = new ControllerChannelManager({ runtime: rt, networkClient: client, requestTimeoutMs: cfg.controllerSocketTimeoutMs });
        this.controller = factory({ runtime: rt, brokerId: cfg.brokerId, config: cfg, zkClient, channel, brokerInfo: info, brokerEpoch: this.brokerEpoch,
          onBrokerEpochChange: (e) => { this.brokerEpoch = e; } });
        this.controller.startup();
      } else {
        const reRegister: StateChangeHandler = {
          name: "broker-registration",
          afterInitializingSession: () => zkClient.registerBroker(info, (err, epoch) => {
            if (err === null) this.brokerEpoch = epoch;
            this.trace("broker.reRegistered", { ok: err === null });
          }),
        };
        zkClient.registerStateChangeHandler(reRegister);
      }
      // 8. ReplicaManager tasks, then the listener.
      replicaManager.startup();
      this.listening = true;
      this.state = "RUNNING";
      this.trace("broker.started", { brokerId: cfg.brokerId, clusterId: this.clusterId, brokerEpoch: this.brokerEpoch });
      const early = this.backlog;
      this.backlog = [];
      for (const [from, req] of early) this.apis.handle(from, req);
    } catch (e) {
      this.trace("broker.startupFailed", { error: (e as Error).name, message: (e as Error).message });
      this.log.push(`ERROR [KafkaServer id=${cfg.brokerId}] Fatal error during KafkaServer startup. Prepare to shutdown`);
      await this.abortStartup();
      throw e;
    }
  }

  private async abortStartup(): Promise<void> {
    this.listening = false;
    this.replicaManager?.shutdown(false);
    try {
      this.controller?.shutdown();
    } catch {
      // ignore
    }
    this.logManager?.shutdown();
    const zk = this.zooKeeperClient;
    if (zk !== null) {
      if (zk.state === "CONNECTED") await zk.close().catch(() => undefined);
      else zk.crash();
    }
    this.client?.abandon();
    this.runtime.network.unregister(this.host);
    this.runtime.cancelOwned(this.host);
    this.clearComponents();
    this.state = "NOT_RUNNING";
  }

  private clearComponents(): void {
    this.groupApis?.shutdown();
    this.groupApis = null;
    this.zooKeeperClient = null;
    this.zkClient = null;
    this.logManager = null;
    this.metadataCache = null;
    this.replicaManager = null;
    this.apis = null;
    this.client = null;
    this.controller = null;
    this.adminManager = null;
    this.listening = false;
    this.backlog = [];
  }

  // ------------------------------------------------------------------------------------------------- topic configs

  private async loadTopicOverrides(): Promise<void> {
    const zk = this.zkClient!;
    const rt = this.runtime;
    const topics = await zkPromise<string[]>(rt, "getAllTopicsInCluster", (cb) => zk.getAllTopicsInCluster(cb));
    for (const t of topics) {
      const m = await zkPromise<Map<string, string>>(rt, "getEntityConfigs", (cb) => zk.getEntityConfigs(ConfigType.Topic, t, cb));
      this.topicOverrides.set(t, Object.fromEntries(m));
    }
  }

  /** Before a LeaderAndIsr creates logs of topics never seen, read their overrides (Kafka reads them with the log). */
  private loadOverridesFor(req: LeaderAndIsrRequest, done: () => void): void {
    const zk = this.zkClient;
    const missing = req.topicStates.map((t) => t.topicName).filter((t) => !this.topicOverrides.has(t));
    if (zk === null || missing.length === 0) return done();
    let left = missing.length;
    for (const t of missing) {
      zk.getEntityConfigs(ConfigType.Topic, t, (err, m) => {
        if (err === null) this.topicOverrides.set(t, Object.fromEntries(m));
        if (--left === 0) done();
      });
    }
  }

  /** ZkConfigManager: /config/changes notifications → re-read the overrides of the topics and apply them. */
  private watchConfigChanges(): void {
    const zk = this.zkClient!;
    const path = "/config/changes";
    const reload = (): void => {
      if (this.zkClient !== zk) return;
      zk.getChildren(path, (err) => {
        if (err !== null) return;
        const topics = new Set([...(this.logManager?.allLogs() ?? []).map((l) => l.topicPartition.topic), ...this.topicOverrides.keys()]);
        for (const t of topics) {
          zk.getEntityConfigs(ConfigType.Topic, t, (e, m) => {
            if (e !== null || this.logManager === null) return;
            const next = Object.fromEntries(m);
            const prev = this.topicOverrides.get(t);
            this.topicOverrides.set(t, next);
            if (JSON.stringify(prev ?? {}) !== JSON.stringify(next)) {
              this.logManager.updateTopicConfig(t, this.config.logConfigFor(next));
              this.trace("broker.topicConfigChanged", { topic: t, overrides: next });
            }
          });
        }
      });
    };
    zk.registerZNodeChildChangeHandler({ path, handleChildChange: reload });
    zk.getChildren(path, () => undefined);
  }

  // ---------------------------------------------------------------------------------------------------- shutdown

  /**
   * KafkaServer.shutdown: controlled shutdown first (controlled.shutdown.enable): ask the controller to move this
   * broker's leaderships away, retrying controlled.shutdown.max.retries times every
   * controlled.shutdown.retry.backoff.ms; then stop serving, write checkpoints, close the logs cleanly and the
   * ZooKeeper session (the controller sees /brokers/ids/<id> vanish at once).
   */
  async shutdown(): Promise<void> {
    if (!this.isRunning) return;
    const rt = this.runtime;
    if (this.config.controlledShutdownEnable) {
      this.state = "PENDING_CONTROLLED_SHUTDOWN";
      const ok = await this.controlledShutdown();
      if (!ok) this.log.push(`WARN [KafkaServer id=${this.brokerId}] Proceeding to do an unclean shutdown as all the controlled shutdown attempts failed`);
    }
    this.state = "SHUTTING_DOWN";
    this.trace("broker.shuttingDown", { brokerId: this.brokerId });
    this.listening = false;
    this.groupApis?.shutdown();
    this.groupApis = null;
    this.replicaManager?.shutdown(true);
    try {
      this.controller?.shutdown();
    } catch {
      // ignore
    }
    this.logManager?.shutdown(this.brokerEpoch);
    const zk = this.zooKeeperClient;
    if (zk !== null && zk.state === "CONNECTED") await zk.close().catch(() => undefined);
    else zk?.crash();
    this.client?.close();
    rt.network.unregister(this.host);
    rt.cancelOwned(this.host);
    this.clearComponents();
    this.state = "NOT_RUNNING";
    this.trace("broker.stopped", { brokerId: this.brokerId });
  }

  private async controlledShutdown(): Promise<boolean> {
    const rt = this.runtime;
    const cfg = this.config;
    for (let attempt = 0; attempt < cfg.controlledShutdownMaxRetries; attempt++) {
      const zk = this.zkClient;
      const client = this.client;
      if (zk === null || client === null) return false;
      let controllerId: number | null = null;
      try {
        controllerId = await zkPromise<number | null>(rt, "getControllerId", (cb) => zk.getControllerId(cb));
      } catch {
        controllerId = null;
      }
      const host = controllerId === null ? null : controllerId === this.brokerId ? this.host : this.metadataCache?.getAliveBroker(controllerId)?.host ?? null;
      if (host !== null) {
        try {
          const resp: ControlledShutdownResponse = await client.request(host, { apiKey: 7, brokerId: this.brokerId, brokerEpoch: this.brokerEpoch },
            { timeoutMs: cfg.controllerSocketTimeoutMs });
          this.trace("broker.controlledShutdown", { attempt: attempt + 1, errorCode: resp.errorCode, remaining: resp.remainingPartitions.length });
          if (resp.errorCode === 0 && resp.remainingPartitions.length === 0) return true;
        } catch (e) {
          this.trace("broker.controlledShutdown", { attempt: attempt + 1, error: (e as Error).name });
        }
      }
      if (attempt + 1 < cfg.controlledShutdownMaxRetries) {
        this.log.push(`WARN [KafkaServer id=${this.brokerId}] Retrying controlled shutdown after the previous attempt failed...`);
        await rt.sleep(cfg.controlledShutdownRetryBackoffMs);
      }
    }
    return false;
  }

  /**
   * The process dies (kill -9 / power loss): no controlled shutdown, no checkpoints, the ZooKeeper session just
   * stops (the server expires it after zookeeper.session.timeout.ms). The Disk keeps what the page cache had, or
   * with loseUnflushed only what was flushed.
   */
  crash(opts: { loseUnflushed?: boolean } = {}): void {
    if (this.state === "NOT_RUNNING" || this.state === "CRASHED") return;
    const rt = this.runtime;
    this.trace("broker.crash", { brokerId: this.brokerId, loseUnflushed: opts.loseUnflushed ?? false });
    rt.network.unregister(this.host);
    rt.cancelOwned(this.host);
    this.zooKeeperClient?.crash();
    this.client?.abandon();
    this.replicaManager?.shutdown(false);
    rt.disk(this.host).crash({ loseUnflushed: opts.loseUnflushed ?? false });
    this.clearComponents();
    this.state = "CRASHED";
  }
}
