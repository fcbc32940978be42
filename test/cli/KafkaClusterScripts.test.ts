// The notes' cluster scripts (kf.sh, zk.sh, xcall.sh jps, ssh <host> <script>) over an EmbeddedCluster: the order
// rules show up as what the servers do (a broker without ZooKeeper times out after 18 s virtual; a duplicate
// broker.id fails with NodeExists; a broker stopped after ZooKeeper hangs until ZooKeeper is back).
import { afterEach, describe, expect, it } from "vitest";
import { EmbeddedCluster } from "../../kernel-lib/src/broker/EmbeddedCluster";
import { Shell } from "../../kernel-lib/src/cli/Shell";

const open: EmbeddedCluster[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

async function installed(opts: { zookeeperStopped?: boolean; brokersStopped?: boolean } = {}): Promise<{ c: EmbeddedCluster; sh: Shell }> {
  const c = await EmbeddedCluster.start({ seed: 42, brokers: ["hadoop102", "hadoop103", "hadoop104"], ...opts });
  open.push(c);
  return { c, sh: new Shell({ cluster: c, print: false }) };
}

const jpsNames = (out: string): string => out.replace(/^\d+ /gm, "");

describe("kf.sh / zk.sh / jps", () => {
  it("Kafka started before ZooKeeper fails after zookeeper.connection.timeout.ms with Kafka's message", async () => {
    const { c, sh } = await installed({ zookeeperStopped: true });
    const t0 = c.runtime.now();
    const r = await sh.run("kf.sh start");
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe(
      "************start**********\n" +
      "[2023-11-14 22:13:38,000] ERROR [KafkaServer id=0] Fatal error during KafkaServer startup. Prepare to shutdown (kafka.server.KafkaServer)\n" +
      "kafka.zookeeper.ZooKeeperClientTimeoutException: Timed out waiting for connection while in state: CONNECTING\n" +
      "************start**********\n" +
      "[2023-11-14 22:13:56,000] ERROR [KafkaServer id=1] Fatal error during KafkaServer startup. Prepare to shutdown (kafka.server.KafkaServer)\n" +
      "kafka.zookeeper.ZooKeeperClientTimeoutException: Timed out waiting for connection while in state: CONNECTING\n" +
      "************start**********\n" +
      "[2023-11-14 22:14:14,000] ERROR [KafkaServer id=2] Fatal error during KafkaServer startup. Prepare to shutdown (kafka.server.KafkaServer)\n" +
      "kafka.zookeeper.ZooKeeperClientTimeoutException: Timed out waiting for connection while in state: CONNECTING\n");
    expect(c.runtime.now() - t0).toBe(3 * 18_000);
    expect(jpsNames((await sh.run("xcall.sh jps")).output)).toBe(
      "--------- hadoop102 ----------\nJps\n--------- hadoop103 ----------\nJps\n--------- hadoop104 ----------\nJps\n");
    expect(c.servers.every((s) => s.state === "NOT_RUNNING")).toBe(true);
  });

  it("ZooKeeper first, then Kafka: everything runs; jps shows QuorumPeerMain and Kafka", async () => {
    const { c, sh } = await installed({ zookeeperStopped: true });
    expect((await sh.run("zk.sh start")).output).toBe("************start**********\n");
    expect((await sh.run("zk.sh status")).output).toBe("************status**********\nMode: standalone\n");
    expect(await sh.run("kf.sh start")).toMatchObject({ exitCode: 0, output: "************start**********\n".repeat(3) });
    expect(c.servers.every((s) => s.isRunning)).toBe(true);
    expect(c.controllerId()).toBeGreaterThanOrEqual(0);
    const jps = (await sh.run("xcall.sh jps")).output;
    expect(jpsNames(jps)).toBe("--------- hadoop102 ----------\nKafka\nQuorumPeerMain\nJps\n--------- hadoop103 ----------\nKafka\nJps\n" +
      "--------- hadoop104 ----------\nKafka\nJps\n");
    // pids stay while the processes run
    const pidOfKafka = (out: string): string => /(\d+) Kafka/.exec(out)![1]!;
    expect(pidOfKafka((await sh.run("ssh hadoop102 jps")).output)).toBe(pidOfKafka(jps));
    // Kafka first, then ZooKeeper: clean.
    expect(await sh.run("kf.sh stop")).toMatchObject({ exitCode: 0, output: "************stop**********\n".repeat(3) });
    expect(c.servers.every((s) => s.state === "NOT_RUNNING")).toBe(true);
    expect((await sh.run("zk.sh stop")).output).toBe("************stop**********\n");
    expect((await sh.run("zk.sh status")).output).toBe("************status**********\nError contacting service. It is probably not running.\n");
    expect(await sh.run("kafka-server-stop.sh")).toMatchObject({ exitCode: 1, output: "No kafka server to stop\n" });
    expect(await sh.run("zookeeper-server-stop.sh")).toMatchObject({ exitCode: 1, output: "No zookeeper server to stop\n" });
  });

  it("ZooKeeper stopped first: the brokers cannot finish their controlled shutdown and stay until ZooKeeper is back", async () => {
    const { c, sh } = await installed();
    await sh.run("zk.sh stop");
    expect((await sh.run("kf.sh stop")).exitCode).toBe(0);
    expect(jpsNames((await sh.run("xcall.sh jps")).output)).toBe(
      "--------- hadoop102 ----------\nKafka\nJps\n--------- hadoop103 ----------\nKafka\nJps\n--------- hadoop104 ----------\nKafka\nJps\n");
    expect(c.servers.every((s) => s.state === "PENDING_CONTROLLED_SHUTDOWN" || s.isRunning)).toBe(true);
    await sh.run("zk.sh start");
    expect(c.servers.every((s) => s.state === "NOT_RUNNING")).toBe(true);
    expect(jpsNames((await sh.run("xcall.sh jps")).output)).toBe(
      "--------- hadoop102 ----------\nQuorumPeerMain\nJps\n--------- hadoop103 ----------\nJps\n--------- hadoop104 ----------\nJps\n");
  });

  it("a second broker with a broker.id already registered is refused (NodeExists)", async () => {
    const { c, sh } = await installed({ brokersStopped: true });
    expect(await sh.run("kafka-server-start.sh -daemon config/server.properties")).toMatchObject({ exitCode: 0, output: "" });
    const before = c.zookeeper.dataTree.getChildren("/kafka/brokers/ids").children;
    const r = await sh.run("ssh hadoop103 kafka-server-start.sh config/server.properties --override broker.id=0");
    expect(r.exitCode).toBe(1);
    expect(r.output).toMatch(/^\[2023-11-14 22:13:\d\d,\d{3}\] ERROR \[KafkaServer id=0\] Fatal error during KafkaServer startup\. Prepare to shutdown \(kafka\.server\.KafkaServer\)\n/);
    expect(r.output.split("\n")[1]).toBe("org.apache.zookeeper.KeeperException$NodeExistsException: KeeperErrorCode = NodeExists");
    expect(c.zookeeper.dataTree.getChildren("/kafka/brokers/ids").children).toEqual(before);
    expect(c.broker("hadoop102").isRunning).toBe(true);
    // With its own id it starts (foreground form prints the started line).
    const ok = await sh.run("ssh hadoop103 /opt/module/kafka/bin/kafka-server-start.sh /opt/module/kafka/config/server.properties");
    expect(ok.output).toMatch(/^\[2023-11-14 22:13:\d\d,\d{3}\] INFO \[KafkaServer id=1\] started \(kafka\.server\.KafkaServer\)\n$/);
    // The same host again: the log dir is locked by the running broker.
    const again = await sh.run("ssh hadoop103 kafka-server-start.sh -daemon config/server.properties");
    expect(again.output.split("\n")[1]).toBe("org.apache.kafka.common.KafkaException: Failed to acquire lock on file .lock in /opt/module/kafka/datas. A Kafka instance in another process or thread is using this directory.");
  });

  it("ssh and usage errors read like bash/ssh", async () => {
    const { sh } = await installed();
    expect(await sh.run("ssh hadoop105 jps")).toMatchObject({ exitCode: 255, output: "ssh: Could not resolve hostname hadoop105: Name or service not known\n" });
    expect(await sh.run("ssh hadoop103 kafka-topic.sh --list")).toMatchObject({ exitCode: 127, output: "bash: kafka-topic.sh: command not found\n" });
    expect(await sh.run("kafka-server-start.sh")).toMatchObject({ exitCode: 1, output: "USAGE: kafka-server-start.sh [-daemon] server.properties [--override property=value]*\n" });
    expect(await sh.run("kf.sh")).toMatchObject({ exitCode: 0, output: "" });
  });
});
