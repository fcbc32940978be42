// org.apache.kafka.clients.consumer.internals.Fetcher (+ AbstractFetch, FetchCollector, CompletedFetch): sends
// Fetch requests to partition leaders — at most one in flight per broker, only for fetchable partitions
// (assigned, not paused, with a valid position) that have no data buffered — and turns the returned batches
// into ConsumerRecords at poll() time, max.poll.records at a time. The broker serves consumers up to the high
// watermark (LSO for read_committed), so nothing beyond it ever arrives here. Batches start at a batch boundary at
// or before the fetch offset: records below the position are skipped; control batches (transaction markers) are
// never returned but move the position past them; read_committed drops aborted transactional batches.
import { Errors } from "../../../protocol/Errors";
import { OffsetOutOfRangeException } from "../../../protocol/ApiExceptions";
import { KafkaException } from "../../../protocol/KafkaException";
import type { NetworkClient } from "../../../protocol/NetworkClient";
import type { FetchPartitionData, FetchRequest, FetchTopic } from "../../../protocol/messages/Fetch";
import type { TopicPartition } from "../../../protocol/TopicPartition";
import { parseControlRecordTypeId } from "../../../storage/ControlRecordType";
import { decodeRecords, isControl, isTransactional, lastOffsetOf, timestampTypeOf, verifyBatch, type Record } from "../../../storage/DefaultRecordBatch";
import { batchesIn, type BatchEntry } from "../../../storage/MemoryRecords";
import type { Metadata } from "../../common/Metadata";
import type { Deserializer } from "../../common/serialization/Deserializer";
import { ConsumerRecord, NULL_SIZE } from "../ConsumerRecord";
import type { SubscriptionState, TopicPartitionState } from "./SubscriptionState";

export interface FetchConfig {
  minBytes: number;
  maxBytes: number;
  maxWaitMs: number;
  fetchSize: number;
  maxPollRecords: number;
  checkCrcs: boolean;
  /** 0 read_uncommitted, 1 read_committed. */
  isolationLevel: number;
  requestTimeoutMs: number;
}

/** One partition's data from one fetch response, consumed across polls (CompletedFetch). */
class CompletedFetch {
  private batches: Generator<BatchEntry> | null;
  private records: Record[] | null = null;
  private recordIndex = 0;
  private batch: BatchEntry | null = null;
  /** Producer ids whose aborted transactions are open in the range read so far (read_committed). */
  private readonly abortedProducerIds = new Set<number>();
  private readonly abortedTxns: { producerId: number; firstOffset: number }[];

  /** The position the partition must still be at for this data to be valid. */
  nextPosition: number;

  constructor(readonly state: TopicPartitionState, readonly fetchOffset: number, readonly data: FetchPartitionData) {
    this.nextPosition = fetchOffset;
    this.batches = data.records !== null && data.records.length > 0 ? batchesIn(data.records) : null;
    this.abortedTxns = (data.abortedTransactions ?? []).slice().sort((a, b) => a.firstOffset - b.firstOffset);
  }

  get isConsumed(): boolean {
    return this.batches === null;
  }

  /** Appends up to `max` records at or above the position to `out`, advancing the position; returns how many. */
  drain<K, V>(max: number, out: ConsumerRecord<K, V>[], cfg: FetchConfig, keyDes: Deserializer<K>, valueDes: Deserializer<V>): number {
    const s = this.state;
    const tp = s.tp;
    const buf = this.data.records as Buffer;
    let n = 0;
    while (n < max && this.batches !== null) {
      if (this.records === null) {
        const next = this.batches.next();
        if (next.done === true) {
          this.batches = null;
          break;
        }
        const b = next.value;
        const h = b.header;
        const last = lastOffsetOf(h);
        if (last < (s.position as number)) continue; // a batch wholly below the position (index granularity)
        if (cfg.checkCrcs) {
          try {
            verifyBatch(buf, b.position);
          } catch (e) {
            this.batches = null;
            throw new KafkaException("Received exception when fetching the next record from " + tp.toString() +
              ". If needed, please seek past the record to continue consumption.", { cause: e });
          }
        }
        if (cfg.isolationLevel === 1) {
          while (this.abortedTxns.length > 0 && this.abortedTxns[0].firstOffset <= last) {
            this.abortedProducerIds.add((this.abortedTxns.shift() as { producerId: number }).producerId);
          }
        }
        if (isControl(h)) {
          // Transaction markers are never returned; an ABORT marker closes that producer's aborted range.
          if (cfg.isolationLevel === 1 && isTransactional(h)) {
            const recs = decodeRecords(buf, b.position);
            if (recs.length > 0 && parseControlRecordTypeId(recs[0].key) === 0) this.abortedProducerIds.delete(h.producerId);
          }
          s.position = last + 1;
          continue;
        }
        if (cfg.isolationLevel === 1 && isTransactional(h) && this.abortedProducerIds.has(h.producerId)) {
          s.position = last + 1; // an aborted transaction's batch
          continue;
        }
        this.batch = b;
        this.records = decodeRecords(buf, b.position);
        this.recordIndex = 0;
      }
      const b = this.batch as BatchEntry;
      const h = b.header;
      const recs = this.records;
      const timestampType = timestampTypeOf(h);
      const epoch = h.partitionLeaderEpoch >= 0 ? h.partitionLeaderEpoch : null;
      while (n < max && this.recordIndex < recs.length) {
        const r = recs[this.recordIndex++];
        if (r.offset < (s.position as number)) continue;
        const timestamp = timestampType === "LogAppendTime" ? h.maxTimestamp : r.timestamp;
        const key = keyDes.deserialize(tp.topic, r.key, r.headers);
        const value = valueDes.deserialize(tp.topic, r.value, r.headers);
        out.push(new ConsumerRecord<K, V>(tp.topic, tp.partition, r.offset, timestamp, timestampType,
          r.key === null ? NULL_SIZE : r.key.length, r.value === null ? NULL_SIZE : r.value.length, key, value, r.headers, epoch));
        s.position = r.offset + 1;
        s.positionLeaderEpoch = epoch;
        n++;
      }
      if (this.recordIndex >= recs.length) {
        // Batch done: the next fetch starts after it even if its tail records were compacted away.
        s.position = Math.max(s.position as number, lastOffsetOf(h) + 1);
        this.records = null;
        this.batch = null;
      }
    }
    return n;
  }
}

export class Fetcher<K, V> {
  private readonly completed: CompletedFetch[] = [];
  private readonly inFlightNodes = new Set<number>();
  /** An error to raise at the next collect (OffsetOutOfRange without reset policy, ...). */
  private pendingError: Error | null = null;
  private closed = false;

  constructor(
    private readonly network: NetworkClient,
    private readonly metadata: Metadata,
    private readonly subscriptions: SubscriptionState,
    private readonly cfg: FetchConfig,
    private readonly keyDeserializer: Deserializer<K>,
    private readonly valueDeserializer: Deserializer<V>,
    /** Called when a response arrived (the consumer re-evaluates a pending poll). */
    private readonly onEvent: () => void,
  ) {}

  hasCompletedFetches(): boolean {
    return this.completed.length > 0;
  }

  hasInFlightFetches(): boolean {
    return this.inFlightNodes.size > 0;
  }

  /** Hands out up to max.poll.records records from buffered data (FetchCollector.collectFetch). */
  collectFetch(): Map<string, { tp: TopicPartition; records: ConsumerRecord<K, V>[] }> {
    if (this.pendingError !== null) {
      const e = this.pendingError;
      this.pendingError = null;
      throw e;
    }
    const out = new Map<string, { tp: TopicPartition; records: ConsumerRecord<K, V>[] }>();
    let remaining = this.cfg.maxPollRecords;
    const paused: CompletedFetch[] = [];
    while (remaining > 0 && this.completed.length > 0) {
      const cf = this.completed[0];
      const s = cf.state;
      // Dropped if the partition was revoked or the position moved (seek, reset) since the data was fetched.
      if (this.subscriptions.stateOrNull(s.tp) !== s || !s.hasValidPosition() || s.position !== cf.nextPosition) {
        this.completed.shift();
        continue;
      }
      if (s.paused) {
        paused.push(this.completed.shift() as CompletedFetch); // kept for resume, as Kafka keeps paused data
        continue;
      }
      const key = s.tp.toString();
      let entry = out.get(key);
      const list: ConsumerRecord<K, V>[] = entry?.records ?? [];
      const n = cf.drain(remaining, list, this.cfg, this.keyDeserializer, this.valueDeserializer);
      cf.nextPosition = s.position as number;
      if (n > 0 && entry === undefined) out.set(key, (entry = { tp: s.tp, records: list }));
      remaining -= n;
      if (cf.isConsumed) this.completed.shift();
    }
    if (paused.length > 0) this.completed.unshift(...paused);
    return out;
  }

  /** Sends a Fetch to every leader of fetchable partitions that has none in flight (AbstractFetch.prepareFetchRequests). */
  sendFetches(): void {
    if (this.closed) return;
    const buffered = new Set(this.completed.map((c) => c.state.tp.toString()));
    const cluster = this.metadata.fetch();
    const byNode = new Map<number, { dest: string; topics: Map<string, FetchTopic>; states: Map<string, { state: TopicPartitionState; offset: number }> }>();
    for (const s of this.subscriptions.states()) {
      if (!this.subscriptions.isFetchable(s) || buffered.has(s.tp.toString())) continue;
      const leader = cluster.leaderFor(s.tp.topic, s.tp.partition);
      if (leader === null) {
        this.metadata.requestUpdate();
        continue;
      }
      if (this.inFlightNodes.has(leader.id)) continue;
      let req = byNode.get(leader.id);
      if (req === undefined) byNode.set(leader.id, (req = { dest: `${leader.host}:${leader.port}`, topics: new Map(), states: new Map() }));
      let t = req.topics.get(s.tp.topic);
      if (t === undefined) req.topics.set(s.tp.topic, (t = { topic: s.tp.topic, partitions: [] }));
      t.partitions.push({ partition: s.tp.partition, currentLeaderEpoch: -1, fetchOffset: s.position as number, lastFetchedEpoch: -1,
        logStartOffset: -1, partitionMaxBytes: this.cfg.fetchSize });
      req.states.set(s.tp.toString(), { state: s, offset: s.position as number });
    }
    for (const [nodeId, req] of byNode) {
      const body: FetchRequest & { apiKey: 1 } = {
        apiKey: 1, replicaId: -1, maxWaitMs: this.cfg.maxWaitMs, minBytes: this.cfg.minBytes, maxBytes: this.cfg.maxBytes,
        isolationLevel: this.cfg.isolationLevel, sessionId: 0, sessionEpoch: -1, topics: [...req.topics.values()], forgottenTopicsData: [], rackId: "",
      };
      this.inFlightNodes.add(nodeId);
      this.network.send(req.dest, body, (err, response) => {
        this.inFlightNodes.delete(nodeId);
        if (this.closed) return;
        if (err !== null || response === null) {
          this.metadata.requestUpdate();
        } else {
          for (const t of response.responses) {
            for (const p of t.partitions) {
              const sent = req.states.get(`${t.topic}-${p.partitionIndex}`);
              if (sent !== undefined) this.handlePartition(sent.state, sent.offset, p);
            }
          }
        }
        this.onEvent();
      }, { timeoutMs: this.cfg.requestTimeoutMs + this.cfg.maxWaitMs });
    }
  }

  private handlePartition(s: TopicPartitionState, fetchOffset: number, p: FetchPartitionData): void {
    // Ignore data for partitions no longer assigned or whose position moved meanwhile.
    if (this.subscriptions.stateOrNull(s.tp) !== s || s.position !== fetchOffset) return;
    const error = Errors.forCode(p.errorCode);
    if (error === Errors.NONE) {
      s.highWatermark = p.highWatermark;
      s.logStartOffset = p.logStartOffset;
      s.lastStableOffset = p.lastStableOffset;
      if (p.records !== null && p.records.length > 0) this.completed.push(new CompletedFetch(s, fetchOffset, p));
    } else if (error === Errors.OFFSET_OUT_OF_RANGE) {
      if (this.subscriptions.defaultResetStrategy !== "none") {
        this.subscriptions.requestOffsetReset(s.tp, this.subscriptions.defaultResetStrategy);
      } else {
        this.pendingError = new OffsetOutOfRangeException("Fetch position FetchPosition{offset=" + fetchOffset +
          ", offsetEpoch=Optional.empty} is out of range for partition " + s.tp.toString());
      }
    } else if (error === Errors.NOT_LEADER_OR_FOLLOWER || error === Errors.UNKNOWN_TOPIC_OR_PARTITION || error === Errors.LEADER_NOT_AVAILABLE ||
      error === Errors.FENCED_LEADER_EPOCH || error === Errors.UNKNOWN_LEADER_EPOCH || error === Errors.KAFKA_STORAGE_ERROR ||
      error === Errors.REPLICA_NOT_AVAILABLE || error === Errors.OFFSET_NOT_AVAILABLE) {
      this.metadata.requestUpdate();
    } else {
      this.pendingError = new KafkaException("Unexpected error code " + error.code + " while fetching at offset " + fetchOffset + " from topic-partition " + s.tp.toString());
    }
  }

  close(): void {
    this.closed = true;
    this.completed.length = 0;
  }
}
