// The broker's request handlers for the classic group APIs (the group part of kafka.server.KafkaApis):
// FindCoordinator (creating __consumer_offsets on first use, as KafkaApis.getCoordinator does through the
// auto-topic-creation path), JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch, DescribeGroups,
// ListGroups and DeleteGroups, turning protocol messages into GroupCoordinator calls and back. Also the two
// leadership hooks KafkaApis calls after LeaderAndIsr / StopReplica (onLeadershipChange → onElection/onResignation).
import { Errors } from "../../protocol/Errors";
import type { RequestMessage } from "../../protocol/Envelope";
import type { AnyResponse, ResponseTypes, SupportedApiKey } from "../../protocol/messages/index";
import type { Coordinator, FindCoordinatorRequest, FindCoordinatorResponse } from "../../protocol/messages/FindCoordinator";
import type { LeaderAndIsrRequest } from "../../protocol/messages/LeaderAndIsr";
import type { OffsetCommitRequest, OffsetCommitResponse } from "../../protocol/messages/OffsetCommit";
import type { OffsetFetchRequest, OffsetFetchResponse, OffsetFetchResponseTopic } from "../../protocol/messages/OffsetFetch";
import type { StopReplicaRequest } from "../../protocol/messages/StopReplica";
import type { Runtime } from "../../sim/Runtime";
import type { KafkaConfig } from "../KafkaConfig";
import type { MetadataCache } from "../MetadataCache";
import type { ReplicaManager } from "../ReplicaManager";
import { GroupCoordinator, type OffsetCommitEntry } from "./GroupCoordinator";
import { GroupCoordinatorConfig } from "./GroupCoordinatorConfig";
import { tpKey } from "./GroupMetadata";
import { GROUP_METADATA_TOPIC_NAME, GroupMetadataManager, type OffsetsReplicaManager } from "./GroupMetadataManager";
import type { JoinGroupResult } from "./GroupResults";

/** The api keys GroupApis answers. */
export const GROUP_API_KEYS: ReadonlySet<number> = new Set([8, 9, 10, 11, 12, 13, 14, 15, 16, 42]);

/** FindCoordinatorRequest.CoordinatorType */
export const CoordinatorType = { GROUP: 0, TRANSACTION: 1 } as const;

/** Creates a topic through the broker's admin path (ZooKeeper mode: AdminZkClient.createTopic with Enforced rack mode). */
export type InternalTopicCreator = (topic: string, partitions: number, replicationFactor: number, configs: Record<string, string>,
  cb: (err: Error | null) => void) => void;

export interface GroupApisOptions {
  runtime: Runtime;
  nodeName: string;
  brokerId: number;
  coordinator: GroupCoordinator;
  config: GroupCoordinatorConfig;
  metadataCache: MetadataCache;
  replicaManager: Pick<ReplicaManager, "getPartition">;
  /** Absent: __consumer_offsets is never auto-created here (FindCoordinator answers COORDINATOR_NOT_AVAILABLE). */
  createTopic?: InternalTopicCreator;
  /** The client host shown by DescribeGroups (Kafka: the connection's InetAddress, "/127.0.0.1"). */
  clientHostOf?: (from: string | undefined, request: RequestMessage) => string;
}

export interface GroupApisForBrokerOptions {
  runtime: Runtime;
  nodeName: string;
  brokerId: number;
  kafkaConfig: KafkaConfig;
  replicaManager: OffsetsReplicaManager;
  metadataCache: MetadataCache;
  createTopic?: InternalTopicCreator;
  clientHostOf?: (from: string | undefined, request: RequestMessage) => string;
}

const NO_NODE = { nodeId: -1, host: "", port: -1 };

export class GroupApis {
  readonly coordinator: GroupCoordinator;
  /** AutoTopicCreationManager's in-flight set: one creation attempt at a time. */
  private creating = false;

  constructor(private readonly o: GroupApisOptions) {
    this.coordinator = o.coordinator;
  }

  /**
   * Everything a broker needs: GroupCoordinatorConfig from server.properties, GroupMetadataManager,
   * GroupCoordinator (started) and these handlers. KafkaServer calls this once after ReplicaManager.startup().
   */
  static forBroker(o: GroupApisForBrokerOptions): GroupApis {
    const config = new GroupCoordinatorConfig(o.kafkaConfig.originals);
    const groupManager = new GroupMetadataManager({ runtime: o.runtime, brokerId: o.brokerId, nodeName: o.nodeName, config, replicaManager: o.replicaManager });
    const coordinator = new GroupCoordinator({ runtime: o.runtime, brokerId: o.brokerId, nodeName: o.nodeName, config, groupManager });
    coordinator.startup();
    return new GroupApis({ runtime: o.runtime, nodeName: o.nodeName, brokerId: o.brokerId, coordinator, config, metadataCache: o.metadataCache,
      replicaManager: o.replicaManager, createTopic: o.createTopic, clientHostOf: o.clientHostOf });
  }

  shutdown(): void {
    this.coordinator.shutdown();
  }

  private trace(kind: string, detail: Record<string, unknown>): void {
    const t = this.o.runtime.trace;
    if (t.wants("group")) t.record(this.o.nodeName, kind, detail);
  }

  /**
   * Handles one of the group APIs; false (and nothing sent) for any other api key. `respond` may be called
   * later (JoinGroup waits for the rebalance, SyncGroup for the leader, OffsetCommit for the replication).
   */
  handle(request: RequestMessage, respond: (body: AnyResponse) => void, from?: string): boolean {
    const body = request.body;
    const version = request.header.apiVersion;
    const r = <K extends SupportedApiKey>(b: ResponseTypes[K]): void => respond(b);
    switch (body.apiKey) {
      case 10:
        r<10>(this.handleFindCoordinator(body, version));
        return true;
      case 11: {
        // Kafka shows the client's address as the connection saw it ("/127.0.0.1"); a notebook's clients all run
        // in the kernel's process on the learner's machine, so they all come from the loopback address.
        const clientHost = this.o.clientHostOf?.(from, request) ?? "/127.0.0.1";
        this.coordinator.handleJoinGroup({
          groupId: body.groupId, memberId: body.memberId, groupInstanceId: body.groupInstanceId, requireKnownMemberId: version >= 4,
          supportSkippingAssignment: version >= 9, clientId: request.header.clientId ?? "", clientHost,
          rebalanceTimeoutMs: version >= 1 ? body.rebalanceTimeoutMs : body.sessionTimeoutMs, sessionTimeoutMs: body.sessionTimeoutMs,
          protocolType: body.protocolType, protocols: body.protocols.map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) })), reason: body.reason,
        }, (res) => r<11>(joinResponse(res)));
        return true;
      }
      case 14: {
        const assignments = new Map<string, Buffer>();
        for (const a of body.assignments) assignments.set(a.memberId, Buffer.from(a.assignment));
        this.coordinator.handleSyncGroup({ groupId: body.groupId, generationId: body.generationId, memberId: body.memberId,
          protocolType: body.protocolType, protocolName: body.protocolName, groupInstanceId: body.groupInstanceId, assignments },
        (res) => r<14>({ throttleTimeMs: 0, errorCode: res.error.code, protocolType: res.protocolType, protocolName: res.protocolName, assignment: res.assignment }));
        return true;
      }
      case 12:
        this.coordinator.handleHeartbeat(body.groupId, body.memberId, body.groupInstanceId, body.generationId,
          (error) => r<12>({ throttleTimeMs: 0, errorCode: error.code }));
        return true;
      case 13: {
        const members = version <= 2 || body.members.length === 0
          ? [{ memberId: body.memberId ?? "", groupInstanceId: null, reason: null }]
          : body.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, reason: m.reason }));
        this.coordinator.handleLeaveGroup(body.groupId, members, (res) => {
          // v0-2 carry a single error: the top-level one, else the member's.
          const single = res.topLevelError !== Errors.NONE ? res.topLevelError : (res.memberResponses[0]?.error ?? Errors.NONE);
          r<13>({ throttleTimeMs: 0, errorCode: version <= 2 ? single.code : res.topLevelError.code,
            members: version <= 2 ? [] : res.memberResponses.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, errorCode: m.error.code })) });
        });
        return true;
      }
      case 8:
        this.handleOffsetCommit(body, version, (resp) => r<8>(resp));
        return true;
      case 9:
        r<9>(this.handleOffsetFetch(body, version));
        return true;
      case 15:
        r<15>({
          throttleTimeMs: 0,
          groups: body.groups.map((groupId) => {
            const { error, summary } = this.coordinator.handleDescribeGroup(groupId);
            return {
              errorCode: error.code, groupId, groupState: summary.state, protocolType: summary.protocolType, protocolData: summary.protocol,
              members: summary.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, clientId: m.clientId, clientHost: m.clientHost,
                memberMetadata: m.metadata, memberAssignment: m.assignment })),
              authorizedOperations: -2147483648,
            };
          }),
        });
        return true;
      case 16: {
        const { error, groups } = this.coordinator.handleListGroups(body.statesFilter ?? [], body.typesFilter ?? []);
        r<16>({ throttleTimeMs: 0, errorCode: error.code, groups: groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, groupState: g.state, groupType: "classic" })) });
        return true;
      }
      case 42: {
        const results = this.coordinator.handleDeleteGroups(body.groupsNames);
        r<42>({ throttleTimeMs: 0, results: body.groupsNames.map((groupId) => ({ groupId, errorCode: (results.get(groupId) ?? Errors.NONE).code })) });
        return true;
      }
      default:
        return false;
    }
  }

  // ----------------------------------------------------------------------------------------- FindCoordinator

  private handleFindCoordinator(req: FindCoordinatorRequest, version: number): FindCoordinatorResponse {
    // v4+ batches keys (coordinatorKeys); v0-3 send one key. Both answer forms are filled.
    const batched = (req.coordinatorKeys?.length ?? 0) > 0;
    const keys = batched ? req.coordinatorKeys : [req.key ?? ""];
    const coordinators: Coordinator[] = keys.map((key) => {
      const { error, node } = this.getCoordinator(req.keyType, key);
      return { key, nodeId: node.nodeId, host: node.host, port: node.port, errorCode: error.code, errorMessage: error.message };
    });
    const first = coordinators[0];
    return {
      throttleTimeMs: 0, coordinators: batched || version >= 4 ? coordinators : [],
      errorCode: first?.errorCode ?? 0, errorMessage: first?.errorMessage ?? null,
      nodeId: first?.nodeId ?? -1, host: first?.host ?? "", port: first?.port ?? -1,
    };
  }

  /**
   * KafkaApis.getCoordinator: the leader of __consumer_offsets partition partitionFor(group). If the topic does
   * not exist yet it is created (offsets.topic.num.partitions, offsets.topic.replication.factor — which fails
   * while fewer brokers are alive — compact, segment.bytes 104857600) and the answer is COORDINATOR_NOT_AVAILABLE
   * until a leader is known.
   */
  private getCoordinator(keyType: number, key: string): { error: Errors; node: { nodeId: number; host: string; port: number } } {
    if (keyType !== CoordinatorType.GROUP) {
      // The transaction coordinator is not part of this engine yet.
      if (keyType === CoordinatorType.TRANSACTION) return { error: Errors.COORDINATOR_NOT_AVAILABLE, node: NO_NODE };
      return { error: Errors.INVALID_REQUEST, node: NO_NODE };
    }
    const partition = this.coordinator.partitionFor(key);
    const md = this.o.metadataCache.topicMetadata(GROUP_METADATA_TOPIC_NAME, true);
    if (md === null) {
      this.autoCreateOffsetsTopic();
      return { error: Errors.COORDINATOR_NOT_AVAILABLE, node: NO_NODE };
    }
    if (md.errorCode !== 0) return { error: Errors.COORDINATOR_NOT_AVAILABLE, node: NO_NODE };
    const p = md.partitions.find((x) => x.partitionIndex === partition);
    const broker = p === undefined || p.leaderId < 0 ? undefined : this.o.metadataCache.getAliveBroker(p.leaderId);
    if (broker === undefined) return { error: Errors.COORDINATOR_NOT_AVAILABLE, node: NO_NODE };
    return { error: Errors.NONE, node: { nodeId: broker.id, host: broker.host, port: broker.port } };
  }

  /** Starts creating __consumer_offsets (once at a time); also for KafkaApis.handleMetadata asked to auto-create it. */
  autoCreateOffsetsTopic(): void {
    const create = this.o.createTopic;
    if (create === undefined || this.creating) return;
    this.creating = true;
    const cfg = this.o.config;
    this.trace("group.createOffsetsTopic", { partitions: cfg.offsetsTopicPartitions, replicationFactor: cfg.offsetsTopicReplicationFactor });
    create(GROUP_METADATA_TOPIC_NAME, cfg.offsetsTopicPartitions, cfg.offsetsTopicReplicationFactor, cfg.offsetsTopicConfigs(), (err) => {
      this.creating = false;
      if (err !== null) this.trace("group.createOffsetsTopicFailed", { error: err.name, message: err.message });
    });
  }

  // -------------------------------------------------------------------------------------------- OffsetCommit

  private handleOffsetCommit(req: OffsetCommitRequest, version: number, respond: (r: OffsetCommitResponse) => void): void {
    const now = this.o.runtime.now();
    const errors = new Map<string, Errors>();
    const entries: OffsetCommitEntry[] = [];
    for (const t of req.topics) {
      // KafkaApis.handleOffsetCommitRequest: a topic the metadata does not know answers UNKNOWN_TOPIC_OR_PARTITION.
      const known = this.o.metadataCache.contains(t.name);
      for (const p of t.partitions) {
        if (!known) {
          errors.set(tpKey(t.name, p.partitionIndex), Errors.UNKNOWN_TOPIC_OR_PARTITION);
          continue;
        }
        const retention = version >= 2 && version <= 4 ? (req.retentionTimeMs ?? -1) : -1;
        const commitTimestamp = version === 1 && p.commitTimestamp !== undefined && p.commitTimestamp !== -1 ? p.commitTimestamp : now;
        entries.push({ topic: t.name, partition: p.partitionIndex, offset: {
          offset: p.committedOffset, leaderEpoch: p.committedLeaderEpoch ?? -1, metadata: p.committedMetadata ?? "",
          commitTimestamp, expireTimestamp: retention !== -1 ? commitTimestamp + retention : -1,
        } });
      }
    }
    const finish = (): void => {
      respond({ throttleTimeMs: 0, topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({
        partitionIndex: p.partitionIndex, errorCode: (errors.get(tpKey(t.name, p.partitionIndex)) ?? Errors.NONE).code })) })) });
    };
    if (entries.length === 0) {
      finish();
      return;
    }
    this.coordinator.handleCommitOffsets(req.groupId, req.memberId, req.groupInstanceId, req.generationIdOrMemberEpoch, entries, (result) => {
      for (const [k, e] of result) errors.set(k, e);
      finish();
    });
  }

  // --------------------------------------------------------------------------------------------- OffsetFetch

  private handleOffsetFetch(req: OffsetFetchRequest, version: number): OffsetFetchResponse {
    const fetchGroup = (groupId: string, topics: { name: string; partitionIndexes: number[] }[] | null | undefined): { error: Errors; topics: OffsetFetchResponseTopic[] } => {
      const partitions = topics === null || topics === undefined ? null : topics.flatMap((t) => t.partitionIndexes.map((p) => ({ topic: t.name, partition: p })));
      const { error, partitions: data } = this.coordinator.handleFetchOffsets(groupId, req.requireStable ?? false, partitions);
      const byTopic = new Map<string, OffsetFetchResponseTopic>();
      const order: OffsetFetchResponseTopic[] = [];
      const add = (topic: string, partition: number, offset: number, leaderEpoch: number, metadata: string, errorCode: number): void => {
        let t = byTopic.get(topic);
        if (t === undefined) {
          byTopic.set(topic, (t = { name: topic, partitions: [] }));
          order.push(t);
        }
        t.partitions.push({ partitionIndex: partition, committedOffset: offset, committedLeaderEpoch: leaderEpoch, metadata, errorCode });
      };
      if (error !== Errors.NONE) {
        // v0-1 carry the group error in every partition asked for.
        if (version <= 1 && partitions !== null) for (const p of partitions) add(p.topic, p.partition, -1, -1, "", error.code);
      } else {
        for (const d of data) add(d.topic, d.partition, d.offset, d.leaderEpoch, d.metadata, d.error.code);
      }
      return { error, topics: order };
    };
    // v8+ ask for several groups (groups); v0-7 for one (groupId).
    if ((req.groups !== undefined && req.groups.length > 0) || (version >= 8 && req.groupId === undefined)) {
      return {
        throttleTimeMs: 0,
        groups: (req.groups ?? []).map((g) => {
          const res = fetchGroup(g.groupId, g.topics);
          return { groupId: g.groupId, topics: res.topics, errorCode: res.error.code };
        }),
      };
    }
    const res = fetchGroup(req.groupId ?? "", req.topics);
    return { throttleTimeMs: 0, topics: res.topics, errorCode: res.error.code };
  }

  // ------------------------------------------------------------------------------------- leadership changes

  /**
   * KafkaApis.handleLeaderAndIsrRequest's onLeadershipChange, to call right after
   * ReplicaManager.becomeLeaderOrFollower(req): __consumer_offsets partitions this broker now leads are loaded
   * (GroupCoordinator.onElection), those it now follows are unloaded (onResignation).
   */
  onLeaderAndIsr(req: LeaderAndIsrRequest): void {
    const states = req.topicStates.length > 0 ? req.topicStates.map((t) => ({ topic: t.topicName, states: t.partitionStates }))
      : [{ topic: GROUP_METADATA_TOPIC_NAME, states: (req.ungroupedPartitionStates ?? []).filter((s) => s.topicName === GROUP_METADATA_TOPIC_NAME) }];
    for (const t of states) {
      if (t.topic !== GROUP_METADATA_TOPIC_NAME) continue;
      for (const s of t.states) {
        const p = this.o.replicaManager.getPartition(`${GROUP_METADATA_TOPIC_NAME}-${s.partitionIndex}`);
        if (p === undefined || p.leaderEpoch !== s.leaderEpoch) continue; // refused (stale) by the ReplicaManager
        if (s.leader === this.o.brokerId && p.isLeader) this.coordinator.onElection(s.partitionIndex, s.leaderEpoch);
        else this.coordinator.onResignation(s.partitionIndex, s.leaderEpoch);
      }
    }
  }

  /** KafkaApis.handleStopReplicaRequest: stopped __consumer_offsets partitions are unloaded. */
  onStopReplica(req: StopReplicaRequest): void {
    for (const t of req.topicStates) {
      if (t.topicName !== GROUP_METADATA_TOPIC_NAME) continue;
      for (const s of t.partitionStates) this.coordinator.onResignation(s.partitionIndex, s.leaderEpoch >= 0 ? s.leaderEpoch : null);
    }
  }
}

function joinResponse(res: JoinGroupResult): ResponseTypes[11] {
  return {
    throttleTimeMs: 0, errorCode: res.error.code, generationId: res.generationId, protocolType: res.protocolType, protocolName: res.protocolName,
    leader: res.leaderId, skipAssignment: res.skipAssignment, memberId: res.memberId,
    members: res.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadata })),
  };
}
