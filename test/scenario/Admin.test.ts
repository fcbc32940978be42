import { describe, it, expect } from "vitest";
import { EmbeddedCluster } from "../../kernel-lib/src/broker/EmbeddedCluster";
import { Errors } from "../../kernel-lib/src/protocol/Errors";
import { ScenarioClient } from "./ScenarioClient";

describe("admin requests through any broker (ZkAdminManager)", () => {
  it("configs: describe shows sources; incremental alter reaches every broker's log config; bad values get INVALID_CONFIG", async () => {
    const c = await EmbeddedCluster.start({ seed: 51, config: { "log.retention.hours": "72" } });
    const client = new ScenarioClient(c);
    await client.createTopic("cfg", 1, 3, { "cleanup.policy": "delete", "max.message.bytes": "2000000" });
    const describe = async (): Promise<Map<string, { value: string | null; configSource: number }>> => {
      const r = await client.request(1, { apiKey: 32, resources: [{ resourceType: 2, resourceName: "cfg", configurationKeys: null }], includeSynonyms: true, includeDocumentation: false });
      expect(r.results[0]!.errorCode).toBe(0);
      return new Map(r.results[0]!.configs.map((e) => [e.name, { value: e.value, configSource: e.configSource }]));
    };
    let d = await describe();
    expect(d.get("max.message.bytes")).toEqual({ value: "2000000", configSource: 1 }); // TOPIC_CONFIG
    expect(d.get("retention.ms")).toEqual({ value: "259200000", configSource: 4 }); // STATIC_BROKER_CONFIG (log.retention.hours=72)
    expect(d.get("segment.bytes")).toEqual({ value: "1073741824", configSource: 5 }); // DEFAULT_CONFIG
    const alter = await client.request(2, { apiKey: 44, resources: [{ resourceType: 2, resourceName: "cfg",
      configs: [{ name: "min.insync.replicas", configOperation: 0, value: "2" }, { name: "max.message.bytes", configOperation: 1, value: null }] }], validateOnly: false });
    expect(alter.responses[0]!.errorCode).toBe(0);
    await c.runtime.runUntil(() => c.servers.every((s) => s.replicaManager!.localLog("cfg", 0)!.config.minInSyncReplicas === 2), { timeoutMs: 10_000 });
    for (const s of c.servers) {
      expect(s.replicaManager!.localLog("cfg", 0)!.config.minInSyncReplicas).toBe(2);
      expect(s.replicaManager!.localLog("cfg", 0)!.config.maxMessageSize).toBe(1048588);
    }
    d = await describe();
    expect(d.get("min.insync.replicas")).toEqual({ value: "2", configSource: 1 });
    const bad = await client.request(0, { apiKey: 44, resources: [{ resourceType: 2, resourceName: "cfg",
      configs: [{ name: "retention.ms", configOperation: 0, value: "soon" }] }], validateOnly: false });
    expect(bad.responses[0]).toMatchObject({ errorCode: Errors.INVALID_CONFIG.code, errorMessage: "Invalid value soon for configuration retention.ms: Not a number of type LONG" });
    const unknown = await client.request(0, { apiKey: 44, resources: [{ resourceType: 2, resourceName: "cfg",
      configs: [{ name: "retention.forever", configOperation: 0, value: "1" }] }], validateOnly: false });
    expect(unknown.responses[0]).toMatchObject({ errorCode: Errors.INVALID_CONFIG.code, errorMessage: "Unknown topic config name: retention.forever" });
    const missing = await client.request(0, { apiKey: 32, resources: [{ resourceType: 2, resourceName: "nope", configurationKeys: null }], includeSynonyms: false, includeDocumentation: false });
    expect(missing.results[0]!.errorCode).toBe(Errors.UNKNOWN_TOPIC_OR_PARTITION.code);
    client.close();
    await c.close();
  }, 60_000);

  it("CreatePartitions adds partitions (never removes); DeleteTopics deletes the logs on every broker", async () => {
    const c = await EmbeddedCluster.start({ seed: 52 });
    const client = new ScenarioClient(c);
    await client.createTopic("grow", 2, 2);
    let r = await client.request(1, { apiKey: 37, topics: [{ name: "grow", count: 1, assignments: null }], timeoutMs: 30000, validateOnly: false });
    expect(r.results[0]).toMatchObject({ errorCode: Errors.INVALID_PARTITIONS.code, errorMessage: "Topic currently has 2 partitions, which is higher than the requested 1." });
    r = await client.request(1, { apiKey: 37, topics: [{ name: "grow", count: 4, assignments: null }], timeoutMs: 30000, validateOnly: false });
    expect(r.results[0]!.errorCode).toBe(0);
    expect(c.partitionState("grow", 3).replicas.length).toBe(2);
    expect((await client.produce("grow", 3, ["x"], -1)).errorCode).toBe(0);
    const files = (): string[] => c.describeLogDirs().flatMap((d) => d.files.map((f) => `${d.host}:${f.path}`)).filter((p) => p.includes("/grow-"));
    expect(files().length).toBeGreaterThan(0);
    const del = await client.request(0, { apiKey: 20, topics: [{ name: "grow", topicId: "AAAAAAAAAAAAAAAAAAAAAA" }], timeoutMs: 30000 });
    expect(del.responses[0]!.errorCode).toBe(0);
    await c.runtime.advance(70_000); // file.delete.delay.ms = 60000
    expect(files()).toEqual([]);
    const again = await client.request(0, { apiKey: 20, topics: [{ name: "grow", topicId: "AAAAAAAAAAAAAAAAAAAAAA" }], timeoutMs: 30000 });
    expect(again.responses[0]!.errorCode).toBe(Errors.UNKNOWN_TOPIC_OR_PARTITION.code);
    client.close();
    await c.close();
  }, 60_000);
});
