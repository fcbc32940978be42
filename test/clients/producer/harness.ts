// A small cluster for producer tests: H8's TestCluster (brokers without ZooKeeper, partitions set by the test
// acting as controller) with topics laid out round-robin over the brokers.
import { TestCluster } from "../../broker/harness";

export function clusterWithTopic(seed: number, topic: string, partitions: number, rf: number, brokers = [0, 1, 2], props: Record<string, string> = {}): TestCluster {
  const c = new TestCluster(seed, brokers, props);
  addTopic(c, topic, partitions, rf);
  return c;
}

export function addTopic(c: TestCluster, topic: string, partitions: number, rf: number): void {
  const ids = c.ids;
  for (let p = 0; p < partitions; p++) {
    const replicas = Array.from({ length: rf }, (_, i) => ids[(p + i) % ids.length]!);
    c.setPartition(topic, p, { leader: replicas[0]!, leaderEpoch: 0, isr: replicas, replicas });
  }
}

export const STRING_SERDES = {
  "key.serializer": "org.apache.kafka.common.serialization.StringSerializer",
  "value.serializer": "org.apache.kafka.common.serialization.StringSerializer",
};
