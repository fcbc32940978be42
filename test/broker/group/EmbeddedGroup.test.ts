// The group coordinator inside an EmbeddedCluster (ZooKeeper, controller, real AdminZkClient), as every KafkaServer
// wires it: KafkaApis routes the group requests to GroupApis and tells it of every LeaderAndIsr.
import { afterEach, describe, it, expect } from "vitest";
import { EmbeddedCluster } from "../../../kernel-lib/src/broker/EmbeddedCluster";
import { Errors } from "../../../kernel-lib/src/protocol/Errors";
import { ScenarioClient } from "../../scenario/ScenarioClient";

let cluster: EmbeddedCluster | null = null;
afterEach(async () => {
  await cluster?.close();
  cluster = null;
});

describe("group coordinator in an EmbeddedCluster", () => {
  it("FindCoordinator creates __consumer_offsets (50 × RF 3, compact); commits survive the coordinator's crash", async () => {
    const c = (cluster = await EmbeddedCluster.start({ seed: 42, brokers: ["hadoop102", "hadoop103", "hadoop104"] }));
    const client = new ScenarioClient(c);
    await client.createTopic("first", 2, 3);
    const find = async (via: number): Promise<{ errorCode: number; nodeId: number }> => {
      const r = await client.request(via, { apiKey: 10, keyType: 0, key: "my-group", coordinatorKeys: ["my-group"] });
      return r.coordinators[0]!;
    };
    expect((await find(0)).errorCode).toBe(Errors.COORDINATOR_NOT_AVAILABLE.code);
    let coordinator = -1;
    for (let i = 0; i < 20 && coordinator < 0; i++) {
      await c.runtime.sleep(100);
      const f = await find(i % 3);
      if (f.errorCode === 0) coordinator = f.nodeId;
    }
    expect(coordinator).toBe(c.leaderOf("__consumer_offsets", 12));
    const cfg = (await client.request(0, { apiKey: 32, resources: [{ resourceType: 2, resourceName: "__consumer_offsets", configurationKeys: ["cleanup.policy", "segment.bytes", "compression.type"] }],
      includeSynonyms: false, includeDocumentation: false }));
    const entries = Object.fromEntries(cfg.results[0]!.configs.map((e) => [e.name, e.value]));
    expect(entries).toEqual({ "cleanup.policy": "compact", "segment.bytes": "104857600", "compression.type": "producer" });
    expect(c.broker(0).metadataCache!.numPartitions("__consumer_offsets")).toBe(50);

    // Standalone commit (generation -1), replicated with acks=-1 to all three replicas.
    const commit = await client.request(coordinator, { apiKey: 8, groupId: "my-group", generationIdOrMemberEpoch: -1, memberId: "", groupInstanceId: null,
      topics: [{ name: "first", partitions: [{ partitionIndex: 0, committedOffset: 15, committedLeaderEpoch: 0, committedMetadata: "" }] }] });
    expect(commit.topics[0]!.partitions[0]!.errorCode).toBe(0);

    // kill -9 of the coordinator: the controller elects another leader for __consumer_offsets-12, which replays it.
    c.crashBroker(coordinator);
    let next = -1;
    for (let i = 0; i < 100 && next < 0; i++) {
      await c.runtime.sleep(500);
      const via = [0, 1, 2].find((x) => x !== coordinator)!;
      const f = await find(via);
      if (f.errorCode === 0 && f.nodeId !== coordinator) next = f.nodeId;
    }
    expect(next).toBeGreaterThanOrEqual(0);
    expect(next).not.toBe(coordinator);
    const fetched = await client.request(next, { apiKey: 9, groupId: "my-group", topics: [{ name: "first", partitionIndexes: [0] }], requireStable: false });
    expect(fetched.errorCode).toBe(0);
    expect(fetched.topics![0]!.partitions[0]!.committedOffset).toBe(15);
    expect(c.broker(next).groupApis!.coordinator.groupManager.isPartitionOwned(12)).toBe(true);
  });
});
