// The runtime's clock (Kafka's org.apache.kafka.common.utils.Time, reduced to what the engine needs).

export interface Clock {
  /** Milliseconds since the epoch, an integer (Time.milliseconds). */
  now(): number;
  /** The same instant with its sub-millisecond fraction (network latencies are fractional ms). */
  nowPrecise(): number;
}
