// org.apache.kafka.common.Cluster: an immutable snapshot of the brokers and partitions a client knows, indexed
// for the producer's hot paths (leader of a partition, partitions of a node, available partitions of a topic).
import { Node } from "../../protocol/Node";
import type { MetadataResponse } from "../../protocol/messages/Metadata";
import { PartitionInfo } from "./PartitionInfo";

const EMPTY: readonly PartitionInfo[] = [];

export class Cluster {
  private readonly byTopic = new Map<string, PartitionInfo[]>();
  private readonly availableByTopic = new Map<string, PartitionInfo[]>();
  private readonly byNode = new Map<number, PartitionInfo[]>();
  private readonly nodesById = new Map<number, Node>();

  constructor(
    readonly clusterId: string | null,
    readonly nodes: readonly Node[],
    partitions: readonly PartitionInfo[],
    /** Topics the brokers called invalid (INVALID_TOPIC_EXCEPTION). */
    readonly invalidTopics: ReadonlySet<string> = new Set(),
    readonly controller: Node | null = null,
  ) {
    for (const n of nodes) this.nodesById.set(n.id, n);
    for (const p of partitions) {
      let list = this.byTopic.get(p.topic);
      if (list === undefined) this.byTopic.set(p.topic, (list = []));
      list.push(p);
      if (p.leader !== null) {
        let avail = this.availableByTopic.get(p.topic);
        if (avail === undefined) this.availableByTopic.set(p.topic, (avail = []));
        avail.push(p);
        let forNode = this.byNode.get(p.leader.id);
        if (forNode === undefined) this.byNode.set(p.leader.id, (forNode = []));
        forNode.push(p);
      }
    }
    const order = (a: PartitionInfo, b: PartitionInfo): number => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1);
    for (const l of this.byTopic.values()) l.sort(order);
    for (const l of this.availableByTopic.values()) l.sort(order);
    for (const l of this.byNode.values()) l.sort(order);
  }

  static empty(): Cluster {
    return new Cluster(null, [], []);
  }

  /** The cluster a Metadata response describes (partitions of topics answered without error). */
  static fromMetadataResponse(r: MetadataResponse): Cluster {
    const nodes = r.brokers.map((b) => new Node(b.nodeId, b.host, b.port, b.rack));
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const node = (id: number): Node => byId.get(id) ?? new Node(id, "", -1, null);
    const partitions: PartitionInfo[] = [];
    const invalid = new Set<string>();
    for (const t of r.topics) {
      if (t.name === null) continue;
      if (t.errorCode === 17) invalid.add(t.name);
      if (t.errorCode !== 0) continue;
      for (const p of t.partitions) {
        const leader = p.leaderId >= 0 ? byId.get(p.leaderId) ?? null : null;
        partitions.push(new PartitionInfo(t.name, p.partitionIndex, leader, p.replicaNodes.map(node), p.isrNodes.map(node),
          p.offlineReplicas.map(node), p.leaderEpoch));
      }
    }
    return new Cluster(r.clusterId, nodes, partitions, invalid, byId.get(r.controllerId) ?? null);
  }

  topics(): string[] {
    return [...this.byTopic.keys()].sort();
  }

  nodeById(id: number): Node | null {
    return this.nodesById.get(id) ?? null;
  }

  /** All partitions of the topic, by partition number (empty if unknown). */
  partitionsForTopic(topic: string): readonly PartitionInfo[] {
    return this.byTopic.get(topic) ?? EMPTY;
  }

  /** Partitions of the topic that have a leader. */
  availablePartitionsForTopic(topic: string): readonly PartitionInfo[] {
    return this.availableByTopic.get(topic) ?? EMPTY;
  }

  /** Partitions whose leader is the node. */
  partitionsForNode(nodeId: number): readonly PartitionInfo[] {
    return this.byNode.get(nodeId) ?? EMPTY;
  }

  /** The number of partitions of the topic, or null if the topic is unknown. */
  partitionCountForTopic(topic: string): number | null {
    const l = this.byTopic.get(topic);
    return l === undefined ? null : l.length;
  }

  partition(topic: string, partition: number): PartitionInfo | null {
    const l = this.byTopic.get(topic);
    if (l === undefined) return null;
    const p = l[partition];
    return p !== undefined && p.partition === partition ? p : l.find((x) => x.partition === partition) ?? null;
  }

  leaderFor(topic: string, partition: number): Node | null {
    return this.partition(topic, partition)?.leader ?? null;
  }
}
