// A test cluster for the controller without real brokers: a ZooKeeperServer plus FAKE broker nodes. Each fake
// broker registers /brokers/ids/<id> through its own ZooKeeperClient, hosts a KafkaController (as KafkaServer
// does), answers LeaderAndIsr / UpdateMetadata / StopReplica, and rejects requests from a stale controller epoch
// (STALE_CONTROLLER_EPOCH), as a broker does.
import { AdminZkClient } from "../../kernel-lib/src/controller/AdminZkClient";
import { ControllerChannelManager } from "../../kernel-lib/src/controller/ControllerChannelManager";
import type { ControllerConfig } from "../../kernel-lib/src/controller/ControllerConfig";
import { KafkaController } from "../../kernel-lib/src/controller/KafkaController";
import { KafkaZkClient, zkPromise } from "../../kernel-lib/src/controller/KafkaZkClient";
import type { BrokerInfo } from "../../kernel-lib/src/controller/zk/ZkData";
import { ZooKeeperClient } from "../../kernel-lib/src/controller/zk/ZooKeeperClient";
import { isZooKeeperMessage } from "../../kernel-lib/src/controller/zk/ZooKeeperProtocol";
import { ZooKeeperServer } from "../../kernel-lib/src/controller/zk/ZooKeeperServer";
import { type AnyRequestMessage, isEnvelope } from "../../kernel-lib/src/protocol/Envelope";
import { NetworkClient, sendResponse } from "../../kernel-lib/src/protocol/NetworkClient";
import type { ResponseMessage } from "../../kernel-lib/src/protocol/Envelope";
import { Runtime } from "../../kernel-lib/src/sim/Runtime";

export interface ReceivedRequest {
  apiKey: number;
  controllerEpoch: number;
  from: string;
  at: number;
  rejected: boolean;
  body: Record<string, unknown>;
}

export class FakeBroker {
  readonly zk: ZooKeeperClient;
  readonly kafkaZk: KafkaZkClient;
  readonly net: NetworkClient;
  readonly channel: ControllerChannelManager;
  readonly controller: KafkaController;
  readonly received: ReceivedRequest[] = [];
  highestControllerEpoch = 0;
  brokerEpoch = -1;
  alive = false;

  constructor(readonly runtime: Runtime, readonly id: number, readonly host: string, config: Partial<ControllerConfig>) {
    this.zk = new ZooKeeperClient(runtime, { node: host, connectString: "zk:2181", sessionTimeoutMs: 18000 });
    this.kafkaZk = new KafkaZkClient(runtime, this.zk);
    this.net = new NetworkClient(runtime, host);
    this.channel = new ControllerChannelManager({ runtime, networkClient: this.net });
    this.controller = new KafkaController({
      runtime, brokerId: id, config, zkClient: this.kafkaZk, channel: this.channel, brokerInfo: this.info,
      onBrokerEpochChange: (e) => {
        this.brokerEpoch = e;
      },
    });
  }

  get info(): BrokerInfo {
    return {
      id: this.id, endpoints: [{ host: this.host, port: 9092, listenerName: "PLAINTEXT", securityProtocol: "PLAINTEXT" }],
      rack: null, jmxPort: -1, version: 5, features: {}, timestamp: this.runtime.now(),
    };
  }

  /** Broker startup order: ZooKeeper, top-level paths, /brokers/ids/<id>, then the controller. */
  async start(): Promise<void> {
    this.runtime.network.register(this.host, (from, msg) => this.onMessage(from, msg));
    await this.zk.connect();
    await zkPromise(this.runtime, "paths", (cb) => this.kafkaZk.createTopLevelPaths(cb));
    this.brokerEpoch = await zkPromise<number>(this.runtime, "register", (cb) => this.kafkaZk.registerBroker(this.info, cb));
    this.alive = true;
    this.controller.startup();
  }

  /** kill -9: the process is gone; its ZooKeeper session expires later. */
  crash(): void {
    this.alive = false;
    this.controller.shutdown();
    this.zk.crash();
    this.net.abandon();
    this.runtime.network.unregister(this.host);
    this.runtime.cancelOwned(this.host);
  }

  requests(apiKey: number): ReceivedRequest[] {
    return this.received.filter((r) => r.apiKey === apiKey);
  }

  private onMessage(from: string, msg: unknown): void {
    if (isZooKeeperMessage(msg)) {
      this.zk.receive(from, msg);
      return;
    }
    if (!isEnvelope(msg)) return;
    if (msg.kind === "response") {
      this.net.handleResponse(from, msg as ResponseMessage);
      return;
    }
    const req = msg as AnyRequestMessage;
    const body = req.body as unknown as Record<string, unknown>;
    const apiKey = req.header.apiKey as number;
    if (apiKey === 4 || apiKey === 5 || apiKey === 6) {
      const epoch = body.controllerEpoch as number;
      const rejected = epoch < this.highestControllerEpoch;
      if (!rejected) this.highestControllerEpoch = epoch;
      this.received.push({ apiKey, controllerEpoch: epoch, from, at: this.runtime.now(), rejected, body });
      const errorCode = rejected ? 11 : 0; // STALE_CONTROLLER_EPOCH
      if (apiKey === 4) sendResponse(this.runtime, this.host, from, req as never, { errorCode, topics: [] } as never);
      else if (apiKey === 6) sendResponse(this.runtime, this.host, from, req as never, { errorCode } as never);
      else {
        const topics = (body.topicStates as { topicName: string; partitionStates: { partitionIndex: number }[] }[]);
        const partitionErrors = topics.flatMap((t) => t.partitionStates.map((p) => ({ topicName: t.topicName, partitionIndex: p.partitionIndex, errorCode })));
        sendResponse(this.runtime, this.host, from, req as never, { errorCode, partitionErrors } as never);
      }
    }
  }
}

export class ControllerTestCluster {
  readonly runtime: Runtime;
  readonly zookeeper: ZooKeeperServer;
  readonly brokers = new Map<number, FakeBroker>();
  private admin: { zk: ZooKeeperClient; kafkaZk: KafkaZkClient; adminZk: AdminZkClient } | null = null;

  constructor(seed: number | string = 1, readonly config: Partial<ControllerConfig> = {}) {
    this.runtime = new Runtime({ seed });
    this.zookeeper = new ZooKeeperServer(this.runtime, { node: "zk" });
    this.zookeeper.start();
  }

  async startBroker(id: number): Promise<FakeBroker> {
    const b = new FakeBroker(this.runtime, id, `broker${id}`, this.config);
    this.brokers.set(id, b);
    await b.start();
    return b;
  }

  broker(id: number): FakeBroker {
    const b = this.brokers.get(id);
    if (b === undefined) throw new Error(`no broker ${id}`);
    return b;
  }

  /** The active controller among the live fake brokers. */
  activeController(): KafkaController | undefined {
    return [...this.brokers.values()].find((b) => b.alive && b.controller.isActive())?.controller;
  }

  /** An admin's own ZooKeeper session (like the broker's ZkAdminManager). */
  async adminZkClient(): Promise<AdminZkClient> {
    if (this.admin === null) {
      const zk = new ZooKeeperClient(this.runtime, { node: "admin", connectString: "zk:2181", ownsNode: true });
      await zk.connect();
      const kafkaZk = new KafkaZkClient(this.runtime, zk);
      this.admin = { zk, kafkaZk, adminZk: new AdminZkClient(this.runtime, kafkaZk) };
    }
    return this.admin.adminZk;
  }

  /** A znode's data as text (null if missing). */
  znode(path: string): string | null {
    const tree = this.zookeeper.dataTree;
    if (tree.exists(path) === null) return null;
    return tree.getData(path).data?.toString("utf8") ?? "";
  }

  state(topic: string, partition: number): { leader: number; leader_epoch: number; isr: number[]; controller_epoch: number; leader_recovery_state?: number } | null {
    const s = this.znode(`/brokers/topics/${topic}/partitions/${partition}/state`);
    return s === null ? null : JSON.parse(s);
  }

  async until(cond: () => boolean, timeoutMs = 60_000, label = "condition"): Promise<void> {
    const ok = await this.runtime.runUntil(cond, { timeoutMs, label });
    if (!ok) throw new Error(`timed out waiting for ${label}`);
  }

  async close(): Promise<void> {
    await this.runtime.close();
  }
}
