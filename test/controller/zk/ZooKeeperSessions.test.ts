import { afterEach, describe, expect, it } from "vitest";
import { CreateMode } from "../../../kernel-lib/src/controller/zk/CreateMode";
import { KeeperException, ZooKeeperClientTimeoutException } from "../../../kernel-lib/src/controller/zk/KeeperException";
import type { WatchedEvent } from "../../../kernel-lib/src/controller/zk/WatchedEvent";
import { ZooKeeperClient } from "../../../kernel-lib/src/controller/zk/ZooKeeperClient";
import { ZooKeeperServer } from "../../../kernel-lib/src/controller/zk/ZooKeeperServer";
import { Runtime } from "../../../kernel-lib/src/sim/Runtime";
import { type Cluster, cluster } from "./harness";

let c: Cluster;
let rt2: Runtime | null = null;
afterEach(async () => {
  await c?.rt.close();
  await rt2?.close();
  rt2 = null;
});

const exists = (path: string) => (): boolean => c.zk.dataTree.exists(path) !== null;
const gone = (path: string) => (): boolean => c.zk.dataTree.exists(path) === null;

describe("ZooKeeper sessions", () => {
  it("negotiates the session timeout within [2, 20] x tickTime", async () => {
    c = cluster();
    expect((await c.connected("a")).sessionTimeoutMs).toBe(18000); // zookeeper.session.timeout.ms default
    expect((await c.connected("b", { sessionTimeoutMs: 1000 })).sessionTimeoutMs).toBe(4000);
    expect((await c.connected("d", { sessionTimeoutMs: 100000 })).sessionTimeoutMs).toBe(40000);
    const ids = c.zk.info().sessions.map((s) => s.sessionId);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^0x1[0-9a-f]{14}$/); // server id 1 in the top byte
  });

  it("keeps a session alive with pings every readTimeout/2 - 1 s (5 s for 18 s)", async () => {
    c = cluster();
    const zk = await c.connected("broker1");
    await c.rt.advance(60_000);
    expect(zk.state).toBe("CONNECTED");
    const pings = c.rt.trace.events().filter((e) => e.kind === "net.send" && e.node === "broker1" && e.detail?.type === "zk.ping").map((e) => e.t);
    expect(pings.length).toBeGreaterThanOrEqual(11);
    for (let i = 1; i < pings.length; i++) expect((pings[i] as number) - (pings[i - 1] as number)).toBe(5000);
    expect(c.zk.info().sessions[0]?.expiresInMs).toBeGreaterThan(10_000);
  });

  it("deletes the ephemerals of a crashed client after the session timeout, firing watches", async () => {
    c = cluster();
    const b1 = await c.connected("broker1");
    const b2 = await c.connected("broker2");
    await b1.create("/brokers", null);
    await b1.create("/brokers/ids", null);
    await b1.create("/brokers/ids/1", "{}", CreateMode.EPHEMERAL);
    const lastTouch = c.rt.now();
    const events: string[] = [];
    await b2.getChildren("/brokers/ids", (e) => events.push(`${e.type} ${e.path} @${c.rt.now() - lastTouch}`));

    b1.crash(); // kill -9: no closeSession, no more pings
    await c.rt.advance(17_000);
    expect(exists("/brokers/ids/1")()).toBe(true);
    expect(await c.rt.runUntil(gone("/brokers/ids/1"), { timeoutMs: 10_000 })).toBe(true);
    const elapsed = c.rt.now() - lastTouch;
    expect(elapsed).toBeGreaterThanOrEqual(18_000); // zookeeper.session.timeout.ms
    expect(elapsed).toBeLessThanOrEqual(20_000); // rounded up to the next tick (tickTime 2000)
    await c.rt.advance(10);
    expect(events).toEqual([expect.stringMatching(/^NodeChildrenChanged \/brokers\/ids @(18|19|20)\d{3}$/)]);
    expect(c.zk.info().sessions.map((s) => s.clientNode)).toEqual(["broker2"]);
    expect(c.rt.trace.events().some((e) => e.kind === "zk.session.expired")).toBe(true);
  });

  it("deletes ephemerals at once when the client closes its session", async () => {
    c = cluster();
    const b1 = await c.connected("broker1");
    const b2 = await c.connected("broker2");
    await b1.create("/controller", "{}", CreateMode.EPHEMERAL);
    let deletedAt = -1;
    await b2.exists("/controller", (e) => {
      if (e.type === "NodeDeleted") deletedAt = c.rt.now();
    });
    const t = c.rt.now();
    await b1.close();
    await c.rt.advance(5);
    expect(deletedAt - t).toBeLessThanOrEqual(2);
    expect(b1.state).toBe("CLOSED");
    await expect(b1.getData("/")).rejects.toThrow("KeeperErrorCode = ConnectionLoss for /");
  });

  it("expires the session of an isolated broker; after healing it gets Expired and a new session", async () => {
    c = cluster();
    const states: string[] = [];
    let b1!: ZooKeeperClient;
    const register = (): void => {
      b1.create("/brokers/ids/1", "{}", CreateMode.EPHEMERAL).catch(() => {});
    };
    b1 = c.client("broker1", { stateChangeHandler: { afterInitializingSession: register } });
    b1.onStateChange((s) => states.push(s));
    await b1.connect();
    await b1.createRecursive("/brokers/ids");
    await b1.create("/brokers/ids/1", "{}", CreateMode.EPHEMERAL);
    const firstSession = b1.sessionId;

    c.rt.network.isolate("broker1");
    expect(await c.rt.runUntil(() => b1.state === "CONNECTING", { timeoutMs: 13_000 })).toBe(true); // readTimeout 12 s
    expect(await c.rt.runUntil(gone("/brokers/ids/1"), { timeoutMs: 10_000 })).toBe(true); // expired by the server
    c.rt.network.heal("broker1");
    expect(await c.rt.runUntil(() => b1.state === "CONNECTED" && exists("/brokers/ids/1")(), { timeoutMs: 60_000 })).toBe(true);
    expect(b1.sessionId).not.toBe(firstSession);
    expect(c.zk.dataTree.exists("/brokers/ids/1")?.ephemeralOwner).toBe(b1.sessionId);
    expect(states).toEqual(["SyncConnected", "Disconnected", "Expired", "SyncConnected"]);
  });

  it("lets exactly one of two racing brokers create /controller; the loser's watch fires when the winner dies", async () => {
    c = cluster();
    const b1 = await c.connected("broker1");
    const b2 = await c.connected("broker2");
    const tries = await Promise.allSettled([
      b1.create("/controller", '{"brokerid":1}', CreateMode.EPHEMERAL),
      b2.create("/controller", '{"brokerid":2}', CreateMode.EPHEMERAL),
    ]);
    const won = tries.filter((r) => r.status === "fulfilled");
    const lost = tries.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(KeeperException.NodeExistsException);
    expect(lost[0]?.reason.message).toBe("KeeperErrorCode = NodeExists for /controller");

    const [winner, loser] = tries[0]?.status === "fulfilled" ? [b1, b2] : [b2, b1];
    let fired: WatchedEvent | null = null;
    expect(await loser.exists("/controller", (e) => {
      fired = e;
    })).not.toBeNull();
    winner.crash();
    expect(await c.rt.runUntil(() => fired !== null, { timeoutMs: 25_000 })).toBe(true);
    expect(String(fired)).toBe("WatchedEvent state:SyncConnected type:NodeDeleted path:/controller");
    expect(await loser.create("/controller", "{}", CreateMode.EPHEMERAL)).toBe("/controller");
  });

  it("rejects a second registration of the same broker id with NodeExists", async () => {
    c = cluster();
    const first = await c.connected("broker1");
    const second = await c.connected("broker1-copy");
    await first.createRecursive("/brokers/ids");
    await first.create("/brokers/ids/1", "{}", CreateMode.EPHEMERAL);
    await expect(second.create("/brokers/ids/1", "{}", CreateMode.EPHEMERAL)).rejects.toBeInstanceOf(KeeperException.NodeExistsException);
  });
});

describe("ZooKeeper restarts", () => {
  it("keeps sessions, ephemerals and watches of clients that reconnect within the timeout", async () => {
    c = cluster();
    const b1 = await c.connected("broker1");
    const b2 = await c.connected("broker2");
    await b1.createRecursive("/brokers/ids");
    await b1.create("/brokers/ids/1", "{}", CreateMode.EPHEMERAL);
    const events: string[] = [];
    await b2.getChildren("/brokers/ids", (e) => events.push(e.type === "None" ? e.state : e.type));
    const [s1, s2] = [b1.sessionId, b2.sessionId];

    c.zk.stop();
    await c.rt.advance(3000);
    expect(b1.state).toBe("CONNECTING"); // the closed socket was noticed at once
    c.zk.start();
    expect(await c.rt.runUntil(() => b1.state === "CONNECTED" && b2.state === "CONNECTED", { timeoutMs: 5000 })).toBe(true);
    expect([b1.sessionId, b2.sessionId]).toEqual([s1, s2]);
    expect(exists("/brokers/ids/1")()).toBe(true);
    await c.rt.advance(30_000); // well past the timeout: the sessions are alive
    expect(exists("/brokers/ids/1")()).toBe(true);
    await b1.create("/brokers/ids/2", "{}", CreateMode.EPHEMERAL);
    await c.rt.advance(5);
    // A registered watcher also hears the connection's state changes (ZKWatchManager), then its event:
    // the watch was re-sent to the restarted server with SetWatches.
    expect(events).toEqual(["Disconnected", "SyncConnected", "NodeChildrenChanged"]);
  });

  it("fires on reconnect a watch whose node changed while the client was cut off", async () => {
    c = cluster();
    const b1 = await c.connected("broker1");
    const b2 = await c.connected("broker2");
    await b1.create("/controller_epoch", "1");
    const events: string[] = [];
    await b2.getData("/controller_epoch", (e) => {
      if (e.type !== "None") events.push(e.type);
    });
    c.rt.network.cut("broker2", "zookeeper");
    await c.rt.runUntil(() => b2.state === "CONNECTING", { timeoutMs: 13_000 });
    await b1.setData("/controller_epoch", "2"); // b2's notification is lost in the partition
    c.rt.network.heal("broker2", "zookeeper");
    expect(await c.rt.runUntil(() => events.length > 0, { timeoutMs: 20_000 })).toBe(true);
    expect(events).toEqual(["NodeDataChanged"]);
    expect(b2.state).toBe("CONNECTED");
  });

  it("ZooKeeper stopped first: brokers that die meanwhile keep their ephemerals until one timeout after the restart", async () => {
    c = cluster();
    const b1 = await c.connected("broker1");
    const b2 = await c.connected("broker2");
    await b1.createRecursive("/brokers/ids");
    await b1.createRecursive("/brokers/topics/first", '{"version":3}');
    await b1.create("/brokers/ids/1", "{}", CreateMode.EPHEMERAL);
    await b2.create("/brokers/ids/2", "{}", CreateMode.EPHEMERAL);

    c.zk.stop();
    await c.rt.advance(1000);
    b1.crash();
    b2.crash();
    await c.rt.advance(60_000); // ZooKeeper stays down longer than the session timeout
    c.zk.start();
    const restartedAt = c.rt.now();
    expect(c.zk.dataTree.getChildren("/brokers/ids").children).toEqual(["1", "2"]); // reloaded from disk
    expect(c.zk.info().sessions).toHaveLength(2);
    await c.rt.advance(17_000);
    expect(c.zk.dataTree.getChildren("/brokers/ids").children).toEqual(["1", "2"]);
    expect(await c.rt.runUntil(gone("/brokers/ids/2"), { timeoutMs: 5000 })).toBe(true);
    expect(c.rt.now() - restartedAt).toBeGreaterThanOrEqual(18_000);
    expect(c.zk.dataTree.getChildren("/brokers/ids").children).toEqual([]);
    expect(c.zk.dataTree.getData("/brokers/topics/first").data?.toString()).toBe('{"version":3}');
    expect(c.zk.info().sessions).toHaveLength(0);
  });

  it("recovers every acknowledged change after a crash with power loss (the log is fsynced)", async () => {
    c = cluster();
    const b1 = await c.connected("broker1");
    await b1.createRecursive("/config/topics/first", '{"version":1,"config":{}}');
    await b1.setData("/config/topics/first", '{"version":1,"config":{"retention.ms":"1000"}}');
    c.zk.crash();
    c.rt.disk("zookeeper").crash({ loseUnflushed: true });
    c.zk.start();
    const { data, stat } = c.zk.dataTree.getData("/config/topics/first");
    expect(data?.toString()).toBe('{"version":1,"config":{"retention.ms":"1000"}}');
    expect(stat.version).toBe(1);
    const files = c.rt.disk("zookeeper").list("version-2");
    expect(files).toContain("snapshot.0");
    expect(files).toContain("log.1");
    expect(files.filter((f) => f.startsWith("snapshot.")).length).toBe(2); // one per start
  });

  it("times out connecting when no ZooKeeper runs (zookeeper.connection.timeout.ms)", async () => {
    rt2 = new Runtime({ seed: 3 });
    const zk = new ZooKeeperClient(rt2, { node: "broker1", connectString: "hadoop102:2181,hadoop103:2181,hadoop104:2181/kafka", ownsNode: true });
    const start = rt2.now();
    const err = await zk.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZooKeeperClientTimeoutException);
    expect((err as Error).message).toBe("Timed out waiting for connection while in state: CONNECTING");
    expect(rt2.now() - start).toBe(18_000);
    expect(zk.state).toBe("CLOSED");
  });

  it("serves a chroot: paths under /kafka, events and results without it", async () => {
    c = cluster();
    const resolve = (): string => "zookeeper";
    const b1 = await c.connected("broker1", { connectString: "hadoop102:2181,hadoop103:2181,hadoop104:2181/kafka", resolve });
    await b1.createChrootIfNecessary();
    await b1.createRecursive("/brokers/ids");
    expect(await b1.create("/brokers/ids/1", "{}", CreateMode.EPHEMERAL)).toBe("/brokers/ids/1");
    expect(c.zk.dataTree.getChildren("/").children).toEqual(["kafka", "zookeeper"]);
    expect(c.zk.dataTree.getChildren("/kafka/brokers/ids").children).toEqual(["1"]);
    expect(await b1.getChildren("/")).toEqual(["brokers"]);
    const seen: string[] = [];
    await b1.exists("/controller", (e) => seen.push(`${e.type} ${e.path}`));
    await b1.create("/controller", "{}", CreateMode.EPHEMERAL);
    await c.rt.advance(5);
    expect(seen).toEqual(["NodeCreated /controller"]);
  });
});

describe("determinism", () => {
  async function scenario(seed: number): Promise<string> {
    const rt = new Runtime({ seed });
    try {
      const zk = new ZooKeeperServer(rt, { host: "hadoop102" });
      zk.start();
      const mk = (node: string): ZooKeeperClient =>
        new ZooKeeperClient(rt, { node, connectString: "hadoop102:2181,hadoop103:2181/kafka", resolve: () => "zookeeper", ownsNode: true });
      const a = mk("broker1");
      const b = mk("broker2");
      await Promise.all([a.connect(), b.connect()]);
      await a.createChrootIfNecessary();
      await a.createRecursive("/brokers/ids");
      await Promise.allSettled([a.create("/controller", "1", CreateMode.EPHEMERAL), b.create("/controller", "2", CreateMode.EPHEMERAL)]);
      await b.create("/brokers/ids/2", "{}", CreateMode.EPHEMERAL);
      a.crash();
      await rt.advance(40_000);
      return rt.trace.digest();
    } finally {
      await rt.close();
    }
  }

  it("gives the same trace for the same seed", async () => {
    c = cluster();
    const d1 = await scenario(42);
    const d2 = await scenario(42);
    expect(d1).toBe(d2);
    expect(d1).toMatch(/^[0-9a-f]{64}$/);
  });
});
