// Test harness for the group coordinator: H8's TestCluster (brokers without ZooKeeper; the test plays the
// controller) plus, on every broker, GroupApis wired as KafkaApis will wire it:
//  - group API requests (8, 9, 10, 11, 12, 13, 14, 15, 16, 42) go to GroupApis.handle,
//  - after ReplicaManager.becomeLeaderOrFollower, GroupApis.onLeaderAndIsr(request),
//  - __consumer_offsets creation goes through a stand-in for AdminZkClient.createTopic (placement over live brokers,
//    InvalidReplicationFactorException when the replication factor exceeds them).
import { isEnvelope, type RequestMessage, type ResponseMessage } from "../../../kernel-lib/src/protocol/Envelope";
import { sendResponse, type AddressedRequest } from "../../../kernel-lib/src/protocol/NetworkClient";
import type { LeaderAndIsrRequest } from "../../../kernel-lib/src/protocol/messages/LeaderAndIsr";
import type { RequestTypes, ResponseTypes, SupportedApiKey } from "../../../kernel-lib/src/protocol/messages/index";
import { InvalidReplicationFactorException } from "../../../kernel-lib/src/protocol/ApiExceptions";
import { GroupApis } from "../../../kernel-lib/src/broker/group/GroupApis";
import { TestCluster, type TestBroker } from "../harness";

const apisByCluster = new WeakMap<object, Map<number, GroupApis>>();

export class GroupTestCluster extends TestCluster {
  // The base constructor starts the brokers before this class's fields are initialised: kept outside.
  get groupApis(): Map<number, GroupApis> {
    let m = apisByCluster.get(this);
    if (m === undefined) apisByCluster.set(this, (m = new Map()));
    return m;
  }

  constructor(seed: number, ids: number[], props: Record<string, string> = {}) {
    super(seed, ids, props);
  }

  override startBroker(id: number): TestBroker {
    const b = super.startBroker(id);
    const rt = this.runtime;
    const apis = GroupApis.forBroker({
      runtime: rt, nodeName: b.host, brokerId: id, kafkaConfig: b.config, replicaManager: b.replicaManager, metadataCache: b.metadataCache,
      createTopic: (topic, partitions, rf, _configs, cb) => this.createTopic(topic, partitions, rf, cb),
    });
    this.groupApis.set(id, apis);
    // The KafkaApis hook: leadership changes of __consumer_offsets reach the coordinator.
    const rm = b.replicaManager;
    const become = rm.becomeLeaderOrFollower.bind(rm);
    rm.becomeLeaderOrFollower = (req: LeaderAndIsrRequest) => {
      const resp = become(req);
      apis.onLeaderAndIsr(req);
      return resp;
    };
    rt.network.register(b.host, (from, msg) => {
      if (!isEnvelope(msg)) return;
      if (msg.kind === "response") {
        b.client.handleResponse(from, msg as ResponseMessage);
        return;
      }
      const req = msg as AddressedRequest;
      const handled = apis.handle(req as RequestMessage, (body) => sendResponse(rt, b.host, from, req as RequestMessage<SupportedApiKey>, body as ResponseTypes[SupportedApiKey]), from);
      if (!handled) b.apis.handle(from, req);
    });
    return b;
  }

  override crashBroker(id: number, loseUnflushed = false): void {
    this.groupApis.get(id)?.shutdown();
    super.crashBroker(id, loseUnflushed);
  }

  /** Stand-in for AdminZkClient.createTopic: round-robin placement over live brokers (leader = first replica). */
  createTopic(topic: string, partitions: number, rf: number, cb: (err: Error | null) => void): void {
    const live = [...this.brokers.values()].filter((b) => b.up).map((b) => b.id).sort((a, b) => a - b);
    if (rf > live.length) {
      cb(new InvalidReplicationFactorException(`Replication factor: ${rf} larger than available brokers: ${live.length}.`));
      return;
    }
    for (let p = 0; p < partitions; p++) {
      const replicas = Array.from({ length: rf }, (_, i) => live[(p + i) % live.length]!);
      this.setPartition(topic, p, { leader: replicas[0]!, leaderEpoch: 0, isr: replicas, replicas });
    }
    cb(null);
  }

  /** Makes `leader` lead partition `p` of __consumer_offsets (replicas = `replicas`), epoch bumped. */
  moveOffsetsPartition(p: number, leader: number, replicas: number[], isr: number[] = replicas): void {
    const prev = this.state.get(`__consumer_offsets-${p}`);
    this.setPartition("__consumer_offsets", p, { leader, leaderEpoch: (prev?.leaderEpoch ?? -1) + 1, isr, replicas });
  }

  send<K extends SupportedApiKey>(brokerId: number, body: RequestTypes[K] & { apiKey: K }, apiVersion?: number): Promise<ResponseTypes[K]> {
    return this.client.request<K>(this.host(brokerId), body, apiVersion === undefined ? {} : { apiVersion });
  }
}
