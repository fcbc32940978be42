import { describe, it, expect } from "vitest";
import { EmbeddedCluster } from "../../kernel-lib/src/broker/EmbeddedCluster";
import { KafkaServer } from "../../kernel-lib/src/broker/KafkaServer";
import { MetaProperties } from "../../kernel-lib/src/storage/checkpoint/MetaProperties";

describe("broker startup and shutdown (KafkaServer)", () => {
  it("without ZooKeeper: ZooKeeperClientTimeoutException after zookeeper.connection.timeout.ms", async () => {
    const c = await EmbeddedCluster.start({ seed: 1, brokersStopped: true });
    c.zookeeper.stop();
    const t0 = c.runtime.now();
    await expect(c.startBroker(0)).rejects.toThrow("Timed out waiting for connection while in state: CONNECTING");
    expect(c.runtime.now() - t0).toBe(18000);
    expect(c.broker(0).state).toBe("NOT_RUNNING");
    // Start ZooKeeper first, then the broker: fine.
    c.zookeeper.start();
    await c.startBroker(0);
    expect(c.broker(0).state).toBe("RUNNING");
    await c.close();
  });

  it("a request reaching a broker after its listener is bound but before startup ends waits in the socket backlog", async () => {
    // Kafka binds its SocketServer before registering in ZooKeeper and enables request processing last, so the
    // controller's UpdateMetadata to a broker it has just seen register waits in the socket. Refusing it would
    // leave that broker without metadata for controller.socket.timeout.ms (30 s).
    const c = await EmbeddedCluster.start({ seed: 5, brokersStopped: true });
    const { ScenarioClient } = await import("./ScenarioClient");
    const client = new ScenarioClient(c);
    const b = c.broker(0);
    const started = b.startup();
    await c.runtime.runUntil(() => c.runtime.trace.events().some((e) => e.kind === "broker.logsLoaded"), { timeoutMs: 10_000 });
    expect(b.state).toBe("RECOVERY");
    const t0 = c.runtime.now();
    const early = client.request(0, { apiKey: 3, topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false });
    await started;
    const metadata = await early;
    expect(metadata.clusterId).toBe(b.clusterId);
    expect(c.runtime.now() - t0).toBeLessThan(1_000);
    await c.close();
  });

  it("a second broker with the same broker.id fails with NodeExistsException; meta.properties records cluster and broker id", async () => {
    const c = await EmbeddedCluster.start({ seed: 2, brokers: ["hadoop102", "hadoop103"] });
    const dup = new KafkaServer({ runtime: c.runtime, host: "hadoop105", props: { "broker.id": "1", "listeners": "PLAINTEXT://hadoop105:9092",
      "zookeeper.connect": "hadoop102:2181/kafka", "log.dirs": "/opt/module/kafka/datas" },
    resolveZooKeeper: (h, p) => (h === "hadoop102" && p === 2181 ? c.zookeeper.node : h) });
    await expect(dup.startup()).rejects.toThrow("KeeperErrorCode = NodeExists");
    expect(dup.state).toBe("NOT_RUNNING");
    const meta = MetaProperties.read(c.runtime.disk("hadoop103"), "opt/module/kafka/datas")!;
    expect(meta.nodeId).toBe(1);
    expect(meta.clusterId).toBe(c.broker(0).clusterId);
    expect(c.broker(0).clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    await c.close();
  });

  it("a log dir from another broker id is refused (InconsistentBrokerIdException)", async () => {
    const c = await EmbeddedCluster.start({ seed: 3, brokers: ["hadoop102"] });
    const disk = c.runtime.disk("hadoop102");
    await c.stopBroker(0);
    new MetaProperties(0, c.broker(0).clusterId, 7).write(disk, "opt/module/kafka/datas", c.runtime.now());
    await expect(c.startBroker(0)).rejects.toThrow("Stored node id 7 doesn't match previous node id 0");
    await c.close();
  });

  it("controlled shutdown moves leadership away before the broker stops; the controller fails over", async () => {
    const c = await EmbeddedCluster.start({ seed: 4 });
    const { ScenarioClient } = await import("./ScenarioClient");
    const client = new ScenarioClient(c);
    await client.createTopic("t", 3, 3);
    const controller = c.controllerId();
    const ledByController = [0, 1, 2].filter((p) => c.leaderOf("t", p) === controller);
    expect(ledByController.length).toBeGreaterThan(0);
    await c.stopBroker(controller);
    expect(c.broker(controller).state).toBe("NOT_RUNNING");
    const shutdownEvents = c.runtime.trace.events().filter((e) => e.kind === "broker.controlledShutdown");
    expect(shutdownEvents.at(-1)?.detail).toMatchObject({ errorCode: 0, remaining: 0 });
    await c.runtime.runUntil(() => c.controllerId() >= 0 && c.controllerId() !== controller, { timeoutMs: 30_000 });
    for (let p = 0; p < 3; p++) {
      const st = c.partitionState("t", p);
      expect(st.leader).not.toBe(controller);
      expect(st.isr).not.toContain(controller);
    }
    expect((await client.produce("t", ledByController[0]!, ["x"], -1)).errorCode).toBe(0);
    client.close();
    await c.close();
  }, 60_000);

  it("ZooKeeper stopped under a running cluster: brokers keep serving with their last metadata; all is well when it returns", async () => {
    const c = await EmbeddedCluster.start({ seed: 6 });
    const { ScenarioClient } = await import("./ScenarioClient");
    const client = new ScenarioClient(c);
    await client.createTopic("z", 1, 3);
    c.zookeeper.stop();
    await c.runtime.advance(5_000);
    expect((await client.produce("z", 0, ["during"], -1)).errorCode).toBe(0);
    expect([...(await client.readAll("z", 0)).values()]).toEqual(["during"]);
    const md = await client.request(1, { apiKey: 3, topics: [{ name: "z" }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    expect(md.topics[0]!.partitions[0]!.leaderId).toBe(c.leaderOf("z", 0));
    c.zookeeper.start();
    await c.runtime.advance(10_000);
    expect(c.servers.every((s) => s.state === "RUNNING")).toBe(true);
    expect((await client.produce("z", 0, ["after"], -1)).errorCode).toBe(0);
    expect(c.partitionState("z", 0).isr.length).toBe(3);
    client.close();
    await c.close();
  }, 60_000);
});
