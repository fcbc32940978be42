import { describe, it, expect } from "vitest";
import { EmbeddedCluster } from "../../kernel-lib/src/broker/EmbeddedCluster";
import { ScenarioClient, checkInvariants } from "./ScenarioClient";

const TOPIC = "durable";
const PARTITIONS = 2;

async function waitFor(c: EmbeddedCluster, cond: () => boolean, label: string, timeoutMs = 120_000): Promise<void> {
  const ok = await c.runtime.runUntil(cond, { timeoutMs, label });
  if (!ok) throw new Error(`timed out waiting for ${label}`);
}

function fullIsr(c: EmbeddedCluster): boolean {
  for (let p = 0; p < PARTITIONS; p++) if (c.partitionState(TOPIC, p).isr.length !== 3) return false;
  return true;
}

describe("acks=all, RF 3, min.insync.replicas 2: crash and restart one broker at a time while writing", () => {
  for (const loseUnflushed of [false, true]) {
    it(`no acknowledged record is lost (crash${loseUnflushed ? " with loss of unflushed data" : ""})`, async () => {
      const c = await EmbeddedCluster.start({ seed: loseUnflushed ? 7 : 3, config: { "min.insync.replicas": "2" } });
      const client = new ScenarioClient(c);
      await client.createTopic(TOPIC, PARTITIONS, 3);
      const acked = new Map<string, string>(); // "p@offset" -> value
      const leaders = new Map<string, number>();
      const rnd = c.runtime.random.fork("scenario");
      let seq = 0;
      const writeSome = async (n: number): Promise<void> => {
        for (let i = 0; i < n; i++) {
          const p = seq % PARTITIONS;
          const v = `v${seq++}`;
          const r = await client.produce(TOPIC, p, [v, `${v}b`], -1, 30000);
          if (r.errorCode === 0) {
            acked.set(`${p}@${r.baseOffset}`, v);
            acked.set(`${p}@${r.baseOffset + 1}`, `${v}b`);
          }
          checkInvariants(c, TOPIC, PARTITIONS, leaders);
        }
      };
      await writeSome(10);
      for (let round = 0; round < 4; round++) {
        const victim = c.brokerIds[rnd.nextIntBelow(3)]!;
        c.crashBroker(victim, { loseUnflushed });
        await writeSome(6);
        // The controller notices when the ZooKeeper session expires; then the broker may register again.
        await waitFor(c, () => c.servers.every((s) => !s.isRunning || !s.controller?.isActive() || !s.controller.liveBrokerIds?.().includes(victim)), "controller sees the crash");
        await writeSome(4);
        await c.startBroker(victim);
        await waitFor(c, () => fullIsr(c), "ISR full again");
        await writeSome(4);
      }
      if (process.env.DEBUG_S) console.log("acked", acked.size, "seq", seq, "epochs", [0, 1].map((p) => c.partitionState(TOPIC, p).leaderEpoch), "truncs", c.runtime.trace.events().filter((e) => e.kind === "fetcher.truncate").length, "shrinks", c.runtime.trace.events().filter((e) => e.kind === "partition.shrinkIsr").length, "t", c.runtime.now() - 1700000000000);
      expect(acked.size).toBeGreaterThan(50);
      const seen = new Map<number, Map<number, string>>();
      for (let p = 0; p < PARTITIONS; p++) seen.set(p, await client.readAll(TOPIC, p));
      for (const [key, v] of acked) {
        const [p, off] = key.split("@").map(Number) as [number, number];
        expect(seen.get(p)!.get(off), `acknowledged ${v} at ${key}`).toBe(v);
      }
      client.close();
      await c.close();
    }, 120_000);
  }
});
