// Regression: a broker restarted on the same runtime rebuilt its AdminZkClient with the same random fork and
// handed out the topic ids of its previous life again (found by the 01-intro chapter).
import { describe, expect, it } from "vitest";
import { EmbeddedCluster } from "../../kernel-lib/src/broker/EmbeddedCluster";
import { Shell } from "../../kernel-lib/src/cli/Shell";

describe("topic ids", () => {
  it("stay unique across a restart of every broker", async () => {
    const cluster = await EmbeddedCluster.start({ seed: 1, brokers: ["hadoop102", "hadoop103", "hadoop104"] });
    try {
      const sh = new Shell({ cluster, print: false });
      const create = (t: string) => sh.run(`kafka-topics.sh --bootstrap-server hadoop102:9092 --create --topic ${t} --partitions 1 --replication-factor 1`);
      expect((await create("before")).exitCode).toBe(0);
      for (const host of cluster.hosts) await cluster.stopBroker(host);
      for (const host of cluster.hosts) await cluster.startBroker(host);
      expect((await create("after")).exitCode).toBe(0);
      const ids = (await sh.run("kafka-topics.sh --bootstrap-server hadoop102:9092 --describe")).stdout
        .split("\n").filter((l) => l.startsWith("Topic:")).map((l) => /TopicId: (\S+)/.exec(l)![1]);
      expect(ids).toHaveLength(2);
      expect(new Set(ids).size).toBe(2);
    } finally {
      await cluster.close();
    }
  });
});
