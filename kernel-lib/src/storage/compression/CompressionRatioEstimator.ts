import { CompressionType } from "./CompressionType";

// Kafka's producer fills a batch by its *estimated* compressed size: uncompressed bytes x the
// estimated ratio for (topic, codec) x 1.05 (MemoryRecordsBuilder.estimatedBytesWritten). After each
// batch closes, ProducerBatch feeds the observed ratio back (CompressionRatioEstimator.updateEstimation,
// with KAFKA-9700's floor at the observed ratio). The estimate starts at CompressionType.rate = 1.0 for
// every codec, so the first batches of a topic are cut as if nothing compressed, then grow.
// Kafka keeps the table in a JVM-wide static map; here each producer owns one (same arithmetic, in
// float32 like Java's `float`), so runs stay independent and deterministic.

/** The constant speed to increase compression ratio when a batch compresses better than expected. */
export const COMPRESSION_RATIO_IMPROVING_STEP = Math.fround(0.005);
/** The minimum speed to decrease compression ratio when a batch compresses worse than expected. */
export const COMPRESSION_RATIO_DETERIORATE_STEP = Math.fround(0.05);
/** CompressionType.rate: the initial estimate, 1.0 for every codec since KIP-126. */
export const INITIAL_COMPRESSION_RATIO = 1.0;

const CODEC_COUNT = CompressionType.ZSTD + 1;

export class CompressionRatioEstimator {
  private readonly ratios = new Map<string, Float32Array>();

  /** The current estimate for a topic and codec (created at the initial 1.0 if absent). */
  estimation(topic: string, type: CompressionType): number {
    return this.forTopic(topic)[type]!;
  }

  /**
   * Feed back the ratio a closed batch achieved (compressed records bytes / uncompressed records bytes).
   * Worse than expected: jump to the observed ratio, at least +0.05. Better: creep down by 0.005, never
   * below the observed ratio. Returns the new estimate.
   */
  updateEstimation(topic: string, type: CompressionType, observedRatio: number): number {
    const table = this.forTopic(topic);
    const current = table[type]!;
    const observed = Math.fround(observedRatio);
    if (observed > current) table[type] = Math.max(Math.fround(current + COMPRESSION_RATIO_DETERIORATE_STEP), observed);
    else if (observed < current) table[type] = Math.max(Math.fround(current - COMPRESSION_RATIO_IMPROVING_STEP), observed);
    return table[type]!;
  }

  /** Back to the initial estimates for every codec of the topic. */
  resetEstimation(topic: string): void {
    this.forTopic(topic).fill(INITIAL_COMPRESSION_RATIO);
  }

  removeEstimation(topic: string): void {
    this.ratios.delete(topic);
  }

  /** Set an estimate directly (Kafka keeps this for tests; notebooks use it to show the effect). */
  setEstimation(topic: string, type: CompressionType, ratio: number): void {
    this.forTopic(topic)[type] = ratio;
  }

  private forTopic(topic: string): Float32Array {
    let table = this.ratios.get(topic);
    if (table === undefined) {
      table = new Float32Array(CODEC_COUNT).fill(INITIAL_COMPRESSION_RATIO);
      this.ratios.set(topic, table);
    }
    return table;
  }
}
