import { describe, it, expect } from "vitest";
import { EmbeddedCluster } from "../../kernel-lib/src/broker/EmbeddedCluster";
import { buildBatch } from "../../kernel-lib/src/storage/MemoryRecordsBuilder";
import { ScenarioClient } from "./ScenarioClient";

async function waitFor(c: EmbeddedCluster, cond: () => boolean, label: string, timeoutMs = 120_000): Promise<void> {
  if (!(await c.runtime.runUntil(cond, { timeoutMs, label }))) throw new Error(`timed out waiting for ${label}`);
}

async function writeAndRead(_c: EmbeddedCluster, client: ScenarioClient): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const t of ["first", "second"]) {
    for (let p = 0; p < 2; p++) out.set(`${t}-${p}`, [...(await client.readAll(t, p)).values()]);
  }
  return out;
}

describe("a whole cluster stops and starts again on the same directories", () => {
  it("clean shutdown: every topic, record and offset is back", async () => {
    const c = await EmbeddedCluster.start({ seed: 12 });
    let client = new ScenarioClient(c);
    await client.createTopic("first", 2, 3);
    await client.createTopic("second", 2, 2);
    for (let i = 0; i < 20; i++) expect((await client.produce(i % 2 ? "first" : "second", i % 4 >> 1, [`m${i}`], -1)).errorCode).toBe(0);
    const before = await writeAndRead(c, client);
    client.close();
    await c.shutdown();
    expect(c.servers.every((s) => s.state === "NOT_RUNNING")).toBe(true);
    expect(c.zookeeper.isRunning).toBe(false);
    await c.restart();
    client = new ScenarioClient(c);
    for (const t of ["first", "second"]) for (let p = 0; p < 2; p++) await waitFor(c, () => c.leaderOf(t, p) >= 0, `leader of ${t}-${p}`);
    expect(await writeAndRead(c, client)).toEqual(before);
    // Offsets continue where they were.
    const next = await client.produce("first", 0, ["after"], -1);
    expect(next.baseOffset).toBe(before.get("first-0")!.length);
    client.close();
    await c.close();
  }, 60_000);

  it("a crash with a torn last batch: recovery truncates it, the rest is back", async () => {
    const c = await EmbeddedCluster.start({ seed: 13 });
    let client = new ScenarioClient(c);
    await client.createTopic("first", 2, 3);
    await client.createTopic("second", 2, 3);
    for (let i = 0; i < 12; i++) expect((await client.produce("first", 0, [`m${i}`], -1)).errorCode).toBe(0);
    await client.produce("second", 1, ["s"], -1);
    const before = await writeAndRead(c, client);
    client.close();
    for (const s of c.servers) c.crashBroker(s.brokerId);
    c.zookeeper.stop();
    // Half a batch appended to the active segment of first-0 on every broker (a write cut short by the crash).
    const half = buildBatch([{ timestamp: 1, key: null, value: Buffer.from("torn-torn-torn-torn") }]);
    const sizes = new Map<number, number>();
    for (const s of c.servers) {
      const disk = c.runtime.disk(s.host);
      const seg = `${s.logDir}/first-0/00000000000000000000.log`;
      sizes.set(s.brokerId, disk.size(seg));
      disk.append(seg, half.subarray(0, Math.floor(half.length / 2)));
    }
    // The crashed brokers' sessions live on in ZooKeeper's database until they expire: restarting before that
    // fails with NodeExistsException, as Kafka does.
    c.zookeeper.start();
    await expect(c.startBroker(0)).rejects.toThrow("KeeperErrorCode = NodeExists");
    await c.runtime.advance(20_000);
    await c.restart();
    for (const s of c.servers) {
      const seg = `${s.logDir}/first-0/00000000000000000000.log`;
      expect(c.runtime.disk(s.host).size(seg)).toBe(sizes.get(s.brokerId));
      expect(s.replicaManager!.localLog("first", 0)!.logEndOffset).toBe(12);
    }
    client = new ScenarioClient(c);
    // After a crash the HW comes back from replication-offset-checkpoint (written every 5 s), so it may be behind
    // the LEO until the followers fetch again: wait for the HW to reach the leader's LEO.
    for (const t of ["first", "second"]) {
      for (let p = 0; p < 2; p++) {
        await waitFor(c, () => {
          const st = c.partitionState(t, p);
          return st.leader >= 0 && st.hw === st.leo[st.leader];
        }, `HW of ${t}-${p}`);
      }
    }
    expect(await writeAndRead(c, client)).toEqual(before);
    client.close();
    await c.close();
  }, 60_000);
});
