import { afterEach, describe, expect, it } from "vitest";
import { Admin } from "../../../kernel-lib/src/clients/admin/Admin";
import { AdminClientConfig } from "../../../kernel-lib/src/clients/admin/AdminClientConfig";
import { AlterConfigOp, AlterConfigOpType, ConfigEntry, ConfigSource } from "../../../kernel-lib/src/clients/admin/ConfigEntry";
import { ConfigResource, ConfigResourceType } from "../../../kernel-lib/src/clients/admin/ConfigResource";
import { NewPartitions } from "../../../kernel-lib/src/clients/admin/NewPartitions";
import { NewTopic } from "../../../kernel-lib/src/clients/admin/NewTopic";
import {
  InvalidConfigurationException, InvalidPartitionsException, InvalidReplicationFactorException, TimeoutException, TopicExistsException,
  UnknownTopicOrPartitionException,
} from "../../../kernel-lib/src/protocol/ApiExceptions";
import { setDefaultRuntime } from "../../../kernel-lib/src/sim/DefaultRuntime";
import { FakeBrokers } from "./FakeBrokers";

const open: FakeBrokers[] = [];
function brokers(...args: ConstructorParameters<typeof FakeBrokers>): FakeBrokers {
  const b = new FakeBrokers(...args);
  open.push(b);
  return b;
}
afterEach(async () => {
  setDefaultRuntime(null);
  for (const b of open.splice(0)) await b.runtime.close();
});

describe("AdminClientConfig", () => {
  it("has Kafka's defaults", () => {
    const c = new AdminClientConfig({ "bootstrap.servers": "hadoop102:9092" });
    expect(c.requestTimeoutMs).toBe(30000);
    expect(c.defaultApiTimeoutMs).toBe(60000);
    expect(c.retryBackoffMs).toBe(100);
    expect(c.retries).toBe(2147483647);
    expect(c.bootstrapServers).toEqual(["hadoop102:9092"]);
  });

  it("rejects bad values with ConfigException wording", () => {
    expect(() => new AdminClientConfig({ "bootstrap.servers": "hadoop102:9092", "request.timeout.ms": "abc" }))
      .toThrow("Invalid value abc for configuration request.timeout.ms: Not a number of type INT");
    expect(() => new AdminClientConfig({ "bootstrap.servers": "hadoop102:9092", "request.timeout.ms": "-1" }))
      .toThrow("Invalid value -1 for configuration request.timeout.ms: Value must be at least 0");
    expect(() => new AdminClientConfig({})).toThrow("You must set either bootstrap.servers or bootstrap.controllers");
    expect(() => new AdminClientConfig({ "bootstrap.servers": "hadoop102:9092", "default.api.timeout.ms": "1000" }))
      .toThrow("The specified value of default.api.timeout.ms must be no smaller than the value of request.timeout.ms.");
  });

  it("rejects a bad bootstrap address when the client is created", () => {
    const b = brokers();
    expect(() => Admin.create({ "bootstrap.servers": "abc" }, b.runtime)).toThrow("Invalid url in bootstrap.servers: abc");
  });

  it("warns about configs it does not use", () => {
    const c = new AdminClientConfig({ "bootstrap.servers": "hadoop102:9092", "acks": "all" });
    expect(c.warnings).toEqual(["These configurations '[acks]' were supplied but are not used yet."]);
  });
});

describe("KafkaAdminClient over the runtime network", () => {
  it("creates, lists, describes, grows and deletes topics", async () => {
    const b = brokers();
    const admin = Admin.create({ "bootstrap.servers": "hadoop103:9092" }, b.runtime);
    expect(admin.node).toBe("adminclient-1");
    await admin.createTopics([new NewTopic("first", 3, 2)]).all();
    expect(b.topics.get("first")!.partitions.map((p) => p.replicas)).toEqual([[0, 1], [1, 2], [2, 0]]);
    // CreateTopics went to the controller (broker 0 = hadoop102), after a Metadata request to the bootstrap broker.
    expect(b.requests.filter((r) => r.apiKey === 19).map((r) => r.to)).toEqual(["hadoop102"]);
    expect(b.requests[0]).toEqual({ to: "hadoop103", apiKey: 3 });

    b.addTopic("__consumer_offsets", [{ leader: 0, replicas: [0], isr: [0] }], {}, true);
    expect([...await admin.listTopics().names()]).toEqual(["first"]);
    expect([...await admin.listTopics({ listInternal: true }).names()].sort()).toEqual(["__consumer_offsets", "first"]);

    const d = (await admin.describeTopics(["first"]).allTopicNames()).get("first")!;
    expect(d.name).toBe("first");
    expect(d.isInternal).toBe(false);
    expect(d.topicId.toString()).toBe(b.topics.get("first")!.id.toString());
    expect(d.partitions.map((p) => [p.partition, p.leader?.id, p.replicas.map((n) => n.id), p.isr.map((n) => n.id), p.elr])).toEqual([
      [0, 0, [0, 1], [0, 1], null], [1, 1, [1, 2], [1, 2], null], [2, 2, [2, 0], [2, 0], null],
    ]);
    expect(d.partitions[0].leader!.host).toBe("hadoop102");

    await admin.createPartitions(new Map([["first", NewPartitions.increaseTo(5)]])).all();
    expect(b.topics.get("first")!.partitions.length).toBe(5);

    await admin.deleteTopics(["first"]).all();
    expect(b.topics.has("first")).toBe(false);
    admin.close();
    expect(b.runtime.network.isUp("adminclient-1")).toBe(false);
  });

  it("surfaces broker errors as Kafka's exceptions with the broker's message", async () => {
    const b = brokers();
    const admin = Admin.create({ "bootstrap.servers": "hadoop102:9092" }, b.runtime);
    await admin.createTopics([new NewTopic("first", 3, 2)]).all();

    const exists = admin.createTopics([new NewTopic("first", 1, 1)]).all();
    await expect(exists).rejects.toBeInstanceOf(TopicExistsException);
    await expect(exists).rejects.toThrow("Topic 'first' already exists.");

    const rf = admin.createTopics([new NewTopic("second", 1, 4)]).all();
    await expect(rf).rejects.toBeInstanceOf(InvalidReplicationFactorException);
    await expect(rf).rejects.toThrow("Replication factor: 4 larger than available brokers: 3.");

    const dec = admin.createPartitions({ first: NewPartitions.increaseTo(2) }).all();
    await expect(dec).rejects.toBeInstanceOf(InvalidPartitionsException);
    await expect(dec).rejects.toThrow("Topic first currently has 3 partitions, 2 would not be an increase.");

    const cfg = admin.createTopics([new NewTopic("third", 1, 1).configs({ "retention.ms": "abc" })]).all();
    await expect(cfg).rejects.toBeInstanceOf(InvalidConfigurationException);
    await expect(cfg).rejects.toThrow("Invalid value abc for configuration retention.ms: Not a number of type LONG");

    await expect(admin.describeTopics(["nope"]).allTopicNames()).rejects.toBeInstanceOf(UnknownTopicOrPartitionException);
    await expect(admin.deleteTopics(["nope"]).all()).rejects.toThrow("This server does not host this topic-partition.");
    // Per-topic results: one topic fails, the other is created.
    const mixed = admin.createTopics([new NewTopic("first", 1, 1), new NewTopic("fourth", 1, 1)]);
    const values = mixed.values();
    await expect(values.get("first")!).rejects.toBeInstanceOf(TopicExistsException);
    await expect(values.get("fourth")!).resolves.toBeUndefined();
    expect(await mixed.numPartitions("fourth")).toBe(1);
    admin.close();
    expect([...b.topics.keys()].sort()).toEqual(["first", "fourth"]);
  });

  it("follows the controller when it moves (NOT_CONTROLLER is retried after a metadata refresh)", async () => {
    const b = brokers();
    const admin = Admin.create({ "bootstrap.servers": "hadoop102:9092" }, b.runtime);
    await admin.describeCluster().nodes(); // learn metadata: controller 0
    b.controllerId = 2;
    await admin.createTopics([new NewTopic("first", 1, 1)]).all();
    expect(b.requests.filter((r) => r.apiKey === 19).map((r) => r.to)).toEqual(["hadoop102", "hadoop104"]);
    admin.close();
  });

  it("describes configs and the cluster, and alters configs incrementally", async () => {
    const b = brokers();
    const admin = Admin.create({ "bootstrap.servers": "hadoop102:9092" }, b.runtime);
    await admin.createTopics([new NewTopic("first", 1, 1).configs({ "retention.ms": "60000" })]).all();
    const res = new ConfigResource(ConfigResourceType.TOPIC, "first");
    const config = await admin.describeConfigs([res]).values().get(res)!;
    expect(config.get("retention.ms")!.value).toBe("60000");
    expect(config.get("retention.ms")!.source).toBe(ConfigSource.DYNAMIC_TOPIC_CONFIG);
    expect(config.get("segment.bytes")!.isDefault).toBe(false); // STATIC_BROKER_CONFIG
    expect(config.get("cleanup.policy")!.isDefault).toBe(true);

    await admin.incrementalAlterConfigs(new Map([[res, [new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOpType.SET)]]])).all();
    expect(b.topics.get("first")!.configs).toEqual({ "retention.ms": "60000", "cleanup.policy": "compact" });
    const bad = admin.incrementalAlterConfigs(new Map([[res, [new AlterConfigOp(new ConfigEntry("cleanup.policy", "nope"), AlterConfigOpType.SET)]]])).all();
    await expect(bad).rejects.toThrow("Invalid value nope for configuration cleanup.policy: String must be one of: compact, delete");
    expect(b.topics.get("first")!.configs["cleanup.policy"]).toBe("compact");

    const cluster = admin.describeCluster();
    expect(await cluster.clusterId()).toBe("fake-cluster-id");
    expect((await cluster.controller())!.id).toBe(0);
    expect((await cluster.nodes()).map(String)).toEqual(["hadoop102:9092 (id: 0 rack: null)", "hadoop103:9092 (id: 1 rack: null)", "hadoop104:9092 (id: 2 rack: null)"]);
    admin.close();
  });

  it("times out after default.api.timeout.ms when no bootstrap server answers, in virtual time", async () => {
    const b = brokers();
    const logs: string[] = [];
    const admin = Admin.create({ "bootstrap.servers": "hadoop105:9092" }, b.runtime, { logger: (e) => logs.push(`${e.level} ${e.message}`) });
    const start = b.runtime.now();
    const names = admin.listTopics().names();
    await expect(names).rejects.toBeInstanceOf(TimeoutException);
    await expect(names).rejects.toThrow("Timed out waiting for a node assignment. Call: listTopics");
    expect(b.runtime.now() - start).toBe(60000);
    expect(logs).toEqual(["WARN [AdminClient clientId=adminclient-1] Connection to node -1 (hadoop105/hadoop105:9092) could not be established. Node may not be available."]);
    admin.close();
  });

  it("times out on a wrong port too (nothing answers there), and honours timeoutMs", async () => {
    const b = brokers();
    const admin = Admin.create({ "bootstrap.servers": "hadoop102:9093" }, b.runtime);
    const start = b.runtime.now();
    await expect(admin.createTopics([new NewTopic("first", 1, 1)], { timeoutMs: 5000 }).all())
      .rejects.toThrow("Timed out waiting for a node assignment. Call: createTopics");
    expect(b.runtime.now() - start).toBe(5000);
    expect(b.topics.size).toBe(0);
    admin.close();
  });

  it("falls over to the next bootstrap address when the first broker is down", async () => {
    const b = brokers();
    b.stop(0);
    b.controllerId = 1;
    const admin = Admin.create({ "bootstrap.servers": "hadoop102:9092,hadoop103:9092" }, b.runtime);
    await admin.createTopics([new NewTopic("first", 1, 2)]).all();
    expect(b.topics.get("first")!.partitions[0].replicas).toEqual([1, 2]);
    admin.close();
  });

  it("finds the default runtime when none is passed", async () => {
    const b = brokers();
    expect(() => Admin.create({ "bootstrap.servers": "hadoop102:9092" })).toThrow("No cluster to connect to");
    setDefaultRuntime(b.runtime);
    const admin = Admin.create({ "bootstrap.servers": "hadoop102:9092" });
    expect([...await admin.listTopics().names()]).toEqual([]);
    admin.close();
    // Two clients in one runtime get distinct node names.
    const a2 = Admin.create({ "bootstrap.servers": "hadoop102:9092" }, { runtime: b.runtime });
    expect(a2.node).toBe("adminclient-2");
    a2.close();
  });
});
