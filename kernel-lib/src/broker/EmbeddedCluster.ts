// A whole Kafka cluster in one process (what the notebooks start): a runtime, one ZooKeeper server and brokers
// named by host (hadoop102, hadoop103, ...), each with its own Disk. start(): ZooKeeper first, then the brokers
// (the notes' "start ZooKeeper first"); shutdown(): brokers first, then ZooKeeper. Read-outs for display:
// partitionState (leader, epoch, ISR, every replica's LEO and HW), controllerId, the log files on disk.
import { ZooKeeperServer } from "../controller/zk/ZooKeeperServer";
import { Runtime } from "../sim/Runtime";
import { setDefaultRuntime } from "../sim/DefaultRuntime";
import { KafkaServer, type ControllerFactory } from "./KafkaServer";

export interface EmbeddedClusterOptions {
  seed?: number | string;
  /** Broker hosts, e.g. ["hadoop102", "hadoop103", "hadoop104"]. */
  brokers?: string[];
  /** broker.id of each (default 0, 1, 2, ...). */
  brokerIds?: number[];
  /** Host running ZooKeeper (port 2181); default the first broker's host. */
  zookeeper?: string;
  /** server.properties overrides for every broker. */
  config?: Record<string, string>;
  /** Per-broker overrides (by broker id). */
  brokerConfig?: Record<number, Record<string, string>>;
  baseDir?: string;
  mode?: "simulated" | "realtime";
  /** An existing runtime (the cluster then does not close it). */
  runtime?: Runtime;
  controllerFactory?: ControllerFactory | null;
  /** Do not start the brokers (start them with startBroker). */
  brokersStopped?: boolean;
  /** Do not start ZooKeeper either (start it with startZooKeeper): a cluster of installed, stopped servers. */
  zookeeperStopped?: boolean;
}

// The cluster built on each runtime, so the notes' scripts (`kf.sh start`, `ssh hadoop103 kafka-server-stop.sh`)
// find the servers of the cluster a notebook started from just its runtime.
const clusters = new WeakMap<Runtime, EmbeddedCluster>();

export interface ReplicaView {
  brokerId: number;
  host: string;
  /** Whether the broker is up. */
  online: boolean;
  leo: number | null;
  hw: number | null;
  logStartOffset: number | null;
  /** The leader's view of this follower's LEO (-1 unknown), null on the leader itself. */
  leoSeenByLeader: number | null;
}

export interface PartitionStateView {
  topic: string;
  partition: number;
  leader: number;
  leaderEpoch: number;
  isr: number[];
  replicas: number[];
  /** The leader's high watermark (-1 without a leader). */
  hw: number;
  /** LEO by broker id (null where the replica is offline). */
  leo: Record<number, number | null>;
  replicaStates: ReplicaView[];
}

export class EmbeddedCluster {
  readonly runtime: Runtime;
  readonly zookeeper: ZooKeeperServer;
  readonly servers: KafkaServer[] = [];
  private readonly ownsRuntime: boolean;
  /** server.properties of each host as the cluster installed it (before any per-start overrides). */
  private readonly installedProps = new Map<string, Record<string, string>>();
  private readonly controllerFactory: ControllerFactory | null | undefined;
  private readonly zkHost: string;

  /** The cluster built on this runtime (the last one), or null. */
  static of(runtime: Runtime): EmbeddedCluster | null {
    return clusters.get(runtime) ?? null;
  }

  private constructor(opts: EmbeddedClusterOptions) {
    this.ownsRuntime = opts.runtime === undefined;
    this.runtime = opts.runtime ?? new Runtime({
      seed: opts.seed ?? 0, ...(opts.mode !== undefined ? { mode: opts.mode } : {}), ...(opts.baseDir !== undefined ? { baseDir: opts.baseDir } : {}),
    });
    const hosts = opts.brokers ?? ["hadoop102", "hadoop103", "hadoop104"];
    const ids = opts.brokerIds ?? hosts.map((_, i) => i);
    if (ids.length !== hosts.length) throw new Error(`brokerIds (${ids.length}) and brokers (${hosts.length}) differ in length`);
    const zkHost = opts.zookeeper ?? hosts[0]!;
    this.zkHost = zkHost;
    this.controllerFactory = opts.controllerFactory;
    this.zookeeper = new ZooKeeperServer(this.runtime, { node: `zookeeper-${zkHost}`, host: zkHost, clientPort: 2181 });
    clusters.set(this.runtime, this);
    hosts.forEach((host, i) => {
      const id = ids[i]!;
      const props: Record<string, string> = {
        "broker.id": String(id),
        "listeners": `PLAINTEXT://${host}:9092`,
        "log.dirs": "/opt/module/kafka/datas",
        "zookeeper.connect": `${zkHost}:2181/kafka`,
        ...opts.config,
        ...(opts.brokerConfig?.[id] ?? {}),
      };
      this.installedProps.set(host, props);
      this.servers.push(this.newServer(host, props));
    });
  }

  private newServer(host: string, props: Record<string, string>): KafkaServer {
    const zkNode = this.zookeeper.node;
    const zkHost = this.zkHost;
    return new KafkaServer({
      runtime: this.runtime, host, props,
      ...(this.controllerFactory !== undefined ? { controllerFactory: this.controllerFactory } : {}),
      // ZooKeeper answers on its host's port 2181; anything else is not a ZooKeeper server.
      resolveZooKeeper: (h, port) => (h === zkHost && port === 2181 ? zkNode : `${h}:${port}`),
    });
  }

  /** Maps a ZooKeeper host:port (of a connect string) to the ZooKeeper server's node name, as the brokers do. */
  resolveZooKeeper(host: string, port: number): string {
    return host === this.zkHost && port === this.zookeeper.clientPort ? this.zookeeper.node : `${host}:${port}`;
  }

  /** The broker hosts, in the order the cluster was built. */
  get hosts(): string[] {
    return [...this.installedProps.keys()];
  }

  /** The server.properties the cluster installed on a host. */
  installedConfig(host: string): Record<string, string> {
    const p = this.installedProps.get(host);
    if (p === undefined) throw new Error(`No broker host ${host} in this cluster`);
    return { ...p };
  }

  /**
   * The (stopped) broker process of a host, built again from the installed server.properties plus `overrides`
   * (`kafka-server-start.sh config/server.properties --override broker.id=0`). Replaces the host's server object;
   * the disk stays. Throws if that host's broker is running.
   */
  reconfigureBroker(host: string, overrides: Record<string, string>): KafkaServer {
    const i = this.servers.findIndex((s) => s.host === host);
    if (i < 0) throw new Error(`No broker host ${host} in this cluster`);
    const old = this.servers[i]!;
    if (old.state !== "NOT_RUNNING" && old.state !== "CRASHED") throw new Error(`The broker on ${host} is running`);
    const server = this.newServer(host, { ...this.installedConfig(host), ...overrides });
    this.servers[i] = server;
    return server;
  }

  /** zookeeper-server-start.sh: starts ZooKeeper (nothing if it runs). */
  startZooKeeper(): void {
    this.zookeeper.start();
  }

  /** zookeeper-server-stop.sh: stops ZooKeeper cleanly (the brokers' sessions are then on their own). */
  stopZooKeeper(): void {
    this.zookeeper.stop();
  }

  /** Starts ZooKeeper, then every broker (in order), and waits until each is running. */
  static async start(opts: EmbeddedClusterOptions = {}): Promise<EmbeddedCluster> {
    const c = new EmbeddedCluster(opts);
    // Clients created without a cluster argument (`new KafkaProducer(props)`, `sh("kafka-topics.sh ...")`)
    // connect to the cluster started last, as a learner's programs connect to "the" cluster of their notes.
    setDefaultRuntime(c.runtime);
    if (opts.zookeeperStopped) return c;
    c.zookeeper.start();
    if (!opts.brokersStopped) {
      for (const s of c.servers) await s.startup();
      await c.awaitSettled();
    }
    return c;
  }

  /**
   * Waits (in cluster time) until a controller is active and every running broker's metadata lists every running
   * broker — what `kf.sh start` plus a moment's patience gives on a real cluster. Without it, the controller would
   * still be handling the last broker's registration when the next cell runs (simulated time only moves while a
   * cell awaits), and a `--replication-factor 3` right after start could see two brokers.
   */
  async awaitSettled(timeoutMs = 30_000): Promise<boolean> {
    const running = () => this.servers.filter((s) => s.isRunning);
    return this.runtime.runUntil(() => {
      const up = running();
      return this.controllerId() >= 0 && up.every((s) => s.metadataCache !== null && s.metadataCache.getAliveBrokers().length === up.length);
    }, { timeoutMs, label: "cluster settled" });
  }

  broker(idOrHost: number | string): KafkaServer {
    const s = this.servers.find((x) => (typeof idOrHost === "number" ? x.brokerId === idOrHost : x.host === idOrHost));
    if (s === undefined) throw new Error(`No broker ${String(idOrHost)} in this cluster`);
    return s;
  }

  get brokerIds(): number[] {
    return this.servers.map((s) => s.brokerId);
  }

  /** "hadoop102:9092,hadoop103:9092,...": bootstrap.servers for clients. */
  get bootstrapServers(): string {
    return this.servers.map((s) => `${s.config.listenerHost(s.host)}:${s.listenerPort}`).join(",");
  }

  async startBroker(id: number | string): Promise<void> {
    await this.broker(id).startup();
  }

  /**
   * Controlled shutdown of one broker (kafka-server-stop.sh). As in Kafka, the broker asks ZooKeeper for the
   * controller first: with ZooKeeper down it waits until ZooKeeper is back (the notes' rule "stop Kafka before
   * ZooKeeper"); crashBroker is the kill -9 that always works.
   */
  async stopBroker(id: number | string): Promise<void> {
    await this.broker(id).shutdown();
  }

  /** kill -9 of one broker (loseUnflushed: the machine lost power too). */
  crashBroker(id: number | string, opts: { loseUnflushed?: boolean } = {}): void {
    this.broker(id).crash(opts);
  }

  /** The active controller's broker id (from the running brokers' controllers), or -1. */
  controllerId(): number {
    for (const s of this.servers) if (s.isRunning && s.controller?.isActive()) return s.brokerId;
    return -1;
  }

  /** The leader of a partition as the running brokers know it (the broker that leads it), or -1. */
  leaderOf(topic: string, partition: number): number {
    for (const s of this.servers) if (s.isRunning && s.replicaManager?.getPartition(`${topic}-${partition}`)?.isLeader) return s.brokerId;
    return -1;
  }

  /** A partition's state for display: leader, epoch, ISR, replicas, HW and every replica's LEO/HW. */
  partitionState(topic: string, partition: number): PartitionStateView {
    const key = `${topic}-${partition}`;
    let leaderServer: KafkaServer | undefined;
    let best = -1;
    for (const s of this.servers) {
      const p = s.replicaManager?.getPartition(key);
      if (s.isRunning && p?.isLeader && p.leaderEpoch > best) {
        best = p.leaderEpoch;
        leaderServer = s;
      }
    }
    const lp = leaderServer?.replicaManager?.getPartition(key);
    let replicas: number[] = lp?.assignment ?? [];
    let isr: number[] = lp?.inSyncReplicaIds ?? [];
    let leaderEpoch = lp?.leaderEpoch ?? -1;
    if (lp === undefined) {
      // No live leader: take the metadata some running broker has.
      for (const s of this.servers) {
        const info = s.isRunning ? s.metadataCache?.getPartitionInfo(topic, partition) : undefined;
        if (info !== undefined) {
          replicas = info.replicas;
          isr = info.isr;
          leaderEpoch = info.leaderEpoch;
          break;
        }
      }
    }
    const leo: Record<number, number | null> = {};
    const replicaStates: ReplicaView[] = replicas.map((id) => {
      const s = this.servers.find((x) => x.brokerId === id);
      const log = s?.isRunning ? s.replicaManager?.localLog(topic, partition) : undefined;
      leo[id] = log?.logEndOffset ?? null;
      const follower = lp?.remoteReplicas.get(id);
      return {
        brokerId: id, host: s?.host ?? "?", online: s?.isRunning ?? false, leo: log?.logEndOffset ?? null, hw: log?.highWatermark ?? null,
        logStartOffset: log?.logStartOffset ?? null, leoSeenByLeader: follower === undefined ? null : follower.logEndOffset,
      };
    });
    return {
      topic, partition, leader: leaderServer?.brokerId ?? -1, leaderEpoch, isr: [...isr], replicas: [...replicas],
      hw: lp?.log?.highWatermark ?? -1, leo, replicaStates,
    };
  }

  /** The files under each broker's log dir (paths as on the broker host), for "where is my data" displays. */
  describeLogDirs(): { brokerId: number; host: string; logDir: string; files: { path: string; size: number }[] }[] {
    return this.servers.map((s) => {
      const disk = this.runtime.disk(s.host);
      const files: { path: string; size: number }[] = [];
      const walk = (rel: string): void => {
        if (!disk.exists(rel)) return;
        for (const name of disk.list(rel)) {
          const child = `${rel}/${name}`;
          let isDir = false;
          try {
            disk.list(child);
            isDir = true;
          } catch {
            isDir = false;
          }
          if (isDir) walk(child);
          else files.push({ path: `/${child}`, size: disk.size(child) });
        }
      };
      walk(s.logDir);
      return { brokerId: s.brokerId, host: s.host, logDir: s.config.logDirs, files };
    });
  }

  /** Starts ZooKeeper (if stopped) and every broker that is not running, on the same disks (log recovery). */
  async restart(): Promise<void> {
    if (!this.zookeeper.isRunning) this.zookeeper.start();
    for (const s of this.servers) if (!s.isRunning) await s.startup();
  }

  /** Stops the brokers (controlled shutdown, one by one), then ZooKeeper. */
  async shutdown(): Promise<void> {
    for (const s of this.servers) await s.shutdown();
    this.zookeeper.stop();
  }

  /** Shuts down and closes the runtime (removing a temporary baseDir). */
  async close(): Promise<void> {
    await this.shutdown();
    if (this.ownsRuntime) await this.runtime.close();
  }
}
