// A broker without ZooKeeper or controller, for unit tests: LogManager + ReplicaManager + KafkaApis on a node, driven
// by a test "controller" node that sends LeaderAndIsr/UpdateMetadata itself.
import { Runtime } from "../../kernel-lib/src/sim/Runtime";
import { NetworkClient, sendResponse } from "../../kernel-lib/src/protocol/NetworkClient";
import type { AlterPartitionRequest } from "../../kernel-lib/src/protocol/messages/AlterPartition";
import { isEnvelope, type ResponseMessage } from "../../kernel-lib/src/protocol/Envelope";
import { LogManager } from "../../kernel-lib/src/storage/log/LogManager";
import { KafkaConfig } from "../../kernel-lib/src/broker/KafkaConfig";
import { MetadataCache } from "../../kernel-lib/src/broker/MetadataCache";
import { ReplicaManager } from "../../kernel-lib/src/broker/ReplicaManager";
import { KafkaApis } from "../../kernel-lib/src/broker/KafkaApis";
import { buildBatch } from "../../kernel-lib/src/storage/MemoryRecordsBuilder";
import type { AddressedRequest } from "../../kernel-lib/src/protocol/NetworkClient";
import type { LeaderAndIsrRequest } from "../../kernel-lib/src/protocol/messages/LeaderAndIsr";
import type { UpdateMetadataRequest } from "../../kernel-lib/src/protocol/messages/UpdateMetadata";
import type { ProduceResponse } from "../../kernel-lib/src/protocol/messages/Produce";
import type { FetchResponse } from "../../kernel-lib/src/protocol/messages/Fetch";
import type { RequestTypes, ResponseTypes, SupportedApiKey } from "../../kernel-lib/src/protocol/messages/index";

export interface TestBroker {
  id: number;
  host: string;
  config: KafkaConfig;
  logManager: LogManager;
  replicaManager: ReplicaManager;
  metadataCache: MetadataCache;
  client: NetworkClient;
  apis: KafkaApis;
  up: boolean;
}

export class TestCluster {
  readonly runtime: Runtime;
  readonly brokers = new Map<number, TestBroker>();
  readonly client: NetworkClient;
  controllerEpoch = 1;
  readonly state = new Map<string, { leader: number; leaderEpoch: number; isr: number[]; replicas: number[]; partitionEpoch: number }>();

  constructor(seed: number, readonly ids: number[], readonly props: Record<string, string> = {}) {
    this.runtime = new Runtime({ seed });
    this.client = new NetworkClient(this.runtime, "client", { clientId: "test" });
    this.runtime.network.register("client", (from, msg) => {
      if (isEnvelope(msg) && msg.kind === "response") this.client.handleResponse(from, msg as ResponseMessage);
    });
    // A stand-in controller: commits AlterPartition requests as KafkaController.handleAlterPartition does (ZK mode:
    // the ISR changes, the partition epoch (zkVersion) goes up, the leader epoch stays) and pushes metadata.
    this.runtime.network.register("controller", (from, msg) => {
      if (!isEnvelope(msg) || msg.kind !== "request" || msg.header.apiKey !== 56) return;
      const req = msg as AddressedRequest & { body: AlterPartitionRequest };
      const t = req.body.topics[0]!;
      const p = t.partitions[0]!;
      const key = `${t.topicName}-${p.partitionIndex}`;
      const st = this.state.get(key)!;
      this.alterPartitionCount++;
      let errorCode = 0;
      if (p.leaderEpoch !== st.leaderEpoch) errorCode = 74; // FENCED_LEADER_EPOCH
      else if (p.partitionEpoch !== st.partitionEpoch) errorCode = 95; // INVALID_UPDATE_VERSION
      else {
        st.isr = [...p.newIsr!];
        st.partitionEpoch++;
        this.updateMetadata();
      }
      sendResponse(this.runtime, "controller", from, req as never, { throttleTimeMs: 0, errorCode: 0, topics: [{ topicName: t.topicName, partitions: [{
        partitionIndex: p.partitionIndex, errorCode, leaderId: st.leader, leaderEpoch: st.leaderEpoch, isr: [...st.isr], leaderRecoveryState: 0, partitionEpoch: st.partitionEpoch }] }] } as never);
    });
    for (const id of ids) this.startBroker(id);
  }

  alterPartitionCount = 0;

  host(id: number): string {
    return `broker${id}`;
  }

  startBroker(id: number): TestBroker {
    const host = this.host(id);
    const rt = this.runtime;
    const config = new KafkaConfig({ "broker.id": String(id), "log.dirs": "/tmp/kafka-logs", ...this.props });
    const disk = rt.disk(host);
    const logManager = LogManager.fromBrokerProps(rt, disk, host, config.originals);
    logManager.startup();
    const metadataCache = new MetadataCache(id);
    const client = new NetworkClient(rt, host, { clientId: `broker-${id}-fetcher-0` });
    const replicaManager = new ReplicaManager({ runtime: rt, brokerId: id, nodeName: host, config, logManager, metadataCache, client,
      hostOf: (b) => (b === 99 ? "controller" : this.ids.includes(b) ? this.host(b) : null) });
    replicaManager.startup();
    const apis = new KafkaApis({ runtime: rt, nodeName: host, brokerId: id, config, replicaManager, metadataCache });
    const b: TestBroker = { id, host, config, logManager, replicaManager, metadataCache, client, apis, up: true };
    rt.network.register(host, (from, msg) => {
      if (!isEnvelope(msg)) return;
      if (msg.kind === "response") client.handleResponse(from, msg as ResponseMessage);
      else apis.handle(from, msg as AddressedRequest);
    });
    this.brokers.set(id, b);
    return b;
  }

  crashBroker(id: number, loseUnflushed = false): void {
    const b = this.brokers.get(id)!;
    const rt = this.runtime;
    rt.network.unregister(b.host);
    rt.cancelOwned(b.host);
    b.client.abandon();
    b.replicaManager.shutdown(false);
    rt.disk(b.host).crash({ loseUnflushed });
    b.up = false;
  }

  /** What a controller would send: LeaderAndIsr to every replica and UpdateMetadata to all live brokers. */
  setPartition(topic: string, partition: number, s: { leader: number; leaderEpoch: number; isr: number[]; replicas: number[] }): void {
    const key = `${topic}-${partition}`;
    const prev = this.state.get(key);
    const st = { ...s, partitionEpoch: (prev?.partitionEpoch ?? -1) + 1 };
    this.state.set(key, st);
    const ps = { partitionIndex: partition, controllerEpoch: this.controllerEpoch, leader: s.leader, leaderEpoch: s.leaderEpoch, isr: s.isr,
      partitionEpoch: st.partitionEpoch, replicas: s.replicas, addingReplicas: [], removingReplicas: [], isNew: prev === undefined, leaderRecoveryState: 0 };
    const live = [...this.brokers.values()].filter((b) => b.up);
    const lai: LeaderAndIsrRequest = { apiKey: 4, controllerId: 99, isKRaftController: false, controllerEpoch: this.controllerEpoch, brokerEpoch: -1, type: 0,
      topicStates: [{ topicName: topic, topicId: "", partitionStates: [ps] }],
      liveLeaders: live.filter((b) => b.id === s.leader).map((b) => ({ brokerId: b.id, hostName: b.host, port: 9092 })) };
    for (const r of s.replicas) {
      const b = this.brokers.get(r);
      if (b?.up) b.replicaManager.becomeLeaderOrFollower(lai);
    }
    this.updateMetadata();
  }

  updateMetadata(): void {
    const live = [...this.brokers.values()].filter((b) => b.up);
    const topics = new Map<string, UpdateMetadataRequest["topicStates"][number]>();
    for (const [key, st] of this.state) {
      const dash = key.lastIndexOf("-");
      const topic = key.slice(0, dash);
      let t = topics.get(topic);
      if (t === undefined) topics.set(topic, (t = { topicName: topic, topicId: "", partitionStates: [] }));
      t.partitionStates.push({ partitionIndex: Number(key.slice(dash + 1)), controllerEpoch: this.controllerEpoch, leader: st.leader, leaderEpoch: st.leaderEpoch,
        isr: st.isr, zkVersion: st.partitionEpoch, replicas: st.replicas, offlineReplicas: [] });
    }
    const um: UpdateMetadataRequest = { apiKey: 6, controllerId: 99, isKRaftController: false, controllerEpoch: this.controllerEpoch, brokerEpoch: -1, type: 0,
      topicStates: [...topics.values()], liveBrokers: live.map((b) => ({ id: b.id, endpoints: [{ host: b.host, port: 9092, listener: "PLAINTEXT", securityProtocol: 0 }], rack: null })) };
    for (const b of live) b.metadataCache.updateMetadata(um);
  }

  request<K extends SupportedApiKey>(brokerId: number, body: RequestTypes[K] & { apiKey: K }): Promise<ResponseTypes[K]> {
    return this.client.request<K>(this.host(brokerId), body);
  }

  produce(brokerId: number, topic: string, partition: number, values: string[], acks = -1, timeoutMs = 30000): Promise<ProduceResponse> {
    const records = buildBatch(values.map((v) => ({ timestamp: this.runtime.now(), key: null, value: Buffer.from(v) })));
    return this.request(brokerId, { apiKey: 0, transactionalId: null, acks, timeoutMs, topicData: [{ name: topic, partitionData: [{ index: partition, records }] }] });
  }

  fetch(brokerId: number, topic: string, partition: number, offset: number, maxWaitMs = 0): Promise<FetchResponse> {
    return this.request(brokerId, { apiKey: 1, replicaId: -1, maxWaitMs, minBytes: 1, maxBytes: 52428800, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
      topics: [{ topic, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset: offset, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1048576 }] }],
      forgottenTopicsData: [], rackId: "" });
  }

  async close(): Promise<void> {
    await this.runtime.close();
  }
}
