// org.apache.kafka.clients.consumer.internals.OffsetFetcher: ListOffsets requests to partition leaders — for
// positions that need a reset (auto.offset.reset, seekToBeginning/End: earliest = log start offset, latest =
// the high watermark for read_uncommitted / LSO for read_committed, never the LEO) and for the user-facing
// beginningOffsets / endOffsets / offsetsForTimes. Retriable partition errors refresh metadata and retry after
// retry.backoff.ms until the call's deadline.
import { Errors } from "../../../protocol/Errors";
import { TimeoutException } from "../../../protocol/ApiExceptions";
import type { NetworkClient } from "../../../protocol/NetworkClient";
import type { ListOffsetsTopic } from "../../../protocol/messages/ListOffsets";
import type { TopicPartition } from "../../../protocol/TopicPartition";
import type { Runtime } from "../../../sim/Runtime";
import type { Metadata } from "../../common/Metadata";
import { TopicPartitionMap } from "../TopicPartitionMap";
import type { SubscriptionState } from "./SubscriptionState";

export const EARLIEST_TIMESTAMP = -2;
export const LATEST_TIMESTAMP = -1;

export interface ListOffsetResult {
  offset: number;
  timestamp: number;
  leaderEpoch: number | null;
}

export class OffsetFetcher {
  private readonly resetInFlight = new Set<string>();
  private closed = false;

  constructor(
    private readonly runtime: Runtime,
    private readonly node: string,
    private readonly network: NetworkClient,
    private readonly metadata: Metadata,
    private readonly subscriptions: SubscriptionState,
    private readonly opts: { isolationLevel: number; requestTimeoutMs: number; retryBackoffMs: number },
    private readonly onEvent: () => void,
  ) {}

  /** OffsetFetcher.resetPositionsIfNeeded: one ListOffsets per partition awaiting a reset. */
  resetPositionsIfNeeded(): void {
    const want = new TopicPartitionMap<number>();
    const strategies = new Map<string, "earliest" | "latest">();
    let cluster: ReturnType<Metadata["fetch"]> | null = null;
    for (const s of this.subscriptions.partitionsNeedingReset()) {
      const key = s.tp.toString();
      if (this.resetInFlight.has(key)) continue;
      // OffsetFetcher.groupListOffsetRequests: a partition whose leader is unknown waits for the metadata update
      // (the next poll after it arrives retries at once) instead of a retry.backoff.ms sleep.
      cluster ??= this.metadata.fetch();
      if (cluster.leaderFor(s.tp.topic, s.tp.partition) === null) {
        this.metadata.add(s.tp.topic);
        this.metadata.requestUpdate();
        this.metadata.poll(); // sends now, or after its own refresh backoff; onUpdate wakes the consumer
        continue;
      }
      const strategy = s.resetStrategy as "earliest" | "latest";
      want.set(s.tp, strategy === "earliest" ? EARLIEST_TIMESTAMP : LATEST_TIMESTAMP);
      strategies.set(key, strategy);
      this.resetInFlight.add(key);
    }
    if (want.size === 0) return;
    this.listOffsets(want, this.runtime.now() + this.opts.requestTimeoutMs, (err, result) => {
      for (const tp of want.keys()) this.resetInFlight.delete(tp.toString());
      if (err === null && result !== null) {
        for (const [tp, r] of result) {
          const s = this.subscriptions.stateOrNull(tp);
          // Still waiting for this very reset (no seek or newer reset meanwhile)?
          if (s === null || r === null || s.resetStrategy !== strategies.get(tp.toString())) continue;
          this.subscriptions.seek(tp, r.offset, r.leaderEpoch);
        }
      }
      this.onEvent();
    });
  }

  /** ListOffsets for each partition (timestamp, or -1 latest / -2 earliest); null entries: no such offset. */
  listOffsets(timestamps: TopicPartitionMap<number>, deadlineMs: number,
    cb: (err: Error | null, result: TopicPartitionMap<ListOffsetResult | null> | null) => void): void {
    const result = new TopicPartitionMap<ListOffsetResult | null>();
    const remaining = new TopicPartitionMap<number>(timestamps);
    let lastError: Error | null = null;
    const attempt = (): void => {
      if (this.closed) return;
      if (remaining.size === 0) {
        cb(null, result);
        return;
      }
      if (this.runtime.now() >= deadlineMs) {
        cb(new TimeoutException(`Failed to get offsets by times in ${Math.max(0, deadlineMs - startedAt)}ms`, { cause: lastError ?? undefined }), null);
        return;
      }
      const cluster = this.metadata.fetch();
      const byNode = new Map<number, { dest: string; topics: Map<string, ListOffsetsTopic> }>();
      for (const [tp, ts] of remaining) {
        const leader = cluster.leaderFor(tp.topic, tp.partition);
        if (leader === null) {
          this.metadata.add(tp.topic);
          this.metadata.requestUpdate();
          continue;
        }
        let req = byNode.get(leader.id);
        if (req === undefined) byNode.set(leader.id, (req = { dest: `${leader.host}:${leader.port}`, topics: new Map() }));
        let t = req.topics.get(tp.topic);
        if (t === undefined) req.topics.set(tp.topic, (t = { name: tp.topic, partitions: [] }));
        t.partitions.push({ partitionIndex: tp.partition, currentLeaderEpoch: -1, timestamp: ts });
      }
      let outstanding = byNode.size;
      const retryLater = (): void => {
        this.metadata.poll();
        this.runtime.schedule(this.opts.retryBackoffMs, attempt, this.node, "consumer.listOffsetsBackoff");
      };
      if (outstanding === 0) {
        retryLater();
        return;
      }
      for (const req of byNode.values()) {
        this.network.send(req.dest, { apiKey: 2, replicaId: -1, isolationLevel: this.opts.isolationLevel, topics: [...req.topics.values()] }, (err, response) => {
          if (err !== null || response === null) {
            lastError = err;
            this.metadata.requestUpdate();
          } else {
            for (const t of response.topics) {
              for (const p of t.partitions) {
                const tp = { topic: t.name, partition: p.partitionIndex } as TopicPartition;
                const error = Errors.forCode(p.errorCode);
                if (error === Errors.NONE) {
                  const key = [...remaining.keys()].find((k) => k.topic === tp.topic && k.partition === tp.partition);
                  if (key === undefined) continue;
                  result.set(key, p.offset >= 0 ? { offset: p.offset, timestamp: p.timestamp, leaderEpoch: p.leaderEpoch >= 0 ? p.leaderEpoch : null } : null);
                  remaining.delete(key);
                } else {
                  lastError = error.exception();
                  this.metadata.requestUpdate();
                }
              }
            }
          }
          if (--outstanding === 0) {
            if (remaining.size === 0) attempt();
            else retryLater();
          }
        }, { timeoutMs: this.opts.requestTimeoutMs });
      }
    };
    const startedAt = this.runtime.now();
    attempt();
  }

  close(): void {
    this.closed = true;
  }
}
