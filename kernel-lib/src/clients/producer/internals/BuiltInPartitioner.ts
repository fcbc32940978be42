// org.apache.kafka.clients.producer.internals.BuiltInPartitioner (KIP-794, Kafka 3.3+): the uniform sticky
// partitioner for keyless records, one per topic. A topic sticks to one partition until `batch.size` bytes were
// produced to it and its batches are full (or unconditionally at 2 x batch.size); then the next partition is
// drawn at random — uniformly among partitions with a leader, or (adaptive partitioning) weighted towards
// partitions whose leaders have shorter queues, from the queue sizes the accumulator collects at each ready().
import { IllegalArgumentException } from "../../../sim/errors";
import type { SeededRandom } from "../../../sim/SeededRandom";
import type { Cluster } from "../../common/Cluster";
import { toPositive } from "../../../protocol/Utils";

/** The current sticky partition and the bytes produced to it since it was chosen. */
export class StickyPartitionInfo {
  producedBytes = 0;
  constructor(readonly index: number) {}

  partition(): number {
    return this.index;
  }
}

interface PartitionLoadStats {
  cumulativeFrequencyTable: Int32Array;
  partitionIds: Int32Array;
  length: number;
}

export class BuiltInPartitioner {
  private partitionLoadStats: PartitionLoadStats | null = null;
  private stickyPartitionInfo: StickyPartitionInfo | null = null;

  constructor(readonly topic: string, private readonly stickyBatchSize: number, private readonly random: SeededRandom) {
    if (stickyBatchSize < 1) throw new IllegalArgumentException("stickyBatchSize must be >= 1 but got " + stickyBatchSize);
  }

  /** The current sticky partition (chosen now if there is none). */
  peekCurrentPartitionInfo(cluster: Cluster): StickyPartitionInfo {
    if (this.stickyPartitionInfo === null) this.stickyPartitionInfo = new StickyPartitionInfo(this.nextPartition(cluster));
    return this.stickyPartitionInfo;
  }

  /** Whether `info` is no longer the current sticky partition. */
  isPartitionChanged(info: StickyPartitionInfo | null): boolean {
    return info !== null && this.stickyPartitionInfo !== info;
  }

  /**
   * After an append of `appendedBytes`: switch when batch.size bytes were produced and the partition's batches
   * are all full (`enableSwitch`), or at 2 x batch.size regardless.
   */
  updatePartitionInfo(info: StickyPartitionInfo | null, appendedBytes: number, cluster: Cluster, enableSwitch = true): void {
    if (info === null) return;
    const producedBytes = (info.producedBytes += appendedBytes);
    if ((producedBytes >= this.stickyBatchSize && enableSwitch) || producedBytes >= this.stickyBatchSize * 2) {
      this.stickyPartitionInfo = new StickyPartitionInfo(this.nextPartition(cluster));
    }
  }

  /**
   * Queue sizes (batches per partition with a leader) from RecordAccumulator.ready; null disables adaptive
   * choice. Equal queues (and no partition excluded) mean plain uniform choice.
   */
  updatePartitionLoadStats(queueSizes: Int32Array | null, partitionIds: Int32Array | null, length: number): void {
    if (queueSizes === null || partitionIds === null || length < 1 || queueSizes.length < 2) {
      this.partitionLoadStats = null;
      return;
    }
    let maxSizePlus1 = queueSizes[0]!;
    let allEqual = true;
    for (let i = 1; i < length; i++) {
      if (queueSizes[i] !== maxSizePlus1) allEqual = false;
      if (queueSizes[i]! > maxSizePlus1) maxSizePlus1 = queueSizes[i]!;
    }
    ++maxSizePlus1;
    if (allEqual && length === queueSizes.length) {
      this.partitionLoadStats = null;
      return;
    }
    // Invert (shorter queue = larger weight) and fold into a cumulative frequency table, in place.
    queueSizes[0] = maxSizePlus1 - queueSizes[0]!;
    for (let i = 1; i < length; i++) queueSizes[i] = maxSizePlus1 - queueSizes[i]! + queueSizes[i - 1]!;
    this.partitionLoadStats = { cumulativeFrequencyTable: queueSizes, partitionIds, length };
  }

  /** The end of the weighted random range when load stats are in use (for tests). */
  loadStatsRangeEnd(): number | null {
    const s = this.partitionLoadStats;
    return s === null ? null : s.cumulativeFrequencyTable[s.length - 1]!;
  }

  private nextPartition(cluster: Cluster): number {
    const random = toPositive(this.random.nextInt());
    const stats = this.partitionLoadStats;
    if (stats === null) {
      const available = cluster.availablePartitionsForTopic(this.topic);
      if (available.length > 0) return available[random % available.length]!.partition;
      return random % cluster.partitionsForTopic(this.topic).length;
    }
    const cft = stats.cumulativeFrequencyTable;
    const weightedRandom = random % cft[stats.length - 1]!;
    // The first entry strictly greater than weightedRandom (Arrays.binarySearch + insertion point).
    let lo = 0;
    let hi = stats.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cft[mid]! > weightedRandom) hi = mid;
      else lo = mid + 1;
    }
    return stats.partitionIds[lo]!;
  }
}
