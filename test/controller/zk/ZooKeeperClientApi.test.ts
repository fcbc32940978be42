// ZooKeeperClient's two forms of every operation: the callback form (ZooKeeper's AsyncCallback API, what engine code
// uses) makes no runtime.defer() promise, so it never drives the simulation; the promise form (user-facing code)
// is a deferred over it, so `await` drives the simulation until the reply comes.
import { afterEach, describe, expect, it } from "vitest";
import { CreateMode } from "../../../kernel-lib/src/controller/zk/CreateMode";
import { Code, KeeperException } from "../../../kernel-lib/src/controller/zk/KeeperException";
import type { Stat } from "../../../kernel-lib/src/controller/zk/Stat";
import { Op } from "../../../kernel-lib/src/controller/zk/ZooKeeperProtocol";
import { type Cluster, cluster } from "./harness";

let c: Cluster;
afterEach(async () => {
  await c?.rt.close();
});

describe("ZooKeeperClient callback API", () => {
  it("answers through callbacks without a deferred, in ZooKeeper's terms", async () => {
    c = cluster();
    const zk = await c.connected("broker1");
    const log: string[] = [];
    const note = (what: string) => (err: KeeperException | null, value: unknown): void => {
      log.push(err === null ? `${what}: ${JSON.stringify(value)}` : `${what}: ${err.name} ${err.message}`);
    };
    zk.create("/a", "x", CreateMode.PERSISTENT, note("create"));
    zk.create("/a", "y", CreateMode.PERSISTENT, note("create again"));
    zk.create("/s/x-", null, CreateMode.PERSISTENT_SEQUENTIAL, note("create under a missing parent"));
    zk.getData("/a", false, (err, got) => log.push(`getData: ${err?.message ?? got.data?.toString()} v${got?.stat.version}`));
    zk.setData("/a", "z", 0, (err, stat) => log.push(`setData: ${err?.message ?? `v${stat.version}`}`));
    zk.setData("/a", "w", 0, note("setData at a stale version"));
    zk.exists("/nope", false, note("exists"));
    zk.multi([Op.check("/a", 1), Op.delete("/nope", -1)], (err) => log.push(`multi: ${err?.message} ${JSON.stringify(err?.results?.map((r) => r.err))}`));
    // Everything is in flight and nothing holds a deferred: nothing drives the simulation until we do.
    expect(c.rt.waitingFor()).toEqual([]);
    expect(log).toEqual([]);
    await c.rt.advance(10);
    expect(log).toEqual([
      'create: "/a"',
      "create again: NodeExistsException KeeperErrorCode = NodeExists for /a",
      "create under a missing parent: NoNodeException KeeperErrorCode = NoNode for /s/x-",
      "getData: x v0",
      "setData: v1",
      "setData at a stale version: BadVersionException KeeperErrorCode = BadVersion for /a",
      "exists: null",
      "multi: KeeperErrorCode = NoNode [0,-101]",
    ]);
    expect(c.zk.dataTree.getData("/a").data?.toString()).toBe("z");
    // createRecursive is several requests (parents first); what follows it is answered after it.
    log.length = 0;
    zk.createRecursive("/b/c/d", "deep", true, CreateMode.PERSISTENT, note("createRecursive"));
    zk.createRecursive("/b/c/d", "deep", true, CreateMode.PERSISTENT, note("createRecursive again"));
    expect(c.rt.waitingFor()).toEqual([]);
    await c.rt.advance(10);
    zk.getChildren("/b", false, note("getChildren"));
    zk.delete("/b/c/d", -1, note("delete"));
    await c.rt.advance(10);
    expect(log).toEqual([
      "createRecursive: undefined",
      "createRecursive again: NodeExistsException KeeperErrorCode = NodeExists for /b/c/d",
      'getChildren: ["c"]',
      "delete: undefined",
    ]);
    expect(c.zk.dataTree.exists("/b/c/d")).toBeNull();
  });

  it("a callback request to a crashed server holds nothing; ConnectionLoss after the read timeout", async () => {
    c = cluster();
    const zk = await c.connected("broker1");
    c.zk.crash();
    let answer: string | null = null;
    zk.getData("/", false, (err) => {
      answer = err === null ? "ok" : `${err.code === Code.CONNECTIONLOSS ? "ConnectionLoss" : err.code} at ${c.rt.now()}`;
    });
    expect(c.rt.waitingFor()).toEqual([]);
    const t0 = c.rt.now();
    await c.rt.advance(11_000);
    expect(answer).toBeNull();
    await c.rt.advance(2_000);
    expect(answer).toMatch(/^ConnectionLoss at \d+$/);
    expect(Number((answer as unknown as string).split(" at ")[1]) - t0).toBeLessThanOrEqual(12_000); // readTimeout = 2/3 of 18 s
    expect(zk.state).toBe("CONNECTING");
    expect(c.rt.waitingFor()).toEqual([]);
  });

  it("a bad path throws at once in the callback form; a closed client answers ConnectionLoss at once", async () => {
    c = cluster();
    const zk = await c.connected("broker1");
    expect(() => zk.getData("no-slash", false, () => undefined)).toThrow("Path must start with / character");
    await zk.close();
    let got: KeeperException | null = null;
    zk.exists("/", false, (err) => {
      got = err;
    });
    expect(got).toBeInstanceOf(KeeperException.ConnectionLossException);
  });
});

describe("ZooKeeperClient promise API (over the callback API)", () => {
  it("still works, and drives the simulation while a promise is pending", async () => {
    c = cluster();
    const zk = await c.connected("broker1");
    expect(await zk.create("/brokers", null)).toBe("/brokers");
    const pending = zk.create("/brokers/ids", "{}");
    expect(c.rt.waitingFor()).toEqual(["zk create /brokers/ids"]);
    expect(await pending).toBe("/brokers/ids");
    expect(c.rt.waitingFor()).toEqual([]);
    expect((await zk.getData("/brokers/ids")).data?.toString()).toBe("{}");
    expect(((await zk.setData("/brokers/ids", "[]", 0)) as Stat).version).toBe(1);
    expect(await zk.exists("/nope")).toBeNull();
    expect(await zk.getChildren("/brokers")).toEqual(["ids"]);
    const seq = await zk.create("/brokers/seq-", null, CreateMode.PERSISTENT_SEQUENTIAL);
    expect(seq).toBe("/brokers/seq-0000000001");
    await zk.createRecursive("/x/y/z", "v");
    await zk.makeSurePersistentPathExists("/x/y/z");
    await expect(zk.createRecursive("/x/y/z", "v")).rejects.toBeInstanceOf(KeeperException.NodeExistsException);
    const multi = await zk.multi([Op.create("/m", null, CreateMode.PERSISTENT), Op.setData("/m", "1", 0)]);
    expect(multi.map((r) => r.type)).toEqual(["create", "setData"]);
    const failed = await zk.multi([Op.check("/m", 0), Op.delete("/m", -1)]).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(KeeperException.BadVersionException);
    expect((failed as KeeperException).results?.map((r) => r.err)).toEqual([Code.BADVERSION, -2]);
    await zk.delete("/m");
    await expect(zk.getData("/m")).rejects.toThrow("KeeperErrorCode = NoNode for /m");
    await expect(zk.getData("bad")).rejects.toThrow("Path must start with / character");
    await zk.close();
    await expect(zk.getData("/")).rejects.toThrow("KeeperErrorCode = ConnectionLoss for /");
  });

  it("creates the chroot in both forms", async () => {
    c = cluster();
    const a = await c.connected("a", { connectString: "hadoop102:2181/kafka" });
    await a.createChrootIfNecessary();
    expect(c.zk.dataTree.exists("/kafka")).not.toBeNull();
    const b = await c.connected("b", { connectString: "hadoop102:2181/other/chroot" });
    let done = false;
    b.createChrootIfNecessary((err) => {
      done = err === null;
    });
    expect(await c.rt.runUntil(() => done, { timeoutMs: 1000 })).toBe(true);
    expect(c.zk.dataTree.exists("/other/chroot")).not.toBeNull();
    expect(await b.create("/t", null)).toBe("/t");
    expect(c.zk.dataTree.exists("/other/chroot/t")).not.toBeNull();
  });
});
