import { afterEach, describe, expect, it } from "vitest";
import { Shell } from "../../kernel-lib/src/cli/Shell";
import { formatPartitionLine } from "../../kernel-lib/src/cli/TopicCommand";
import { TopicPartitionInfo } from "../../kernel-lib/src/clients/admin/TopicDescription";
import { Node } from "../../kernel-lib/src/protocol/Node";
import { FakeBrokers } from "../clients/admin/FakeBrokers";

const open: FakeBrokers[] = [];
function setup(): { b: FakeBrokers; sh: Shell } {
  const b = new FakeBrokers();
  open.push(b);
  return { b, sh: new Shell({ cluster: b.runtime, print: false }) };
}
afterEach(async () => {
  for (const b of open.splice(0)) await b.runtime.close();
});

const BS = "--bootstrap-server hadoop102:9092";

describe("kafka-topics.sh: usage errors (joptsimple / CommandLineUtils, Kafka 3.9)", () => {
  it("rejects the old --zookeeper form as an unrecognized option", async () => {
    const { sh } = setup();
    const r = await sh.run("bin/kafka-topics.sh --list --zookeeper hadoop102:2181");
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("zookeeper is not a recognized option\njoptsimple.UnrecognizedOptionException: zookeeper is not a recognized option\n");
  });

  it("prints the usage with Kafka's messages", async () => {
    const { sh } = setup();
    let r = await sh.run("kafka-topics.sh");
    expect(r.exitCode).toBe(1);
    expect(r.stderr.startsWith("Create, delete, describe, or change a topic.\nOption ")).toBe(true);
    expect(r.stderr).toContain("--replication-factor <Integer:");
    r = await sh.run(`kafka-topics.sh ${BS} --topic first`);
    expect(r.stderr.split("\n")[0]).toBe("Command must include exactly one action: --list, --describe, --create, --alter or --delete");
    r = await sh.run(`kafka-topics.sh ${BS} --create --partitions 3`);
    expect(r.stderr.split("\n")[0]).toBe("Missing required argument \"[topic]\"");
    r = await sh.run(`kafka-topics.sh ${BS} --alter --topic first`);
    expect(r.stderr.split("\n")[0]).toBe("Missing required argument \"[partitions]\"");
    r = await sh.run(`kafka-topics.sh ${BS} --alter --topic first --config retention.ms=1000`);
    expect(r.stderr.split("\n")[0]).toBe("Option combination \"[[bootstrap-server], [config]]\" can't be used with option \"[alter]\" (To alter topic configurations, the kafka-configs tool can be used.)");
    r = await sh.run(`kafka-topics.sh ${BS} --list --partitions 3`);
    expect(r.stderr.split("\n")[0]).toBe("Option \"[partitions]\" can't be used with option \"[list]\"");
    r = await sh.run(`kafka-topics.sh ${BS} --create --topic a --replica-assignment 0:1 --partitions 3`);
    expect(r.stderr.split("\n")[0]).toBe("Option \"[replica-assignment]\" can't be used with option \"[partitions]\"");
    expect(r.exitCode).toBe(1);
  });

  it("requires --bootstrap-server (IllegalArgumentException from mainNoExit)", async () => {
    const { sh } = setup();
    const r = await sh.run("kafka-topics.sh --list");
    expect(r).toMatchObject({ exitCode: 1, stdout: "", stderr: "--bootstrap-server must be specified\njava.lang.IllegalArgumentException: --bootstrap-server must be specified\n" });
  });

  it("reports unknown scripts like bash", async () => {
    const { sh } = setup();
    expect(await sh.run("bin/kafka-topics/sh --list")).toMatchObject({ exitCode: 127, stderr: "bash: bin/kafka-topics/sh: No such file or directory\n" });
    expect(await sh.run("kafka-topic.sh --list")).toMatchObject({ exitCode: 127, stderr: "bash: kafka-topic.sh: command not found\n" });
  });
});

describe("kafka-topics.sh against brokers", () => {
  it("creates, lists (sorted, internal topics unless excluded), describes, alters and deletes", async () => {
    const { b, sh } = setup();
    expect(await sh.run(`bin/kafka-topics.sh ${BS} --topic first --create --partitions 3 --replication-factor 2`))
      .toMatchObject({ exitCode: 0, stdout: "Created topic first.\n", stderr: "" });
    await sh.run(`kafka-topics.sh ${BS} --create --topic alpha`);
    b.addTopic("__consumer_offsets", [{ leader: 0, replicas: [0], isr: [0] }], {}, true);
    expect((await sh.run(`kafka-topics.sh ${BS} --list`)).stdout).toBe("__consumer_offsets\nalpha\nfirst\n");
    expect((await sh.run(`kafka-topics.sh ${BS} --list --exclude-internal`)).stdout).toBe("alpha\nfirst\n");

    b.topics.get("first")!.partitions[2] = { leader: -1, replicas: [2, 0], isr: [2] };
    const id = b.topics.get("first")!.id.toString();
    const d = await sh.run(`kafka-topics.sh ${BS} --describe --topic first`);
    expect(d.exitCode).toBe(0);
    expect(d.stdout).toBe(
      `Topic: first\tTopicId: ${id}\tPartitionCount: 3\tReplicationFactor: 2\tConfigs: segment.bytes=1073741824\n` +
      "\tTopic: first\tPartition: 0\tLeader: 0\tReplicas: 0,1\tIsr: 0,1\tElr: N/A\tLastKnownElr: N/A\n" +
      "\tTopic: first\tPartition: 1\tLeader: 1\tReplicas: 1,2\tIsr: 1,2\tElr: N/A\tLastKnownElr: N/A\n" +
      "\tTopic: first\tPartition: 2\tLeader: none\tReplicas: 2,0\tIsr: 2\tElr: N/A\tLastKnownElr: N/A\n");
    // The <= 3.7 layout ends the partition line after Isr.
    const old = await sh.run(`kafka-topics.sh ${BS} --describe --topic first`, { kafkaVersion: "3.7" });
    expect(old.stdout.split("\n")[1]).toBe("\tTopic: first\tPartition: 0\tLeader: 0\tReplicas: 0,1\tIsr: 0,1");
    // Filters.
    expect((await sh.run(`kafka-topics.sh ${BS} --describe --topic first --unavailable-partitions`)).stdout)
      .toBe("\tTopic: first\tPartition: 2\tLeader: none\tReplicas: 2,0\tIsr: 2\tElr: N/A\tLastKnownElr: N/A\n");
    expect((await sh.run(`kafka-topics.sh ${BS} --describe --under-replicated-partitions`)).stdout)
      .toBe("\tTopic: first\tPartition: 2\tLeader: none\tReplicas: 2,0\tIsr: 2\tElr: N/A\tLastKnownElr: N/A\n");

    expect(await sh.run(`kafka-topics.sh ${BS} --alter --topic first --partitions 4`)).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
    expect(b.topics.get("first")!.partitions.length).toBe(4);
    expect(await sh.run(`kafka-topics.sh ${BS} --delete --topic alpha`)).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
    expect([...b.topics.keys()].sort()).toEqual(["__consumer_offsets", "first"]);
  });

  it("prints Kafka's errors and leaves the topics as they were", async () => {
    const { b, sh } = setup();
    await sh.run(`kafka-topics.sh ${BS} --create --topic first --partitions 3 --replication-factor 2`);
    const before = JSON.stringify([...b.topics]);
    const cases: [string, string, string][] = [
      [`--create --topic first --partitions 1`, "Topic 'first' already exists.", "org.apache.kafka.common.errors.TopicExistsException"],
      [`--create --topic second --replication-factor 4`, "Replication factor: 4 larger than available brokers: 3.", "org.apache.kafka.common.errors.InvalidReplicationFactorException"],
      [`--alter --topic first --partitions 2`, "The number of partitions for a topic can only be increased. Topic first currently has 3 partitions, 2 would not be an increase.",
        "org.apache.kafka.common.errors.InvalidPartitionsException"],
      [`--describe --topic nope`, "Topic 'Optional[nope]' does not exist as expected", "java.lang.IllegalArgumentException"],
      [`--delete --topic nope`, "Topic 'Optional[nope]' does not exist as expected", "java.lang.IllegalArgumentException"],
      [`--create --topic second --config retention.ms=abc`, "Invalid value abc for configuration retention.ms: Not a number of type LONG", "org.apache.kafka.common.config.ConfigException"],
      [`--create --topic second --config foo=1`, "Unknown topic config name: foo", "org.apache.kafka.common.errors.InvalidConfigurationException"],
      [`--create --topic second --config retention.ms`, "requirement failed: Invalid topic config: all configs to be added must be in the format \"key=val\".", "java.lang.IllegalArgumentException"],
      [`--create --topic second --partitions 0`, "The partitions must be greater than 0", "java.lang.IllegalArgumentException"],
      [`--create --topic second --partitions x`, "Cannot parse argument 'x' of option partitions", "joptsimple.OptionArgumentConversionException"],
    ];
    for (const [args, message, cls] of cases) {
      const r = await sh.run(`kafka-topics.sh ${BS} ${args}`);
      expect(r.exitCode, args).toBe(1);
      expect(r.stdout, args).toBe(`Error while executing topic command : ${message}\n`);
      expect(r.stderr, args).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] ERROR /);
      expect(r.stderr, args).toContain(`ERROR ${cls}: ${message}\n (org.apache.kafka.tools.TopicCommand)\n`);
    }
    expect(JSON.stringify([...b.topics])).toBe(before);
    // The 3.7 wording of the missing-topic error has no Optional[...].
    expect((await sh.run(`kafka-topics.sh ${BS} --describe --topic nope`, { kafkaVersion: "3.7" })).stdout)
      .toBe("Error while executing topic command : Topic 'nope' does not exist as expected\n");
    // --if-exists / --if-not-exists turn those into quiet successes.
    expect(await sh.run(`kafka-topics.sh ${BS} --delete --topic nope --if-exists`)).toMatchObject({ exitCode: 0, stdout: "" });
    expect(await sh.run(`kafka-topics.sh ${BS} --create --topic first --if-not-exists`)).toMatchObject({ exitCode: 0, stdout: "" });
  });

  it("warns about . and _ in topic names and takes repeated --config and --replica-assignment", async () => {
    const { b, sh } = setup();
    const r = await sh.run(`kafka-topics.sh ${BS} --create --topic my_topic --replica-assignment 0:1,1:2 --config retention.ms=60000 --config cleanup.policy=compact`);
    expect(r.stdout).toBe("WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.\nCreated topic my_topic.\n");
    expect(b.topics.get("my_topic")!.partitions.map((p) => p.replicas)).toEqual([[0, 1], [1, 2]]);
    expect(b.topics.get("my_topic")!.configs).toEqual({ "retention.ms": "60000", "cleanup.policy": "compact" });
    const d = await sh.run(`kafka-topics.sh ${BS} --describe --topic my_topic`);
    // Configs in java.util.HashMap order, as Kafka prints them.
    // (buckets of 16: cleanup.policy 2, retention.ms 11, segment.bytes 11 — the last two in insertion order).
    expect(d.stdout.split("\n")[0]).toMatch(/\tConfigs: cleanup.policy=compact,retention.ms=60000,segment.bytes=1073741824$/);
    const bad = await sh.run(`kafka-topics.sh ${BS} --create --topic t2 --replica-assignment 0:0`);
    expect(bad.stdout).toBe("Error while executing topic command : Partition replica lists may not contain duplicate entries: 0\n");
  });

  it("times out like Kafka when the bootstrap server does not exist", async () => {
    const { b, sh } = setup();
    const start = b.runtime.now();
    const r = await sh.run("kafka-topics.sh --bootstrap-server hadoop105:9092 --list");
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("Error while executing topic command : Timed out waiting for a node assignment. Call: listTopics\n");
    expect(r.stderr).toContain("WARN [AdminClient clientId=adminclient-1] Connection to node -1 (hadoop105/hadoop105:9092) could not be established. Node may not be available. (org.apache.kafka.clients.NetworkClient)\n");
    expect(b.runtime.now() - start).toBe(60000);
  });

  it("runs scripts of several lines and returns the last command's streams", async () => {
    const { sh } = setup();
    const r = await sh.run(`kafka-topics.sh ${BS} --create --topic a\nkafka-topics.sh ${BS} --create --topic b && kafka-topics.sh ${BS} --list`);
    expect(r.stdout).toBe("a\nb\n");
    expect(r.output).toBe("Created topic a.\nCreated topic b.\na\nb\n");
  });
});

describe("describe line formats", () => {
  it("match Kafka's format strings byte for byte", () => {
    const n = (id: number): Node => new Node(id, `h${id}`, 9092);
    expect(formatPartitionLine("first", new TopicPartitionInfo(0, n(1), [n(1), n(2)], [n(1), n(2)], [], []))).toBe(
      "\tTopic: first\tPartition: 0\tLeader: 1\tReplicas: 1,2\tIsr: 1,2\tElr: \tLastKnownElr: \n");
    expect(formatPartitionLine("first", new TopicPartitionInfo(2, null, [n(3), n(1)], [n(3)]))).toBe(
      "\tTopic: first\tPartition: 2\tLeader: none\tReplicas: 3,1\tIsr: 3\tElr: N/A\tLastKnownElr: N/A\n");
  });
});
