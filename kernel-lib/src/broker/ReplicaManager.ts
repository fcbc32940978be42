// The replicas hosted by one broker (kafka.server.ReplicaManager): produce (appendRecords with acks 0/1/all and the
// produce purgatory), fetch for consumers (up to the HW) and followers (up to the LEO) with the fetch purgatory,
// leadership changes from the controller (becomeLeaderOrFollower, stopReplicas), the follower fetchers (one per
// source broker), ListOffsets and OffsetForLeaderEpoch, and the periodic tasks "isr-expiration" (every
// replica.lag.time.max.ms / 2) and "highwatermark-checkpoint" (every replica.high.watermark.checkpoint.interval.ms).
import { Errors } from "../protocol/Errors";
import type { NetworkClient } from "../protocol/NetworkClient";
import type { AlterPartitionPartitionResult, AlterPartitionRequest } from "../protocol/messages/AlterPartition";
import type { FetchPartitionData } from "../protocol/messages/Fetch";
import type { LeaderAndIsrPartitionState, LeaderAndIsrRequest, LeaderAndIsrResponse } from "../protocol/messages/LeaderAndIsr";
import type { PartitionProduceResponse } from "../protocol/messages/Produce";
import type { StopReplicaRequest, StopReplicaResponse } from "../protocol/messages/StopReplica";
import type { Runtime } from "../sim/Runtime";
import type { TimerId } from "../sim/Scheduler";
import type { LogManager } from "../storage/log/LogManager";
import type { UnifiedLog } from "../storage/log/UnifiedLog";
import { apiErrorOf } from "./ApiError";
import { DelayedFetch, type LogReadResult } from "./DelayedFetch";
import { DelayedOperationPurgatory } from "./DelayedOperationPurgatory";
import { DelayedProduce, type ProducePartitionStatus } from "./DelayedProduce";
import type { KafkaConfig } from "./KafkaConfig";
import type { MetadataCache } from "./MetadataCache";
import { Partition, type PartitionContext, type ProposedLeaderAndIsr } from "./Partition";
import { ReplicaFetcherThread } from "./ReplicaFetcherThread";

export interface ReplicaManagerOptions {
  runtime: Runtime;
  brokerId: number;
  nodeName: string;
  config: KafkaConfig;
  logManager: LogManager;
  metadataCache: MetadataCache;
  client: NetworkClient;
  /** The node name (host) of a broker id, for fetchers and AlterPartition. */
  hostOf(brokerId: number): string | null;
  /** Topic config changes are read from here (the topic's LogConfig, or undefined for defaults). */
  zkTopicIdOf?(topic: string): string | null;
}

export interface ProduceEntry {
  topic: string;
  partition: number;
  records: Buffer | null;
}

export interface FetchEntry {
  topic: string;
  partition: number;
  fetchOffset: number;
  logStartOffset: number;
  partitionMaxBytes: number;
  currentLeaderEpoch: number;
}

export interface FetchParams {
  replicaId: number;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
}

export interface FetchResultEntry {
  topic: string;
  data: FetchPartitionData;
}

/** BrokerTopicMetrics, counted per broker (what a monitoring UI shows). */
export interface BrokerTopicMetrics {
  messagesIn: number;
  bytesIn: number;
  bytesOut: number;
  replicationBytesIn: number;
  replicationBytesOut: number;
  failedProduceRequests: number;
  failedFetchRequests: number;
  totalProduceRequests: number;
  totalFetchRequests: number;
}

const STALE_CONTROLLER_EPOCH = Errors.forCode(11);

export class ReplicaManager {
  readonly partitions = new Map<string, Partition>();
  readonly producePurgatory: DelayedOperationPurgatory<DelayedProduce>;
  readonly fetchPurgatory: DelayedOperationPurgatory<DelayedFetch<FetchResultEntry[]>>;
  readonly fetchers = new Map<number, ReplicaFetcherThread>();
  readonly metrics: BrokerTopicMetrics = {
    messagesIn: 0, bytesIn: 0, bytesOut: 0, replicationBytesIn: 0, replicationBytesOut: 0,
    failedProduceRequests: 0, failedFetchRequests: 0, totalProduceRequests: 0, totalFetchRequests: 0,
  };
  controllerEpoch = 0;
  private readonly timers: TimerId[] = [];
  private hwCheckpoint = new Map<string, number>();
  private lastHwCheckpoint: string | null = null;
  private readonly partitionCtx: PartitionContext;
  private readonly runtime: Runtime;
  readonly brokerId: number;
  private readonly nodeName: string;
  readonly config: KafkaConfig;
  readonly logManager: LogManager;
  private readonly metadataCache: MetadataCache;
  private readonly client: NetworkClient;
  private readonly o: ReplicaManagerOptions;
  private started = false;

  constructor(o: ReplicaManagerOptions) {
    this.o = o;
    this.runtime = o.runtime;
    this.brokerId = o.brokerId;
    this.nodeName = o.nodeName;
    this.config = o.config;
    this.logManager = o.logManager;
    this.metadataCache = o.metadataCache;
    this.client = o.client;
    this.producePurgatory = new DelayedOperationPurgatory("Produce", o.runtime, o.nodeName);
    this.fetchPurgatory = new DelayedOperationPurgatory("Fetch", o.runtime, o.nodeName);
    const rm = this;
    this.partitionCtx = {
      brokerId: o.brokerId,
      now: () => o.runtime.now(),
      replicaLagTimeMaxMs: o.config.replicaLagTimeMaxMs,
      getOrCreateLog: (topic, partition, topicId) => rm.getOrCreateLog(topic, partition, topicId),
      submitAlterPartition: (p, proposed, cb) => rm.sendAlterPartition(p, proposed, cb),
      isReplicaIsrEligible: (id) => o.metadataCache.hasAliveBroker(id),
      onHighWatermarkChange: (p) => rm.completeDelayedRequests(p.key),
      trace: (kind, detail) => rm.trace(kind, detail),
    };
  }

  private trace(kind: string, detail: Record<string, unknown>): void {
    const t = this.runtime.trace;
    if (t.wants(kind.substring(0, kind.indexOf(".")))) t.record(this.nodeName, kind, detail);
  }

  /** ReplicaManager.startup: the ISR expiration and HW checkpoint tasks. */
  startup(): void {
    if (this.started) return;
    this.started = true;
    try {
      this.hwCheckpoint = this.logManager.readHighWatermarks();
    } catch {
      this.hwCheckpoint = new Map();
    }
    const isrPeriod = Math.max(1, Math.floor(this.config.replicaLagTimeMaxMs / 2));
    this.timers.push(this.runtime.every(isrPeriod, () => this.maybeShrinkIsr(), this.nodeName, "isr-expiration"));
    this.timers.push(this.runtime.every(this.config.replicaHighWatermarkCheckpointIntervalMs, () => this.checkpointHighWatermarks(),
      this.nodeName, "highwatermark-checkpoint"));
  }

  /** Stops fetchers and tasks; with `checkpoint`, writes the HWs (a clean shutdown). */
  shutdown(checkpoint = true): void {
    for (const t of this.timers) this.runtime.cancel(t);
    this.timers.length = 0;
    for (const f of this.fetchers.values()) f.shutdown();
    this.fetchers.clear();
    this.producePurgatory.clear();
    this.fetchPurgatory.clear();
    if (checkpoint && this.started) this.checkpointHighWatermarks(true);
    this.started = false;
  }

  /**
   * Writes replication-offset-checkpoint. Skipped when no HW changed since the last write: the file would be
   * byte-identical, and an fsync every 5 s per idle broker would dominate long idle stretches of a simulation.
   */
  checkpointHighWatermarks(force = false): void {
    let signature = "";
    for (const log of this.logManager.allLogs()) signature += `${log.name} ${log.highWatermark}\n`;
    if (!force && signature === this.lastHwCheckpoint) return;
    try {
      this.logManager.checkpointHighWatermarks();
      this.lastHwCheckpoint = signature;
    } catch {
      // not loaded yet
    }
  }

  getPartition(key: string): Partition | undefined {
    return this.partitions.get(key);
  }

  private getOrCreateLog(topic: string, partition: number, topicId: string | null): UnifiedLog {
    const tp = { topic, partition };
    const log = this.logManager.getLog(tp) ?? this.logManager.getOrCreateLog(tp, { topicId });
    // Partition.createLog: the HW comes back from replication-offset-checkpoint (at most the LEO).
    const hw = this.hwCheckpoint.get(`${topic}-${partition}`);
    if (hw !== undefined && log.highWatermark < hw) log.updateHighWatermark(hw);
    return log;
  }

  /** The partition log for a key, loaded from disk if this broker has one (display of stopped replicas). */
  localLog(topic: string, partition: number): UnifiedLog | undefined {
    return this.partitions.get(`${topic}-${partition}`)?.log ?? this.logManager.getLog({ topic, partition });
  }

  /** ReplicaManager.getPartitionOrError: UNKNOWN_TOPIC_OR_PARTITION unless the metadata knows it (then NOT_LEADER_OR_FOLLOWER). */
  private errorForMissingPartition(topic: string, partition: number): Errors {
    return this.metadataCache.contains(topic, partition) ? Errors.NOT_LEADER_OR_FOLLOWER : Errors.UNKNOWN_TOPIC_OR_PARTITION;
  }

  // ---------------------------------------------------------------------------------------------------- produce

  /**
   * ReplicaManager.appendRecords: appends to each leader partition; acks 0/1 answer at once, acks=all waits in the
   * produce purgatory until the HW passes every append (or timeoutMs). `cb` gets one answer per partition.
   */
  appendRecords(timeoutMs: number, requiredAcks: number, entries: ProduceEntry[], cb: (responses: Map<string, PartitionProduceResponse>) => void): void {
    this.metrics.totalProduceRequests++;
    const responses = new Map<string, PartitionProduceResponse>();
    if (requiredAcks !== 0 && requiredAcks !== 1 && requiredAcks !== -1) {
      for (const e of entries) responses.set(`${e.topic}-${e.partition}`, partitionResponse(e.partition, Errors.INVALID_REQUIRED_ACKS, null));
      cb(responses);
      return;
    }
    const statuses: ProducePartitionStatus[] = [];
    const touched: string[] = [];
    for (const e of entries) {
      const key = `${e.topic}-${e.partition}`;
      const p = this.partitions.get(key);
      if (p === undefined || !p.isLeader) {
        const err = p === undefined ? this.errorForMissingPartition(e.topic, e.partition) : Errors.NOT_LEADER_OR_FOLLOWER;
        responses.set(key, partitionResponse(e.partition, err, null));
        this.metrics.failedProduceRequests++;
        continue;
      }
      if (e.records === null || e.records.length === 0) {
        responses.set(key, partitionResponse(e.partition, Errors.INVALID_RECORD, "Produce request has no records"));
        continue;
      }
      try {
        const info = p.appendRecordsToLeader(e.records, requiredAcks);
        this.metrics.messagesIn += info.numRecords;
        this.metrics.bytesIn += e.records.length;
        touched.push(key);
        const r: PartitionProduceResponse = {
          index: e.partition, errorCode: 0, baseOffset: info.firstOffset, logAppendTimeMs: info.logAppendTime,
          logStartOffset: info.logStartOffset, recordErrors: [], errorMessage: null,
        };
        responses.set(key, r);
        if (requiredAcks === -1) {
          statuses.push({ key, requiredOffset: info.lastOffset + 1, acksPending: true, errorCode: 0, errorMessage: null,
            baseOffset: info.firstOffset, logAppendTimeMs: info.logAppendTime, logStartOffset: info.logStartOffset });
        }
      } catch (err) {
        const { error, message } = apiErrorOf(err);
        this.metrics.failedProduceRequests++;
        this.trace("produce.rejected", { partition: key, error: error.name, message });
        responses.set(key, partitionResponse(e.partition, error, message));
      }
    }
    // New data: followers and consumers waiting on these partitions may be answered.
    for (const key of touched) this.fetchPurgatory.checkAndComplete(key);
    if (statuses.length === 0) {
      cb(responses);
      return;
    }
    const op = new DelayedProduce(timeoutMs, statuses, (k) => this.partitions.get(k), (done) => {
      for (const s of done) {
        const r = responses.get(s.key)!;
        r.errorCode = s.errorCode;
        r.errorMessage = s.errorMessage;
        if (s.errorCode !== 0 && s.errorCode !== Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND.code) r.baseOffset = -1;
      }
      cb(responses);
    });
    this.producePurgatory.tryCompleteElseWatch(op, statuses.map((s) => s.key));
  }

  // ------------------------------------------------------------------------------------------------------ fetch

  /**
   * ReplicaManager.fetchMessages: reads each partition (followers up to the LEO, consumers up to the HW/LSO); a
   * follower's fetch also updates its state on the leader (ISR, HW). Answers at once if minBytes are there, on any
   * error, or with maxWaitMs <= 0; otherwise parks in the fetch purgatory.
   */
  fetchMessages(params: FetchParams, entries: FetchEntry[], cb: (results: FetchResultEntry[]) => void): void {
    this.metrics.totalFetchRequests++;
    const isFollower = params.replicaId >= 0;
    const first = this.readFromLocalLog(params, entries);
    if (isFollower) {
      const now = this.runtime.now();
      for (const e of entries) {
        const p = this.partitions.get(`${e.topic}-${e.partition}`);
        const log = p?.leaderLogIfLocal();
        if (p === undefined || log === undefined || log === null) continue;
        const ok = p.updateFollowerFetchState(params.replicaId, e.fetchOffset, e.logStartOffset, now, log.logEndOffset);
        if (!ok) {
          const r = first.result.find((x) => x.topic === e.topic && x.data.partitionIndex === e.partition);
          if (r !== undefined) {
            r.data.errorCode = Errors.NOT_LEADER_OR_FOLLOWER.code;
            r.data.records = null;
          }
        }
      }
      // HW may have moved: refresh the HWs reported in this answer.
      for (const r of first.result) {
        const log = this.partitions.get(`${r.topic}-${r.data.partitionIndex}`)?.log;
        if (log !== null && log !== undefined && r.data.errorCode === 0) r.data.highWatermark = log.highWatermark;
      }
    }
    if (params.maxWaitMs <= 0 || entries.length === 0 || first.bytes >= params.minBytes || first.hasError) {
      this.countFetchBytes(isFollower, first.result);
      cb(first.result);
      return;
    }
    const op = new DelayedFetch<FetchResultEntry[]>(params.maxWaitMs, params.minBytes, () => this.readFromLocalLog(params, entries), (result) => {
      this.countFetchBytes(isFollower, result);
      cb(result);
    });
    this.fetchPurgatory.tryCompleteElseWatch(op, entries.map((e) => `${e.topic}-${e.partition}`));
  }

  private countFetchBytes(isFollower: boolean, result: FetchResultEntry[]): void {
    let n = 0;
    for (const r of result) n += r.data.records?.length ?? 0;
    if (isFollower) this.metrics.replicationBytesOut += n;
    else this.metrics.bytesOut += n;
  }

  /** ReplicaManager.readFromLocalLog: one read per partition, the first may exceed its limit (minOneMessage). */
  private readFromLocalLog(params: FetchParams, entries: FetchEntry[]): LogReadResult<FetchResultEntry[]> {
    const isolation = Partition.isolationFor(params.replicaId, params.isolationLevel);
    let bytes = 0;
    let hasError = false;
    let limit = params.maxBytes;
    const result: FetchResultEntry[] = [];
    for (const e of entries) {
      const key = `${e.topic}-${e.partition}`;
      const p = this.partitions.get(key);
      const data: FetchPartitionData = {
        partitionIndex: e.partition, errorCode: 0, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1,
        abortedTransactions: null, preferredReadReplica: -1, records: null,
      };
      try {
        if (p === undefined) throw this.errorForMissingPartition(e.topic, e.partition).exception();
        const log = p.leaderLogIfLocal();
        if (log === null) throw Errors.NOT_LEADER_OR_FOLLOWER.exception();
        p.validateLeaderEpoch(e.currentLeaderEpoch);
        const max = Math.max(0, Math.min(e.partitionMaxBytes, limit));
        const info = log.read(e.fetchOffset, max, isolation, result.length === 0 || bytes === 0);
        data.highWatermark = log.highWatermark;
        data.lastStableOffset = log.lastStableOffset;
        data.logStartOffset = log.logStartOffset;
        data.records = info.records;
        bytes += info.records.length;
        limit -= info.records.length;
      } catch (err) {
        const { error } = apiErrorOf(err);
        data.errorCode = error.code;
        hasError = true;
        if (p?.log) {
          data.highWatermark = p.log.highWatermark;
          data.logStartOffset = p.log.logStartOffset;
          data.lastStableOffset = p.log.lastStableOffset;
        }
      }
      result.push({ topic: e.topic, data });
    }
    return { bytes, hasError, result };
  }

  /** A partition's HW or LEO moved, or its leadership changed: answer what waits on it. */
  completeDelayedRequests(key: string): void {
    this.producePurgatory.checkAndComplete(key);
    this.fetchPurgatory.checkAndComplete(key);
  }

  // ----------------------------------------------------------------------------------- controller requests

  /**
   * ReplicaManager.becomeLeaderOrFollower: a stale controller epoch is refused; partitions whose leader epoch is
   * not newer than ours are skipped; the rest become leader (makeLeaders) or follower (makeFollowers: fetcher to
   * the new leader, after truncation).
   */
  becomeLeaderOrFollower(req: LeaderAndIsrRequest): LeaderAndIsrResponse {
    const topicsOut: NonNullable<LeaderAndIsrResponse["topics"]> = [];
    if (req.controllerEpoch < this.controllerEpoch) {
      this.trace("replica.staleControllerEpoch", { request: "LeaderAndIsr", controllerEpoch: req.controllerEpoch, current: this.controllerEpoch });
      return { errorCode: STALE_CONTROLLER_EPOCH.code, topics: [] };
    }
    this.controllerEpoch = req.controllerEpoch;
    const hostByLeader = new Map<number, string>();
    for (const l of req.liveLeaders) hostByLeader.set(l.brokerId, l.hostName);
    const leaders: { p: Partition; s: LeaderAndIsrPartitionState; topicId: string }[] = [];
    const followers: { p: Partition; s: LeaderAndIsrPartitionState; topicId: string }[] = [];
    for (const t of req.topicStates) {
      const errs: { partitionIndex: number; errorCode: number }[] = [];
      for (const s of t.partitionStates) {
        const key = `${t.topicName}-${s.partitionIndex}`;
        let p = this.partitions.get(key);
        if (!s.replicas.includes(this.brokerId)) {
          errs.push({ partitionIndex: s.partitionIndex, errorCode: Errors.UNKNOWN_TOPIC_OR_PARTITION.code });
          continue;
        }
        if (p !== undefined && (s.leaderEpoch < p.leaderEpoch || (s.leaderEpoch === p.leaderEpoch && s.partitionEpoch <= p.partitionEpoch))) {
          this.trace("replica.staleLeaderEpoch", { partition: key, leaderEpoch: s.leaderEpoch, current: p.leaderEpoch });
          errs.push({ partitionIndex: s.partitionIndex, errorCode: STALE_CONTROLLER_EPOCH.code });
          continue;
        }
        if (p === undefined) {
          p = new Partition(t.topicName, s.partitionIndex, this.partitionCtx);
          this.partitions.set(key, p);
        }
        errs.push({ partitionIndex: s.partitionIndex, errorCode: 0 });
        if (s.leader === this.brokerId) leaders.push({ p, s, topicId: t.topicId });
        else followers.push({ p, s, topicId: t.topicId });
      }
      topicsOut.push({ topicId: t.topicId, partitionErrors: errs });
    }
    // makeLeaders: stop fetching, take over.
    this.removeFetchers(leaders.map((l) => l.p.key));
    for (const { p, s, topicId } of leaders) {
      try {
        p.makeLeader(s, nonZeroId(topicId));
      } catch (e) {
        this.trace("replica.makeLeaderFailed", { partition: p.key, error: apiErrorOf(e).message });
      }
    }
    // makeFollowers: restart fetching from the (new) leader, truncating first.
    const toFetch = new Map<number, { topic: string; partition: number; currentLeaderEpoch: number }[]>();
    for (const { p, s, topicId } of followers) {
      const changed = p.makeFollower(s, nonZeroId(topicId));
      if (!changed) continue;
      this.removeFetchers([p.key]);
      if (s.leader < 0) continue; // no leader: nothing to fetch from
      let list = toFetch.get(s.leader);
      if (list === undefined) toFetch.set(s.leader, (list = []));
      list.push({ topic: p.topic, partition: p.partition, currentLeaderEpoch: s.leaderEpoch });
    }
    for (const [leaderId, list] of toFetch) {
      const host = hostByLeader.get(leaderId) ?? this.o.hostOf(leaderId);
      if (host === null) continue;
      let f = this.fetchers.get(leaderId);
      if (f === undefined || f.sourceNode !== host) {
        f?.shutdown();
        f = new ReplicaFetcherThread({
          runtime: this.runtime, brokerId: this.brokerId, nodeName: this.nodeName, client: this.client, config: this.config,
          getPartition: (k) => this.partitions.get(k), trace: (kind, d) => this.trace(kind, d),
          onReplicationBytesIn: (n) => { this.metrics.replicationBytesIn += n; },
        }, leaderId, host);
        this.fetchers.set(leaderId, f);
      }
      f.addPartitions(list);
    }
    for (const { p } of [...leaders, ...followers]) this.completeDelayedRequests(p.key);
    return { errorCode: 0, topics: topicsOut };
  }

  private removeFetchers(keys: string[]): void {
    if (keys.length === 0) return;
    for (const [id, f] of this.fetchers) {
      f.removePartitions(keys);
      if (f.partitionCount === 0) {
        f.shutdown();
        this.fetchers.delete(id);
      }
    }
  }

  /** ReplicaManager.stopReplicas: stop fetching; with deletePartition, drop the partition and delete its log. */
  stopReplicas(req: StopReplicaRequest): StopReplicaResponse {
    if (req.controllerEpoch < this.controllerEpoch) return { errorCode: STALE_CONTROLLER_EPOCH.code, partitionErrors: [] };
    this.controllerEpoch = req.controllerEpoch;
    const partitionErrors: StopReplicaResponse["partitionErrors"] = [];
    for (const t of req.topicStates) {
      for (const s of t.partitionStates) {
        const key = `${t.topicName}-${s.partitionIndex}`;
        this.removeFetchers([key]);
        const p = this.partitions.get(key);
        if (p !== undefined && s.leaderEpoch >= 0 && s.leaderEpoch < p.leaderEpoch) {
          partitionErrors.push({ topicName: t.topicName, partitionIndex: s.partitionIndex, errorCode: Errors.FENCED_LEADER_EPOCH.code });
          continue;
        }
        if (s.deletePartition) {
          if (p !== undefined) {
            p.close();
            this.partitions.delete(key);
          }
          this.logManager.asyncDelete({ topic: t.topicName, partition: s.partitionIndex });
          this.hwCheckpoint.delete(key);
        } else if (p !== undefined) {
          p.leaderReplicaIdOpt = null;
        }
        this.completeDelayedRequests(key);
        partitionErrors.push({ topicName: t.topicName, partitionIndex: s.partitionIndex, errorCode: 0 });
      }
    }
    return { errorCode: 0, partitionErrors };
  }

  /** Every replica.lag.time.max.ms / 2: each led partition checks for followers out of sync. */
  maybeShrinkIsr(): void {
    for (const p of this.partitions.values()) if (p.isLeader) p.maybeShrinkIsr();
  }

  // --------------------------------------------------------------------------------------------- AlterPartition

  private sendAlterPartition(p: Partition, proposed: ProposedLeaderAndIsr, cb: (error: Errors, result: AlterPartitionPartitionResult | null) => void): void {
    const controllerId = this.metadataCache.getControllerId();
    const host = controllerId === null ? null : this.o.hostOf(controllerId);
    this.trace("replica.alterPartition", { partition: p.key, isr: proposed.isr, leaderEpoch: proposed.leaderEpoch, controller: controllerId });
    if (host === null) {
      this.runtime.schedule(0, () => cb(Errors.NOT_CONTROLLER, null), this.nodeName, "alterPartition.noController");
      return;
    }
    const req: AlterPartitionRequest = {
      apiKey: 56, brokerId: this.brokerId, brokerEpoch: -1,
      topics: [{ topicName: p.topic, partitions: [{ partitionIndex: p.partition, leaderEpoch: proposed.leaderEpoch, newIsr: proposed.isr, leaderRecoveryState: 0, partitionEpoch: proposed.partitionEpoch }] }],
    };
    this.client.send(host, req, (err, resp) => {
      if (err !== null || resp === null) {
        cb(Errors.REQUEST_TIMED_OUT, null);
        return;
      }
      if (resp.errorCode !== 0) {
        cb(Errors.forCode(resp.errorCode), null);
        return;
      }
      const r = resp.topics[0]?.partitions.find((x) => x.partitionIndex === p.partition);
      if (r === undefined) cb(Errors.UNKNOWN_SERVER_ERROR, null);
      else cb(Errors.forCode(r.errorCode), r.errorCode === 0 ? r : null);
    }, { timeoutMs: this.config.requestTimeoutMs, apiVersion: 1 });
  }
}

function partitionResponse(index: number, error: Errors, message: string | null): PartitionProduceResponse {
  return { index, errorCode: error.code, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1, recordErrors: [], errorMessage: message };
}

function nonZeroId(topicId: string): string | null {
  return topicId === "" || topicId === "AAAAAAAAAAAAAAAAAAAAAA" ? null : topicId;
}
