import { afterEach, describe, expect, it } from "vitest";
import { CreateMode } from "../../../kernel-lib/src/controller/zk/CreateMode";
import { KeeperException } from "../../../kernel-lib/src/controller/zk/KeeperException";
import type { WatchedEvent } from "../../../kernel-lib/src/controller/zk/WatchedEvent";
import { Op } from "../../../kernel-lib/src/controller/zk/ZooKeeperProtocol";
import { type Cluster, cluster } from "./harness";

let c: Cluster;
afterEach(async () => {
  await c?.rt.close();
});

describe("ZooKeeperServer: znodes", () => {
  it("creates, reads, updates and deletes with versions and ZooKeeper's errors", async () => {
    c = cluster();
    const zk = await c.connected("broker1");
    expect(await zk.create("/brokers", null)).toBe("/brokers");
    const before = c.rt.now();
    expect(await zk.create("/brokers/topics", "t")).toBe("/brokers/topics");
    const after = c.rt.now();

    const { data, stat } = await zk.getData("/brokers/topics");
    expect(data?.toString()).toBe("t");
    expect(stat.version).toBe(0);
    expect(stat.dataLength).toBe(1);
    expect(stat.ephemeralOwner).toBe("0x0");
    expect(stat.ctime).toBeGreaterThanOrEqual(before); // the server's (virtual) clock
    expect(stat.ctime).toBeLessThanOrEqual(after);
    expect((await zk.getData("/brokers")).data).toBeNull();

    // Conditional update: only the expected version succeeds.
    const s1 = await zk.setData("/brokers/topics", "u", 0);
    expect(s1.version).toBe(1);
    expect(s1.mzxid).toBeGreaterThan(s1.czxid);
    const bad = await zk.setData("/brokers/topics", "v", 0).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(KeeperException.BadVersionException);
    expect((bad as Error).message).toBe("KeeperErrorCode = BadVersion for /brokers/topics");
    expect((bad as KeeperException).code).toBe(-103);
    expect((await zk.getData("/brokers/topics")).data?.toString()).toBe("u"); // unchanged by the failed write

    const exists = await zk.create("/brokers", null).catch((e: unknown) => e);
    expect(exists).toBeInstanceOf(KeeperException.NodeExistsException);
    expect((exists as Error).message).toBe("KeeperErrorCode = NodeExists for /brokers");
    expect((exists as Error).name).toBe("NodeExistsException");

    const noParent = await zk.create("/admin/delete_topics", null).catch((e: unknown) => e);
    expect(noParent).toBeInstanceOf(KeeperException.NoNodeException);
    expect((noParent as Error).message).toBe("KeeperErrorCode = NoNode for /admin/delete_topics");

    const notEmpty = await zk.delete("/brokers").catch((e: unknown) => e);
    expect(notEmpty).toBeInstanceOf(KeeperException.NotEmptyException);
    expect((notEmpty as Error).message).toBe("KeeperErrorCode = Directory not empty for /brokers");

    await expect(zk.delete("/brokers/topics", 0)).rejects.toThrow("KeeperErrorCode = BadVersion for /brokers/topics");
    await zk.delete("/brokers/topics", 1);
    expect(await zk.exists("/brokers/topics")).toBeNull();
    await expect(zk.getData("/brokers/topics")).rejects.toThrow("KeeperErrorCode = NoNode for /brokers/topics");
    await zk.delete("/brokers", -1);
    expect(await zk.getChildren("/")).toEqual(["zookeeper"]);
    expect(await zk.getChildren("/zookeeper")).toEqual(["config", "quota"]);
  });

  it("refuses children under an ephemeral node and checks paths on the client", async () => {
    c = cluster();
    const zk = await c.connected("broker1");
    await zk.create("/controller", "x", CreateMode.EPHEMERAL);
    await expect(zk.create("/controller/child", null)).rejects.toThrow("KeeperErrorCode = NoChildrenForEphemerals for /controller/child");
    await expect(zk.create("brokers", null)).rejects.toThrow("Path must start with / character");
    await expect(zk.create("/brokers/", null)).rejects.toThrow("Path must not end with / character");
    await expect(zk.getData("/a//b")).rejects.toThrow('Invalid path string "/a//b" caused by empty node name specified @3');
    await expect(zk.getData("/a/../b")).rejects.toThrow('Invalid path string "/a/../b" caused by relative paths not allowed @4');
  });

  it("names sequential nodes with the parent's cversion, 10 digits", async () => {
    c = cluster();
    const zk = await c.connected("broker1");
    await zk.create("/isr_change_notification", null);
    const seq = (): Promise<string> => zk.create("/isr_change_notification/isr_change_", "{}", CreateMode.PERSISTENT_SEQUENTIAL);
    expect(await seq()).toBe("/isr_change_notification/isr_change_0000000000");
    expect(await seq()).toBe("/isr_change_notification/isr_change_0000000001");
    await zk.delete("/isr_change_notification/isr_change_0000000000");
    // A delete also bumps cversion, so numbers are never reused.
    expect(await seq()).toBe("/isr_change_notification/isr_change_0000000003");
    const parent = await zk.exists("/isr_change_notification");
    expect(parent?.cversion).toBe(4);
    expect(parent?.numChildren).toBe(2);
    expect(await zk.create("/config_change_", null, CreateMode.EPHEMERAL_SEQUENTIAL)).toMatch(/^\/config_change_\d{10}$/);
  });

  it("runs multi() atomically: all or nothing, with ZooKeeper's per-op results", async () => {
    c = cluster();
    const zk = await c.connected("controller");
    await zk.create("/controller_epoch", "1");
    const failed = await zk.multi([
      Op.create("/brokers", null),
      Op.create("/brokers/topics", null),
      Op.setData("/controller_epoch", "2", 7), // wrong version
      Op.create("/admin", null),
    ]).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(KeeperException.BadVersionException);
    expect((failed as Error).message).toBe("KeeperErrorCode = BadVersion");
    expect((failed as KeeperException).results).toEqual([
      { type: "error", err: 0 }, { type: "error", err: 0 }, { type: "error", err: -103 }, { type: "error", err: -2 },
    ]);
    expect(await zk.exists("/brokers")).toBeNull(); // the creates before the failure were undone
    expect((await zk.getData("/controller_epoch")).data?.toString()).toBe("1");

    // Kafka's controller pattern: a write guarded by a check on /controller_epoch's version.
    const epoch = await zk.exists("/controller_epoch");
    const ok = await zk.multi([
      Op.check("/controller_epoch", epoch?.version ?? -1),
      Op.create("/brokers", null),
      Op.create("/brokers/topics", null),
      Op.setData("/controller_epoch", "2", 0),
    ]);
    expect(ok.map((r) => r.type)).toEqual(["check", "create", "create", "setData"]);
    expect(ok[1]).toEqual({ type: "create", path: "/brokers" });
    expect((await zk.getData("/controller_epoch")).stat.version).toBe(1);
    expect(await zk.getChildren("/brokers")).toEqual(["topics"]);
  });
});

describe("ZooKeeperServer: watches", () => {
  it("fires each watch once, with the event type ZooKeeper sends", async () => {
    c = cluster();
    const a = await c.connected("broker1");
    const b = await c.connected("broker2");
    const events: string[] = [];
    const w = (e: WatchedEvent): void => {
      events.push(e.toString());
    };
    await a.create("/brokers", null);
    await a.create("/brokers/ids", null);

    await b.getChildren("/brokers/ids", w);
    await b.exists("/controller", w); // not there yet: told when it is created
    await a.create("/brokers/ids/1", "{}", CreateMode.EPHEMERAL);
    await a.create("/brokers/ids/2", "{}", CreateMode.EPHEMERAL); // the child watch was used up
    await a.create("/controller", "{}", CreateMode.EPHEMERAL);
    await c.rt.advance(10);
    expect(events).toEqual([
      "WatchedEvent state:SyncConnected type:NodeChildrenChanged path:/brokers/ids",
      "WatchedEvent state:SyncConnected type:NodeCreated path:/controller",
    ]);

    events.length = 0;
    await b.getData("/controller", w);
    await a.setData("/controller", "v1");
    await a.setData("/controller", "v2");
    await a.delete("/controller");
    await c.rt.advance(10);
    expect(events).toEqual(["WatchedEvent state:SyncConnected type:NodeDataChanged path:/controller"]);

    // Data and child watches on a node that is deleted: one NodeDeleted for the session's watcher.
    events.length = 0;
    await b.getData("/brokers/ids/1", w);
    await b.getChildren("/brokers/ids/1", w);
    await a.delete("/brokers/ids/1");
    await c.rt.advance(10);
    expect(events).toEqual(["WatchedEvent state:SyncConnected type:NodeDeleted path:/brokers/ids/1"]);
  });

  it("sends watch=true events to the default watcher", async () => {
    c = cluster();
    const seen: string[] = [];
    const a = await c.connected("broker1", { watcher: (e) => seen.push(`${e.state}:${e.type}:${e.path}`) });
    await a.create("/x", null);
    await a.getData("/x", true);
    await a.setData("/x", "1");
    await c.rt.advance(5);
    expect(seen).toEqual(["SyncConnected:None:null", "SyncConnected:NodeDataChanged:/x"]);
  });
});
