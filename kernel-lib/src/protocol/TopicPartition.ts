// org.apache.kafka.common.TopicPartition: a topic name and a partition number, printed `first-0`
// (the same string names the partition's log directory).

export class TopicPartition {
  constructor(readonly topic: string, readonly partition: number) {}

  /** Kafka's `topic-partition` form, e.g. "first-0". Also a handy Map key. */
  toString(): string {
    return `${this.topic}-${this.partition}`;
  }

  equals(other: TopicPartition): boolean {
    return this.topic === other.topic && this.partition === other.partition;
  }

  /** Orders by topic, then partition (the order Kafka's tools print partitions in). */
  static compare(a: TopicPartition, b: TopicPartition): number {
    if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
    return a.partition - b.partition;
  }

  /** Parses "first-0" (the last dash splits: topic names may contain dashes). */
  static parse(s: string): TopicPartition {
    const dash = s.lastIndexOf("-");
    const partition = dash > 0 ? Number(s.slice(dash + 1)) : NaN;
    if (!Number.isInteger(partition) || partition < 0 || s.slice(dash + 1) === "") {
      throw new RangeError(`Invalid topic-partition: ${s}`);
    }
    return new TopicPartition(s.slice(0, dash), partition);
  }
}
