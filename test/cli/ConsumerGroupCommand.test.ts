import { afterEach, describe, expect, it } from "vitest";
import type { EmbeddedCluster } from "../../kernel-lib/src/broker/EmbeddedCluster";
import { BS, startCluster } from "./ConsoleCluster";

let cluster: EmbeddedCluster | null = null;
afterEach(async () => {
  await cluster?.close();
  cluster = null;
});

const lines = (n: number): string => Array.from({ length: n }, (_, i) => `m${i}`).join("\n");

describe("kafka-consumer-groups.sh on a real cluster", () => {
  it("describes a group that consumed part of a topic (lag = HW - committed), then resets its offsets", async () => {
    const s = await startCluster();
    cluster = s.cluster;
    const { sh } = s;
    await sh.run(`kafka-topics.sh ${BS} --create --topic first --partitions 1 --replication-factor 3`);
    await sh.run(`kafka-console-producer.sh ${BS} --topic first`, { stdin: lines(10) });
    const c = await sh.run(`kafka-console-consumer.sh ${BS} --topic first --group g1 --from-beginning --max-messages 4`);
    expect(c.stdout).toBe("m0\nm1\nm2\nm3\n");

    const list = await sh.run(`kafka-consumer-groups.sh ${BS} --list`);
    expect(list.stdout).toBe("g1\n");

    const d = await sh.run(`kafka-consumer-groups.sh ${BS} --describe --group g1`);
    expect(d.stderr).toBe("\nConsumer group 'g1' has no active members.\n");
    expect(d.stdout).toBe(
      "\nGROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID" +
      "\ng1              first           0          4               10              6               -               -               -\n");

    const st = await sh.run(`kafka-consumer-groups.sh ${BS} --describe --group g1 --state`);
    const co = s.cluster.leaderOf("__consumer_offsets", 42); // Utils.abs("g1".hashCode()) % 50 = 42
    const host = ["hadoop102", "hadoop103", "hadoop104"][co];
    expect(st.stdout).toBe("\nGROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS" +
      `\ng1              ${`${host}:9092  (${co})`.padEnd(25)} -                    Empty                0\n`);
    const nope = await sh.run(`kafka-consumer-groups.sh ${BS} --describe --group nope`);
    expect(nope.stdout).toBe("\nError: Consumer group 'nope' does not exist.\n");

    const dry = await sh.run(`kafka-consumer-groups.sh ${BS} --reset-offsets --group g1 --topic first --to-earliest`);
    expect(dry.stdout).toBe("\nGROUP                          TOPIC                          PARTITION  NEW-OFFSET     " +
      "\ng1                             first                          0          0              \n");
    expect((await sh.run(`kafka-consumer-groups.sh ${BS} --describe --group g1`)).stdout).toContain("4               10              6");
    const exec = await sh.run(`kafka-consumer-groups.sh ${BS} --reset-offsets --group g1 --topic first --to-offset 2 --execute`);
    expect(exec.stderr).toBe("");
    expect((await sh.run(`kafka-consumer-groups.sh ${BS} --describe --group g1`)).stdout).toContain("2               10              8");
  });
});
