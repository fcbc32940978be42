// org.apache.kafka.clients.producer.internals.RecordAccumulator: per-partition queues of ProducerBatch. send()
// appends to the last open batch of the record's partition or opens a new one (sized max(batch.size, record),
// counted against buffer.memory); the Sender asks which leaders have sendable data (ready: a full batch, linger.ms
// passed, memory exhausted, flush or close in progress — not while backing off or muted) and drains at most one
// batch per partition per request, round-robin over a node's partitions up to max.request.size. Keyless records
// get their partition here from the topic's BuiltInPartitioner.
import type { Node } from "../../../protocol/Node";
import { TopicPartition } from "../../../protocol/TopicPartition";
import { KafkaException } from "../../../protocol/KafkaException";
import type { Runtime } from "../../../sim/Runtime";
import type { SeededRandom } from "../../../sim/SeededRandom";
import { CompressionRatioEstimator, type CompressionType } from "../../../storage/compression";
import { RECORD_BATCH_OVERHEAD, type RecordHeader } from "../../../storage/DefaultRecordBatch";
import { recordSizeUpperBound } from "../../../storage/DefaultRecord";
import { MemoryRecordsBuilder } from "../../../storage/MemoryRecordsBuilder";
import type { Cluster } from "../../common/Cluster";
import { UNKNOWN_PARTITION } from "../RecordMetadata";
import { BufferPool } from "./BufferPool";
import { BuiltInPartitioner, type StickyPartitionInfo } from "./BuiltInPartitioner";
import type { FutureRecordMetadata } from "./FutureRecordMetadata";
import { ProducerBatch } from "./ProducerBatch";

export interface RecordAccumulatorOptions {
  batchSize: number;
  compression: CompressionType;
  compressionLevel: number | undefined;
  lingerMs: number;
  deliveryTimeoutMs: number;
  bufferMemory: number;
  enableAdaptivePartitioning: boolean;
  partitionAvailabilityTimeoutMs: number;
}

/** What an append did (RecordAccumulator.RecordAppendResult). */
export interface RecordAppendResult {
  /** The partition the record went to (the built-in partitioner's choice for keyless records). */
  partition: number;
  batchIsFull: boolean;
  newBatchCreated: boolean;
  /** A custom partitioner asked to be told before a new batch is made (abortOnNewBatch). */
  abortForNewBatch: boolean;
  /** > 0: a new batch of this many bytes is needed and buffer.memory has not enough: the send must wait. */
  needMemory: number;
  appendedBytes: number;
}

export interface ReadyCheckResult {
  readyNodes: Map<number, Node>;
  nextReadyCheckDelayMs: number;
  unknownLeaderTopics: Set<string>;
}

class TopicInfo {
  readonly batches = new Map<number, ProducerBatch[]>();
  constructor(readonly builtInPartitioner: BuiltInPartitioner) {}
}

/** RecordAccumulator.NodeLatencyStats: when a node last had data ready, and last could be drained. */
interface NodeLatencyStats {
  readyTimeMs: number;
  drainTimeMs: number;
}

export class RecordAccumulator {
  private readonly topicInfoMap = new Map<string, TopicInfo>();
  private readonly muted = new Set<string>();
  private readonly nodesDrainIndex = new Map<number, number>();
  private readonly nodeStats = new Map<number, NodeLatencyStats>();
  /** Batches created and not yet completed (RecordAccumulator.incomplete). */
  readonly incomplete = new Set<ProducerBatch>();
  readonly free: BufferPool;
  readonly compressionRatioEstimator = new CompressionRatioEstimator();
  private flushesInProgress = 0;
  private closed = false;
  private nextBatchExpiryTimeMs = Infinity;
  /** Sends waiting for buffer memory (set by the producer): all partitions count as ready meanwhile. */
  memoryWaiters = 0;
  private lastTopic: string | null = null;
  private lastTopicInfo: TopicInfo | null = null;
  /** append() answers in this one object (read at once by the producer): no allocation per record. */
  private readonly appendResult: RecordAppendResult = {
    partition: UNKNOWN_PARTITION, batchIsFull: false, newBatchCreated: false, abortForNewBatch: false, needMemory: 0, appendedBytes: 0,
  };

  constructor(private readonly runtime: Runtime, private readonly opts: RecordAccumulatorOptions, private readonly random: SeededRandom) {
    this.free = new BufferPool(opts.bufferMemory, opts.batchSize);
  }

  private topicInfo(topic: string): TopicInfo {
    // A run of sends to one topic skips the map (topics are never removed from it).
    if (topic === this.lastTopic) return this.lastTopicInfo!;
    let info = this.topicInfoMap.get(topic);
    if (info === undefined) {
      info = new TopicInfo(new BuiltInPartitioner(topic, this.opts.batchSize, this.random));
      this.topicInfoMap.set(topic, info);
    }
    this.lastTopic = topic;
    this.lastTopicInfo = info;
    return info;
  }

  builtInPartitioner(topic: string): BuiltInPartitioner {
    return this.topicInfo(topic).builtInPartitioner;
  }

  /** The queue of a partition, if any (tests and displays). */
  getDeque(topic: string, partition: number): readonly ProducerBatch[] | undefined {
    return this.topicInfoMap.get(topic)?.batches.get(partition);
  }

  private dequeFor(info: TopicInfo, partition: number): ProducerBatch[] {
    let dq = info.batches.get(partition);
    if (dq === undefined) info.batches.set(partition, (dq = []));
    return dq;
  }

  /**
   * RecordAccumulator.append: into the partition's last batch, or a new batch. `partition` may be
   * UNKNOWN_PARTITION (-1): the topic's sticky partition is used and possibly switched afterwards.
   * The result object is reused by the next call: read it before appending again.
   */
  append(topic: string, partition: number, timestamp: number, key: Uint8Array | null, value: Uint8Array | null,
    headers: RecordHeader[] | undefined, future: FutureRecordMetadata, abortOnNewBatch: boolean, nowMs: number, cluster: Cluster): RecordAppendResult {
    if (this.closed) throw new KafkaException("Producer closed while send in progress");
    const info = this.topicInfo(topic);
    let partitionInfo: StickyPartitionInfo | null = null;
    let effectivePartition = partition;
    for (;;) {
      if (partition === UNKNOWN_PARTITION) {
        partitionInfo = info.builtInPartitioner.peekCurrentPartitionInfo(cluster);
        effectivePartition = partitionInfo.partition();
      }
      const dq = this.dequeFor(info, effectivePartition);
      // A switch disabled earlier (incomplete batch) completes once the partition's batches are full.
      if (partitionInfo !== null && allBatchesFull(dq)) {
        info.builtInPartitioner.updatePartitionInfo(partitionInfo, 0, cluster, true);
        if (info.builtInPartitioner.isPartitionChanged(partitionInfo)) continue;
      }
      const last = dq.length > 0 ? dq[dq.length - 1]! : undefined;
      if (last !== undefined) {
        const appendedBytes = last.tryAppend(timestamp, key, value, headers, future);
        if (appendedBytes >= 0) {
          info.builtInPartitioner.updatePartitionInfo(partitionInfo, appendedBytes, cluster, allBatchesFull(dq));
          return this.result(effectivePartition, dq.length > 1 || last.isFull(), false, false, 0, appendedBytes);
        }
        last.closeForRecordAppends();
      }
      if (abortOnNewBatch) {
        return this.result(effectivePartition, false, false, true, 0, 0);
      }
      const size = Math.max(this.opts.batchSize, RECORD_BATCH_OVERHEAD + recordSizeUpperBound(key, value, headers));
      if (!this.free.canAllocate(size, this.memoryWaiters)) {
        return this.result(effectivePartition, false, false, false, size, 0);
      }
      this.free.allocate(size);
      const builder = new MemoryRecordsBuilder({ compression: this.opts.compression, compressionLevel: this.opts.compressionLevel, writeLimit: size },
        Math.min(size, 1 << 20));
      builder.setEstimatedCompressionRatio(this.compressionRatioEstimator.estimation(topic, this.opts.compression));
      const batch = new ProducerBatch(new TopicPartition(topic, effectivePartition), builder, nowMs, size, this.runtime);
      batch.tryAppend(timestamp, key, value, headers, future);
      dq.push(batch);
      this.incomplete.add(batch);
      const appendedBytes = batch.estimatedSizeInBytes();
      info.builtInPartitioner.updatePartitionInfo(partitionInfo, appendedBytes, cluster, allBatchesFull(dq));
      return this.result(effectivePartition, dq.length > 1 || batch.isFull(), true, false, 0, appendedBytes);
    }
  }

  private result(partition: number, batchIsFull: boolean, newBatchCreated: boolean, abortForNewBatch: boolean, needMemory: number,
    appendedBytes: number): RecordAppendResult {
    const r = this.appendResult;
    r.partition = partition;
    r.batchIsFull = batchIsFull;
    r.newBatchCreated = newBatchCreated;
    r.abortForNewBatch = abortForNewBatch;
    r.needMemory = needMemory;
    r.appendedBytes = appendedBytes;
    return r;
  }

  /** The sticky partition a keyless record of `topic` would get now (for the send path's bookkeeping). */
  stickyPartition(topic: string, cluster: Cluster): number {
    return this.topicInfo(topic).builtInPartitioner.peekCurrentPartitionInfo(cluster).partition();
  }

  mutePartition(tp: TopicPartition): void {
    this.muted.add(tp.toString());
  }

  unmutePartition(tp: TopicPartition): void {
    this.muted.delete(tp.toString());
  }

  private isMuted(topic: string, partition: number): boolean {
    return this.muted.size > 0 && this.muted.has(`${topic}-${partition}`);
  }

  private shouldBackoff(batch: ProducerBatch, waitedTimeMs: number): boolean {
    return batch.attempts > 0 && waitedTimeMs < batch.retryBackoffMs && !batch.leaderChangedDuringRetry;
  }

  /** RecordAccumulator.ready: leaders with sendable data, the delay until more may become sendable, leaderless topics. */
  ready(cluster: Cluster, nowMs: number): ReadyCheckResult {
    const readyNodes = new Map<number, Node>();
    let nextReadyCheckDelayMs = Infinity;
    const unknownLeaderTopics = new Set<string>();
    const exhausted = this.memoryWaiters > 0;
    const flushing = this.flushesInProgress > 0;
    for (const [topic, info] of this.topicInfoMap) {
      const partitionCount = cluster.partitionsForTopic(topic).length;
      let queueSizes: Int32Array | null = null;
      let partitionIds: Int32Array | null = null;
      // Adaptive partitioning only once every partition of the topic has had a batch (a queue entry).
      if (this.opts.enableAdaptivePartitioning && partitionCount > 0 && info.batches.size >= partitionCount) {
        queueSizes = new Int32Array(info.batches.size);
        partitionIds = new Int32Array(info.batches.size);
      }
      let queueSizesIndex = -1;
      for (const [partition, deque] of info.batches) {
        const p = cluster.partition(topic, partition);
        const leader = p === null ? null : p.leader;
        if (leader !== null && queueSizes !== null) partitionIds![++queueSizesIndex] = partition;
        const batch = deque[0];
        if (batch === undefined) continue;
        batch.maybeUpdateLeaderEpoch(p === null ? -1 : p.leaderEpoch);
        const waitedTimeMs = batch.waitedTimeMs(nowMs);
        const backingOff = this.shouldBackoff(batch, waitedTimeMs);
        const full = deque.length > 1 || batch.isFull();
        if (leader === null) {
          unknownLeaderTopics.add(topic);
          continue;
        }
        if (queueSizes !== null) queueSizes[queueSizesIndex] = deque.length;
        if (this.opts.partitionAvailabilityTimeoutMs > 0) {
          const stats = this.nodeStats.get(leader.id);
          if (stats !== undefined && stats.readyTimeMs - stats.drainTimeMs > this.opts.partitionAvailabilityTimeoutMs) --queueSizesIndex;
        }
        if (readyNodes.has(leader.id) || this.isMuted(topic, partition)) continue;
        // RecordAccumulator.batchReady
        const timeToWaitMs = backingOff ? batch.retryBackoffMs : this.opts.lingerMs;
        const expired = waitedTimeMs >= timeToWaitMs;
        const sendable = full || expired || exhausted || this.closed || flushing;
        if (sendable && !backingOff) readyNodes.set(leader.id, leader);
        else nextReadyCheckDelayMs = Math.min(nextReadyCheckDelayMs, Math.max(timeToWaitMs - waitedTimeMs, 0));
      }
      info.builtInPartitioner.updatePartitionLoadStats(queueSizes, partitionIds, queueSizesIndex + 1);
    }
    return { readyNodes, nextReadyCheckDelayMs, unknownLeaderTopics };
  }

  /** Whether any batch is waiting in a queue (drained or not yet). */
  hasUndrained(): boolean {
    for (const info of this.topicInfoMap.values()) for (const dq of info.batches.values()) if (dq.length > 0) return true;
    return false;
  }

  /** RecordAccumulator.drain: per ready node, at most one batch per partition, up to maxSize bytes. */
  drain(cluster: Cluster, nodes: Iterable<Node>, maxSize: number, now: number): Map<number, ProducerBatch[]> {
    const out = new Map<number, ProducerBatch[]>();
    for (const node of nodes) out.set(node.id, this.drainBatchesForOneNode(cluster, node, maxSize, now));
    return out;
  }

  private drainBatchesForOneNode(cluster: Cluster, node: Node, maxSize: number, now: number): ProducerBatch[] {
    let size = 0;
    const parts = cluster.partitionsForNode(node.id);
    const ready: ProducerBatch[] = [];
    if (parts.length === 0) return ready;
    // Each node has its own drain index so no partition starves.
    let drainIndex = (this.nodesDrainIndex.get(node.id) ?? 0) % parts.length;
    const start = drainIndex;
    do {
      const part = parts[drainIndex]!;
      this.nodesDrainIndex.set(node.id, drainIndex);
      drainIndex = (drainIndex + 1) % parts.length;
      if (this.isMuted(part.topic, part.partition)) continue;
      const dq = this.topicInfoMap.get(part.topic)?.batches.get(part.partition);
      if (dq === undefined || dq.length === 0) continue;
      const first = dq[0]!;
      first.maybeUpdateLeaderEpoch(part.leaderEpoch);
      if (this.shouldBackoff(first, first.waitedTimeMs(now))) continue;
      // A single batch larger than the request size (compression estimate) still goes, alone.
      if (size + first.estimatedSizeInBytes() > maxSize && ready.length > 0) break;
      dq.shift();
      // (An idempotent producer would stamp producer id, epoch and sequence here: TransactionManager seam.)
      const records = first.recordsBuffer();
      if (this.opts.compression !== 0) this.compressionRatioEstimator.updateEstimation(part.topic, this.opts.compression, first.compressionRatio());
      size += records.length;
      ready.push(first);
      first.drained(now);
    } while (start !== drainIndex);
    return ready;
  }

  /** RecordAccumulator.updateNodeLatencyStats (partitioner.availability.timeout.ms). */
  updateNodeLatencyStats(nodeId: number, nowMs: number, canDrain: boolean): void {
    if (this.opts.partitionAvailabilityTimeoutMs <= 0) return;
    let s = this.nodeStats.get(nodeId);
    if (s === undefined) this.nodeStats.set(nodeId, (s = { readyTimeMs: nowMs, drainTimeMs: nowMs }));
    if (canDrain) s.drainTimeMs = nowMs;
    s.readyTimeMs = nowMs;
  }

  /** Batches in the queues past delivery.timeout.ms, removed (oldest first per partition). */
  expiredBatches(now: number): ProducerBatch[] {
    const expired: ProducerBatch[] = [];
    this.nextBatchExpiryTimeMs = Infinity;
    for (const info of this.topicInfoMap.values()) {
      for (const dq of info.batches.values()) {
        while (dq.length > 0) {
          const batch = dq[0]!;
          if (batch.hasReachedDeliveryTimeout(this.opts.deliveryTimeoutMs, now)) {
            dq.shift();
            batch.builder.abort();
            expired.push(batch);
          } else {
            this.maybeUpdateNextBatchExpiryTime(batch);
            break;
          }
        }
      }
    }
    return expired;
  }

  maybeUpdateNextBatchExpiryTime(batch: ProducerBatch): void {
    this.nextBatchExpiryTimeMs = Math.min(this.nextBatchExpiryTimeMs, batch.createdMs + this.opts.deliveryTimeoutMs);
  }

  nextExpiryTimeMs(): number {
    return this.nextBatchExpiryTimeMs;
  }

  /** Puts a failed batch back at the head of its partition's queue for a retry. */
  reenqueue(batch: ProducerBatch, now: number, backoffMs: number): void {
    batch.reenqueued(now, backoffMs);
    const dq = this.dequeFor(this.topicInfo(batch.topicPartition.topic), batch.topicPartition.partition);
    dq.unshift(batch);
  }

  /** The batch is complete: its buffer.memory goes back to the pool. */
  deallocate(batch: ProducerBatch): void {
    if (this.incomplete.delete(batch)) this.free.deallocate(batch.allocatedBytes);
  }

  beginFlush(): void {
    this.flushesInProgress++;
  }

  endFlush(): void {
    this.flushesInProgress = Math.max(0, this.flushesInProgress - 1);
  }

  flushInProgress(): boolean {
    return this.flushesInProgress > 0;
  }

  hasIncomplete(): boolean {
    return this.incomplete.size > 0;
  }

  /** No more appends; everything queued becomes sendable. */
  close(): void {
    this.closed = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Batches still in queues (not in flight), removed: for a forced close. */
  drainAllUnsent(): ProducerBatch[] {
    const out: ProducerBatch[] = [];
    for (const info of this.topicInfoMap.values()) {
      for (const dq of info.batches.values()) {
        out.push(...dq);
        dq.length = 0;
      }
    }
    return out;
  }
}

function allBatchesFull(dq: readonly ProducerBatch[]): boolean {
  const last = dq.length > 0 ? dq[dq.length - 1] : undefined;
  return last === undefined || last.isFull();
}
