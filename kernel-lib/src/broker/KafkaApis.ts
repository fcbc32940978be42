// The broker's request dispatcher (kafka.server.KafkaApis): one handler per API. Client data requests go to the
// ReplicaManager, metadata comes from the MetadataCache, controller requests (LeaderAndIsr, UpdateMetadata,
// StopReplica) are checked against the controller epoch, AlterPartition and ControlledShutdown go to the local
// controller when it is the active one (else NOT_CONTROLLER), and the admin APIs go through the ZkAdminManager.
// An acks=0 produce gets no response at all. A rejected request changes nothing.
import { Errors } from "../protocol/Errors";
import { sendResponse, type AddressedRequest } from "../protocol/NetworkClient";
import type { RequestMessage } from "../protocol/Envelope";
import type { ResponseTypes, SupportedApiKey } from "../protocol/messages/index";
import type { AlterPartitionRequest, AlterPartitionResponse } from "../protocol/messages/AlterPartition";
import type { ControlledShutdownRequest, ControlledShutdownResponse } from "../protocol/messages/ControlledShutdown";
import type { FetchRequest, FetchableTopicResponse } from "../protocol/messages/Fetch";
import type { ListOffsetsRequest, ListOffsetsTopicResponse } from "../protocol/messages/ListOffsets";
import type { MetadataRequest, MetadataResponseTopic } from "../protocol/messages/Metadata";
import type { OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse } from "../protocol/messages/OffsetForLeaderEpoch";
import type { ProduceRequest, TopicProduceResponse } from "../protocol/messages/Produce";
import type { UpdateMetadataRequest } from "../protocol/messages/UpdateMetadata";
import type { LeaderAndIsrRequest } from "../protocol/messages/LeaderAndIsr";
import type { Runtime } from "../sim/Runtime";
import { apiErrorOf } from "./ApiError";
import type { KafkaConfig } from "./KafkaConfig";
import type { MetadataCache } from "./MetadataCache";
import type { FetchEntry, ProduceEntry, ReplicaManager } from "./ReplicaManager";
import type { AdminRequestHandler } from "./ZkAdminManager";
import type { GroupApis } from "./group/GroupApis";

/** What KafkaApis needs from the controller running in this broker (H7's KafkaController fits). */
export interface ControllerApi {
  isActive(): boolean;
  handleAlterPartition(req: AlterPartitionRequest, cb: (...args: unknown[]) => void): void;
  handleControlledShutdown(req: ControlledShutdownRequest, cb: (...args: unknown[]) => void): void;
}

/** Kafka 3.9's version ranges of the APIs this broker answers (ApiVersionsResponse). */
export const SUPPORTED_API_VERSIONS: readonly { apiKey: number; minVersion: number; maxVersion: number }[] = [
  { apiKey: 0, minVersion: 0, maxVersion: 11 }, { apiKey: 1, minVersion: 0, maxVersion: 17 }, { apiKey: 2, minVersion: 0, maxVersion: 9 },
  { apiKey: 3, minVersion: 0, maxVersion: 12 }, { apiKey: 4, minVersion: 0, maxVersion: 7 }, { apiKey: 5, minVersion: 0, maxVersion: 4 },
  { apiKey: 6, minVersion: 0, maxVersion: 8 }, { apiKey: 7, minVersion: 0, maxVersion: 3 }, { apiKey: 8, minVersion: 0, maxVersion: 9 },
  { apiKey: 9, minVersion: 0, maxVersion: 9 }, { apiKey: 10, minVersion: 0, maxVersion: 5 }, { apiKey: 11, minVersion: 0, maxVersion: 9 },
  { apiKey: 12, minVersion: 0, maxVersion: 4 }, { apiKey: 13, minVersion: 0, maxVersion: 5 }, { apiKey: 14, minVersion: 0, maxVersion: 5 },
  { apiKey: 15, minVersion: 0, maxVersion: 5 }, { apiKey: 16, minVersion: 0, maxVersion: 5 }, { apiKey: 18, minVersion: 0, maxVersion: 3 },
  { apiKey: 19, minVersion: 0, maxVersion: 7 }, { apiKey: 20, minVersion: 0, maxVersion: 6 }, { apiKey: 23, minVersion: 0, maxVersion: 4 },
  { apiKey: 32, minVersion: 0, maxVersion: 4 }, { apiKey: 33, minVersion: 0, maxVersion: 2 }, { apiKey: 37, minVersion: 0, maxVersion: 3 },
  { apiKey: 42, minVersion: 0, maxVersion: 2 }, { apiKey: 44, minVersion: 0, maxVersion: 1 }, { apiKey: 56, minVersion: 0, maxVersion: 3 }, { apiKey: 60, minVersion: 0, maxVersion: 1 },
];

const INTERNAL_TOPICS = new Set(["__consumer_offsets", "__transaction_state"]);
const LEGAL_TOPIC = /^[a-zA-Z0-9._-]+$/;

export interface KafkaApisOptions {
  runtime: Runtime;
  nodeName: string;
  brokerId: number;
  config: KafkaConfig;
  replicaManager: ReplicaManager;
  metadataCache: MetadataCache;
  controller?: () => ControllerApi | null;
  adminManager?: () => AdminRequestHandler | null;
  /** Runs before a LeaderAndIsr is applied (the broker reads new topics' configs); `done` continues. */
  beforeLeaderAndIsr?: (req: LeaderAndIsrRequest, done: () => void) => void;
  /** Consumer-group requests (FindCoordinator, JoinGroup, ..., OffsetCommit/Fetch) go to the group coordinator. */
  groupApis?: () => GroupApis | null;
}

export class KafkaApis {
  constructor(private readonly o: KafkaApisOptions) {}

  /** KafkaApis.handle: dispatch by api key; `from` is the requesting node, answered through the network. */
  handle(from: string, request: AddressedRequest): void {
    const respond = <K extends SupportedApiKey>(body: ResponseTypes[K]): void => {
      sendResponse(this.o.runtime, this.o.nodeName, from, request as RequestMessage<K>, body);
    };
    try {
      this.dispatch(request, respond, from);
    } catch (e) {
      const { error, message } = apiErrorOf(e);
      this.o.runtime.trace.record(this.o.nodeName, "api.error", { api: request.type, error: error.name, message });
    }
  }

  private dispatch(request: AddressedRequest, respond: <K extends SupportedApiKey>(body: ResponseTypes[K]) => void, from: string): void {
    const body = request.body;
    switch (body.apiKey) {
      case 0: return this.handleProduce(body, respond);
      case 1: return this.handleFetch(body, respond);
      case 2: return respond<2>({ throttleTimeMs: 0, topics: this.handleListOffsets(body) });
      case 3: return respond<3>(this.handleMetadata(body));
      case 4: {
        // The group coordinator loads (or unloads) __consumer_offsets partitions as their leadership moves.
        const apply = (): void => {
          const resp = this.o.replicaManager.becomeLeaderOrFollower(body);
          this.o.groupApis?.()?.onLeaderAndIsr(body);
          respond<4>(resp);
        };
        const hook = this.o.beforeLeaderAndIsr;
        if (hook === undefined) return apply();
        hook(body, apply);
        return;
      }
      case 5: {
        const resp = this.o.replicaManager.stopReplicas(body);
        this.o.groupApis?.()?.onStopReplica(body);
        return respond<5>(resp);
      }
      case 8: case 9: case 10: case 11: case 12: case 13: case 14: case 15: case 16: case 42: {
        const groups = this.o.groupApis?.() ?? null;
        if (groups === null) throw Errors.COORDINATOR_NOT_AVAILABLE.exception();
        groups.handle(request, (resp) => respond(resp as ResponseTypes[SupportedApiKey]), from);
        return;
      }
      case 6: return respond<6>(this.handleUpdateMetadata(body));
      case 7: return this.handleControlledShutdown(body, respond);
      case 18: return respond<18>({ errorCode: 0, apiKeys: SUPPORTED_API_VERSIONS.map((v) => ({ ...v })), throttleTimeMs: 0 });
      case 23: return respond<23>(this.handleOffsetForLeaderEpoch(body));
      case 56: return this.handleAlterPartition(body, respond);
      case 60: {
        const mc = this.o.metadataCache;
        return respond<60>({
          throttleTimeMs: 0, errorCode: 0, errorMessage: null, endpointType: 1, clusterId: mc.clusterId ?? "",
          controllerId: mc.getControllerId() ?? -1, brokers: mc.getAliveBrokers().map((b) => ({ brokerId: b.id, host: b.host, port: b.port, rack: b.rack })),
          clusterAuthorizedOperations: -2147483648,
        });
      }
      case 19: case 20: case 32: case 33: case 37: case 44: {
        const admin = this.o.adminManager?.() ?? null;
        if (admin === null) throw Errors.forCode(35).exception(`${request.type} is not supported by this broker yet`);
        admin.handle(body, (resp) => respond(resp as ResponseTypes[SupportedApiKey]));
        return;
      }
      default:
        // UNSUPPORTED_VERSION: Kafka closes the connection for an API it does not know; the client times out.
        this.o.runtime.trace.record(this.o.nodeName, "api.unsupported", { api: request.type });
    }
  }

  // ---------------------------------------------------------------------------------------------------- Produce

  private handleProduce(req: ProduceRequest, respond: <K extends SupportedApiKey>(body: ResponseTypes[K]) => void): void {
    const entries: ProduceEntry[] = [];
    for (const t of req.topicData) for (const p of t.partitionData) entries.push({ topic: t.name, partition: p.index, records: p.records });
    this.o.replicaManager.appendRecords(req.timeoutMs, req.acks, entries, (responses) => {
      // acks=0: no response, ever (the producer does not wait for one).
      if (req.acks === 0) return;
      const topics: TopicProduceResponse[] = req.topicData.map((t) => ({
        name: t.name,
        partitionResponses: t.partitionData.map((p) => responses.get(`${t.name}-${p.index}`)!),
      }));
      respond<0>({ responses: topics, throttleTimeMs: 0 });
    });
  }

  // ------------------------------------------------------------------------------------------------------ Fetch

  private handleFetch(req: FetchRequest, respond: <K extends SupportedApiKey>(body: ResponseTypes[K]) => void): void {
    const replicaId = req.replicaState?.replicaId ?? req.replicaId;
    const entries: FetchEntry[] = [];
    for (const t of req.topics) {
      for (const p of t.partitions) {
        entries.push({ topic: t.topic, partition: p.partition, fetchOffset: p.fetchOffset, logStartOffset: p.logStartOffset,
          partitionMaxBytes: p.partitionMaxBytes, currentLeaderEpoch: p.currentLeaderEpoch });
      }
    }
    this.o.replicaManager.fetchMessages({ replicaId, maxWaitMs: req.maxWaitMs, minBytes: req.minBytes, maxBytes: req.maxBytes, isolationLevel: req.isolationLevel },
      entries, (results) => {
        const topics: FetchableTopicResponse[] = [];
        let i = 0;
        for (const t of req.topics) {
          const out: FetchableTopicResponse = { topic: t.topic, partitions: [] };
          for (let j = 0; j < t.partitions.length; j++) out.partitions.push(results[i++]!.data);
          topics.push(out);
        }
        respond<1>({ throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: topics });
      });
  }

  // -------------------------------------------------------------------------------------------------- ListOffsets

  private handleListOffsets(req: ListOffsetsRequest): ListOffsetsTopicResponse[] {
    const rm = this.o.replicaManager;
    const isClient = req.replicaId < 0;
    return req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        const out = { partitionIndex: p.partitionIndex, errorCode: 0, timestamp: -1, offset: -1, leaderEpoch: -1 };
        const partition = rm.getPartition(`${t.name}-${p.partitionIndex}`);
        try {
          if (partition === undefined) {
            throw (this.o.metadataCache.contains(t.name, p.partitionIndex) ? Errors.NOT_LEADER_OR_FOLLOWER : Errors.UNKNOWN_TOPIC_OR_PARTITION).exception();
          }
          const found = partition.fetchOffsetForTimestamp(p.timestamp, isClient ? req.isolationLevel : null, p.currentLeaderEpoch, req.replicaId !== -2);
          if (found !== null) {
            out.timestamp = found.timestamp;
            out.offset = found.offset;
            out.leaderEpoch = found.leaderEpoch ?? -1;
          }
        } catch (e) {
          out.errorCode = apiErrorOf(e).error.code;
        }
        return out;
      }),
    }));
  }

  // ----------------------------------------------------------------------------------------------------- Metadata

  private handleMetadata(req: MetadataRequest): ResponseTypes[3] {
    const mc = this.o.metadataCache;
    const names = req.topics === null ? mc.getAllTopics() : req.topics.map((t) => t.name ?? "");
    const topics: MetadataResponseTopic[] = [];
    const toCreate: string[] = [];
    for (const name of names) {
      const md = mc.topicMetadata(name, INTERNAL_TOPICS.has(name));
      if (md !== null) {
        topics.push(md);
        continue;
      }
      let error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
      if (name === "" || name.length > 249 || !LEGAL_TOPIC.test(name) || name === "." || name === "..") error = Errors.forCode(17);
      else if (req.topics !== null && req.allowAutoTopicCreation && this.o.config.autoCreateTopicsEnable && this.o.adminManager?.() != null) {
        // KafkaApis.getTopicMetadata: auto-create, answer LEADER_NOT_AVAILABLE while the controller elects leaders.
        // __consumer_offsets is created with its own partition count, replication factor and configs.
        if (name === "__consumer_offsets" && this.o.groupApis?.() != null) this.o.groupApis()?.autoCreateOffsetsTopic();
        else toCreate.push(name);
        error = Errors.LEADER_NOT_AVAILABLE;
      }
      topics.push({ errorCode: error.code, name, topicId: "AAAAAAAAAAAAAAAAAAAAAA", isInternal: INTERNAL_TOPICS.has(name), partitions: [], topicAuthorizedOperations: -2147483648 });
    }
    if (toCreate.length > 0) {
      const admin = this.o.adminManager?.() ?? null;
      const results = admin?.autoCreateTopics(toCreate) ?? new Map<string, Errors>();
      for (const t of topics) {
        const err = t.name !== null ? results.get(t.name) : undefined;
        if (err !== undefined && err !== Errors.NONE && err !== Errors.forCode(36)) t.errorCode = err.code;
      }
    }
    return { throttleTimeMs: 0, brokers: mc.brokersMetadata(), clusterId: mc.clusterId, controllerId: mc.getControllerId() ?? -1, topics };
  }

  // ---------------------------------------------------------------------------------------- controller requests

  private handleUpdateMetadata(req: UpdateMetadataRequest): ResponseTypes[6] {
    const rm = this.o.replicaManager;
    if (req.controllerEpoch < rm.controllerEpoch) return { errorCode: Errors.forCode(11).code };
    rm.controllerEpoch = req.controllerEpoch;
    const deleted = this.o.metadataCache.updateMetadata(req);
    for (const key of deleted) rm.completeDelayedRequests(key);
    this.o.adminManager?.()?.onMetadataUpdate();
    return { errorCode: 0 };
  }

  private handleOffsetForLeaderEpoch(req: OffsetForLeaderEpochRequest): OffsetForLeaderEpochResponse {
    const rm = this.o.replicaManager;
    return {
      throttleTimeMs: 0,
      topics: req.topics.map((t) => ({
        topic: t.topic,
        partitions: t.partitions.map((p) => {
          const partition = rm.getPartition(`${t.topic}-${p.partition}`);
          if (partition === undefined) {
            const err = this.o.metadataCache.contains(t.topic, p.partition) ? Errors.NOT_LEADER_OR_FOLLOWER : Errors.UNKNOWN_TOPIC_OR_PARTITION;
            return { errorCode: err.code, partition: p.partition, leaderEpoch: -1, endOffset: -1 };
          }
          const r = partition.lastOffsetForLeaderEpoch(p.currentLeaderEpoch, p.leaderEpoch, req.replicaId !== -2);
          return { ...r, partition: p.partition };
        }),
      })),
    };
  }

  private activeController(): ControllerApi | null {
    const c = this.o.controller?.() ?? null;
    return c !== null && c.isActive() ? c : null;
  }

  private handleAlterPartition(req: AlterPartitionRequest, respond: <K extends SupportedApiKey>(body: ResponseTypes[K]) => void): void {
    const c = this.activeController();
    if (c === null) {
      respond<56>({ throttleTimeMs: 0, errorCode: Errors.NOT_CONTROLLER.code, topics: [] });
      return;
    }
    c.handleAlterPartition(req, adaptCallback<AlterPartitionResponse>((resp) => respond<56>(resp),
      (e) => respond<56>({ throttleTimeMs: 0, errorCode: apiErrorOf(e).error.code, topics: [] })));
  }

  private handleControlledShutdown(req: ControlledShutdownRequest, respond: <K extends SupportedApiKey>(body: ResponseTypes[K]) => void): void {
    const c = this.activeController();
    if (c === null) {
      respond<7>({ errorCode: Errors.NOT_CONTROLLER.code, remainingPartitions: [] });
      return;
    }
    c.handleControlledShutdown(req, adaptCallback<ControlledShutdownResponse>((resp) => respond<7>(resp),
      (e) => respond<7>({ errorCode: apiErrorOf(e).error.code, remainingPartitions: [] })));
  }
}

/** Accepts both `cb(response)` and `cb(error, response)` from the controller. */
function adaptCallback<T>(ok: (resp: T) => void, fail: (e: unknown) => void): (...args: unknown[]) => void {
  return (...args: unknown[]) => {
    if (args.length >= 2) {
      if (args[0] !== null && args[0] !== undefined) fail(args[0]);
      else ok(args[1] as T);
    } else {
      ok(args[0] as T);
    }
  };
}
