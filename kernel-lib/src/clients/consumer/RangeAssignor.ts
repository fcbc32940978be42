// org.apache.kafka.clients.consumer.RangeAssignor ("range"): per topic independently, the members subscribed to
// it (sorted: static instance ids first, then member ids) get contiguous ranges; with P partitions and C members
// the first P % C members get one extra. Topics are assigned independently, so several topics pile the extra
// partitions onto the first members, but partition k of co-partitioned topics lands on the same member.
import { TopicPartition } from "../../protocol/TopicPartition";
import { AbstractPartitionAssignor, compareMemberInfo, type MemberInfo, type Subscription } from "./ConsumerPartitionAssignor";

export class RangeAssignor extends AbstractPartitionAssignor {
  static readonly RANGE_ASSIGNOR_NAME = "range";

  name(): string {
    return RangeAssignor.RANGE_ASSIGNOR_NAME;
  }

  assignPartitions(partitionsPerTopic: ReadonlyMap<string, number>, subscriptions: ReadonlyMap<string, Subscription>): Map<string, TopicPartition[]> {
    const assignment = new Map<string, TopicPartition[]>();
    const consumersPerTopic = new Map<string, MemberInfo[]>();
    for (const [memberId, s] of subscriptions) {
      assignment.set(memberId, []);
      for (const topic of s.topics) {
        let list = consumersPerTopic.get(topic);
        if (list === undefined) consumersPerTopic.set(topic, (list = []));
        list.push({ memberId, groupInstanceId: s.groupInstanceId });
      }
    }
    for (const [topic, members] of consumersPerTopic) {
      const numPartitions = partitionsPerTopic.get(topic);
      if (numPartitions === undefined) continue; // unknown topic: skipped, as Kafka does
      members.sort(compareMemberInfo);
      const perConsumer = Math.floor(numPartitions / members.length);
      const withExtra = numPartitions % members.length;
      for (let i = 0; i < members.length; i++) {
        const start = perConsumer * i + Math.min(i, withExtra);
        const length = perConsumer + (i < withExtra ? 1 : 0);
        const out = assignment.get(members[i].memberId) as TopicPartition[];
        for (let p = start; p < start + length; p++) out.push(new TopicPartition(topic, p));
      }
    }
    return assignment;
  }
}
