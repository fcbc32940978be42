import { afterEach, describe, expect, it } from "vitest";
import { CreateMode } from "../../../kernel-lib/src/controller/zk/CreateMode";
import { ZooKeeperClientTimeoutException } from "../../../kernel-lib/src/controller/zk/KeeperException";
import { formatStat, javaDateString } from "../../../kernel-lib/src/controller/zk/Stat";
import { BrokerIdZNode, ControllerEpochZNode, ControllerZNode, PersistentZkPaths } from "../../../kernel-lib/src/controller/zk/ZkData";
import { ZooKeeperShell } from "../../../kernel-lib/src/controller/zk/ZooKeeperShell";
import { Runtime } from "../../../kernel-lib/src/sim/Runtime";
import { type Cluster, cluster } from "./harness";

let c: Cluster;
afterEach(async () => {
  await c?.rt.close();
});

async function kafkaTree(): Promise<ZooKeeperShell> {
  c = cluster();
  const broker = await c.connected("broker1");
  for (const p of PersistentZkPaths) await broker.makeSurePersistentPathExists(p);
  for (const id of [1, 2, 3]) {
    await broker.create(BrokerIdZNode.path(id), BrokerIdZNode.encode({ id, endpoints: [{ host: `hadoop10${id + 1}`, port: 9092, listenerName: "PLAINTEXT", securityProtocol: "PLAINTEXT" }], rack: null, jmxPort: -1, version: 5 }, c.rt.now()), CreateMode.EPHEMERAL);
  }
  await broker.create(ControllerZNode.path, ControllerZNode.encode(1, 1700000000000), CreateMode.EPHEMERAL);
  await broker.create(ControllerEpochZNode.path, ControllerEpochZNode.encode(1));
  return ZooKeeperShell.connect(c.rt, { connectString: "hadoop102:2181", resolve: () => "zookeeper" });
}

describe("zookeeper-shell", () => {
  it("lists children as a Java list, sorted", async () => {
    const sh = await kafkaTree();
    expect(await sh.run("ls /")).toBe("[admin, brokers, config, consumers, controller, controller_epoch, isr_change_notification, " +
      "latest_producer_id_block, log_dir_event_notification, zookeeper]");
    expect(await sh.run("ls /brokers")).toBe("[ids, seqid, topics]");
    expect(await sh.run("ls /brokers/ids")).toBe("[1, 2, 3]");
    expect(await sh.run("ls /brokers/topics")).toBe("[]");
    expect(await sh.run("ls /config")).toBe("[brokers, changes, clients, ips, topics, users]");
  });

  it("prints data (null data as \"null\") and ZooKeeper's stat block", async () => {
    const sh = await kafkaTree();
    expect(await sh.run("get /controller")).toBe('{"version":2,"brokerid":1,"timestamp":"1700000000000","kraftControllerEpoch":-1}');
    expect(await sh.run("get /brokers")).toBe("null");
    const stat = c.zk.dataTree.getData("/controller_epoch").stat;
    const out = await sh.run("get -s /controller_epoch");
    expect(out).toBe(`1\n${formatStat(stat)}`);
    const lines = out.split("\n");
    expect(lines.map((l) => l.split(" = ")[0])).toEqual(["1", "cZxid", "ctime", "mZxid", "mtime", "pZxid", "cversion",
      "dataVersion", "aclVersion", "ephemeralOwner", "dataLength", "numChildren"]);
    expect(lines[1]).toBe(`cZxid = 0x${stat.czxid.toString(16)}`);
    expect(lines[2]).toBe("ctime = Tue Nov 14 22:13:20 UTC 2023"); // the virtual clock starts at 1700000000000
    expect(lines[9]).toBe("ephemeralOwner = 0x0");
    expect(lines[10]).toBe("dataLength = 1");
    const eph = (await sh.run("stat /brokers/ids/1")).split("\n");
    expect(eph[8]).toMatch(/^ephemeralOwner = 0x1[0-9a-f]{14}$/);
    expect(javaDateString(0)).toBe("Thu Jan 01 00:00:00 UTC 1970");
    expect(await sh.run("get -s /")).toContain("\ncZxid = 0x0\nctime = Thu Jan 01 00:00:00 UTC 1970\n");
  });

  it("answers errors in zookeeper-shell's words", async () => {
    const sh = await kafkaTree();
    expect(await sh.run("ls /foo")).toBe("Node does not exist: /foo");
    expect(await sh.run("get /foo")).toBe("Node does not exist: /foo");
    expect(await sh.run("stat /foo")).toBe("Node does not exist: /foo");
    expect(await sh.run("create /brokers")).toBe("Node already exists: /brokers");
    expect(await sh.run("delete /brokers")).toBe("Node not empty: /brokers");
    expect(await sh.run("set -v 9 /controller_epoch 2")).toBe("version No is not valid : /controller_epoch");
    expect(await sh.run("create /controller/x")).toBe("Ephemerals cannot have children: /controller/x");
    expect(await sh.run("ls brokers")).toBe("Path must start with / character");
    expect((await sh.run("rmr /x")).split("\n")[0]).toBe("ZooKeeper -server host:port -client-configuration properties-file cmd args");
  });

  it("creates, sets, deletes, and lists recursively", async () => {
    const sh = await kafkaTree();
    expect(await sh.run('create /demo "hello world"')).toBe("Created /demo");
    expect(await sh.run("get /demo")).toBe("hello world");
    expect(await sh.run("create -s /demo/seq- a")).toBe("Created /demo/seq-0000000000");
    expect(await sh.run("create -e /demo/tmp")).toBe("Created /demo/tmp");
    expect(await sh.run("create -s -e /demo/lock- ")).toBe("Created /demo/lock-0000000002");
    expect(await sh.run("set /demo bye")).toBe("");
    expect((await sh.run("set -s /demo again")).split("\n")[6]).toBe("dataVersion = 2");
    expect(await sh.run("ls -R /demo")).toBe("/demo\n/demo/lock-0000000002\n/demo/seq-0000000000\n/demo/tmp");
    expect(await sh.run("ls -s /demo")).toMatch(/^\[lock-0000000002, seq-0000000000, tmp\]\ncZxid = 0x[0-9a-f]+\n/);
    expect(await sh.run("deleteall /demo")).toBe("");
    expect(await sh.run("ls /demo")).toBe("Node does not exist: /demo");
  });

  it("prints watch events before the next command, as WATCHER:: blocks", async () => {
    const sh = await kafkaTree();
    expect(await sh.run("ls -w /brokers/ids")).toBe("[1, 2, 3]");
    const broker = await c.connected("broker9");
    await broker.create("/brokers/ids/9", "{}", CreateMode.EPHEMERAL);
    await c.rt.advance(5);
    expect(await sh.run("ls /brokers/ids")).toBe(
      "\nWATCHER::\n\nWatchedEvent state:SyncConnected type:NodeChildrenChanged path:/brokers/ids\n[1, 2, 3, 9]");
    expect(ZooKeeperShell.banner("hadoop102:2181")).toBe(
      "Connecting to hadoop102:2181\n\nWATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null\n");
  });

  it("gives a tree for drawings", async () => {
    const sh = await kafkaTree();
    const t = await sh.tree("/brokers");
    expect(t.name).toBe("brokers");
    expect(t.data).toBeNull();
    expect(t.children.map((k) => k.name)).toEqual(["ids", "seqid", "topics"]);
    const ids = t.children[0];
    expect(ids?.children.map((k) => [k.path, k.ephemeral])).toEqual([["/brokers/ids/1", true], ["/brokers/ids/2", true], ["/brokers/ids/3", true]]);
    expect(JSON.parse(ids?.children[1]?.data ?? "{}").host).toBe("hadoop103");
    await sh.close();
  });

  it("cannot connect when ZooKeeper is down", async () => {
    const rt = new Runtime({ seed: 5 });
    try {
      const err = await ZooKeeperShell.connect(rt, { connectString: "hadoop102:2181" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ZooKeeperClientTimeoutException);
    } finally {
      await rt.close();
    }
  });
});
