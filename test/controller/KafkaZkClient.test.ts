import { afterEach, describe, expect, it } from "vitest";
import { KafkaZkClient, zkPromise } from "../../kernel-lib/src/controller/KafkaZkClient";
import { LeaderAndIsr } from "../../kernel-lib/src/controller/LeaderAndIsr";
import { KeeperException } from "../../kernel-lib/src/controller/zk/KeeperException";
import type { BrokerInfo } from "../../kernel-lib/src/controller/zk/ZkData";
import { ZooKeeperClient } from "../../kernel-lib/src/controller/zk/ZooKeeperClient";
import { ZooKeeperServer } from "../../kernel-lib/src/controller/zk/ZooKeeperServer";
import { ControllerMovedException } from "../../kernel-lib/src/protocol";
import { TopicPartition } from "../../kernel-lib/src/protocol/TopicPartition";
import { Runtime } from "../../kernel-lib/src/sim/Runtime";

const runtimes: Runtime[] = [];
afterEach(async () => {
  for (const rt of runtimes.splice(0)) await rt.close();
});

async function setup(nodes: string[]) {
  const runtime = new Runtime({ seed: 7 });
  runtimes.push(runtime);
  const zk = new ZooKeeperServer(runtime, { node: "zk" });
  zk.start();
  const clients: KafkaZkClient[] = [];
  for (const node of nodes) {
    const c = new ZooKeeperClient(runtime, { node, connectString: "zk:2181", ownsNode: true });
    await c.connect();
    clients.push(new KafkaZkClient(runtime, c));
  }
  await zkPromise(runtime, "paths", (cb) => (clients[0] as KafkaZkClient).createTopLevelPaths(cb));
  return { runtime, zk, clients };
}

const brokerInfo = (id: number, host: string): BrokerInfo => ({
  id, endpoints: [{ host, port: 9092, listenerName: "PLAINTEXT", securityProtocol: "PLAINTEXT" }], rack: null, jmxPort: -1, version: 5, features: {},
});

describe("KafkaZkClient against a ZooKeeperServer", () => {
  it("registerBroker: ephemeral node, epoch = czxid, dataVersion 1; a second registration of the id fails with NodeExists", async () => {
    const { runtime, zk, clients } = await setup(["b1", "b2"]);
    const [a, b] = clients as [KafkaZkClient, KafkaZkClient];
    const epoch = await zkPromise<number>(runtime, "register", (cb) => a.registerBroker(brokerInfo(1, "b1"), cb));
    const stat = zk.dataTree.exists("/brokers/ids/1");
    expect(stat?.czxid).toBe(epoch);
    expect(stat?.version).toBe(1);
    expect(stat?.ephemeralOwner).toBe(a.sessionId);
    const err = await zkPromise<number>(runtime, "register dup", (cb) => b.registerBroker(brokerInfo(1, "b2"), cb)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeeperException.NodeExistsException);
    expect((err as Error).message).toBe("KeeperErrorCode = NodeExists");
    // registering again from the owning session is fine (a retry after a lost connection)
    expect(await zkPromise<number>(runtime, "again", (cb) => a.registerBroker(brokerInfo(1, "b1"), cb))).toBe(epoch);
    const all = await zkPromise(runtime, "all", (cb: (e: Error | null, v: { info: BrokerInfo; epoch: number }[]) => void) => b.getAllBrokerAndEpochsInCluster(cb));
    expect(all.map((x) => [x.info.id, x.info.endpoints[0]?.host, x.epoch])).toEqual([[1, "b1", epoch]]);
  });

  it("registerControllerAndIncrementControllerEpoch: first wins with epoch 1; the loser gets ControllerMovedException", async () => {
    const { runtime, zk, clients } = await setup(["b1", "b2"]);
    const [a, b] = clients as [KafkaZkClient, KafkaZkClient];
    const won = await zkPromise<{ epoch: number; epochZkVersion: number }>(runtime, "elect", (cb) => a.registerControllerAndIncrementControllerEpoch(1, cb));
    expect(won).toEqual({ epoch: 1, epochZkVersion: 1 });
    expect(zk.dataTree.getData("/controller_epoch").data?.toString()).toBe("1");
    const lost = await zkPromise(runtime, "elect2", (cb) => b.registerControllerAndIncrementControllerEpoch(2, cb)).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(ControllerMovedException);
    expect(await zkPromise<number | null>(runtime, "id", (cb) => b.getControllerId(cb))).toBe(1);
    const json = JSON.parse(zk.dataTree.getData("/controller").data?.toString() ?? "null") as Record<string, unknown>;
    expect(json).toMatchObject({ version: 2, brokerid: 1, kraftControllerEpoch: -1 });
  });

  it("updateLeaderAndIsr: conditional on the zkVersion (CAS); a stale version is retried, a stale controller is fenced", async () => {
    const { runtime, zk, clients } = await setup(["b1"]);
    const [a] = clients as [KafkaZkClient];
    const { epoch, epochZkVersion } = await zkPromise<{ epoch: number; epochZkVersion: number }>(runtime, "elect", (cb) => a.registerControllerAndIncrementControllerEpoch(1, cb));
    const tp = new TopicPartition("first", 0);
    await zkPromise(runtime, "topic", (cb) => a.createTopicAssignment("first", "AAAAAAAAAAAAAAAAAAAAAA", new Map([[0, [1, 2]]]), cb));
    const created = await zkPromise<Map<string, Error | null>>(runtime, "states", (cb) => a.createTopicPartitionStates(
      new Map([[tp.toString(), { partition: tp, state: { leaderAndIsr: LeaderAndIsr.initial(1, [1, 2]), controllerEpoch: epoch } }]]), epochZkVersion, cb));
    expect(created.get("first-0")).toBeNull();
    expect(zk.dataTree.getData("/brokers/topics/first/partitions/0/state").data?.toString())
      .toBe('{"controller_epoch":1,"leader":1,"version":1,"leader_epoch":0,"isr":[1,2]}');

    const shrink = LeaderAndIsr.initial(1, [1, 2]).withIsr([1]); // partitionEpoch 0 = version read
    const r1 = await zkPromise<import("../../kernel-lib/src/controller/KafkaZkClient").UpdateLeaderAndIsrResult>(runtime, "u1",
      (cb) => a.updateLeaderAndIsr(new Map([["first-0", { partition: tp, leaderAndIsr: shrink }]]), epoch, epochZkVersion, cb));
    expect((r1.finishedPartitions.get("first-0")?.result as LeaderAndIsr).partitionEpoch).toBe(1);
    // the same write again at the old version conflicts: BADVERSION -> retry list, nothing changed
    const r2 = await zkPromise<import("../../kernel-lib/src/controller/KafkaZkClient").UpdateLeaderAndIsrResult>(runtime, "u2",
      (cb) => a.updateLeaderAndIsr(new Map([["first-0", { partition: tp, leaderAndIsr: LeaderAndIsr.initial(2, [2]) }]]), epoch, epochZkVersion, cb));
    expect(r2.partitionsToRetry.map(String)).toEqual(["first-0"]);
    const states = await zkPromise<Map<string, { leaderAndIsr: LeaderAndIsr }>>(runtime, "read", (cb) => a.getTopicPartitionStates([tp], cb));
    expect(states.get("first-0")?.leaderAndIsr.isr).toEqual([1]);
    expect(states.get("first-0")?.leaderAndIsr.partitionEpoch).toBe(1);
    // a newer controller epoch fences the old one's writes
    zk.dataTree.setData("/controller_epoch", Buffer.from("2"), -1, 999, runtime.now(), []);
    const fenced = await zkPromise(runtime, "u3", (cb) => a.updateLeaderAndIsr(new Map([["first-0", { partition: tp, leaderAndIsr: shrink.withPartitionEpoch(1) }]]), epoch, epochZkVersion, cb)).catch((e: unknown) => e);
    expect(fenced).toBeInstanceOf(ControllerMovedException);
  });

  it("cluster id: first proposal wins", async () => {
    const { runtime, clients } = await setup(["b1", "b2"]);
    const [a, b] = clients as [KafkaZkClient, KafkaZkClient];
    expect(await zkPromise<string>(runtime, "c1", (cb) => a.createOrGetClusterId("AAAAAAAAAAAAAAAAAAAAAA", cb))).toBe("AAAAAAAAAAAAAAAAAAAAAA");
    expect(await zkPromise<string>(runtime, "c2", (cb) => b.createOrGetClusterId("BBBBBBBBBBBBBBBBBBBBBB", cb))).toBe("AAAAAAAAAAAAAAAAAAAAAA");
  });

  it("child handlers fire on changes and are re-armed by the re-read", async () => {
    const { runtime, clients } = await setup(["b1", "b2"]);
    const [a, b] = clients as [KafkaZkClient, KafkaZkClient];
    const seen: string[][] = [];
    const handler = {
      path: "/brokers/ids",
      handleChildChange: () => a.getChildren("/brokers/ids", (_e, c) => seen.push(c)),
    };
    a.registerZNodeChildChangeHandler(handler);
    await zkPromise(runtime, "arm", (cb) => a.getChildren("/brokers/ids", cb));
    await zkPromise(runtime, "r1", (cb) => b.registerBroker(brokerInfo(1, "b2"), cb));
    await zkPromise(runtime, "r2", (cb) => a.registerBroker(brokerInfo(2, "b1"), cb));
    await runtime.advance(10);
    expect(seen).toEqual([["1"], ["1", "2"]]);
  });
});
