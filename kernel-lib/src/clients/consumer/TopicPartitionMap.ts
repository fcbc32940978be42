// A Map keyed by TopicPartition that compares keys by value (Java's Map<TopicPartition, V> semantics): JS Maps
// compare object keys by identity, so `offsets.get(new TopicPartition("first", 0))` would otherwise miss.
import { TopicPartition } from "../../protocol/TopicPartition";

export class TopicPartitionMap<V> extends Map<TopicPartition, V> {
  private readonly canonical = new Map<string, TopicPartition>();

  constructor(entries?: Iterable<readonly [TopicPartition, V]> | null) {
    super();
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }

  private key(tp: TopicPartition): TopicPartition | undefined {
    return this.canonical.get(`${tp.topic}-${tp.partition}`);
  }

  override get(tp: TopicPartition): V | undefined {
    const k = this.key(tp);
    return k === undefined ? undefined : super.get(k);
  }

  override has(tp: TopicPartition): boolean {
    return this.key(tp) !== undefined;
  }

  override set(tp: TopicPartition, value: V): this {
    // Map's constructor may call set before our fields exist; there is nothing to canonicalize then.
    if (this.canonical === undefined) return super.set(tp, value);
    let k = this.key(tp);
    if (k === undefined) {
      k = tp instanceof TopicPartition ? tp : new TopicPartition((tp as TopicPartition).topic, (tp as TopicPartition).partition);
      this.canonical.set(`${tp.topic}-${tp.partition}`, k);
    }
    return super.set(k, value);
  }

  override delete(tp: TopicPartition): boolean {
    const k = this.key(tp);
    if (k === undefined) return false;
    this.canonical.delete(`${tp.topic}-${tp.partition}`);
    return super.delete(k);
  }

  override clear(): void {
    this.canonical.clear();
    super.clear();
  }

  /** Kafka's Map.toString: {first-0=..., first-1=...}. */
  override toString(): string {
    return "{" + [...this].map(([k, v]) => `${k.toString()}=${String(v)}`).join(", ") + "}";
  }
}
