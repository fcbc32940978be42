import { afterEach, describe, expect, it } from "vitest";
import { TopicAlreadyMarkedForDeletionException } from "../../kernel-lib/src/controller/errors";
import { zkPromise } from "../../kernel-lib/src/controller/KafkaZkClient";
import { InvalidConfigurationException, InvalidTopicException, TopicExistsException, UnknownTopicOrPartitionException } from "../../kernel-lib/src/protocol";
import { ControllerTestCluster } from "./ControllerTestCluster";

const clusters: ControllerTestCluster[] = [];
afterEach(async () => {
  for (const c of clusters.splice(0)) await c.close();
});

async function setup(seed: number | string = 3) {
  const c = new ControllerTestCluster(seed, { autoLeaderRebalanceEnable: false });
  clusters.push(c);
  for (const id of [1, 2, 3]) await c.startBroker(id);
  await c.until(() => c.activeController()?.liveBrokerIds().length === 3, 10_000, "controller");
  return { c, admin: await c.adminZkClient() };
}

describe("AdminZkClient", () => {
  it("createTopic places replicas with AdminUtils over the live brokers and writes Kafka's znodes", async () => {
    const { c, admin } = await setup();
    const a = await zkPromise<Map<number, number[]>>(c.runtime, "create", (cb) => admin.createTopic("first", 6, 2, { "retention.ms": "1000" }, "Enforced", cb));
    // one of AdminUtils' round-robin patterns: leaders spread evenly, no broker twice in a partition
    const leaders = [...a.values()].map((r) => r[0]);
    for (const b of [1, 2, 3]) expect(leaders.filter((l) => l === b)).toHaveLength(2);
    for (const r of a.values()) expect(new Set(r).size).toBe(2);
    const topic = JSON.parse(c.znode("/brokers/topics/first") as string) as { version: number; topic_id: string; partitions: Record<string, number[]> };
    expect(topic.version).toBe(3);
    expect(topic.topic_id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Object.keys(topic.partitions)).toHaveLength(6);
    expect(c.znode("/config/topics/first")).toBe('{"version":1,"config":{"retention.ms":"1000"}}');
    await c.until(() => c.state("first", 5) !== null, 10_000, "states");
    // the controller keeps the topic id the admin wrote
    expect(c.activeController()?.controllerContext.topicIds.get("first")).toBe(topic.topic_id);
  });

  it("rejects what Kafka rejects, in Kafka's words, and changes nothing", async () => {
    const { c, admin } = await setup();
    await zkPromise(c.runtime, "create", (cb) => admin.createTopic("first", 1, 1, {}, "Enforced", cb));
    const err = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as Error);
    const e1 = await err(zkPromise(c.runtime, "dup", (cb) => admin.createTopic("first", 1, 1, {}, "Enforced", cb)));
    expect(e1).toBeInstanceOf(TopicExistsException);
    expect(e1?.message).toBe("Topic 'first' already exists.");
    const e2 = await err(zkPromise(c.runtime, "rf", (cb) => admin.createTopic("second", 1, 4, {}, "Enforced", cb)));
    expect(e2?.message).toBe("Replication factor: 4 larger than available brokers: 3.");
    const e3 = await err(zkPromise(c.runtime, "name", (cb) => admin.createTopic("bad name", 1, 1, {}, "Enforced", cb)));
    expect(e3).toBeInstanceOf(InvalidTopicException);
    expect(e3?.message).toBe("Topic name \"bad name\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'");
    await zkPromise(c.runtime, "dotted", (cb) => admin.createTopic("a.b", 1, 1, {}, "Enforced", cb));
    const e4 = await err(zkPromise(c.runtime, "collide", (cb) => admin.createTopic("a_b", 1, 1, {}, "Enforced", cb)));
    expect(e4?.message).toBe("Topic 'a_b' collides with existing topics: a.b");
    const e5 = await err(zkPromise(c.runtime, "config", (cb) => admin.createTopic("third", 1, 1, { "retention.mss": "1" }, "Enforced", cb)));
    expect(e5).toBeInstanceOf(InvalidConfigurationException);
    expect(e5?.message).toBe("Unknown topic config name: retention.mss");
    expect(c.znode("/brokers/topics/second")).toBeNull();
    expect(c.znode("/brokers/topics/third")).toBeNull();
    expect(c.znode("/config/topics/third")).toBeNull();
    const e6 = await err(zkPromise(c.runtime, "del", (cb) => admin.deleteTopic("nope", cb)));
    expect(e6).toBeInstanceOf(UnknownTopicOrPartitionException);
    expect(e6?.message).toBe("Topic `nope` to delete does not exist");
  });

  it("deleteTopic twice: already marked; creating a topic marked for deletion fails", async () => {
    const { c, admin } = await setup();
    await zkPromise(c.runtime, "create", (cb) => admin.createTopic("first", 1, 1, {}, "Enforced", cb));
    await c.until(() => c.state("first", 0) !== null, 10_000, "state");
    const first = zkPromise(c.runtime, "del1", (cb) => admin.deleteTopic("first", cb));
    const second = zkPromise(c.runtime, "del2", (cb) => admin.deleteTopic("first", cb)).catch((e: unknown) => e);
    const create = zkPromise(c.runtime, "recreate", (cb) => admin.createTopic("first", 1, 1, {}, "Enforced", cb)).catch((e: unknown) => e);
    await first;
    const e2 = (await second) as Error;
    expect(e2).toBeInstanceOf(TopicAlreadyMarkedForDeletionException);
    expect(e2.message).toBe("topic first is already marked for deletion");
    const e3 = (await create) as Error;
    expect(e3).toBeInstanceOf(TopicExistsException);
    expect(e3.message).toBe("Topic 'first' is marked for deletion.");
    await c.until(() => c.znode("/brokers/topics/first") === null && c.znode("/admin/delete_topics/first") === null, 30_000, "deleted");
  });

  it("changeTopicConfig writes the override and a change notification", async () => {
    const { c, admin } = await setup();
    await zkPromise(c.runtime, "create", (cb) => admin.createTopic("first", 1, 1, {}, "Enforced", cb));
    await zkPromise(c.runtime, "alter", (cb) => admin.changeTopicConfig("first", { "cleanup.policy": "compact" }, cb));
    expect(c.znode("/config/topics/first")).toBe('{"version":1,"config":{"cleanup.policy":"compact"}}');
    const changes = c.zookeeper.dataTree.getChildren("/config/changes").children;
    expect(changes).toEqual(["config_change_0000000000"]);
    expect(c.znode("/config/changes/config_change_0000000000")).toBe('{"version":2,"entity_path":"topics/first"}');
    const e = await zkPromise(c.runtime, "bad", (cb) => admin.changeTopicConfig("first", { "cleanup.policy": "shred" }, cb)).catch((x: unknown) => x as Error);
    expect(e).toBeInstanceOf(Error);
    expect(c.znode("/config/topics/first")).toBe('{"version":1,"config":{"cleanup.policy":"compact"}}');
  });
});

describe("ZooKeeper outage: the controller waits without driving the simulation", () => {
  it("a request needing ZooKeeper parks while it is down and completes when it is back", async () => {
    const { c, admin } = await setup();
    await zkPromise(c.runtime, "create", (cb) => admin.createTopic("first", 1, 3, {}, "Enforced", cb));
    await c.until(() => c.activeController()?.partitionStates()[0]?.state === "OnlinePartition", 10_000, "online");
    const ctl = c.activeController();
    if (ctl === undefined) throw new Error("no controller");
    const view = ctl.partitionStates()[0];
    if (view === undefined) throw new Error("no partition");
    c.zookeeper.stop();
    await c.runtime.advance(100);
    let answered = false;
    ctl.handleAlterPartition({
      apiKey: 56, brokerId: view.leader, brokerEpoch: c.broker(view.leader).brokerEpoch,
      topics: [{ topicName: "first", partitions: [{ partitionIndex: 0, leaderEpoch: view.leaderEpoch, newIsr: [view.leader], leaderRecoveryState: 0, partitionEpoch: view.zkVersion }] }],
    }, () => {
      answered = true;
    });
    await c.runtime.advance(5000);
    expect(answered).toBe(false);
    // nothing engine-internal is left waiting on a deferred: the simulation is idle between cells
    expect(c.runtime.waitingFor()).toEqual([]);
    c.zookeeper.start();
    await c.until(() => answered, 30_000, "answer after ZooKeeper is back");
    expect(c.state("first", 0)?.isr).toEqual([view.leader]);
  });
});
