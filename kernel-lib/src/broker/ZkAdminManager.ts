// Admin requests in ZooKeeper mode (kafka.server.ZkAdminManager): CreateTopics, DeleteTopics, CreatePartitions,
// DescribeConfigs, AlterConfigs, IncrementalAlterConfigs arrive at any broker, which validates them with Kafka's
// errors and wording and writes ZooKeeper through AdminZkClient; the controller reacts to the znodes. Creation and
// deletion answer once this broker's metadata shows the result (DelayedCreatePartitions) or after timeoutMs.
import type { AdminZkClient } from "../controller/AdminZkClient";
import type { BrokerMetadata } from "../controller/AdminUtils";
import type { KafkaZkClient } from "../controller/KafkaZkClient";
import { ConfigType } from "../controller/zk/ZkData";
import { Errors } from "../protocol/Errors";
import type { AnyRequest } from "../protocol/messages/index";
import type { CreatableTopicConfigs, CreatableTopicResult, CreateTopicsRequest } from "../protocol/messages/CreateTopics";
import type { DeleteTopicsRequest } from "../protocol/messages/DeleteTopics";
import type { CreatePartitionsRequest } from "../protocol/messages/CreatePartitions";
import type { DescribeConfigsRequest, DescribeConfigsResourceResult, DescribeConfigsResult } from "../protocol/messages/DescribeConfigs";
import type { AlterConfigsRequest } from "../protocol/messages/AlterConfigs";
import type { IncrementalAlterConfigsRequest } from "../protocol/messages/IncrementalAlterConfigs";
import type { Runtime } from "../sim/Runtime";
import type { ConfigType as ConfigDefType } from "../storage/log/ConfigDef";
import { LogConfig } from "../storage/log/LogConfig";
import { ALL_TOPIC_CONFIG_SYNONYMS } from "../storage/log/ServerTopicConfigSynonyms";
import { apiErrorOf } from "./ApiError";
import { DelayedCreatePartitions, type PendingTopic } from "./DelayedCreatePartitions";
import { DelayedOperationPurgatory } from "./DelayedOperationPurgatory";
import { KAFKA_CONFIG_DEF, type KafkaConfig } from "./KafkaConfig";
import type { MetadataCache } from "./MetadataCache";

/** What KafkaApis needs from the admin manager. */
export interface AdminRequestHandler {
  /** Handles one of CreateTopics(19), DeleteTopics(20), DescribeConfigs(32), AlterConfigs(33), CreatePartitions(37), IncrementalAlterConfigs(44). */
  handle(body: AnyRequest, cb: (response: unknown) => void): void;
  /** Metadata auto-creation (auto.create.topics.enable): starts creating, answers per topic at once. */
  autoCreateTopics(topics: string[]): Map<string, Errors>;
  /** The MetadataCache changed: delayed admin requests may complete. */
  onMetadataUpdate(): void;
}

/** DescribeConfigsResponse.ConfigSource */
export const ConfigSource = { UNKNOWN: 0, TOPIC_CONFIG: 1, DYNAMIC_BROKER_CONFIG: 2, DYNAMIC_DEFAULT_BROKER_CONFIG: 3, STATIC_BROKER_CONFIG: 4, DEFAULT_CONFIG: 5 } as const;
const CONFIG_TYPE_IDS: Record<ConfigDefType, number> = { BOOLEAN: 1, STRING: 2, INT: 3, SHORT: 4, LONG: 5, DOUBLE: 6, LIST: 7, CLASS: 8, PASSWORD: 9 };
const TOPIC = 2;
const BROKER = 4;

export interface ZkAdminManagerOptions {
  runtime: Runtime;
  nodeName: string;
  brokerId: number;
  config: KafkaConfig;
  metadataCache: MetadataCache;
  zkClient: KafkaZkClient;
  adminZkClient: AdminZkClient;
}

export class ZkAdminManager implements AdminRequestHandler {
  private readonly purgatory: DelayedOperationPurgatory<DelayedCreatePartitions>;

  constructor(private readonly o: ZkAdminManagerOptions) {
    this.purgatory = new DelayedOperationPurgatory("topic", o.runtime, o.nodeName);
  }

  handle(body: AnyRequest, cb: (response: unknown) => void): void {
    switch (body.apiKey) {
      case 19: return this.createTopics(body, cb);
      case 20: return this.deleteTopics(body, cb);
      case 37: return this.createPartitions(body, cb);
      case 32: return this.describeConfigs(body, cb);
      case 33: return this.alterConfigs(body, cb);
      case 44: return this.incrementalAlterConfigs(body, cb);
      default: throw Errors.UNSUPPORTED_VERSION.exception();
    }
  }

  onMetadataUpdate(): void {
    this.purgatory.checkAndComplete("topic");
  }

  /** A topic whose every partition has a leader in this broker's metadata. */
  private topicReady(topic: string): boolean {
    const parts = this.o.metadataCache.partitionsOf(topic);
    return parts.length > 0 && parts.every((p) => p.leader >= 0);
  }

  // ---------------------------------------------------------------------------------------------- CreateTopics

  private createTopics(req: CreateTopicsRequest, cb: (response: unknown) => void): void {
    const cfg = this.o.config;
    const results: CreatableTopicResult[] = [];
    const pending: PendingTopic[] = [];
    const counts = new Map<string, number>();
    for (const t of req.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
    let remaining = req.topics.length;
    const finish = (): void => {
      if (--remaining > 0) return;
      if (req.validateOnly || req.timeoutMs <= 0 || pending.every((p) => p.done)) {
        for (const p of pending) if (!p.done && req.timeoutMs <= 0 && !req.validateOnly) p.done = true;
        cb({ throttleTimeMs: 0, topics: results });
        return;
      }
      const op = new DelayedCreatePartitions(req.timeoutMs, pending, (t) => this.topicReady(t), (done) => {
        for (const p of done) {
          const r = results.find((x) => x.name === p.name)!;
          if (p.errorCode !== 0) {
            r.errorCode = p.errorCode;
            r.errorMessage = p.errorMessage;
          }
        }
        cb({ throttleTimeMs: 0, topics: results });
      });
      this.purgatory.tryCompleteElseWatch(op, ["topic"]);
    };
    if (req.topics.length === 0) {
      cb({ throttleTimeMs: 0, topics: [] });
      return;
    }
    for (const t of req.topics) {
      const result: CreatableTopicResult = { name: t.name, topicId: "AAAAAAAAAAAAAAAAAAAAAA", errorCode: 0, errorMessage: null, numPartitions: -1, replicationFactor: -1, configs: null };
      results.push(result);
      const failed = (e: unknown): void => {
        const { error, message } = apiErrorOf(e);
        result.errorCode = error.code;
        result.errorMessage = message;
        finish();
      };
      if ((counts.get(t.name) ?? 0) > 1) {
        failed(Errors.INVALID_REQUEST.exception("Create topics request from client `" + "adminclient" + "` contains multiple entries for the following topics: " + t.name));
        continue;
      }
      if (t.assignments.length > 0 && (t.numPartitions !== -1 || t.replicationFactor !== -1)) {
        failed(Errors.INVALID_REQUEST.exception("Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time."));
        continue;
      }
      const configs: Record<string, string> = {};
      for (const c of t.configs) if (c.value !== null) configs[c.name] = c.value;
      const numPartitions = t.numPartitions === -1 ? cfg.numPartitions : t.numPartitions;
      const replicationFactor = t.replicationFactor === -1 ? cfg.defaultReplicationFactor : t.replicationFactor;
      const withAssignment = (assignment: Map<number, number[]>): void => {
        const admin = this.o.adminZkClient;
        const done = (topicId: string | null): void => {
          result.numPartitions = assignment.size;
          result.replicationFactor = assignment.get(0)?.length ?? replicationFactor;
          if (topicId !== null) result.topicId = topicId;
          result.configs = this.topicConfigEntries(configs).map((e) => ({ name: e.name, value: e.value, readOnly: e.readOnly, configSource: e.configSource, isSensitive: e.isSensitive }) as CreatableTopicConfigs);
          pending.push({ name: t.name, done: req.validateOnly, errorCode: 0, errorMessage: null });
          finish();
        };
        if (req.validateOnly) {
          admin.validateTopicCreate(t.name, assignment, configs, (err) => (err ? failed(err) : done(null)));
        } else {
          admin.createTopicWithAssignment(t.name, configs, assignment, true, true, (err, topicId) => (err ? failed(err) : done(topicId)));
        }
      };
      if (t.assignments.length > 0) {
        withAssignment(new Map(t.assignments.map((a) => [a.partitionIndex, [...a.brokerIds]])));
      } else {
        this.o.adminZkClient.assignReplicas(numPartitions, replicationFactor, "Enforced", (err, assignment) => (err ? failed(err) : withAssignment(assignment)));
      }
    }
  }

  /** Metadata auto-creation: create with num.partitions and default.replication.factor; answer at once. */
  autoCreateTopics(topics: string[]): Map<string, Errors> {
    const out = new Map<string, Errors>();
    const cfg = this.o.config;
    for (const topic of topics) {
      out.set(topic, Errors.LEADER_NOT_AVAILABLE);
      this.o.adminZkClient.createTopic(topic, cfg.numPartitions, cfg.defaultReplicationFactor, {}, "Enforced", (err) => {
        if (err !== null) this.o.runtime.trace.record(this.o.nodeName, "admin.autoCreateFailed", { topic, error: apiErrorOf(err).error.name, message: err.message });
        else this.o.runtime.trace.record(this.o.nodeName, "admin.autoCreate", { topic, partitions: cfg.numPartitions, replicationFactor: cfg.defaultReplicationFactor });
      });
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------- DeleteTopics

  private deleteTopics(req: DeleteTopicsRequest, cb: (response: unknown) => void): void {
    const names = req.topics.length > 0 ? req.topics.map((t) => t.name ?? "") : (req.topicNames ?? []);
    const results = names.map((name) => ({ name, topicId: "AAAAAAAAAAAAAAAAAAAAAA", errorCode: 0, errorMessage: null as string | null }));
    if (!this.o.config.deleteTopicEnable) {
      for (const r of results) {
        r.errorCode = Errors.TOPIC_DELETION_DISABLED.code;
        r.errorMessage = "Topic deletion is disabled.";
      }
      cb({ throttleTimeMs: 0, responses: results });
      return;
    }
    const pending: PendingTopic[] = [];
    let remaining = names.length;
    const finish = (): void => {
      if (--remaining > 0) return;
      if (req.timeoutMs <= 0 || pending.length === 0) {
        cb({ throttleTimeMs: 0, responses: results });
        return;
      }
      const op = new DelayedCreatePartitions(req.timeoutMs, pending, (t) => !this.o.metadataCache.contains(t), (done) => {
        for (const p of done) {
          const r = results.find((x) => x.name === p.name)!;
          r.errorCode = p.errorCode;
          r.errorMessage = p.errorMessage;
        }
        cb({ throttleTimeMs: 0, responses: results });
      });
      this.purgatory.tryCompleteElseWatch(op, ["topic"]);
    };
    if (names.length === 0) {
      cb({ throttleTimeMs: 0, responses: [] });
      return;
    }
    for (const r of results) {
      this.o.adminZkClient.deleteTopic(r.name, (err) => {
        if (err !== null && err.name !== "TopicAlreadyMarkedForDeletionException") {
          const { error, message } = apiErrorOf(err);
          r.errorCode = error.code;
          r.errorMessage = message;
        } else {
          // Already marked: still tracked, so repeated deletions wait alike (ZkAdminManager.deleteTopics).
          pending.push({ name: r.name, done: false, errorCode: 0, errorMessage: null });
        }
        finish();
      });
    }
  }

  // ------------------------------------------------------------------------------------------- CreatePartitions

  private createPartitions(req: CreatePartitionsRequest, cb: (response: unknown) => void): void {
    const results = req.topics.map((t) => ({ name: t.name, errorCode: 0, errorMessage: null as string | null }));
    const pending: PendingTopic[] = [];
    let remaining = req.topics.length;
    if (remaining === 0) {
      cb({ throttleTimeMs: 0, results: [] });
      return;
    }
    const finish = (): void => {
      if (--remaining > 0) return;
      if (req.validateOnly || req.timeoutMs <= 0 || pending.length === 0) {
        cb({ throttleTimeMs: 0, results });
        return;
      }
      const op = new DelayedCreatePartitions(req.timeoutMs, pending, (t) => {
        const want = req.topics.find((x) => x.name === t)!.count;
        return (this.o.metadataCache.numPartitions(t) ?? 0) >= want && this.topicReady(t);
      }, (done) => {
        for (const p of done) {
          const r = results.find((x) => x.name === p.name)!;
          r.errorCode = p.errorCode;
          r.errorMessage = p.errorMessage;
        }
        cb({ throttleTimeMs: 0, results });
      });
      this.purgatory.tryCompleteElseWatch(op, ["topic"]);
    };
    this.o.adminZkClient.getBrokerMetadatas("Enforced", null, (bErr, brokers) => {
      req.topics.forEach((t, i) => {
        const r = results[i]!;
        const failed = (e: unknown): void => {
          const { error, message } = apiErrorOf(e);
          r.errorCode = error.code;
          r.errorMessage = message;
          finish();
        };
        if (bErr !== null) return failed(bErr);
        this.o.zkClient.getReplicaAssignmentAndTopicIdForTopics([t.name], (err, found) => {
          if (err !== null) return failed(err);
          const existing = found[0];
          if (existing === undefined) return failed(Errors.UNKNOWN_TOPIC_OR_PARTITION.exception(`The topic '${t.name}' does not exist.`));
          const old = existing.assignment.size;
          if (old === t.count) return failed(Errors.INVALID_PARTITIONS.exception(`Topic already has ${old} partitions.`));
          if (t.count < old) return failed(Errors.INVALID_PARTITIONS.exception(`Topic currently has ${old} partitions, which is higher than the requested ${t.count}.`));
          const manual = t.assignments === null ? null : new Map(t.assignments.map((a, j) => [old + j, [...a.brokerIds]]));
          this.o.adminZkClient.addPartitions(t.name, existing.assignment, brokers as BrokerMetadata[], t.count, manual, req.validateOnly, existing.topicId,
            (e) => {
              if (e !== null) return failed(e);
              pending.push({ name: t.name, done: req.validateOnly, errorCode: 0, errorMessage: null });
              finish();
            });
        });
      });
    });
  }

  // --------------------------------------------------------------------------------------------------- configs

  /** Every topic config with its value and source, for the given overrides (ZkAdminManager.createTopicConfigEntry). */
  topicConfigEntries(overrides: Readonly<Record<string, string>>, includeSynonyms = false): DescribeConfigsResourceResult[] {
    const cfg = this.o.config;
    const logConfig = cfg.logConfigFor(overrides);
    const brokerDefaults = cfg.logConfigFor({});
    const plainDefaults = new LogConfig();
    return LogConfig.configNames().map((name) => {
      const synonyms: DescribeConfigsResourceResult["synonyms"] = [];
      if (name in overrides) synonyms.push({ name, value: overrides[name] ?? null, source: ConfigSource.TOPIC_CONFIG });
      let brokerSet = false;
      for (const s of ALL_TOPIC_CONFIG_SYNONYMS.get(name) ?? []) {
        const v = cfg.originals[s.name];
        if (v !== undefined && v !== null) {
          brokerSet = true;
          synonyms.push({ name: s.name, value: String(v), source: ConfigSource.STATIC_BROKER_CONFIG });
        }
      }
      const primary = ALL_TOPIC_CONFIG_SYNONYMS.get(name)?.[0]?.name;
      if (primary !== undefined) synonyms.push({ name: primary, value: brokerDefaults.valueString(name) ?? plainDefaults.valueString(name), source: ConfigSource.DEFAULT_CONFIG });
      const source = name in overrides ? ConfigSource.TOPIC_CONFIG : brokerSet ? ConfigSource.STATIC_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG;
      return {
        name, value: logConfig.valueString(name), readOnly: false, isDefault: source === ConfigSource.DEFAULT_CONFIG, configSource: source, isSensitive: false,
        synonyms: includeSynonyms ? synonyms : [], configType: CONFIG_TYPE_IDS[LogConfig.configType(name) ?? "STRING"], documentation: null,
      };
    });
  }

  /** This broker's static configs (source STATIC_BROKER_CONFIG if set in server.properties, else DEFAULT_CONFIG). */
  brokerConfigEntries(includeSynonyms = false): DescribeConfigsResourceResult[] {
    const cfg = this.o.config;
    return [...KAFKA_CONFIG_DEF.configKeys().values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((key) => {
      const set = cfg.originals[key.name] !== undefined;
      const v = cfg.get(key.name);
      const value = v === null || v === undefined ? null : Array.isArray(v) ? v.join(",") : typeof v === "number" && v >= 2 ** 63 ? "9223372036854775807" : String(v);
      const source = set ? ConfigSource.STATIC_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG;
      return {
        name: key.name, value, readOnly: true, isDefault: !set, configSource: source, isSensitive: key.type === "PASSWORD",
        synonyms: includeSynonyms ? [{ name: key.name, value, source }] : [], configType: CONFIG_TYPE_IDS[key.type], documentation: null,
      };
    });
  }

  private describeConfigs(req: DescribeConfigsRequest, cb: (response: unknown) => void): void {
    const results: DescribeConfigsResult[] = [];
    let remaining = req.resources.length;
    if (remaining === 0) {
      cb({ throttleTimeMs: 0, results });
      return;
    }
    const finish = (): void => {
      if (--remaining === 0) cb({ throttleTimeMs: 0, results });
    };
    for (const r of req.resources) {
      const out: DescribeConfigsResult = { errorCode: 0, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName, configs: [] };
      results.push(out);
      const filter = (entries: DescribeConfigsResourceResult[]): DescribeConfigsResourceResult[] =>
        r.configurationKeys === null ? entries : entries.filter((e) => r.configurationKeys!.includes(e.name));
      const failed = (e: unknown): void => {
        const { error, message } = apiErrorOf(e);
        out.errorCode = error.code;
        out.errorMessage = message;
        finish();
      };
      if (r.resourceType === TOPIC) {
        this.o.zkClient.topicExists(r.resourceName, (err, exists) => {
          if (err !== null) return failed(err);
          if (!exists) return failed(Errors.UNKNOWN_TOPIC_OR_PARTITION.exception(`Topic ${r.resourceName} does not exist.`));
          this.o.adminZkClient.fetchEntityConfig(ConfigType.Topic, r.resourceName, (e2, overrides) => {
            if (e2 !== null) return failed(e2);
            out.configs = filter(this.topicConfigEntries(Object.fromEntries(overrides), req.includeSynonyms));
            finish();
          });
        });
      } else if (r.resourceType === BROKER) {
        if (r.resourceName !== "" && r.resourceName !== String(this.o.brokerId)) {
          failed(Errors.INVALID_REQUEST.exception(`Unexpected broker id, expected ${this.o.brokerId} or empty string, but received ${r.resourceName}`));
          continue;
        }
        out.configs = filter(this.brokerConfigEntries(req.includeSynonyms));
        finish();
      } else {
        failed(Errors.INVALID_REQUEST.exception(`Unsupported resource type: ${r.resourceType}`));
      }
    }
  }

  /** AlterConfigs (the legacy API): the topic's overrides become exactly the given set. */
  private alterConfigs(req: AlterConfigsRequest, cb: (response: unknown) => void): void {
    this.alterEach(req.resources.map((r) => ({ resourceType: r.resourceType, resourceName: r.resourceName,
      compute: () => Object.fromEntries(r.configs.filter((c) => c.value !== null).map((c) => [c.name, c.value!])) })), req.validateOnly, cb);
  }

  /** IncrementalAlterConfigs: SET / DELETE / APPEND / SUBTRACT against the current overrides. */
  private incrementalAlterConfigs(req: IncrementalAlterConfigsRequest, cb: (response: unknown) => void): void {
    this.alterEach(req.resources.map((r) => ({ resourceType: r.resourceType, resourceName: r.resourceName,
      compute: (current: Record<string, string>) => {
        const next = { ...current };
        for (const c of r.configs) {
          const type = LogConfig.configType(c.name);
          if (c.configOperation === 0) next[c.name] = c.value ?? "";
          else if (c.configOperation === 1) delete next[c.name];
          else {
            if (type !== "LIST") throw Errors.INVALID_CONFIG.exception(`Config value append is not allowed for config key: ${c.name}`);
            const base = (next[c.name] ?? cfgListDefault(c.name)).split(",").filter((s) => s !== "");
            const items = (c.value ?? "").split(",").filter((s) => s !== "");
            const merged = c.configOperation === 2 ? [...base, ...items.filter((x) => !base.includes(x))] : base.filter((x) => !items.includes(x));
            next[c.name] = merged.join(",");
          }
        }
        return next;
      } })), req.validateOnly, cb);
  }

  private alterEach(resources: { resourceType: number; resourceName: string; compute: (current: Record<string, string>) => Record<string, string> }[],
    validateOnly: boolean, cb: (response: unknown) => void): void {
    const responses = resources.map((r) => ({ errorCode: 0, errorMessage: null as string | null, resourceType: r.resourceType, resourceName: r.resourceName }));
    let remaining = resources.length;
    if (remaining === 0) {
      cb({ throttleTimeMs: 0, responses });
      return;
    }
    const finish = (): void => {
      if (--remaining === 0) cb({ throttleTimeMs: 0, responses });
    };
    resources.forEach((r, i) => {
      const out = responses[i]!;
      const failed = (e: unknown): void => {
        const { error, message } = apiErrorOf(e);
        out.errorCode = error.code;
        out.errorMessage = message;
        finish();
      };
      if (r.resourceType !== TOPIC) {
        failed(Errors.INVALID_REQUEST.exception(`Dynamic broker configs are not supported by this engine (resource type ${r.resourceType}).`));
        return;
      }
      this.o.zkClient.topicExists(r.resourceName, (err, exists) => {
        if (err !== null) return failed(err);
        if (!exists) return failed(Errors.UNKNOWN_TOPIC_OR_PARTITION.exception(`Topic ${r.resourceName} does not exist.`));
        this.o.adminZkClient.fetchEntityConfig(ConfigType.Topic, r.resourceName, (e2, current) => {
          if (e2 !== null) return failed(e2);
          let next: Record<string, string>;
          try {
            next = r.compute(Object.fromEntries(current));
            LogConfig.validate(next);
          } catch (e) {
            // A ConfigException (a bad value) answers INVALID_CONFIG, as ZkAdminManager maps it (see ApiError).
            return failed(e);
          }
          if (validateOnly) return finish();
          this.o.adminZkClient.changeTopicConfig(r.resourceName, next, (e3) => (e3 ? failed(e3) : finish()));
        });
      });
    });
  }
}

function cfgListDefault(name: string): string {
  return new LogConfig().valueString(name) ?? "";
}
