// The result objects of Admin calls, shaped like Kafka's (CreateTopicsResult.all()/values(), ...). Each call
// runs as one request (driven by a runtime deferred); per-item promises are derived from it when asked for,
// so a failure nobody looks at is not an unhandled rejection.
import type { Node } from "../../protocol/Node";
import type { Uuid } from "../../sim/Uuid";
import type { Config } from "./ConfigEntry";
import type { ConfigResource } from "./ConfigResource";
import type { TopicDescription, TopicListing } from "./TopicDescription";

/** Per-item outcome: a value or the exception Kafka would complete the item's future with. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Error };

/** Results keyed by item, settled together when the call completes (or all failed with the call's error). */
class KeyedResult<K, T> {
  constructor(protected readonly keys: readonly K[], private readonly outcomes: Promise<Map<K, Outcome<T>>>) {
    outcomes.catch(() => {});
  }

  /** The future of one item (rejects with its exception). */
  protected valueOf(key: K): Promise<T> {
    return this.outcomes.then((m) => {
      const o = m.get(key);
      if (o === undefined) throw new Error(`No result for ${String(key)}`);
      if (!o.ok) throw o.error;
      return o.value;
    });
  }

  /** Every item's future, by key. */
  protected valueMap(): Map<K, Promise<T>> {
    const m = new Map<K, Promise<T>>();
    for (const k of this.keys) {
      const p = this.valueOf(k);
      p.catch(() => {});
      m.set(k, p);
    }
    return m;
  }

  /** KafkaFuture.allOf: all values, or the first failure in key order. */
  protected allValues(): Promise<Map<K, T>> {
    return this.outcomes.then((m) => {
      const out = new Map<K, T>();
      for (const k of this.keys) {
        const o = m.get(k);
        if (o === undefined) throw new Error(`No result for ${String(k)}`);
        if (!o.ok) throw o.error;
        out.set(k, o.value);
      }
      return out;
    });
  }
}

/** What the broker reports about a created topic (CreateTopicsResult.TopicMetadataAndConfig). */
export interface TopicMetadataAndConfig {
  topicId: Uuid;
  numPartitions: number;
  replicationFactor: number;
  config: Config | null;
}

export class CreateTopicsResult extends KeyedResult<string, TopicMetadataAndConfig> {
  /** One future per topic: resolves when the topic is created. */
  values(): Map<string, Promise<void>> {
    const m = new Map<string, Promise<void>>();
    for (const [k, p] of this.valueMap()) {
      const v = p.then(() => undefined);
      v.catch(() => {});
      m.set(k, v);
    }
    return m;
  }

  /** Resolves when every topic is created; rejects with the first topic's error otherwise. */
  all(): Promise<void> {
    return this.allValues().then(() => undefined);
  }

  topicId(topic: string): Promise<Uuid> {
    return this.valueOf(topic).then((t) => t.topicId);
  }

  numPartitions(topic: string): Promise<number> {
    return this.valueOf(topic).then((t) => t.numPartitions);
  }

  replicationFactor(topic: string): Promise<number> {
    return this.valueOf(topic).then((t) => t.replicationFactor);
  }

  config(topic: string): Promise<Config | null> {
    return this.valueOf(topic).then((t) => t.config);
  }
}

export class DeleteTopicsResult extends KeyedResult<string, void> {
  topicNameValues(): Map<string, Promise<void>> {
    return this.valueMap();
  }

  all(): Promise<void> {
    return this.allValues().then(() => undefined);
  }
}

export class CreatePartitionsResult extends KeyedResult<string, void> {
  values(): Map<string, Promise<void>> {
    return this.valueMap();
  }

  all(): Promise<void> {
    return this.allValues().then(() => undefined);
  }
}

export class DescribeTopicsResult extends KeyedResult<string, TopicDescription> {
  topicNameValues(): Map<string, Promise<TopicDescription>> {
    return this.valueMap();
  }

  allTopicNames(): Promise<Map<string, TopicDescription>> {
    return this.allValues();
  }
}

export class DescribeConfigsResult extends KeyedResult<ConfigResource, Config> {
  values(): Map<ConfigResource, Promise<Config>> {
    return this.valueMap();
  }

  all(): Promise<Map<ConfigResource, Config>> {
    return this.allValues();
  }
}

export class AlterConfigsResult extends KeyedResult<ConfigResource, void> {
  values(): Map<ConfigResource, Promise<void>> {
    return this.valueMap();
  }

  all(): Promise<void> {
    return this.allValues().then(() => undefined);
  }
}

export class ListTopicsResult {
  constructor(private readonly listingsPromise: Promise<TopicListing[]>) {
    listingsPromise.catch(() => {});
  }

  listings(): Promise<TopicListing[]> {
    return this.listingsPromise;
  }

  names(): Promise<Set<string>> {
    return this.listingsPromise.then((ls) => new Set(ls.map((l) => l.name)));
  }

  namesToListings(): Promise<Map<string, TopicListing>> {
    return this.listingsPromise.then((ls) => new Map(ls.map((l) => [l.name, l])));
  }
}

export interface ClusterDescription {
  clusterId: string;
  controller: Node | null;
  nodes: Node[];
}

export class DescribeClusterResult {
  constructor(private readonly description: Promise<ClusterDescription>) {
    description.catch(() => {});
  }

  nodes(): Promise<Node[]> {
    return this.description.then((d) => d.nodes);
  }

  controller(): Promise<Node | null> {
    return this.description.then((d) => d.controller);
  }

  clusterId(): Promise<string> {
    return this.description.then((d) => d.clusterId);
  }
}
