// org.apache.kafka.clients.consumer.ConsumerRecords: what one poll() returns, grouped by partition (in the order
// the partitions' data arrived), iterable over all records.
import type { TopicPartition } from "../../protocol/TopicPartition";
import type { ConsumerRecord } from "./ConsumerRecord";

export class ConsumerRecords<K = unknown, V = unknown> implements Iterable<ConsumerRecord<K, V>> {
  private static readonly EMPTY_LIST: readonly never[] = [];

  constructor(private readonly byPartition: ReadonlyMap<string, { tp: TopicPartition; records: ConsumerRecord<K, V>[] }> = new Map()) {}

  static empty<K, V>(): ConsumerRecords<K, V> {
    return new ConsumerRecords<K, V>();
  }

  /** The records of one partition (empty if none). */
  records(tp: TopicPartition): readonly ConsumerRecord<K, V>[];
  /** The records of one topic, over all its partitions. */
  records(topic: string): readonly ConsumerRecord<K, V>[];
  records(which: TopicPartition | string): readonly ConsumerRecord<K, V>[] {
    if (typeof which !== "string") return this.byPartition.get(which.toString())?.records ?? ConsumerRecords.EMPTY_LIST;
    const out: ConsumerRecord<K, V>[] = [];
    for (const e of this.byPartition.values()) if (e.tp.topic === which) out.push(...e.records);
    return out;
  }

  /** The partitions that have records in this set. */
  partitions(): TopicPartition[] {
    return [...this.byPartition.values()].map((e) => e.tp);
  }

  count(): number {
    let n = 0;
    for (const e of this.byPartition.values()) n += e.records.length;
    return n;
  }

  isEmpty(): boolean {
    return this.byPartition.size === 0;
  }

  // A plain iterator, not a generator: `for (const r of records)` is the consumer's per-record hot loop.
  [Symbol.iterator](): IterableIterator<ConsumerRecord<K, V>> {
    const lists = this.byPartition.values();
    let list: ConsumerRecord<K, V>[] = [];
    let i = 0;
    return {
      [Symbol.iterator]() {
        return this;
      },
      next: (): IteratorResult<ConsumerRecord<K, V>> => {
        while (i >= list.length) {
          const n = lists.next();
          if (n.done === true) return { done: true, value: undefined };
          list = n.value.records;
          i = 0;
        }
        return { done: false, value: list[i++]! };
      },
    };
  }

  /** All records as an array, in iteration order. */
  toArray(): ConsumerRecord<K, V>[] {
    return [...this];
  }
}
