// kafka-topics.sh as Kafka 2.8 had it (kafkaVersion "2.x"): the notes' `--zookeeper hadoop102:2181` lines, run
// against a real EmbeddedCluster. The tool writes and reads the ZooKeeper tree itself; the controller does the rest
// (leaders, topic ids, deletion). Outputs byte-exact in 2.8's format; log lines compared with their date masked.
import { afterEach, describe, expect, it } from "vitest";
import { EmbeddedCluster } from "../../kernel-lib/src/broker/EmbeddedCluster";
import { sh } from "../../kernel-lib/src/cli/Shell";
import type { KafkaVersion } from "../../kernel-lib/src/cli/Tool";

const ZK = "--zookeeper hadoop102:2181";
const open: EmbeddedCluster[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

/** The notes' cluster: no chroot (`zookeeper.connect=hadoop102:2181`), unless `chroot` keeps the default /kafka. */
async function cluster(opts: { chroot?: boolean } = {}): Promise<EmbeddedCluster> {
  const c = await EmbeddedCluster.start({
    seed: 42, brokers: ["hadoop102", "hadoop103", "hadoop104"],
    ...(opts.chroot ? {} : { config: { "zookeeper.connect": "hadoop102:2181" } }),
  });
  open.push(c);
  return c;
}

function run(line: string, kafkaVersion: KafkaVersion = "2.x", stdin?: string) {
  return sh(line, { print: false, kafkaVersion, ...(stdin !== undefined ? { stdin } : {}) });
}

const masked = (s: string): string => s.replace(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\]/gm, "[DATE]");

/** The znode's JSON (null if missing), read from the ZooKeeper server's tree. */
function znode(c: EmbeddedCluster, path: string): Record<string, unknown> | null {
  const tree = c.zookeeper.dataTree;
  try {
    const data = tree.getData(path).data;
    return data === null ? {} : JSON.parse(data.toString("utf8")) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Every znode path and its data: to show a refused command changed nothing. */
function treeDump(c: EmbeddedCluster): string {
  const tree = c.zookeeper.dataTree;
  const out: string[] = [];
  const walk = (path: string): void => {
    const { data } = tree.getData(path);
    out.push(`${path} ${data === null ? "null" : data.toString("utf8")}`);
    for (const child of tree.getChildren(path).children) walk(path === "/" ? `/${child}` : `${path}/${child}`);
  };
  walk("/");
  return out.join("\n");
}

describe("kafka-topics.sh --zookeeper (Kafka 2.8's TopicCommand)", () => {
  it("Kafka 3.9 (the default) and 3.7 do not know --zookeeper", async () => {
    await cluster();
    for (const v of ["3.9", "3.7"] as const) {
      const r = await run(`bin/kafka-topics.sh --list ${ZK}`, v);
      expect(r.exitCode).toBe(1);
      expect(r.output).toBe("zookeeper is not a recognized option\njoptsimple.UnrecognizedOptionException: zookeeper is not a recognized option\n");
    }
  });

  it("2.x needs exactly one of --bootstrap-server and --zookeeper", async () => {
    await cluster();
    const msg = "Exception in thread \"main\" java.lang.IllegalArgumentException: Only one of --bootstrap-server or --zookeeper must be specified\n";
    expect(await run(`bin/kafka-topics.sh --list ${ZK} --bootstrap-server hadoop102:9092`)).toMatchObject({ exitCode: 1, output: msg });
    expect(await run("bin/kafka-topics.sh --list")).toMatchObject({ exitCode: 1, output: msg });
    expect(await run("bin/kafka-topics.sh --version")).toMatchObject({ exitCode: 0, output: "2.8.2\n" });
    // 2.8 had no --topic-id.
    expect((await run(`bin/kafka-topics.sh --describe --topic-id abc ${ZK}`)).output)
      .toBe("Exception in thread \"main\" joptsimple.UnrecognizedOptionException: topic-id is not a recognized option\n");
  });

  it("the notes' lines: list, create, describe, produce and consume, delete", async () => {
    const c = await cluster();
    expect(await run(`bin/kafka-topics.sh --list ${ZK}`)).toMatchObject({ exitCode: 0, output: "" });
    expect(await run(`bin/kafka-topics.sh --create ${ZK} --topic first --partitions 2 --replication-factor 2`))
      .toMatchObject({ exitCode: 0, output: "Created topic first.\n" });
    expect(znode(c, "/config/topics/first")).toEqual({ version: 1, config: {} });
    expect(await run(`bin/kafka-topics.sh --list ${ZK}`)).toMatchObject({ exitCode: 0, output: "first\n" });

    const d = await run(`bin/kafka-topics.sh --describe --topic first ${ZK}`);
    expect(d.exitCode).toBe(0);
    // The tool wrote the assignment without a topic id (as 2.8's did); the controller added one.
    const topic = znode(c, "/brokers/topics/first") as { topic_id: string; partitions: Record<string, number[]> };
    expect(topic.topic_id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Object.keys(topic.partitions)).toEqual(["0", "1"]);
    const p0 = c.partitionState("first", 0);
    const p1 = c.partitionState("first", 1);
    expect(d.output).toBe(
      `Topic: first\tTopicId: ${topic.topic_id}\tPartitionCount: 2\tReplicationFactor: 2\tConfigs: \n` +
      `\tTopic: first\tPartition: 0\tLeader: ${p0.leader}\tReplicas: ${p0.replicas.join(",")}\tIsr: ${p0.isr.join(",")}\n` +
      `\tTopic: first\tPartition: 1\tLeader: ${p1.leader}\tReplicas: ${p1.replicas.join(",")}\tIsr: ${p1.isr.join(",")}\n`);
    // Leaders were elected by the controller (the first replica of each assignment).
    expect(p0.leader).toBe(topic.partitions["0"]![0]);
    expect(p1.leader).toBe(topic.partitions["1"]![0]);
    // Seed 42: the same run prints the same placement and id every time.
    expect(d.output).toBe("Topic: first\tTopicId: J35qoLzGSPuaAeXhz2BYxQ\tPartitionCount: 2\tReplicationFactor: 2\tConfigs: \n" +
      "\tTopic: first\tPartition: 0\tLeader: 1\tReplicas: 1,2\tIsr: 1,2\n" +
      "\tTopic: first\tPartition: 1\tLeader: 2\tReplicas: 2,0\tIsr: 2,0\n");

    // The topic is usable: the notes' console producer and a consumer from the beginning.
    expect((await run("bin/kafka-console-producer.sh --topic first --broker-list hadoop102:9092", "3.9", "hello\nworld")).exitCode).toBe(0);
    const consumed = await run("bin/kafka-console-consumer.sh --topic first --bootstrap-server hadoop102:9092 --from-beginning --max-messages 2", "3.9");
    expect(consumed.exitCode).toBe(0);
    expect(consumed.stdout.split("\n").filter((l) => l !== "").sort()).toEqual(["hello", "world"]);
    expect(c.partitionState("first", 0).hw + c.partitionState("first", 1).hw).toBe(2);

    // Delete: the tool only marks the topic; the controller deletes it.
    expect(await run(`bin/kafka-topics.sh --delete ${ZK} --topic first`)).toMatchObject({
      exitCode: 0, output: "Topic first is marked for deletion.\nNote: This will have no impact if delete.topic.enable is not set to true.\n",
    });
    // The console consumer's group made the broker create __consumer_offsets.
    expect(await run(`bin/kafka-topics.sh --list ${ZK}`)).toMatchObject({ exitCode: 0, output: "__consumer_offsets\nfirst - marked for deletion\n" });
    expect((await run(`bin/kafka-topics.sh --list ${ZK} --exclude-internal`)).output).toBe("first - marked for deletion\n");
    const internal = await run(`bin/kafka-topics.sh --delete ${ZK} --topic __consumer_offsets`);
    expect(internal.exitCode).toBe(1);
    expect(masked(internal.output)).toBe(
      "Error while executing topic command : Topic __consumer_offsets is a kafka internal topic and is not allowed to be marked for deletion.\n" +
      "[DATE] ERROR kafka.admin.AdminOperationException: Topic __consumer_offsets is a kafka internal topic and is not allowed to be marked for deletion.\n" +
      " (kafka.admin.TopicCommand$)\n");
    expect(await run(`bin/kafka-topics.sh --delete ${ZK} --topic first`)).toMatchObject({ exitCode: 0, output: "Topic first is already marked for deletion.\n" });
    await c.runtime.advance(5000);
    expect(await run(`bin/kafka-topics.sh --list ${ZK}`)).toMatchObject({ exitCode: 0, output: "__consumer_offsets\n" });
    expect(znode(c, "/brokers/topics/first")).toBeNull();
    expect(znode(c, "/config/topics/first")).toBeNull();
    expect(znode(c, "/admin/delete_topics/first")).toBeNull();
    // The logs were renamed first-<p>.<uuid>-delete, and are removed after file.delete.delay.ms (60 s).
    const firstFiles = (): string[] => c.describeLogDirs().flatMap((d2) => d2.files.map((f) => f.path).filter((f) => /\/first-\d/.test(f)));
    expect(firstFiles().every((f) => /\/first-\d\.[0-9a-f]{32}-delete\//.test(f))).toBe(true);
    await c.runtime.advance(60_000);
    expect(firstFiles()).toEqual([]);
    expect(masked((await run(`bin/kafka-topics.sh --describe --topic first ${ZK}`)).output)).toBe(
      "Error while executing topic command : Topic 'first' does not exist as expected\n" +
      "[DATE] ERROR java.lang.IllegalArgumentException: Topic 'first' does not exist as expected\n (kafka.admin.TopicCommand$)\n");
  });

  it("uses the connect string as typed: the cluster's /kafka chroot must be typed to be seen", async () => {
    const c = await cluster({ chroot: true });
    const before = treeDump(c);
    // The root of the tree: no brokers, no topics.
    expect(await run(`bin/kafka-topics.sh --list ${ZK}`)).toMatchObject({ exitCode: 0, output: "" });
    const r = await run(`bin/kafka-topics.sh --create ${ZK} --topic first --partitions 2 --replication-factor 2`);
    expect(r.exitCode).toBe(1);
    expect(masked(r.output)).toBe("Error while executing topic command : Replication factor: 2 larger than available brokers: 0.\n" +
      "[DATE] ERROR org.apache.kafka.common.errors.InvalidReplicationFactorException: Replication factor: 2 larger than available brokers: 0.\n" +
      " (kafka.admin.TopicCommand$)\n");
    expect(treeDump(c)).toBe(before);
    // With the chroot: the cluster's tree.
    expect(await run("bin/kafka-topics.sh --create --zookeeper hadoop102:2181/kafka --topic first --partitions 2 --replication-factor 2"))
      .toMatchObject({ exitCode: 0, output: "Created topic first.\n" });
    expect(znode(c, "/kafka/brokers/topics/first")).not.toBeNull();
    expect(znode(c, "/brokers/topics/first")).toBeNull();
    expect(await run("bin/kafka-topics.sh --list --zookeeper hadoop102:2181/kafka")).toMatchObject({ exitCode: 0, output: "first\n" });
    // The brokers learn of it from the controller (UpdateMetadata): the Admin client sees the same topic.
    await c.runtime.advance(1000);
    expect(await run("bin/kafka-topics.sh --list --bootstrap-server hadoop102:9092", "3.9")).toMatchObject({ exitCode: 0, output: "first\n" });
  });

  it("create: required arguments, existing topics, placement errors", async () => {
    const c = await cluster();
    const usage = await run(`bin/kafka-topics.sh --create ${ZK} --topic first`);
    expect(usage.exitCode).toBe(1);
    expect(usage.stdout).toBe("");
    expect(usage.stderr.split("\n")[0]).toBe("Missing required argument \"[partitions]\"");
    expect((await run(`bin/kafka-topics.sh --create ${ZK} --topic first --partitions 2`)).stderr.split("\n")[0])
      .toBe("Missing required argument \"[replication-factor]\"");
    expect(await run(`bin/kafka-topics.sh --create ${ZK} --topic first --partitions 2 --replication-factor 2`))
      .toMatchObject({ exitCode: 0, output: "Created topic first.\n" });
    await c.runtime.advance(1000); // the controller's work on the new topic is done
    const before = treeDump(c);
    const again = await run(`bin/kafka-topics.sh --create ${ZK} --topic first --partitions 2 --replication-factor 2`);
    expect(again.exitCode).toBe(1);
    expect(masked(again.output)).toBe("Error while executing topic command : Topic 'first' already exists.\n" +
      "[DATE] ERROR org.apache.kafka.common.errors.TopicExistsException: Topic 'first' already exists.\n (kafka.admin.TopicCommand$)\n");
    expect(await run(`bin/kafka-topics.sh --create ${ZK} --topic first --partitions 2 --replication-factor 2 --if-not-exists`))
      .toMatchObject({ exitCode: 0, output: "" });
    const tooMany = await run(`bin/kafka-topics.sh --create ${ZK} --topic second --partitions 2 --replication-factor 4`);
    expect(tooMany.exitCode).toBe(1);
    expect(tooMany.stdout).toBe("Error while executing topic command : Replication factor: 4 larger than available brokers: 3.\n");
    const badConfig = await run(`bin/kafka-topics.sh --create ${ZK} --topic second --partitions 1 --replication-factor 1 --config retention.ms=abc`);
    expect(badConfig.exitCode).toBe(1);
    expect(badConfig.stdout).toBe("Error while executing topic command : Invalid value abc for configuration retention.ms: Not a number of type LONG\n");
    expect(treeDump(c)).toBe(before);
    // An explicit assignment (no --partitions/--replication-factor needed).
    expect(await run(`bin/kafka-topics.sh --create ${ZK} --topic second --replica-assignment 2:1,1:0 --config retention.ms=3600000`))
      .toMatchObject({ exitCode: 0, output: "Created topic second.\n" });
    expect((znode(c, "/brokers/topics/second") as { partitions: unknown }).partitions).toEqual({ 0: [2, 1], 1: [1, 0] });
    const d = await run(`bin/kafka-topics.sh --describe --topic second ${ZK}`);
    expect(d.output.split("\n")[0]).toMatch(/^Topic: second\tTopicId: \S{22}\tPartitionCount: 2\tReplicationFactor: 2\tConfigs: retention\.ms=3600000$/);
  });

  it("alter: adds partitions, refuses a decrease, changes configs (deprecated)", async () => {
    const c = await cluster();
    await run(`bin/kafka-topics.sh --create ${ZK} --topic first --partitions 2 --replication-factor 2`);
    const WARN = "WARNING: If partitions are increased for a topic that has a key, the partition logic or ordering of the messages will be affected\n";
    expect(await run(`bin/kafka-topics.sh --alter ${ZK} --topic first --partitions 3`))
      .toMatchObject({ exitCode: 0, output: WARN + "Adding partitions succeeded!\n" });
    expect(Object.keys((znode(c, "/brokers/topics/first") as { partitions: object }).partitions)).toEqual(["0", "1", "2"]);
    await c.runtime.advance(1000);
    const before = treeDump(c);
    const down = await run(`bin/kafka-topics.sh --alter ${ZK} --topic first --partitions 2`);
    expect(down.exitCode).toBe(1);
    // As 2.8 printed it (AdminZkClient.createNewPartitionsAssignment).
    expect(masked(down.output)).toBe(WARN +
      "Error while executing topic command : The number of partitions for a topic can only be increased. Topic first currently has 3 partitions, 2 would not be an increase.\n" +
      "[DATE] ERROR org.apache.kafka.common.errors.InvalidPartitionsException: The number of partitions for a topic can only be increased. Topic first currently has 3 partitions, 2 would not be an increase.\n" +
      " (kafka.admin.TopicCommand$)\n");
    expect(treeDump(c)).toBe(before);
    const d = await run(`bin/kafka-topics.sh --describe --topic first ${ZK}`);
    const p2 = c.partitionState("first", 2);
    expect(p2.leader).toBeGreaterThanOrEqual(0);
    expect(d.output.split("\n")[3]).toBe(`\tTopic: first\tPartition: 2\tLeader: ${p2.leader}\tReplicas: ${p2.replicas.join(",")}\tIsr: ${p2.isr.join(",")}`);
    expect(await run(`bin/kafka-topics.sh --alter ${ZK} --topic first --config retention.ms=1000 --config cleanup.policy=compact`)).toMatchObject({
      exitCode: 0,
      output: "WARNING: Altering topic configuration from this script has been deprecated and may be removed in future releases.\n" +
        "         Going forward, please use kafka-configs.sh for this functionality\nUpdated config for topic first.\n",
    });
    expect(znode(c, "/config/topics/first")).toEqual({ version: 1, config: { "retention.ms": "1000", "cleanup.policy": "compact" } });
    expect((await run(`bin/kafka-topics.sh --describe --topic first ${ZK}`)).output.split("\n")[0])
      .toMatch(/\tConfigs: cleanup\.policy=compact,retention\.ms=1000$/);
    // The brokers applied the override (config change notification).
    expect(c.broker(p2.leader).replicaManager?.localLog("first", 2)?.config.retentionMs).toBe(1000);
    expect(await run(`bin/kafka-topics.sh --alter ${ZK} --topic first --delete-config cleanup.policy`)).toMatchObject({ exitCode: 0 });
    expect(znode(c, "/config/topics/first")).toEqual({ version: 1, config: { "retention.ms": "1000" } });
  });

  it("--bootstrap-server in 2.x: the Admin client, 2.8's describe layout (TopicId, no Elr columns)", async () => {
    await cluster();
    await run(`bin/kafka-topics.sh --create ${ZK} --topic first --partitions 2 --replication-factor 2`);
    const viaZk = await run(`bin/kafka-topics.sh --describe --topic first ${ZK}`);
    const viaBroker = await run("bin/kafka-topics.sh --describe --topic first --bootstrap-server hadoop102:9092");
    expect(viaBroker).toMatchObject({ exitCode: 0, output: viaZk.output });
    expect(viaBroker.output).not.toContain("Elr");
  });

  it("an unreachable ZooKeeper: the connection times out after 30 s", async () => {
    const c = await cluster();
    const t0 = c.runtime.now();
    const r = await run("bin/kafka-topics.sh --list --zookeeper hadoop105:2181");
    expect(r).toMatchObject({
      exitCode: 1, output: "Exception in thread \"main\" kafka.zookeeper.ZooKeeperClientTimeoutException: Timed out waiting for connection while in state: CONNECTING\n",
    });
    expect(c.runtime.now() - t0).toBe(30_000);
  });
});
