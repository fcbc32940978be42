// org.apache.kafka.clients.consumer.RoundRobinAssignor ("roundrobin"): every partition of every subscribed topic
// (topics by name, then partition number) dealt in turn to the sorted members; a member not subscribed to a
// partition's topic is passed over for it (the circular iterator moves on).
import type { TopicPartition } from "../../protocol/TopicPartition";
import { AbstractPartitionAssignor, compareStrings, sortedMembers, type Subscription } from "./ConsumerPartitionAssignor";

export class RoundRobinAssignor extends AbstractPartitionAssignor {
  static readonly ROUNDROBIN_ASSIGNOR_NAME = "roundrobin";

  name(): string {
    return RoundRobinAssignor.ROUNDROBIN_ASSIGNOR_NAME;
  }

  assignPartitions(partitionsPerTopic: ReadonlyMap<string, number>, subscriptions: ReadonlyMap<string, Subscription>): Map<string, TopicPartition[]> {
    const assignment = new Map<string, TopicPartition[]>();
    for (const memberId of subscriptions.keys()) assignment.set(memberId, []);
    const members = sortedMembers(subscriptions);
    if (members.length === 0) return assignment;
    const topicsOf = new Map<string, ReadonlySet<string>>();
    const allTopics = new Set<string>();
    for (const [memberId, s] of subscriptions) {
      topicsOf.set(memberId, new Set(s.topics));
      for (const t of s.topics) allTopics.add(t);
    }
    // CircularIterator over the sorted members; it keeps its place between partitions.
    let next = 0;
    for (const topic of [...allTopics].sort(compareStrings)) {
      const n = partitionsPerTopic.get(topic);
      if (n === undefined) continue;
      for (const tp of AbstractPartitionAssignor.partitions(topic, n)) {
        while (!(topicsOf.get(members[next % members.length].memberId) as ReadonlySet<string>).has(topic)) next++;
        (assignment.get(members[next % members.length].memberId) as TopicPartition[]).push(tp);
        next++;
      }
    }
    return assignment;
  }
}
