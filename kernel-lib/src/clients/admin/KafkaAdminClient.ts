// org.apache.kafka.clients.admin.KafkaAdminClient: the Admin API over protocol messages. The client is a node of
// the runtime network of its own ("adminclient-1", ...), with one NetworkClient. Every call has a deadline
// (its timeoutMs, else default.api.timeout.ms = 60000) and is sent to a node chosen from the admin metadata:
// the controller for topic creation, deletion and partition additions (as Kafka's ControllerNodeProvider), any
// broker for reads. Failed attempts (request.timeout.ms = 30000, lost connections, NOT_CONTROLLER) are retried
// after retry.backoff.ms (doubling up to retry.backoff.max.ms) until the deadline; then the call fails with
// Kafka's TimeoutException. Broker errors surface as Kafka's exception classes with the broker's message.
import { Errors } from "../../protocol/Errors";
import { parseBootstrapServers } from "../../protocol/HostPort";
import { InvalidRequestException, TimeoutException, UnknownTopicOrPartitionException } from "../../protocol/ApiExceptions";
import { isEnvelope, type ResponseMessage } from "../../protocol/Envelope";
import { NetworkClient } from "../../protocol/NetworkClient";
import { Node } from "../../protocol/Node";
import type { RequestTypes, ResponseTypes, SupportedApiKey } from "../../protocol/messages/index";
import type { MetadataResponse } from "../../protocol/messages/Metadata";
import type { Runtime } from "../../sim/Runtime";
import { Uuid } from "../../sim/Uuid";
import { AdminClientConfig } from "./AdminClientConfig";
import { AdminMetadataManager, type AdminLogEvent, type NodeTarget } from "./AdminMetadataManager";
import {
  AlterConfigsResult, CreatePartitionsResult, CreateTopicsResult, DeleteTopicsResult, DescribeClusterResult, DescribeConfigsResult,
  DescribeTopicsResult, ListTopicsResult, type ClusterDescription, type Outcome, type TopicMetadataAndConfig,
} from "./AdminResults";
import { Config, ConfigEntry, ConfigSynonym, type AlterConfigOp } from "./ConfigEntry";
import { ConfigResource, ConfigResourceType } from "./ConfigResource";
import type { NewPartitions } from "./NewPartitions";
import type { NewTopic } from "./NewTopic";
import { TopicDescription, TopicListing, TopicPartitionInfo } from "./TopicDescription";
import * as groups from "./ConsumerGroupAdmin";
import type { ConsumerGroupDescription, ConsumerGroupListing } from "./ConsumerGroupAdmin";
import type { TopicPartition } from "../../protocol/TopicPartition";
import type { OffsetAndMetadata } from "../consumer/OffsetAndMetadata";

/** Options every call takes (AbstractOptions.timeoutMs). */
export interface CallOptions {
  /** The call's deadline from now; default default.api.timeout.ms. */
  timeoutMs?: number;
}
export interface CreateTopicsOptions extends CallOptions { validateOnly?: boolean; retryOnQuotaViolation?: boolean }
export interface DeleteTopicsOptions extends CallOptions { retryOnQuotaViolation?: boolean }
export interface CreatePartitionsOptions extends CallOptions { validateOnly?: boolean; retryOnQuotaViolation?: boolean }
export interface ListTopicsOptions extends CallOptions { listInternal?: boolean }
export interface DescribeTopicsOptions extends CallOptions { partitionSizeLimitPerResponse?: number }
export interface DescribeConfigsOptions extends CallOptions { includeSynonyms?: boolean; includeDocumentation?: boolean }
export interface AlterConfigsOptions extends CallOptions { validateOnly?: boolean }
export type DescribeClusterOptions = CallOptions;

export interface AdminOptions {
  /** Receives the log lines Kafka's client would write (connection warnings, unused configs). */
  logger?: (event: AdminLogEvent) => void;
}

/** A step's verdict on a response: done (value), retry (after backoff, metadata refreshed) with why. */
type Verdict<T> = { done: T } | { retry: Error };

/** One topic's answer in a CreateTopics, DeleteTopics or CreatePartitions response. */
interface TopicAnswer {
  name: string | null;
  errorCode: number;
  errorMessage: string | null;
}

/**
 * Settles the pending topics of a controller request from its response, as KafkaAdminClient's handlers do: each
 * topic answered gets its outcome (`success` builds the value of a topic without error); NOT_CONTROLLER leaves the
 * topic pending and asks for a retry; a topic the response does not name fails with Kafka's message.
 */
function settleTopics<R extends TopicAnswer, T>(answers: readonly R[], pending: Map<string, unknown> | Set<string>,
  outcomes: Map<string, Outcome<T>>, success: (r: R) => T): Verdict<Map<string, Outcome<T>>> {
  let retry: Error | null = null;
  for (const r of answers) {
    if (r.name === null || !pending.has(r.name)) continue;
    const error = Errors.forCode(r.errorCode);
    if (error === Errors.NOT_CONTROLLER) {
      retry = error.exception(r.errorMessage);
      continue;
    }
    outcomes.set(r.name, error === Errors.NONE ? { ok: true, value: success(r) } : { ok: false, error: error.exception(r.errorMessage) });
    pending.delete(r.name);
  }
  if (retry !== null && pending.size > 0) return { retry };
  for (const name of pending.keys()) {
    outcomes.set(name, { ok: false, error: new InvalidRequestException(`The server response did not contain a reference to node ${name}`) });
  }
  return { done: outcomes };
}

// Client node names are unique per runtime ("adminclient-1", "adminclient-2", ...), like Kafka's client id sequence.
const sequences = new WeakMap<Runtime, number>();

export class KafkaAdminClient {
  readonly clientId: string;
  /** The client's node name on the runtime network. */
  readonly node: string;
  private readonly network: NetworkClient;
  private readonly metadata: AdminMetadataManager;
  private closed = false;
  private readonly log: (e: AdminLogEvent) => void;

  constructor(private readonly runtime: Runtime, readonly config: AdminClientConfig, options: AdminOptions = {}) {
    const bootstrap = parseBootstrapServers(config.bootstrapServers);
    let seq = sequences.get(runtime) ?? 0;
    let node: string;
    do {
      seq++;
      node = `adminclient-${seq}`;
    } while (runtime.network.isUp(node));
    sequences.set(runtime, seq);
    this.node = node;
    this.clientId = config.clientId !== "" ? config.clientId : node;
    this.log = options.logger ?? (() => {});
    for (const w of config.warnings) this.log({ level: "WARN", message: w, logger: "org.apache.kafka.clients.admin.AdminClientConfig" });
    this.network = new NetworkClient(runtime, node, { requestTimeoutMs: config.requestTimeoutMs, clientId: this.clientId });
    this.metadata = new AdminMetadataManager(runtime, this.network, node, this.clientId, bootstrap, {
      requestTimeoutMs: config.requestTimeoutMs, retryBackoffMs: config.retryBackoffMs, metadataMaxAgeMs: config.metadataMaxAgeMs,
    }, this.log);
    runtime.network.register(node, (from, message) => {
      if (isEnvelope(message) && message.kind === "response") this.network.handleResponse(from, message as ResponseMessage);
    });
  }

  // ---- topics ---------------------------------------------------------------------------------------------

  createTopics(newTopics: readonly NewTopic[], options: CreateTopicsOptions = {}): CreateTopicsResult {
    const names = newTopics.map((t) => t.name);
    const outcomes = new Map<string, Outcome<TopicMetadataAndConfig>>();
    const pending = new Map(newTopics.map((t) => [t.name, t]));
    const work = this.call<19, Map<string, Outcome<TopicMetadataAndConfig>>>("createTopics", { kind: "controller" }, options, (remainingMs) => ({
      apiKey: 19 as const,
      timeoutMs: remainingMs,
      validateOnly: options.validateOnly ?? false,
      topics: [...pending.values()].map((t) => ({
        name: t.name,
        numPartitions: t.numPartitions ?? -1,
        replicationFactor: t.replicationFactor ?? -1,
        assignments: t.replicasAssignments === null ? [] : [...t.replicasAssignments].map(([p, ids]) => ({ partitionIndex: p, brokerIds: [...ids] })),
        configs: Object.entries(t.configs() ?? {}).map(([name, value]) => ({ name, value })),
      })),
    }), (resp: ResponseTypes[19]) => settleTopics(resp.topics, pending, outcomes, (r) => ({
      topicId: parseUuid(r.topicId), numPartitions: r.numPartitions, replicationFactor: r.replicationFactor,
      config: r.configs === null ? null : new Config(r.configs.map((c) => new ConfigEntry(c.name, c.value, c.configSource, c.isSensitive, c.readOnly))),
    })));
    return new CreateTopicsResult(names, this.withFailure(names, work));
  }

  deleteTopics(topics: readonly string[], options: DeleteTopicsOptions = {}): DeleteTopicsResult {
    const pending = new Set(topics);
    const outcomes = new Map<string, Outcome<void>>();
    const work = this.call<20, Map<string, Outcome<void>>>("deleteTopics", { kind: "controller" }, options, (remainingMs) => ({
      apiKey: 20 as const,
      timeoutMs: remainingMs,
      topics: [...pending].map((name) => ({ name, topicId: Uuid.ZERO_UUID.toString() })),
      topicNames: [...pending],
    }), (resp: ResponseTypes[20]) => settleTopics(resp.responses, pending, outcomes, () => undefined));
    return new DeleteTopicsResult([...topics], this.withFailure([...topics], work));
  }

  createPartitions(newPartitions: ReadonlyMap<string, NewPartitions> | Record<string, NewPartitions>, options: CreatePartitionsOptions = {}): CreatePartitionsResult {
    const entries = newPartitions instanceof Map ? [...(newPartitions as ReadonlyMap<string, NewPartitions>)] : Object.entries(newPartitions);
    const pending = new Map(entries);
    const outcomes = new Map<string, Outcome<void>>();
    const work = this.call<37, Map<string, Outcome<void>>>("createPartitions", { kind: "controller" }, options, (remainingMs) => ({
      apiKey: 37 as const,
      timeoutMs: remainingMs,
      validateOnly: options.validateOnly ?? false,
      topics: [...pending].map(([name, np]) => ({
        name, count: np.totalCount, assignments: np.newAssignments === null ? null : np.newAssignments.map((ids: readonly number[]) => ({ brokerIds: [...ids] })),
      })),
    }), (resp: ResponseTypes[37]) => settleTopics(resp.results, pending, outcomes, () => undefined));
    const names = entries.map(([n]) => n);
    return new CreatePartitionsResult(names, this.withFailure(names, work));
  }

  listTopics(options: ListTopicsOptions = {}): ListTopicsResult {
    const work = this.call<3, TopicListing[]>("listTopics", { kind: "leastLoaded" }, options, () => ({
      apiKey: 3 as const, topics: null, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false,
    }), (resp: MetadataResponse): Verdict<TopicListing[]> => {
      this.metadata.update(resp);
      const listings = resp.topics
        .filter((t) => t.name !== null && t.errorCode === 0 && (options.listInternal === true || !t.isInternal))
        .map((t) => new TopicListing(t.name as string, parseUuid(t.topicId), t.isInternal));
      return { done: listings };
    });
    return new ListTopicsResult(work);
  }

  describeTopics(topics: readonly string[], options: DescribeTopicsOptions = {}): DescribeTopicsResult {
    const names = [...topics];
    const work = this.call<3, Map<string, Outcome<TopicDescription>>>("describeTopics", { kind: "leastLoaded" }, options, () => ({
      apiKey: 3 as const, topics: names.map((name) => ({ name })), allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false,
    }), (resp: MetadataResponse): Verdict<Map<string, Outcome<TopicDescription>>> => {
      this.metadata.update(resp);
      const nodes = new Map(resp.brokers.map((b) => [b.nodeId, new Node(b.nodeId, b.host, b.port, b.rack)]));
      const nodeOf = (id: number): Node => nodes.get(id) ?? new Node(id, "", -1);
      const out = new Map<string, Outcome<TopicDescription>>();
      for (const name of names) {
        const t = resp.topics.find((x) => x.name === name);
        if (t !== undefined && t.errorCode !== 0) {
          out.set(name, { ok: false, error: Errors.forCode(t.errorCode).exception() });
          continue;
        }
        if (t === undefined) {
          out.set(name, { ok: false, error: new UnknownTopicOrPartitionException(`Topic ${name} not found.`) });
          continue;
        }
        const partitions = [...t.partitions].sort((a, b) => a.partitionIndex - b.partitionIndex).map((p) => new TopicPartitionInfo(
          p.partitionIndex,
          p.leaderId >= 0 && nodes.has(p.leaderId) ? nodeOf(p.leaderId) : null,
          p.replicaNodes.map(nodeOf),
          p.isrNodes.map(nodeOf),
          null, null, // the Metadata API carries no ELR (ZooKeeper mode): kafka-topics prints N/A
        ));
        out.set(name, { ok: true, value: new TopicDescription(name, t.isInternal, partitions, parseUuid(t.topicId)) });
      }
      return { done: out };
    });
    return new DescribeTopicsResult(names, this.withFailure(names, work));
  }

  // ---- configs --------------------------------------------------------------------------------------------

  describeConfigs(resources: readonly ConfigResource[], options: DescribeConfigsOptions = {}): DescribeConfigsResult {
    const keys = [...resources];
    // Broker resources go to that broker; the others to any broker (KafkaAdminClient.describeConfigs).
    const groups = groupByTarget(keys);
    const parts = [...groups].map(([, group]) => this.call<32, Map<ConfigResource, Outcome<Config>>>("describeConfigs", group.target, options, () => ({
      apiKey: 32 as const,
      resources: group.resources.map((r) => ({ resourceType: r.type, resourceName: r.name, configurationKeys: null })),
      includeSynonyms: options.includeSynonyms ?? false,
      includeDocumentation: options.includeDocumentation ?? false,
    }), (resp: ResponseTypes[32]): Verdict<Map<ConfigResource, Outcome<Config>>> => {
      const out = new Map<ConfigResource, Outcome<Config>>();
      for (const r of group.resources) {
        const res = resp.results.find((x) => x.resourceType === r.type && x.resourceName === r.name);
        if (res === undefined) {
          out.set(r, { ok: false, error: new InvalidRequestException(`Malformed broker response: missing config for ${r}`) });
          continue;
        }
        const error = Errors.forCode(res.errorCode);
        if (error !== Errors.NONE) {
          out.set(r, { ok: false, error: error.exception(res.errorMessage) });
          continue;
        }
        out.set(r, { ok: true, value: new Config(res.configs.map((c) => new ConfigEntry(c.name, c.value, c.configSource, c.isSensitive, c.readOnly,
          c.synonyms.map((s) => new ConfigSynonym(s.name, s.value, s.source)), c.documentation))) });
      }
      return { done: out };
    }));
    return new DescribeConfigsResult(keys, this.withFailure(keys, mergeMaps(parts)));
  }

  incrementalAlterConfigs(configs: ReadonlyMap<ConfigResource, readonly AlterConfigOp[]>, options: AlterConfigsOptions = {}): AlterConfigsResult {
    const keys = [...configs.keys()];
    const groups = groupByTarget(keys);
    const parts = [...groups].map(([, group]) => this.call<44, Map<ConfigResource, Outcome<void>>>("incrementalAlterConfigs", group.target, options, () => ({
      apiKey: 44 as const,
      validateOnly: options.validateOnly ?? false,
      resources: group.resources.map((r) => ({
        resourceType: r.type, resourceName: r.name,
        configs: (configs.get(r) ?? []).map((op) => ({ name: op.configEntry.name, configOperation: op.opType, value: op.configEntry.value })),
      })),
    }), (resp: ResponseTypes[44]): Verdict<Map<ConfigResource, Outcome<void>>> => {
      const out = new Map<ConfigResource, Outcome<void>>();
      for (const r of group.resources) {
        const res = resp.responses.find((x) => x.resourceType === r.type && x.resourceName === r.name);
        const error = res === undefined ? Errors.UNKNOWN_SERVER_ERROR : Errors.forCode(res.errorCode);
        out.set(r, error === Errors.NONE ? { ok: true, value: undefined } : { ok: false, error: error.exception(res?.errorMessage ?? null) });
      }
      return { done: out };
    }));
    return new AlterConfigsResult(keys, this.withFailure(keys, mergeMaps(parts)));
  }

  // ---- cluster --------------------------------------------------------------------------------------------

  describeCluster(options: DescribeClusterOptions = {}): DescribeClusterResult {
    const work = this.call<60, ClusterDescription>("describeCluster", { kind: "leastLoaded" }, options, () => ({
      apiKey: 60 as const, includeClusterAuthorizedOperations: false, endpointType: 1,
    }), (resp: ResponseTypes[60]): Verdict<ClusterDescription> => {
      const error = Errors.forCode(resp.errorCode);
      if (error !== Errors.NONE) throw error.exception(resp.errorMessage);
      const nodes = resp.brokers.map((b) => new Node(b.brokerId, b.host, b.port, b.rack)).sort((a, b) => a.id - b.id);
      return { done: { clusterId: resp.clusterId, controller: nodes.find((n) => n.id === resp.controllerId) ?? null, nodes } };
    });
    return new DescribeClusterResult(work);
  }

  // ---- consumer groups (ConsumerGroupAdmin.ts) ---------------------------------------------------------------

  /** Admin.listConsumerGroups: the consumer groups every broker coordinates (optionally only in these states). */
  listConsumerGroups(options: CallOptions & { states?: string[] } = {}): Promise<ConsumerGroupListing[]> {
    return groups.listConsumerGroups(this.caller(), options);
  }

  /** Admin.describeConsumerGroups: state, members and assignor of each group (an unknown group is "Dead"). */
  async describeConsumerGroups(groupIds: readonly string[], options: CallOptions = {}): Promise<Map<string, ConsumerGroupDescription>> {
    const out = new Map<string, ConsumerGroupDescription>();
    for (const g of groupIds) out.set(g, await groups.describeConsumerGroup(this.caller(), g, options));
    return out;
  }

  /** Admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(): the group's committed offsets. */
  listConsumerGroupOffsets(groupId: string, options: CallOptions = {}): Promise<Map<TopicPartition, OffsetAndMetadata>> {
    return groups.listConsumerGroupOffsets(this.caller(), groupId, options);
  }

  /** Admin.alterConsumerGroupOffsets: commits offsets for a group that has no active members. */
  alterConsumerGroupOffsets(groupId: string, offsets: ReadonlyMap<TopicPartition, OffsetAndMetadata>, options: CallOptions = {}): Promise<void> {
    return groups.alterConsumerGroupOffsets(this.caller(), groupId, offsets, options);
  }

  /** Admin.deleteConsumerGroups: per group, null when deleted, else the error (GroupNotEmptyException, ...). */
  deleteConsumerGroups(groupIds: readonly string[], options: CallOptions = {}): Promise<Map<string, Error | null>> {
    return groups.deleteConsumerGroups(this.caller(), groupIds, options);
  }

  /** Admin.listOffsets: per partition, the offset for OffsetSpec.latest() (-1), earliest() (-2) or a timestamp. */
  listOffsets(specs: ReadonlyMap<TopicPartition, number>, options: CallOptions & { isolationLevel?: 0 | 1 } = {}): Promise<Map<TopicPartition, groups.ListOffsetsResultInfo>> {
    return groups.listOffsets(this.caller(), specs, options);
  }

  private caller(): groups.AdminCaller {
    return {
      runtime: this.runtime,
      defaultApiTimeoutMs: this.config.defaultApiTimeoutMs,
      retryBackoffMs: this.config.retryBackoffMs,
      call: (name, target, options, request, judge) => this.call(name, target, options, request, judge),
      brokers: (options) => this.describeCluster(options).nodes(),
      partitionLeaders: (topics, options) => this.call<3, Map<string, Map<number, number>>>("listOffsets.metadata", { kind: "leastLoaded" }, options, () => ({
        apiKey: 3 as const, topics: topics.map((name) => ({ name })), allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false,
      }), (resp: MetadataResponse) => {
        this.metadata.update(resp);
        const out = new Map<string, Map<number, number>>();
        for (const t of resp.topics) {
          if (t.name === null) continue;
          const error = Errors.forCode(t.errorCode);
          if (error === Errors.LEADER_NOT_AVAILABLE) return { retry: error.exception() };
          if (error !== Errors.NONE) throw error.exception();
          const m = new Map<number, number>();
          for (const p of t.partitions) {
            if (p.leaderId < 0) return { retry: Errors.LEADER_NOT_AVAILABLE.exception() };
            m.set(p.partitionIndex, p.leaderId);
          }
          out.set(t.name, m);
        }
        return { done: out };
      }),
    };
  }

  /** Closes the client: calls in flight fail, the client's node leaves the network. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.metadata.close();
    this.network.close();
    this.runtime.network.unregister(this.node);
  }

  // ---- the call machinery ---------------------------------------------------------------------------------

  /**
   * Runs one call: find a node for the target, send the request, judge the response; retry failed attempts
   * until the deadline. A user-facing promise (runtime.defer), settled from callbacks.
   */
  private call<K extends SupportedApiKey, T>(
    callName: string,
    target: NodeTarget,
    options: CallOptions,
    request: (remainingMs: number) => RequestTypes[K] & { apiKey: K },
    judge: (response: ResponseTypes[K]) => Verdict<T>,
  ): Promise<T> {
    const d = this.runtime.defer<T>(`Admin.${callName}`);
    if (this.closed) {
      d.reject(new TimeoutException(`The AdminClient thread is not accepting new calls. Call: ${callName}`));
      return d.promise;
    }
    const timeoutMs = options.timeoutMs ?? this.config.defaultApiTimeoutMs;
    const deadline = this.runtime.now() + timeoutMs;
    let tries = 0;
    const retryOrFail = (cause: Error): void => {
      const now = this.runtime.now();
      if (tries > this.config.retries) {
        d.reject(cause);
        return;
      }
      const backoff = Math.min(this.config.retryBackoffMs * 2 ** Math.max(0, tries - 1), this.config.retryBackoffMaxMs);
      const nextAllowedTryMs = now + backoff;
      if (nextAllowedTryMs >= deadline) {
        d.reject(new TimeoutException(`Call(callName=${callName}, deadlineMs=${deadline}, tries=${tries}, nextAllowedTryMs=${nextAllowedTryMs}) ` +
          `timed out at ${now} after ${tries} attempt(s)`, { cause }));
        return;
      }
      this.runtime.schedule(backoff, attempt, this.node, `admin.${callName}.backoff`);
    };
    const attempt = (): void => {
      if (this.closed) {
        d.reject(new TimeoutException(`The AdminClient thread has exited. Call: ${callName}`));
        return;
      }
      this.metadata.nodeFor(target, deadline, (node) => {
        if (node === null) {
          d.reject(new TimeoutException(`Timed out waiting for a node assignment. Call: ${callName}`));
          return;
        }
        tries++;
        const remaining = Math.max(0, deadline - this.runtime.now());
        this.network.send<K>(AdminMetadataManager.destination(node), request(remaining), (err, response) => {
          if (err !== null || response === null) {
            this.metadata.requestUpdate();
            retryOrFail(err ?? new TimeoutException(`No response to ${callName}`));
            return;
          }
          let verdict: Verdict<T>;
          try {
            verdict = judge(response);
          } catch (e) {
            d.reject(e);
            return;
          }
          if ("retry" in verdict) {
            this.metadata.requestUpdate();
            retryOrFail(verdict.retry);
          } else {
            d.resolve(verdict.done);
          }
        }, { timeoutMs: Math.min(this.config.requestTimeoutMs, Math.max(1, remaining)) });
      });
    };
    attempt();
    return d.promise;
  }

  /** Per-item outcomes, or every item failed with the call's own error (timeout, closed client). */
  private withFailure<K, T>(keys: readonly K[], work: Promise<Map<K, Outcome<T>>>): Promise<Map<K, Outcome<T>>> {
    return work.catch((error: unknown) => new Map(keys.map((k) => [k, { ok: false as const, error: error instanceof Error ? error : new Error(String(error)) }])));
  }
}

function parseUuid(s: string | null | undefined): Uuid {
  if (s === null || s === undefined || s === "") return Uuid.ZERO_UUID;
  try {
    return Uuid.fromString(s);
  } catch {
    return Uuid.ZERO_UUID;
  }
}

function groupByTarget(resources: readonly ConfigResource[]): Map<string, { target: NodeTarget; resources: ConfigResource[] }> {
  const groups = new Map<string, { target: NodeTarget; resources: ConfigResource[] }>();
  for (const r of resources) {
    const brokerId = (r.type === ConfigResourceType.BROKER || r.type === ConfigResourceType.BROKER_LOGGER) && r.name !== "" ? Number(r.name) : NaN;
    const target: NodeTarget = Number.isInteger(brokerId) ? { kind: "broker", brokerId } : { kind: "leastLoaded" };
    const key = target.kind === "broker" ? `broker:${target.brokerId}` : "any";
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { target, resources: [] }));
    g.resources.push(r);
  }
  return groups;
}

async function mergeMaps<K, V>(parts: Promise<Map<K, V>>[]): Promise<Map<K, V>> {
  const out = new Map<K, V>();
  for (const m of await Promise.all(parts)) for (const [k, v] of m) out.set(k, v);
  return out;
}

export { ConfigResource };
