import { afterEach, describe, expect, it } from "vitest";
import type { EmbeddedCluster } from "../../kernel-lib/src/broker/EmbeddedCluster";
import { BS, startCluster } from "./ConsoleCluster";

let cluster: EmbeddedCluster | null = null;
afterEach(async () => {
  await cluster?.close();
  cluster = null;
});

describe("console producer → console consumer on a real cluster", () => {
  it("round trip with parse.key; a late consumer without --from-beginning sees nothing", async () => {
    const s = await startCluster();
    cluster = s.cluster;
    const { sh } = s;
    await sh.run(`kafka-topics.sh ${BS} --create --topic first --partitions 1 --replication-factor 2`);
    const p = await sh.run(`kafka-console-producer.sh ${BS} --topic first --property parse.key=true --property key.separator=:`, { stdin: "k1:hello\nk2:world" });
    expect(p.output).toBe("");
    expect(p.exitCode).toBe(0);

    const late = await sh.run(`kafka-console-consumer.sh ${BS} --topic first --timeout-ms 5000`);
    expect(late.stdout).toBe("");
    const all = await sh.run(`kafka-console-consumer.sh ${BS} --topic first --from-beginning --max-messages 2 --property print.key=true`);
    expect(all.stdout).toBe("k1\thello\nk2\tworld\n");
    expect(all.stderr).toBe("Processed a total of 2 messages\n");
  });
});
