// A follower's replication loop for every partition led by one source broker (kafka.server.ReplicaFetcherThread
// over AbstractFetcherThread; num.replica.fetchers = 1). Callback-driven: one request in flight at a time, the next
// sent as soon as the previous answer is applied — the leader holds fetches up to replica.fetch.wait.max.ms in its
// purgatory, so this is a long poll, not a busy loop. Errors back off replica.fetch.backoff.ms.
//
// A partition added after a leader change first truncates (§8.5): with leader epochs it asks the leader
// (OffsetForLeaderEpoch) where the follower's latest epoch ended there, truncates to
// min(leader end offset, own end offset of that epoch), and repeats with an older epoch when the follower does not
// know the epoch the leader answered; with `kafkalab.follower.truncation=high-watermark` it truncates to its own HW
// at once (the pre-0.11 rule). Then it fetches from its LEO, appends the leader's batches as they are and sets its
// HW = min(leader HW, own LEO).
import type { NetworkClient } from "../protocol/NetworkClient";
import { Errors } from "../protocol/Errors";
import type { RequestTypes, ResponseTypes } from "../protocol/messages/index";
import type { FetchPartitionData, FetchRequest, FetchResponse, FetchTopic } from "../protocol/messages/Fetch";
import type { OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse } from "../protocol/messages/OffsetForLeaderEpoch";
import type { Runtime } from "../sim/Runtime";
import type { TimerId } from "../sim/Scheduler";
import type { UnifiedLog } from "../storage/log/UnifiedLog";
import { apiErrorOf } from "./ApiError";
import type { KafkaConfig } from "./KafkaConfig";
import type { Partition } from "./Partition";

const UNDEFINED_EPOCH = -1;
const UNDEFINED_EPOCH_OFFSET = -1;

export interface FetcherContext {
  readonly runtime: Runtime;
  readonly brokerId: number;
  readonly nodeName: string;
  readonly client: NetworkClient;
  readonly config: KafkaConfig;
  getPartition(key: string): Partition | undefined;
  trace(kind: string, detail: Record<string, unknown>): void;
  /** Replication bytes in (ReplicationBytesInPerSec). */
  onReplicationBytesIn(bytes: number): void;
}

type FetchStateKind = "truncating" | "fetching";

interface PartitionFetchState {
  readonly key: string;
  readonly topic: string;
  readonly partition: number;
  state: FetchStateKind;
  currentLeaderEpoch: number;
  /** Not before this time (after a partition error). */
  delayedUntil: number;
  /** Bumped on every (re-)add: answers to requests sent for an older generation are ignored. */
  generation: number;
}

export class ReplicaFetcherThread {
  private readonly partitions = new Map<string, PartitionFetchState>();
  private inFlight = false;
  private wakeTimer: TimerId | null = null;
  private stopped = false;
  private generations = 0;
  /** Fetch requests sent (for display). */
  fetchCount = 0;

  constructor(private readonly ctx: FetcherContext, readonly sourceBrokerId: number, readonly sourceNode: string) {}

  get name(): string {
    return `ReplicaFetcherThread-0-${this.sourceBrokerId}`;
  }

  partitionKeys(): string[] {
    return [...this.partitions.keys()];
  }

  get partitionCount(): number {
    return this.partitions.size;
  }

  /** Adds partitions (after a LeaderAndIsr made this broker their follower): truncate first, then fetch. */
  addPartitions(list: { topic: string; partition: number; currentLeaderEpoch: number }[]): void {
    for (const p of list) {
      const key = `${p.topic}-${p.partition}`;
      const st: PartitionFetchState = { key, topic: p.topic, partition: p.partition, state: "truncating", currentLeaderEpoch: p.currentLeaderEpoch, delayedUntil: 0, generation: ++this.generations };
      this.partitions.set(key, st);
      if (this.ctx.config.followerTruncation === "high-watermark") this.truncateToHighWatermark(st);
    }
    this.wake();
  }

  removePartitions(keys: Iterable<string>): void {
    for (const k of keys) this.partitions.delete(k);
  }

  shutdown(): void {
    this.stopped = true;
    this.partitions.clear();
    if (this.wakeTimer !== null) this.ctx.runtime.cancel(this.wakeTimer);
    this.wakeTimer = null;
  }

  private logOf(st: PartitionFetchState): UnifiedLog | null {
    return this.ctx.getPartition(st.key)?.log ?? null;
  }

  /** The pre-0.11 rule: drop everything above the follower's own HW, then fetch from there. */
  private truncateToHighWatermark(st: PartitionFetchState): void {
    const log = this.logOf(st);
    if (log === null) return;
    const hw = log.highWatermark;
    const leo = log.logEndOffset;
    if (hw < leo) {
      log.truncateTo(hw);
      this.ctx.trace("fetcher.truncate", { partition: st.key, rule: "high-watermark", from: leo, to: hw });
    }
    st.state = "fetching";
  }

  /** Schedules the next round now (as an event, never re-entrantly). */
  private wake(delayMs = 0): void {
    if (this.stopped || this.inFlight) return;
    if (this.wakeTimer !== null) {
      if (delayMs > 0) return;
      this.ctx.runtime.cancel(this.wakeTimer);
    }
    this.wakeTimer = this.ctx.runtime.schedule(delayMs, () => {
      this.wakeTimer = null;
      this.doWork();
    }, this.ctx.nodeName, this.name);
  }

  private doWork(): void {
    if (this.stopped || this.inFlight) return;
    const now = this.ctx.runtime.now();
    const ready = [...this.partitions.values()].filter((p) => p.delayedUntil <= now);
    if (ready.length === 0) {
      const next = Math.min(...[...this.partitions.values()].map((p) => p.delayedUntil));
      if (Number.isFinite(next)) this.wake(Math.max(1, next - now));
      return;
    }
    const truncating = ready.filter((p) => p.state === "truncating");
    if (truncating.length > 0 && this.ctx.config.followerTruncation === "high-watermark") this.sendListOffsetsForTruncation(truncating);
    else if (truncating.length > 0) this.sendOffsetForLeaderEpoch(truncating);
    else this.sendFetch(ready);
  }

  // ------------------------------------------------------------------------------------------------ truncation

  private sendOffsetForLeaderEpoch(list: PartitionFetchState[]): void {
    const byTopic = new Map<string, { partition: number; currentLeaderEpoch: number; leaderEpoch: number }[]>();
    const asked: { st: PartitionFetchState; generation: number; epoch: number }[] = [];
    for (const st of list) {
      const log = this.logOf(st);
      if (log === null) {
        this.partitions.delete(st.key);
        continue;
      }
      const epoch = log.latestEpoch();
      if (epoch === null) {
        // No epoch information (an empty or pre-epoch log): fall back to the HW rule (Kafka's legacy path).
        this.truncateToHighWatermark(st);
        continue;
      }
      let parts = byTopic.get(st.topic);
      if (parts === undefined) byTopic.set(st.topic, (parts = []));
      parts.push({ partition: st.partition, currentLeaderEpoch: st.currentLeaderEpoch, leaderEpoch: epoch });
      asked.push({ st, generation: st.generation, epoch });
    }
    if (asked.length === 0) {
      this.wake();
      return;
    }
    const req: OffsetForLeaderEpochRequest = { apiKey: 23, replicaId: this.ctx.brokerId, topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) };
    this.sendToLeader(req, (resp) => this.handleEpochResponse(resp, asked), this.ctx.config.requestTimeoutMs);
  }

  /** One request to the leader at a time: on an error every partition backs off, on an answer the thread goes on. */
  private sendToLeader<K extends 1 | 23>(req: RequestTypes[K] & { apiKey: K }, handle: (resp: ResponseTypes[K]) => void, timeoutMs: number): void {
    this.inFlight = true;
    this.ctx.client.send<K>(this.sourceNode, req, (err, resp) => {
      this.inFlight = false;
      if (this.stopped) return;
      if (err !== null || resp === null) {
        this.backoffAll(err);
        return;
      }
      handle(resp);
      this.wake();
    }, { timeoutMs });
  }

  private handleEpochResponse(resp: OffsetForLeaderEpochResponse, asked: { st: PartitionFetchState; generation: number; epoch: number }[]): void {
    for (const { st, generation } of asked) {
      const cur = this.partitions.get(st.key);
      if (cur === undefined || cur.generation !== generation) continue;
      const r = resp.topics.find((t) => t.topic === st.topic)?.partitions.find((p) => p.partition === st.partition);
      if (r === undefined) continue;
      if (r.errorCode !== Errors.NONE.code) {
        this.delayPartition(st, Errors.forCode(r.errorCode).name);
        continue;
      }
      const log = this.logOf(st);
      if (log === null) continue;
      const t = this.offsetTruncationState(log, r.leaderEpoch, r.endOffset);
      const leo = log.logEndOffset;
      if (t.offset < leo) log.truncateTo(t.offset);
      this.ctx.trace("fetcher.truncate", {
        partition: st.key, rule: "leader-epoch", leaderEpoch: r.leaderEpoch, leaderEndOffset: r.endOffset, from: leo, to: Math.min(t.offset, leo), completed: t.completed,
      });
      if (t.completed) st.state = "fetching";
    }
  }

  /**
   * The pre-0.11 answer to OFFSET_OUT_OF_RANGE (high-watermark rule): ask the leader for its LEO (ListOffsets
   * latest, as a replica) and, when the follower is ahead, truncate to it — whatever was there is gone.
   */
  private sendListOffsetsForTruncation(list: PartitionFetchState[]): void {
    const byTopic = new Map<string, { partitionIndex: number; currentLeaderEpoch: number; timestamp: number }[]>();
    const asked = list.map((st) => ({ st, generation: st.generation }));
    for (const st of list) {
      let parts = byTopic.get(st.topic);
      if (parts === undefined) byTopic.set(st.topic, (parts = []));
      parts.push({ partitionIndex: st.partition, currentLeaderEpoch: st.currentLeaderEpoch, timestamp: -1 });
    }
    this.inFlight = true;
    this.ctx.client.send(this.sourceNode, { apiKey: 2, replicaId: this.ctx.brokerId, isolationLevel: 0,
      topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })) }, (err, resp) => {
      this.inFlight = false;
      if (this.stopped) return;
      if (err !== null || resp === null) {
        this.backoffAll(err);
        return;
      }
      for (const { st, generation } of asked) {
        const cur = this.partitions.get(st.key);
        if (cur === undefined || cur.generation !== generation) continue;
        const r = resp.topics.find((t) => t.name === st.topic)?.partitions.find((p) => p.partitionIndex === st.partition);
        const log = this.logOf(st);
        if (r === undefined || log === null) continue;
        if (r.errorCode !== 0) {
          this.delayPartition(st, Errors.forCode(r.errorCode).name);
          continue;
        }
        const leo = log.logEndOffset;
        if (r.offset < leo) {
          log.truncateTo(r.offset);
          this.ctx.trace("fetcher.truncate", { partition: st.key, rule: "leader-log-end-offset", from: leo, to: r.offset });
        }
        st.state = "fetching";
      }
      this.wake();
    }, { timeoutMs: this.ctx.config.requestTimeoutMs });
  }

  /** AbstractFetcherThread.getOffsetTruncationState (§8.5). */
  private offsetTruncationState(log: UnifiedLog, leaderEpoch: number, leaderEndOffset: number): { offset: number; completed: boolean } {
    const replicaEndOffset = log.logEndOffset;
    if (leaderEndOffset === UNDEFINED_EPOCH_OFFSET) return { offset: log.highWatermark, completed: true };
    if (leaderEpoch === UNDEFINED_EPOCH) return { offset: Math.min(leaderEndOffset, replicaEndOffset), completed: true };
    const follower = log.leaderEpochCache.endOffsetFor(leaderEpoch, replicaEndOffset);
    if (follower.endOffset === UNDEFINED_EPOCH_OFFSET) return { offset: Math.min(leaderEndOffset, replicaEndOffset), completed: true };
    if (follower.epoch !== leaderEpoch) {
      // The follower does not know the leader's epoch: go back to the end of its largest older epoch and ask again.
      return { offset: Math.min(follower.endOffset, replicaEndOffset), completed: false };
    }
    return { offset: Math.min(follower.endOffset, leaderEndOffset, replicaEndOffset), completed: true };
  }

  // ---------------------------------------------------------------------------------------------------- fetch

  private sendFetch(list: PartitionFetchState[]): void {
    const cfg = this.ctx.config;
    const topics = new Map<string, FetchTopic>();
    const sent: { st: PartitionFetchState; generation: number; fetchOffset: number }[] = [];
    for (const st of list) {
      const log = this.logOf(st);
      if (log === null) {
        this.partitions.delete(st.key);
        continue;
      }
      let t = topics.get(st.topic);
      if (t === undefined) topics.set(st.topic, (t = { topic: st.topic, partitions: [] }));
      const fetchOffset = log.logEndOffset;
      t.partitions.push({
        partition: st.partition, currentLeaderEpoch: st.currentLeaderEpoch, fetchOffset, lastFetchedEpoch: log.latestEpoch() ?? -1,
        logStartOffset: log.logStartOffset, partitionMaxBytes: cfg.replicaFetchMaxBytes,
      });
      sent.push({ st, generation: st.generation, fetchOffset });
    }
    if (sent.length === 0) return;
    const req: FetchRequest = {
      apiKey: 1, replicaId: this.ctx.brokerId, maxWaitMs: cfg.replicaFetchWaitMaxMs, minBytes: cfg.replicaFetchMinBytes,
      maxBytes: cfg.replicaFetchResponseMaxBytes, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
      topics: [...topics.values()], forgottenTopicsData: [], rackId: "",
    };
    this.fetchCount++;
    this.sendToLeader(req, (resp) => this.handleFetchResponse(resp, sent), cfg.requestTimeoutMs + cfg.replicaFetchWaitMaxMs);
  }

  private handleFetchResponse(resp: FetchResponse, sent: { st: PartitionFetchState; generation: number; fetchOffset: number }[]): void {
    if (resp.errorCode !== Errors.NONE.code) {
      this.backoffAll(Errors.forCode(resp.errorCode).exception());
      return;
    }
    const byKey = new Map<string, FetchPartitionData>();
    for (const t of resp.responses) for (const p of t.partitions) byKey.set(`${t.topic}-${p.partitionIndex}`, p);
    for (const { st, generation, fetchOffset } of sent) {
      const cur = this.partitions.get(st.key);
      if (cur === undefined || cur.generation !== generation || cur.state !== "fetching") continue;
      const data = byKey.get(st.key);
      const log = this.logOf(st);
      if (data === undefined || log === null || log.logEndOffset !== fetchOffset) continue;
      if (data.errorCode === Errors.NONE.code) {
        this.processPartitionData(st, log, data);
      } else if (data.errorCode === Errors.OFFSET_OUT_OF_RANGE.code) {
        if (fetchOffset < data.logStartOffset) {
          // The leader deleted what the follower needs next: start over at the leader's log start.
          log.truncateFullyAndStartAt(data.logStartOffset);
          this.ctx.trace("fetcher.truncate", { partition: st.key, rule: "out-of-range", to: data.logStartOffset });
        } else {
          st.state = "truncating"; // ahead of the leader: find the divergence point again
        }
      } else {
        this.delayPartition(st, Errors.forCode(data.errorCode).name);
      }
    }
  }

  private processPartitionData(st: PartitionFetchState, log: UnifiedLog, data: FetchPartitionData): void {
    const records = data.records;
    try {
      if (records !== null && records.length > 0) {
        log.appendAsFollower(records);
        this.ctx.onReplicationBytesIn(records.length);
      }
      // Follower HW = min(leader HW, own LEO): it learns of the leader's HW one fetch later (§8.2).
      log.updateHighWatermark(Math.min(data.highWatermark, log.logEndOffset));
      if (data.logStartOffset > log.logStartOffset && data.logStartOffset <= log.highWatermark) {
        log.maybeIncrementLogStartOffset(data.logStartOffset, "LeaderOffsetIncremented");
      }
    } catch (e) {
      const { error, message } = apiErrorOf(e);
      this.ctx.trace("fetcher.error", { partition: st.key, error: error.name, message });
      this.delayPartition(st, error.name);
    }
  }

  private delayPartition(st: PartitionFetchState, reason: string): void {
    st.delayedUntil = this.ctx.runtime.now() + this.ctx.config.replicaFetchBackoffMs;
    this.ctx.trace("fetcher.partitionError", { partition: st.key, error: reason });
  }

  private backoffAll(err: unknown): void {
    this.ctx.trace("fetcher.requestError", { source: this.sourceBrokerId, error: err instanceof Error ? err.name : String(err) });
    this.wake(this.ctx.config.replicaFetchBackoffMs);
  }
}
