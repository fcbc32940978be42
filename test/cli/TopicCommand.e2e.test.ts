// kafka-topics.sh against a real EmbeddedCluster (hadoop102..104, ids 0..2, ZooKeeper on hadoop102), with the
// notes' command lines; outputs byte-exact in Kafka 3.9's format. Every rejected command must leave the ZooKeeper
// tree and the brokers' log directories exactly as they were.
import { afterEach, describe, expect, it } from "vitest";
import { EmbeddedCluster } from "../../kernel-lib/src/broker/EmbeddedCluster";
import { sh } from "../../kernel-lib/src/cli/Shell";
import type { DataTree } from "../../kernel-lib/src/controller/zk/DataTree";

const BS = "--bootstrap-server hadoop102:9092";
const open: EmbeddedCluster[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

async function cluster(seed = 42): Promise<EmbeddedCluster> {
  const c = await EmbeddedCluster.start({ seed, brokers: ["hadoop102", "hadoop103", "hadoop104"] });
  open.push(c);
  return c;
}

function run(line: string) {
  return sh(line, { print: false });
}

/** Every znode (path, data, ephemeral owner) and every file under every broker's log dir (path, size). */
function snapshot(c: EmbeddedCluster): string {
  const tree: DataTree = c.zookeeper.dataTree;
  const out: string[] = [];
  const walk = (path: string): void => {
    const { data, stat } = tree.getData(path);
    out.push(`${path} ${stat.ephemeralOwner} ${data === null ? "null" : data.toString("utf8")}`);
    for (const child of tree.getChildren(path).children) walk(path === "/" ? `/${child}` : `${path}/${child}`);
  };
  walk("/");
  // The broker-wide checkpoint files (replication-offset, recovery-point, log-start-offset) are rewritten on timers
  // whatever the commands do; everything else (partition dirs, segments, leader-epoch checkpoints) is compared.
  const periodic = /\/(replication-offset|recovery-point-offset|log-start-offset)-checkpoint$/;
  for (const d of c.describeLogDirs()) for (const f of d.files) if (!periodic.test(f.path)) out.push(`${d.host}:${f.path} ${f.size}`);
  return out.join("\n");
}

describe("kafka-topics.sh on an EmbeddedCluster (Kafka 3.9, ZooKeeper mode)", () => {
  it("creates, lists, describes, alters and deletes with the notes' lines", async () => {
    const c = await cluster();
    expect(await run(`bin/kafka-topics.sh ${BS} --create --topic first --partitions 2 --replication-factor 2`))
      .toMatchObject({ exitCode: 0, output: "Created topic first.\n" });
    expect(await run(`bin/kafka-topics.sh ${BS} --create --topic second --partitions 3 --replication-factor 3 --config retention.ms=3600000`))
      .toMatchObject({ exitCode: 0, output: "Created topic second.\n" });
    expect((await run(`bin/kafka-topics.sh ${BS} --list`)).output).toBe("first\nsecond\n");

    // TopicId: the id the controller's AdminZkClient drew from the seeded random, as stored in ZooKeeper.
    const topicId = (t: string): string => JSON.parse(c.zookeeper.dataTree.getData(`/kafka/brokers/topics/${t}`).data!.toString()).topic_id;
    const d = await run(`bin/kafka-topics.sh ${BS} --describe --topic first`);
    expect(d.exitCode).toBe(0);
    expect(d.output).toBe(
      `Topic: first\tTopicId: ${topicId("first")}\tPartitionCount: 2\tReplicationFactor: 2\tConfigs: \n` +
      "\tTopic: first\tPartition: 0\tLeader: 2\tReplicas: 2,1\tIsr: 2,1\tElr: N/A\tLastKnownElr: N/A\n" +
      "\tTopic: first\tPartition: 1\tLeader: 0\tReplicas: 0,2\tIsr: 0,2\tElr: N/A\tLastKnownElr: N/A\n");
    expect(topicId("first")).toBe("WvSlcCrNQ7OTjga8Fhpg0w"); // same seed, same id
    const d2 = await run(`bin/kafka-topics.sh ${BS} --describe --topic second`);
    expect(d2.output.split("\n")[0]).toBe(`Topic: second\tTopicId: ${topicId("second")}\tPartitionCount: 3\tReplicationFactor: 3\tConfigs: retention.ms=3600000`);
    // The placement matches what ZooKeeper holds.
    const assignment = JSON.parse(c.zookeeper.dataTree.getData("/kafka/brokers/topics/second").data!.toString()).partitions;
    for (const p of [0, 1, 2]) expect(d2.output).toContain(`\tPartition: ${p}\tLeader: ${assignment[p][0]}\tReplicas: ${assignment[p].join(",")}\t`);

    expect(await run(`bin/kafka-topics.sh ${BS} --alter --topic first --partitions 3`)).toMatchObject({ exitCode: 0, output: "" });
    expect((await run(`bin/kafka-topics.sh ${BS} --describe --topic first`)).output.split("\n")[0]).toContain("\tPartitionCount: 3\t");
    expect(c.partitionState("first", 2).leader).toBeGreaterThanOrEqual(0);

    expect(await run(`bin/kafka-topics.sh ${BS} --delete --topic first`)).toMatchObject({ exitCode: 0, output: "" });
    await c.runtime.runUntil(() => !c.zookeeper.dataTree.exists("/kafka/brokers/topics/first"), { timeoutMs: 30_000 });
    expect((await run(`bin/kafka-topics.sh ${BS} --list`)).output).toBe("second\n");
    // The replicas' directories are renamed `first-N.<id>-delete` at once and removed after file.delete.delay.ms (60 s).
    const files = (): string[] => c.describeLogDirs().flatMap((d) => d.files.map((f) => f.path)).filter((p) => p.includes("/first-"));
    expect(files().every((p) => /\/first-\d\.[0-9a-f]{32}-delete\//.test(p))).toBe(true);
    await c.runtime.advance(61_000);
    expect(files()).toEqual([]);
  });

  it("a rejected command changes nothing (ZooKeeper tree and log dirs compared before and after)", async () => {
    const c = await cluster();
    await run(`bin/kafka-topics.sh ${BS} --create --topic first --partitions 3 --replication-factor 2`);
    const cases: [string, string][] = [
      [`bin/kafka-topics.sh ${BS} --create --topic third --partitions 2 --replication-factor 4`,
        "Error while executing topic command : Replication factor: 4 larger than available brokers: 3.\n"],
      [`bin/kafka-topics.sh ${BS} --alter --topic first --partitions 2`,
        "Error while executing topic command : Topic currently has 3 partitions, which is higher than the requested 2.\n"],
      [`bin/kafka-topics.sh ${BS} --alter --topic first --partitions 3`,
        "Error while executing topic command : Topic already has 3 partitions.\n"],
      [`bin/kafka-topics.sh ${BS} --describe --topic nope`,
        "Error while executing topic command : Topic 'Optional[nope]' does not exist as expected\n"],
      [`bin/kafka-topics.sh ${BS} --delete --topic nope`,
        "Error while executing topic command : Topic 'Optional[nope]' does not exist as expected\n"],
      [`bin/kafka-topics.sh ${BS} --alter --topic nope --partitions 5`,
        "Error while executing topic command : Topic 'Optional[nope]' does not exist as expected\n"],
      [`bin/kafka-topics.sh ${BS} --create --topic bad --config retention.ms=abc`,
        "Error while executing topic command : Invalid value abc for configuration retention.ms: Not a number of type LONG\n"],
      [`bin/kafka-topics.sh ${BS} --create --topic bad --config cleanup.policy=bogus`,
        "Error while executing topic command : Invalid value bogus for configuration cleanup.policy: String must be one of: compact, delete\n"],
      [`bin/kafka-topics.sh ${BS} --create --topic first --partitions 1`,
        "Error while executing topic command : Topic 'first' already exists.\n"],
      [`bin/kafka-topics.sh ${BS} --create --topic zero --partitions 0`,
        "Error while executing topic command : The partitions must be greater than 0\n"],
    ];
    for (const [line, stdout] of cases) {
      const before = snapshot(c);
      const r = await run(line);
      expect(r.exitCode, line).toBe(1);
      expect(r.stdout, line).toBe(stdout);
      // The exception is logged at ERROR on stderr, in log4j's layout, with the runtime's clock.
      expect(r.stderr, line).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] ERROR [\w.$]+: .*\n \(org\.apache\.kafka\.tools\.TopicCommand\)\n$/);
      await c.runtime.advance(5000); // anything a rejected command set in motion would have happened by now
      expect(snapshot(c), line).toBe(before);
    }
    const r = await run(`bin/kafka-topics.sh ${BS} --create --topic third --partitions 2 --replication-factor 4`);
    expect(r.stderr).toContain("ERROR org.apache.kafka.common.errors.InvalidReplicationFactorException: Replication factor: 4 larger than available brokers: 3.\n");
  });

  it("the old --zookeeper form is not a 3.9 option", async () => {
    await cluster();
    const r = await run("bin/kafka-topics.sh --list --zookeeper hadoop102:2181");
    expect(r).toMatchObject({ exitCode: 1, stdout: "", stderr: "zookeeper is not a recognized option\njoptsimple.UnrecognizedOptionException: zookeeper is not a recognized option\n" });
  });

  it("runs the same with the same seed (TopicId and placement are deterministic)", async () => {
    const outs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const c = await cluster(7);
      await run(`bin/kafka-topics.sh ${BS} --create --topic first --partitions 4 --replication-factor 2`);
      outs.push((await run(`bin/kafka-topics.sh ${BS} --describe --topic first`)).output);
      await c.close();
      open.splice(open.indexOf(c), 1);
    }
    expect(outs[0]).toBe(outs[1]);
  });
});
