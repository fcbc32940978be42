// org.apache.kafka.clients.admin.NewTopic: a topic to create — a partition count and replication factor
// (either may be left to the broker defaults num.partitions / default.replication.factor), or a manual
// replica assignment (partition -> broker ids, as `kafka-topics.sh --replica-assignment` gives), plus configs.

export class NewTopic {
  readonly numPartitions: number | null;
  readonly replicationFactor: number | null;
  readonly replicasAssignments: ReadonlyMap<number, readonly number[]> | null;
  private configMap: Record<string, string> | null = null;

  /**
   * new NewTopic(name, numPartitions?, replicationFactor?) — null/undefined means "the broker's default";
   * new NewTopic(name, replicasAssignments) with a Map (or an object) of partition -> broker ids.
   */
  constructor(name: string, numPartitions?: number | null, replicationFactor?: number | null);
  constructor(name: string, replicasAssignments: ReadonlyMap<number, readonly number[]> | Record<number, readonly number[]>);
  constructor(
    readonly name: string,
    partitionsOrAssignments?: number | null | ReadonlyMap<number, readonly number[]> | Record<number, readonly number[]>,
    replicationFactor?: number | null,
  ) {
    if (partitionsOrAssignments !== null && typeof partitionsOrAssignments === "object") {
      const m = partitionsOrAssignments instanceof Map
        ? partitionsOrAssignments as ReadonlyMap<number, readonly number[]>
        : new Map(Object.entries(partitionsOrAssignments).map(([k, v]) => [Number(k), v as readonly number[]]));
      this.replicasAssignments = m;
      this.numPartitions = null;
      this.replicationFactor = null;
    } else {
      this.numPartitions = partitionsOrAssignments ?? null;
      this.replicationFactor = replicationFactor ?? null;
      this.replicasAssignments = null;
    }
  }

  /** NewTopic.configs(map): topic config overrides (returns this, as Kafka's builder does). */
  configs(configs: Record<string, string> | ReadonlyMap<string, string>): this;
  /** The overrides set so far, or null. */
  configs(): Record<string, string> | null;
  configs(configs?: Record<string, string> | ReadonlyMap<string, string>): this | Record<string, string> | null {
    if (configs === undefined) return this.configMap;
    this.configMap = configs instanceof Map ? Object.fromEntries(configs) : { ...(configs as Record<string, string>) };
    return this;
  }

  /** Kafka's NewTopic.toString. */
  toString(): string {
    const assignments = this.replicasAssignments === null ? "null"
      : "{" + [...this.replicasAssignments].map(([p, r]) => `${p}=[${r.join(", ")}]`).join(", ") + "}";
    const configs = this.configMap === null ? "null" : "{" + Object.entries(this.configMap).map(([k, v]) => `${k}=${v}`).join(", ") + "}";
    return `(name=${this.name}, numPartitions=${this.numPartitions ?? "default"}, replicationFactor=${this.replicationFactor ?? "default"}, ` +
      `replicasAssignments=${assignments}, configs=${configs})`;
  }
}
