import { afterEach, describe, expect, it } from "vitest";
import { zkPromise } from "../../kernel-lib/src/controller/KafkaZkClient";
import type { AlterPartitionResponse } from "../../kernel-lib/src/protocol/messages/AlterPartition";
import type { ControlledShutdownResponse } from "../../kernel-lib/src/protocol/messages/ControlledShutdown";
import { ControllerTestCluster } from "./ControllerTestCluster";

const clusters: ControllerTestCluster[] = [];
afterEach(async () => {
  for (const c of clusters.splice(0)) await c.close();
});

async function cluster(ids: number[], config = {}, seed: number | string = 1): Promise<ControllerTestCluster> {
  const c = new ControllerTestCluster(seed, config);
  clusters.push(c);
  for (const id of ids) await c.startBroker(id);
  await c.until(() => c.activeController() !== undefined && c.activeController()?.liveBrokerIds().length === ids.length, 10_000, "controller");
  return c;
}

async function createTopic(c: ControllerTestCluster, topic: string, assignment: Record<number, number[]>, config: Record<string, string> = {}): Promise<void> {
  const admin = await c.adminZkClient();
  const a = new Map(Object.entries(assignment).map(([p, r]) => [Number(p), r]));
  // Mixed replication factors only pass without validation (as a hand-written reassignment would).
  const validate = new Set(Object.values(assignment).map((r) => r.length)).size === 1;
  await zkPromise(c.runtime, "create", (cb) => admin.createTopicWithAssignment(topic, config, a, validate, true, cb));
  await c.until(() => {
    const view = c.activeController()?.partitionStates().filter((p) => p.topic === topic) ?? [];
    return view.length === Object.keys(assignment).length && view.every((p) => p.state === "OnlinePartition");
  }, 10_000, `${topic} online`);
}

async function alterIsr(c: ControllerTestCluster, leader: number, topic: string, partition: number, isr: number[]): Promise<AlterPartitionResponse> {
  const controller = c.activeController();
  if (controller === undefined) throw new Error("no controller");
  const view = controller.partitionStates().find((p) => p.topic === topic && p.partition === partition);
  if (view === undefined) throw new Error("no partition");
  const d = c.runtime.defer<AlterPartitionResponse>("AlterPartition");
  controller.handleAlterPartition({
    apiKey: 56, brokerId: leader, brokerEpoch: c.broker(leader).brokerEpoch,
    topics: [{ topicName: topic, partitions: [{ partitionIndex: partition, leaderEpoch: view.leaderEpoch, newIsr: isr, leaderRecoveryState: 0, partitionEpoch: view.zkVersion }] }],
  }, (r) => d.resolve(r));
  return d.promise;
}

describe("KafkaController (ZooKeeper mode) with fake brokers", () => {
  it("the first broker becomes controller with epoch 1; the others know it", async () => {
    const c = await cluster([1, 2, 3]);
    expect(JSON.parse(c.znode("/controller") as string)).toMatchObject({ version: 2, brokerid: 1, kraftControllerEpoch: -1 });
    expect(c.znode("/controller_epoch")).toBe("1");
    expect(c.broker(1).controller.isActive()).toBe(true);
    expect(c.broker(1).controller.epoch()).toBe(1);
    expect(c.broker(2).controller.isActive()).toBe(false);
    expect(c.broker(2).controller.activeController).toBe(1);
    expect(c.broker(3).controller.activeController).toBe(1);
    expect(c.broker(1).controller.liveBrokerIds()).toEqual([1, 2, 3]);
    // every broker got UpdateMetadata from controller epoch 1
    await c.runtime.advance(10);
    for (const id of [1, 2, 3]) expect(c.broker(id).requests(6).some((r) => r.controllerEpoch === 1)).toBe(true);
  });

  it("topic creation: state znodes (first live replica leads, ISR = live replicas, epoch 0), LeaderAndIsr(isNew) to replicas", async () => {
    const c = await cluster([1, 2, 3]);
    await createTopic(c, "first", { 0: [1, 2], 1: [2, 3], 2: [3, 1] });
    expect(c.znode("/brokers/topics/first/partitions/0/state")).toBe('{"controller_epoch":1,"leader":1,"version":1,"leader_epoch":0,"isr":[1,2]}');
    expect(c.state("first", 1)).toMatchObject({ leader: 2, leader_epoch: 0, isr: [2, 3] });
    expect(c.state("first", 2)).toMatchObject({ leader: 3, leader_epoch: 0, isr: [3, 1] });
    expect(c.znode("/config/topics/first")).toBe('{"version":1,"config":{}}');
    await c.runtime.advance(10);
    const lai = c.broker(2).requests(4).at(-1)?.body as { topicStates: { topicName: string; partitionStates: { partitionIndex: number; leader: number; isNew: boolean; replicas: number[] }[] }[] };
    expect(lai.topicStates[0]?.topicName).toBe("first");
    expect(lai.topicStates[0]?.partitionStates.map((p) => [p.partitionIndex, p.leader, p.isNew])).toEqual([[0, 1, true], [1, 2, true]]);
    const view = c.broker(1).controller.partitionStates();
    expect(view.map((p) => [p.partition, p.state, p.leader, p.isr])).toEqual([[0, "OnlinePartition", 1, [1, 2]], [1, "OnlinePartition", 2, [2, 3]], [2, "OnlinePartition", 3, [3, 1]]]);
  });

  it("a broker death moves its leaderships (AR order) and shrinks every ISR at once, leader_epoch + 1", async () => {
    const c = await cluster([1, 2, 3]);
    await createTopic(c, "first", { 0: [1, 2], 1: [2, 3, 1], 2: [3, 1], 3: [2, 1, 3] });
    // ISR order differs from AR order on partition 3: AR [2,1,3], ISR written [2,3,1] -> the new leader is 1 (AR order)
    expect((await alterIsr(c, 2, "first", 3, [2, 3, 1])).topics[0]?.partitions[0]?.errorCode).toBe(0);
    const t0 = c.runtime.now();
    c.broker(2).crash();
    await c.until(() => c.state("first", 1)?.leader === 3 && c.state("first", 0)?.isr.length === 1, 60_000, "failover of broker 2");
    // detected when the ZooKeeper session expired (18 s), not after replica.lag.time.max.ms
    expect(c.runtime.now() - t0).toBeGreaterThanOrEqual(18_000);
    expect(c.runtime.now() - t0).toBeLessThan(30_000);
    expect(c.state("first", 1)).toMatchObject({ leader: 3, leader_epoch: 1, isr: [3, 1] });
    expect(c.state("first", 0)).toMatchObject({ leader: 1, leader_epoch: 1, isr: [1] });
    expect(c.state("first", 2)).toMatchObject({ leader: 3, leader_epoch: 0, isr: [3, 1] });
    expect(c.state("first", 3)).toMatchObject({ leader: 1, leader_epoch: 1, isr: [3, 1] });
    expect(c.broker(1).controller.liveBrokerIds()).toEqual([1, 3]);
    await c.runtime.advance(10);
    // the survivors got the new leader and epoch
    const last = c.broker(3).requests(4).map((r) => r.body as { topicStates: { partitionStates: { partitionIndex: number; leader: number; leaderEpoch: number }[] }[] })
      .flatMap((b) => b.topicStates.flatMap((t) => t.partitionStates)).filter((p) => p.partitionIndex === 1).at(-1);
    expect(last).toMatchObject({ leader: 3, leaderEpoch: 1 });
  });

  it("no live ISR member: offline (leader -1, ISR keeps its last member) unless unclean election is enabled for the topic", async () => {
    const c = await cluster([1, 2, 3]);
    await createTopic(c, "clean", { 0: [2, 3] });
    await createTopic(c, "dirty", { 0: [2, 3] }, { "unclean.leader.election.enable": "true" });
    for (const t of ["clean", "dirty"]) expect((await alterIsr(c, 2, t, 0, [2])).topics[0]?.partitions[0]).toMatchObject({ errorCode: 0, isr: [2], partitionEpoch: 1 });
    c.broker(2).crash();
    await c.until(() => c.state("clean", 0)?.leader === -1 && c.state("dirty", 0)?.leader === 3, 60_000, "offline");
    expect(c.znode("/brokers/topics/clean/partitions/0/state")).toBe('{"controller_epoch":1,"leader":-1,"version":1,"leader_epoch":1,"isr":[2]}');
    // unclean: the first live AR replica, ISR = {it}, marked RECOVERING (KIP-704)
    expect(c.state("dirty", 0)).toMatchObject({ leader: 3, leader_epoch: 1, isr: [3], leader_recovery_state: 1 });
    expect(c.broker(1).controller.partitionStates().find((p) => p.topic === "clean")?.state).toBe("OfflinePartition");
    // broker 2 comes back: the clean partition gets its leader again (first live AR replica in the ISR)
    await c.startBroker(2);
    await c.until(() => c.state("clean", 0)?.leader === 2, 30_000, "clean partition back");
    expect(c.state("clean", 0)).toMatchObject({ leader: 2, leader_epoch: 2, isr: [2] });
  });

  it("AlterPartition: stale partition epoch, fenced leader epoch, ineligible replica", async () => {
    const c = await cluster([1, 2, 3]);
    await createTopic(c, "first", { 0: [1, 2, 3] });
    const ctl = c.activeController();
    if (ctl === undefined) throw new Error("no controller");
    const send = (leaderEpoch: number, partitionEpoch: number, isr: number[], brokerEpoch = c.broker(1).brokerEpoch): Promise<AlterPartitionResponse> => {
      const d = c.runtime.defer<AlterPartitionResponse>("AlterPartition");
      ctl.handleAlterPartition({ apiKey: 56, brokerId: 1, brokerEpoch, topics: [{ topicName: "first", partitions: [{ partitionIndex: 0, leaderEpoch, newIsr: isr, leaderRecoveryState: 0, partitionEpoch }] }] }, (r) => d.resolve(r));
      return d.promise;
    };
    expect((await send(0, 0, [1, 2])).topics[0]?.partitions[0]).toMatchObject({ errorCode: 0, leaderId: 1, leaderEpoch: 0, isr: [1, 2], partitionEpoch: 1 });
    expect(c.state("first", 0)).toMatchObject({ leader: 1, leader_epoch: 0, isr: [1, 2] });
    expect((await send(0, 0, [1])).topics[0]?.partitions[0]?.errorCode).toBe(95); // INVALID_UPDATE_VERSION
    expect((await send(0, 1, [1, 2])).topics[0]?.partitions[0]).toMatchObject({ errorCode: 0, partitionEpoch: 1 }); // already so
    expect((await send(0, 1, [2, 1])).topics[0]?.partitions[0]?.errorCode).toBe(0); // a new order is a change
    expect(c.state("first", 0)?.isr).toEqual([2, 1]);
    c.broker(2).crash();
    await c.until(() => ctl.partitionStates()[0]?.leaderEpoch === 1, 60_000, "broker 2 gone");
    const s = ctl.partitionStates()[0];
    expect(s).toMatchObject({ leader: 1, leaderEpoch: 1, isr: [1], zkVersion: 3 });
    expect((await send(0, 3, [1, 3])).topics[0]?.partitions[0]?.errorCode).toBe(74); // FENCED_LEADER_EPOCH
    expect((await send(1, 3, [1, 2])).topics[0]?.partitions[0]?.errorCode).toBe(107); // INELIGIBLE_REPLICA (2 is dead)
    expect((await send(2, 3, [1, 3])).topics[0]?.partitions[0]?.errorCode).toBe(41); // NOT_CONTROLLER: a newer epoch than ours
    expect((await send(1, 3, [1], 12345)).errorCode).toBe(77); // STALE_BROKER_EPOCH
    expect((await send(1, 3, [1, 3])).topics[0]?.partitions[0]).toMatchObject({ errorCode: 0, isr: [1, 3], leaderEpoch: 1, partitionEpoch: 4 });
  });

  it("controlled shutdown moves leadership to the next live ISR member in AR order and shrinks ISRs", async () => {
    const c = await cluster([1, 2, 3]);
    await createTopic(c, "first", { 0: [2, 3, 1], 1: [2, 1], 2: [3, 2], 3: [2] });
    const ctl = c.activeController();
    if (ctl === undefined) throw new Error("no controller");
    const d = c.runtime.defer<ControlledShutdownResponse>("ControlledShutdown");
    ctl.handleControlledShutdown({ apiKey: 7, brokerId: 2, brokerEpoch: c.broker(2).brokerEpoch }, (r) => d.resolve(r));
    const r = await d.promise;
    expect(r.errorCode).toBe(0);
    // a single-replica partition cannot move: it stays with broker 2
    expect(r.remainingPartitions).toEqual([{ topicName: "first", partitionIndex: 3 }]);
    expect(c.state("first", 0)).toMatchObject({ leader: 3, leader_epoch: 1, isr: [3, 1] });
    expect(c.state("first", 1)).toMatchObject({ leader: 1, leader_epoch: 1, isr: [1] });
    expect(c.state("first", 2)).toMatchObject({ leader: 3, leader_epoch: 1, isr: [3] });
    await c.runtime.advance(10);
    // the stopping broker was told to stop following partition 2 (and follows partition 0 now)
    const stops = c.broker(2).requests(5).flatMap((q) => (q.body as { topicStates: { partitionStates: { partitionIndex: number; deletePartition: boolean }[] }[] }).topicStates.flatMap((t) => t.partitionStates));
    expect(stops.map((p) => [p.partitionIndex, p.deletePartition])).toEqual([[2, false]]);
    expect(c.broker(1).controller.controllerContext.shuttingDownBrokerIds.has(2)).toBe(true);
  });

  it("topic deletion: StopReplica(delete=true) to the replicas, then the znodes go", async () => {
    const c = await cluster([1, 2, 3]);
    await createTopic(c, "first", { 0: [1, 2], 1: [2, 3] }, { "retention.ms": "1000" });
    const admin = await c.adminZkClient();
    await zkPromise(c.runtime, "delete", (cb) => admin.deleteTopic("first", cb));
    expect(c.znode("/admin/delete_topics/first")).toBe("");
    await c.until(() => c.znode("/admin/delete_topics/first") === null, 10_000, "deleted");
    expect(c.znode("/brokers/topics/first")).toBeNull();
    expect(c.znode("/config/topics/first")).toBeNull();
    const stops = c.broker(2).requests(5).map((r) => JSON.stringify(r.body));
    expect(stops.some((s) => s.includes('"deletePartition":true'))).toBe(true);
    // brokers were told the partitions are being deleted (leader -2)
    expect(c.broker(3).requests(6).some((r) => JSON.stringify(r.body).includes('"leader":-2'))).toBe(true);
    await c.runtime.advance(10);
    expect(c.activeController()?.partitionStates()).toEqual([]);
    const err = await zkPromise(c.runtime, "delete2", (cb) => admin.deleteTopic("first", cb)).catch((e: unknown) => e);
    expect((err as Error).message).toBe("Topic `first` to delete does not exist");
  });

  it("topic deletion waits for a replica on a dead broker and finishes when the broker is back", async () => {
    const c = await cluster([1, 2, 3]);
    await createTopic(c, "first", { 0: [1, 3], 1: [3, 2] });
    c.broker(3).crash();
    await c.until(() => c.activeController()?.liveBrokerIds().length === 2 && c.state("first", 1)?.leader === 2, 60_000, "3 gone");
    const admin = await c.adminZkClient();
    await zkPromise(c.runtime, "delete", (cb) => admin.deleteTopic("first", cb));
    await c.runtime.advance(30_000);
    expect(c.znode("/brokers/topics/first")).not.toBeNull();
    expect(c.znode("/admin/delete_topics/first")).toBe("");
    expect(c.activeController()?.controllerContext.topicsIneligibleForDeletion.has("first")).toBe(true);
    const b3 = await c.startBroker(3);
    await c.until(() => c.znode("/admin/delete_topics/first") === null, 30_000, "deleted after 3 came back");
    expect(c.znode("/brokers/topics/first")).toBeNull();
    expect(b3.requests(5).some((r) => JSON.stringify(r.body).includes('"deletePartition":true'))).toBe(true);
  });

  it("partition addition through the topic znode", async () => {
    const c = await cluster([1, 2, 3]);
    await createTopic(c, "first", { 0: [1, 2], 1: [2, 3], 2: [3, 1] });
    const admin = await c.adminZkClient();
    const ctl = c.activeController();
    const existing = new Map((ctl?.partitionStates() ?? []).map((p) => [p.partition, { replicas: p.replicas }]));
    const err = await zkPromise(c.runtime, "add", (cb) => admin.addPartitions("first", existing, [{ id: 1 }, { id: 2 }, { id: 3 }], 2, null, false, null, cb)).catch((e: unknown) => e);
    expect((err as Error).message).toBe("The number of partitions for a topic can only be increased. Topic first currently has 3 partitions, 2 would not be an increase.");
    const added = await zkPromise<Map<number, number[]>>(c.runtime, "add", (cb) => admin.addPartitions("first", existing, [{ id: 1 }, { id: 2 }, { id: 3 }], 5, null, false, null, cb));
    // start index (and shift) = position of partition 0's first replica (broker 1); ids continue at 3, and
    // p3 is a multiple of the broker count, so the shift is bumped at once
    expect(Object.fromEntries(added)).toEqual({ 3: [1, 3], 4: [2, 1] });
    await c.until(() => c.state("first", 4) !== null, 10_000, "new partitions");
    expect(c.state("first", 3)).toMatchObject({ leader: 1, leader_epoch: 0, isr: [1, 3] });
    expect(c.state("first", 4)).toMatchObject({ leader: 2, leader_epoch: 0, isr: [2, 1] });
  });

  it("controller failover: the session of the controller dies, another broker wins with epoch 2", async () => {
    const c = await cluster([1, 2, 3]);
    await createTopic(c, "first", { 0: [1, 2], 1: [2, 3] });
    c.broker(1).crash();
    await c.until(() => c.activeController() !== undefined && c.activeController()?.epoch() === 2, 60_000, "new controller");
    expect(c.znode("/controller_epoch")).toBe("2");
    const newId = JSON.parse(c.znode("/controller") as string).brokerid as number;
    expect([2, 3]).toContain(newId);
    await c.until(() => c.state("first", 0)?.leader === 2, 10_000, "p0 moved");
    expect(c.state("first", 0)).toMatchObject({ controller_epoch: 2, leader: 2, leader_epoch: 1, isr: [2] });
    await c.runtime.advance(10);
    // requests carry the epoch: a broker can tell the old controller's (1) from the new one's (2)
    const epochs = c.broker(3).received.map((r) => r.controllerEpoch);
    expect(epochs[0]).toBe(1);
    expect(epochs.at(-1)).toBe(2);
    expect(c.broker(3).received.every((r) => !r.rejected)).toBe(true);
  });

  it("a paused controller is fenced: its session expires, a new controller takes over, it resigns and re-registers", async () => {
    const c = await cluster([1, 2, 3]);
    await createTopic(c, "first", { 0: [1, 2] });
    const oldEpoch = c.broker(1).brokerEpoch;
    c.runtime.network.pause("broker1");
    await c.until(() => c.broker(2).controller.isActive() || c.broker(3).controller.isActive(), 60_000, "takeover");
    // the paused broker still believes it is the controller: only the fencing protects the cluster
    expect(c.broker(1).controller.isActive()).toBe(true);
    expect(c.znode("/controller_epoch")).toBe("2");
    c.runtime.network.resume("broker1");
    await c.until(() => !c.broker(1).controller.isActive() && c.broker(1).brokerEpoch !== oldEpoch, 60_000, "resigned + re-registered");
    expect(c.broker(1).controller.epoch()).toBe(0);
    const ctl = c.broker(2).controller.isActive() ? c.broker(2).controller : c.broker(3).controller;
    await c.until(() => ctl.liveBrokerIds().includes(1), 10_000, "broker 1 back");
    // the broker's re-registration is a new epoch (czxid)
    expect(c.zookeeper.dataTree.exists("/brokers/ids/1")?.czxid).toBe(c.broker(1).brokerEpoch);
  });

  it("auto leader rebalance restores preferred leaders when the imbalance is above 10 %", async () => {
    const c = await cluster([1, 2, 3], { leaderImbalanceCheckIntervalSeconds: 300 });
    await createTopic(c, "first", { 0: [3, 1], 1: [3, 2], 2: [1, 3] });
    c.broker(3).crash();
    await c.until(() => c.state("first", 0)?.leader === 1 && c.state("first", 1)?.leader === 2, 60_000, "moved off 3");
    await c.startBroker(3);
    await c.until(() => c.activeController()?.liveBrokerIds().includes(3) === true, 10_000, "3 back");
    // the leaders take broker 3 back into their ISRs (AlterPartition), as a caught-up follower would be
    expect((await alterIsr(c, 1, "first", 0, [1, 3])).topics[0]?.partitions[0]?.errorCode).toBe(0);
    expect((await alterIsr(c, 2, "first", 1, [2, 3])).topics[0]?.partitions[0]?.errorCode).toBe(0);
    expect(c.state("first", 0)?.leader).toBe(1);
    // the next check (every 300 s) moves them back to their preferred leader
    await c.until(() => c.state("first", 0)?.leader === 3 && c.state("first", 1)?.leader === 3, 301_000, "rebalanced");
    expect(c.state("first", 0)).toMatchObject({ leader: 3, leader_epoch: 2, isr: [1, 3] });
    expect(c.state("first", 2)).toMatchObject({ leader: 1, leader_epoch: 1 });
  });

  it("no auto rebalance when auto.leader.rebalance.enable=false", async () => {
    const c = await cluster([1, 2], { autoLeaderRebalanceEnable: false });
    await createTopic(c, "first", { 0: [2, 1] });
    c.broker(2).crash();
    await c.until(() => c.state("first", 0)?.leader === 1, 60_000, "moved");
    await c.startBroker(2);
    await c.until(() => c.activeController()?.liveBrokerIds().includes(2) === true, 10_000, "2 back");
    await alterIsr(c, 1, "first", 0, [1, 2]);
    await c.runtime.advance(700_000);
    expect(c.state("first", 0)?.leader).toBe(1);
  });
});

describe("determinism", () => {
  async function run(seed: string): Promise<string> {
    const c = new ControllerTestCluster(seed);
    clusters.push(c);
    for (const id of [1, 2, 3]) await c.startBroker(id);
    await c.until(() => c.activeController()?.liveBrokerIds().length === 3, 10_000);
    await createTopic(c, "first", { 0: [1, 2], 1: [2, 3], 2: [3, 1] });
    c.broker(2).crash();
    await c.until(() => c.state("first", 1)?.leader === 3, 60_000);
    await c.runtime.advance(1000);
    return c.runtime.trace.digest();
  }

  it("same seed, same trace digest", async () => {
    const a = await run("det");
    const b = await run("det");
    expect(a).toBe(b);
  });
});
