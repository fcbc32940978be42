// Stand-in brokers for admin client and CLI tests: nodes on a real Runtime network that answer the admin APIs
// (Metadata, CreateTopics, DeleteTopics, CreatePartitions, DescribeConfigs, IncrementalAlterConfigs,
// DescribeCluster) from one shared in-memory topic table, with ZooKeeper-mode Kafka's errors and messages.
// They test the client side; the real brokers are tested in test/broker and test/scenario.
import { Runtime } from "../../../kernel-lib/src/sim/Runtime";
import { Uuid } from "../../../kernel-lib/src/sim/Uuid";
import { sendResponse, type AddressedRequest } from "../../../kernel-lib/src/protocol/NetworkClient";
import { isEnvelope, type RequestMessage } from "../../../kernel-lib/src/protocol/Envelope";
import { Errors } from "../../../kernel-lib/src/protocol/Errors";
import type { RequestTypes, ResponseTypes, SupportedApiKey } from "../../../kernel-lib/src/protocol/messages/index";
import { LogConfig } from "../../../kernel-lib/src/storage/log/LogConfig";

export interface FakePartition { leader: number; replicas: number[]; isr: number[] }
export interface FakeTopic { id: Uuid; partitions: FakePartition[]; configs: Record<string, string>; internal: boolean }

const DEFAULTS: Record<string, string> = {
  "cleanup.policy": "delete", "compression.type": "producer", "min.insync.replicas": "1", "retention.ms": "604800000",
  "segment.bytes": "1073741824", "max.message.bytes": "1048588",
};

export class FakeBrokers {
  readonly runtime: Runtime;
  readonly topics = new Map<string, FakeTopic>();
  controllerId: number;
  /** Static broker settings (server.properties) reported as STATIC_BROKER_CONFIG. */
  staticConfigs: Record<string, string> = { "segment.bytes": "1073741824" };
  readonly requests: { to: string; apiKey: number }[] = [];
  private readonly random;

  constructor(readonly brokers: { id: number; host: string }[] = [{ id: 0, host: "hadoop102" }, { id: 1, host: "hadoop103" }, { id: 2, host: "hadoop104" }],
    seed = 1) {
    this.runtime = new Runtime({ seed });
    this.random = this.runtime.random.fork("fake");
    this.controllerId = brokers[0].id;
    for (const b of brokers) this.start(b.id);
  }

  start(id: number): void {
    const b = this.brokers.find((x) => x.id === id)!;
    this.runtime.network.register(b.host, (from, msg) => {
      if (!isEnvelope(msg) || msg.kind !== "request") return;
      const req = msg as AddressedRequest;
      if (req.port !== undefined && req.port !== 9092) return; // nothing listens on another port
      this.requests.push({ to: b.host, apiKey: req.header.apiKey });
      const body = this.handle(b.id, req);
      if (body !== null) sendResponse(this.runtime, b.host, from, req as RequestMessage<SupportedApiKey>, body as ResponseTypes[SupportedApiKey]);
    });
  }

  stop(id: number): void {
    this.runtime.network.unregister(this.brokers.find((x) => x.id === id)!.host);
  }

  addTopic(name: string, partitions: FakePartition[], configs: Record<string, string> = {}, internal = false): FakeTopic {
    const t = { id: this.random.uuid(), partitions, configs, internal };
    this.topics.set(name, t);
    return t;
  }

  private live(): { id: number; host: string }[] {
    return this.brokers.filter((b) => this.runtime.network.isUp(b.host)).sort((a, b) => a.id - b.id);
  }

  private handle(self: number, req: AddressedRequest): unknown {
    const k = req.header.apiKey;
    const live = this.live();
    const isController = self === this.controllerId;
    switch (k) {
      case 3: {
        const body = req.body as RequestTypes[3];
        const names = body.topics === null ? [...this.topics.keys()] : body.topics.map((t) => t.name as string);
        return {
          throttleTimeMs: 0, clusterId: "fake-cluster-id", controllerId: this.controllerId,
          brokers: live.map((b) => ({ nodeId: b.id, host: b.host, port: 9092, rack: null })),
          topics: names.map((name) => {
            const t = this.topics.get(name);
            if (t === undefined) return { errorCode: 3, name, topicId: Uuid.ZERO_UUID.toString(), isInternal: false, partitions: [], topicAuthorizedOperations: -2147483648 };
            return {
              errorCode: 0, name, topicId: t.id.toString(), isInternal: t.internal, topicAuthorizedOperations: -2147483648,
              partitions: t.partitions.map((p, i) => ({ errorCode: 0, partitionIndex: i, leaderId: p.leader, leaderEpoch: 0, replicaNodes: p.replicas, isrNodes: p.isr, offlineReplicas: [] })),
            };
          }),
        } satisfies ResponseTypes[3];
      }
      case 19: {
        const body = req.body as RequestTypes[19];
        return {
          throttleTimeMs: 0,
          topics: body.topics.map((t) => {
            const fail = (e: Errors, msg: string | null) => ({ name: t.name, topicId: Uuid.ZERO_UUID.toString(), errorCode: e.code, errorMessage: msg, numPartitions: -1, replicationFactor: -1, configs: null });
            if (!isController) return fail(Errors.NOT_CONTROLLER, null);
            if (this.topics.has(t.name)) return fail(Errors.TOPIC_ALREADY_EXISTS, `Topic '${t.name}' already exists.`);
            const rf = t.replicationFactor === -1 ? 1 : t.replicationFactor;
            const n = t.numPartitions === -1 ? 1 : t.numPartitions;
            if (t.assignments.length === 0 && rf > live.length) return fail(Errors.INVALID_REPLICATION_FACTOR, `Replication factor: ${rf} larger than available brokers: ${live.length}.`);
            const configs: Record<string, string> = {};
            for (const c of t.configs) configs[c.name] = c.value ?? "";
            try {
              LogConfig.validate(configs);
            } catch (e) {
              return fail(Errors.INVALID_CONFIG, (e as Error).message);
            }
            const partitions: FakePartition[] = t.assignments.length > 0
              ? t.assignments.map((a) => ({ leader: a.brokerIds[0], replicas: a.brokerIds, isr: a.brokerIds }))
              : Array.from({ length: n }, (_, p) => {
                const replicas = Array.from({ length: rf }, (_, j) => live[(p + j) % live.length].id);
                return { leader: replicas[0], replicas, isr: replicas };
              });
            if (body.validateOnly) return { ...fail(Errors.NONE, null), numPartitions: partitions.length, replicationFactor: partitions[0].replicas.length };
            const topic = this.addTopic(t.name, partitions, configs);
            return { name: t.name, topicId: topic.id.toString(), errorCode: 0, errorMessage: null, numPartitions: partitions.length, replicationFactor: partitions[0].replicas.length, configs: null };
          }),
        } satisfies ResponseTypes[19];
      }
      case 20: {
        const body = req.body as RequestTypes[20];
        return {
          throttleTimeMs: 0,
          responses: body.topics.map((t) => {
            const name = t.name as string;
            const errorCode = !isController ? Errors.NOT_CONTROLLER.code : this.topics.delete(name) ? 0 : Errors.UNKNOWN_TOPIC_OR_PARTITION.code;
            return { name, topicId: Uuid.ZERO_UUID.toString(), errorCode, errorMessage: null };
          }),
        } satisfies ResponseTypes[20];
      }
      case 37: {
        const body = req.body as RequestTypes[37];
        return {
          throttleTimeMs: 0,
          results: body.topics.map((t) => {
            const topic = this.topics.get(t.name);
            if (!isController) return { name: t.name, errorCode: Errors.NOT_CONTROLLER.code, errorMessage: null };
            if (topic === undefined) return { name: t.name, errorCode: Errors.UNKNOWN_TOPIC_OR_PARTITION.code, errorMessage: `The topic '${t.name}' does not exist.` };
            const have = topic.partitions.length;
            if (t.count <= have) {
              return { name: t.name, errorCode: Errors.INVALID_PARTITIONS.code,
                errorMessage: `The number of partitions for a topic can only be increased. Topic ${t.name} currently has ${have} partitions, ${t.count} would not be an increase.` };
            }
            const rf = topic.partitions[0].replicas.length;
            for (let p = have; p < t.count; p++) {
              const replicas = t.assignments?.[p - have]?.brokerIds ?? Array.from({ length: rf }, (_, j) => live[(p + j) % live.length].id);
              topic.partitions.push({ leader: replicas[0], replicas, isr: replicas });
            }
            return { name: t.name, errorCode: 0, errorMessage: null };
          }),
        } satisfies ResponseTypes[37];
      }
      case 32: {
        const body = req.body as RequestTypes[32];
        return {
          throttleTimeMs: 0,
          results: body.resources.map((r) => {
            const t = this.topics.get(r.resourceName);
            if (t === undefined) return { errorCode: Errors.UNKNOWN_TOPIC_OR_PARTITION.code, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName, configs: [] };
            const names = [...new Set([...Object.keys(DEFAULTS), ...Object.keys(t.configs)])].sort();
            return {
              errorCode: 0, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName,
              configs: names.map((name) => {
                const override = t.configs[name];
                const stat = this.staticConfigs[name];
                const source = override !== undefined ? 1 : stat !== undefined ? 4 : 5;
                return { name, value: override ?? stat ?? DEFAULTS[name] ?? null, readOnly: false, configSource: source, isSensitive: false, synonyms: [], configType: 0, documentation: null };
              }),
            };
          }),
        } satisfies ResponseTypes[32];
      }
      case 44: {
        const body = req.body as RequestTypes[44];
        return {
          throttleTimeMs: 0,
          responses: body.resources.map((r) => {
            const t = this.topics.get(r.resourceName);
            if (t === undefined) return { errorCode: Errors.UNKNOWN_TOPIC_OR_PARTITION.code, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName };
            const next = { ...t.configs };
            for (const c of r.configs) {
              if (c.configOperation === 0) next[c.name] = c.value ?? "";
              else if (c.configOperation === 1) delete next[c.name];
            }
            try {
              LogConfig.validate(next);
            } catch (e) {
              return { errorCode: Errors.INVALID_CONFIG.code, errorMessage: (e as Error).message, resourceType: r.resourceType, resourceName: r.resourceName };
            }
            if (!body.validateOnly) t.configs = next;
            return { errorCode: 0, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName };
          }),
        } satisfies ResponseTypes[44];
      }
      case 60:
        return {
          throttleTimeMs: 0, errorCode: 0, errorMessage: null, endpointType: 1, clusterId: "fake-cluster-id", controllerId: this.controllerId,
          brokers: live.map((b) => ({ brokerId: b.id, host: b.host, port: 9092, rack: null })), clusterAuthorizedOperations: -2147483648,
        } satisfies ResponseTypes[60];
      default:
        return null;
    }
  }
}
