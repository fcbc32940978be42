// The rule "engine machinery never drives the simulation" under a ZooKeeper that crashes (kill -9: no connection is
// closed, clients notice only when their reads time out): ZooKeeper work of the controller and of a broker waits
// without any runtime.defer() promise pending, and completes once ZooKeeper is back.
import { afterEach, describe, expect, it } from "vitest";
import { EmbeddedCluster } from "../../kernel-lib/src/broker/EmbeddedCluster";
import { zkPromise } from "../../kernel-lib/src/controller/KafkaZkClient";
import { ConfigType } from "../../kernel-lib/src/controller/zk/ZkData";
import { ControllerTestCluster } from "./ControllerTestCluster";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0)) await f();
});

describe("ZooKeeper crashes while the engine has ZooKeeper work", () => {
  it("the controller's AlterPartition write waits with no deferred pending and lands when ZooKeeper is back", async () => {
    const c = new ControllerTestCluster(5, { autoLeaderRebalanceEnable: false });
    cleanups.push(() => c.close());
    for (const id of [1, 2, 3]) await c.startBroker(id);
    await c.until(() => c.activeController()?.liveBrokerIds().length === 3, 10_000, "controller");
    const admin = await c.adminZkClient();
    await zkPromise(c.runtime, "create", (cb) => admin.createTopic("first", 1, 3, {}, "Enforced", cb));
    await c.until(() => c.activeController()?.partitionStates()[0]?.state === "OnlinePartition", 10_000, "online");
    const ctl = c.activeController();
    const view = ctl?.partitionStates()[0];
    if (ctl === undefined || view === undefined) throw new Error("no controller or partition");
    const isrBefore = c.state("first", 0)?.isr;
    expect(isrBefore).toHaveLength(3);

    c.zookeeper.crash();
    // The controller's client still believes it is connected (it notices after readTimeout, 12 s): the write goes
    // out at once, to a server that is gone.
    let answer: number | null = null;
    ctl.handleAlterPartition({
      apiKey: 56, brokerId: view.leader, brokerEpoch: c.broker(view.leader).brokerEpoch,
      topics: [{ topicName: "first", partitions: [{ partitionIndex: 0, leaderEpoch: view.leaderEpoch, newIsr: [view.leader], leaderRecoveryState: 0, partitionEpoch: view.zkVersion }] }],
    }, (resp) => {
      answer = resp.errorCode;
    });
    expect(c.runtime.waitingFor()).toEqual([]);
    // Past the read timeout (ConnectionLoss, the write is queued again) and through refused reconnects.
    await c.runtime.advance(30_000);
    expect(answer).toBeNull();
    expect(c.runtime.waitingFor()).toEqual([]);
    expect([...c.brokers.values()].map((b) => b.controller.isActive())).toContain(true);

    c.zookeeper.start();
    await c.until(() => answer !== null, 30_000, "the AlterPartition answer after ZooKeeper is back");
    expect(answer).toBe(0);
    expect(c.state("first", 0)?.isr).toEqual([view.leader]);
    expect(c.runtime.waitingFor()).toEqual([]);
  });

  it("a broker's ZooKeeper reads wait with no deferred pending and answer when ZooKeeper is back", async () => {
    const c = await EmbeddedCluster.start({ seed: 21, brokers: ["hadoop102", "hadoop103"] });
    cleanups.push(() => c.close());
    const broker = c.broker(0);
    const zk = broker.zkClient;
    if (zk === null) throw new Error("no KafkaZkClient");
    const admin = zk; // the broker's own session writes the override, as its ZkAdminManager would
    await zkPromise(c.runtime, "configs", (cb) => admin.setOrCreateEntityConfigs(ConfigType.Topic, "first", [["retention.ms", "1000"]], cb));

    c.zookeeper.crash();
    const got: string[] = [];
    zk.getEntityConfigs(ConfigType.Topic, "first", (err, configs) => got.push(err === null ? JSON.stringify([...configs]) : `error ${err.name}`));
    zk.getSortedBrokerList((err, ids) => got.push(err === null ? `brokers ${ids.join(",")}` : `error ${err.name}`));
    expect(c.runtime.waitingFor()).toEqual([]);
    await c.runtime.advance(20_000);
    expect(got).toEqual([]);
    expect(broker.zooKeeperClient?.state).toBe("CONNECTING");
    expect(c.runtime.waitingFor()).toEqual([]);

    c.zookeeper.start();
    expect(await c.runtime.runUntil(() => got.length === 2, { timeoutMs: 10_000 })).toBe(true);
    expect(got).toEqual(['[["retention.ms","1000"]]', "brokers 0,1"]);
    expect(broker.zooKeeperClient?.state).toBe("CONNECTED");
    expect(c.runtime.waitingFor()).toEqual([]);
  });
});
