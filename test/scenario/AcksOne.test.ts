import { describe, it, expect } from "vitest";
import { EmbeddedCluster } from "../../kernel-lib/src/broker/EmbeddedCluster";
import { ScenarioClient, checkInvariants } from "./ScenarioClient";

async function waitFor(c: EmbeddedCluster, cond: () => boolean, label: string, timeoutMs = 120_000): Promise<void> {
  if (!(await c.runtime.runUntil(cond, { timeoutMs, label }))) throw new Error(`timed out waiting for ${label}`);
}

describe("acks=1: the leader dies before its followers fetched", () => {
  for (const rule of ["leader-epoch", "high-watermark"] as const) {
    it(`the acknowledged batch is lost; the old leader truncates it when it returns (${rule})`, async () => {
      const c = await EmbeddedCluster.start({ seed: 5, config: { "kafkalab.follower.truncation": rule } });
      const client = new ScenarioClient(c);
      await client.createTopic("t", 1, 3);
      const leaders = new Map<string, number>();
      expect((await client.produce("t", 0, ["a", "b"], -1)).errorCode).toBe(0);
      const old = c.leaderOf("t", 0);
      const followers = c.brokerIds.filter((id) => id !== old);
      // Cut the followers off the leader: the batch cannot reach them (not even a fetch answer in flight).
      for (const f of followers) c.runtime.network.cut(c.broker(old).host, c.broker(f).host);
      const acked = await client.produce("t", 0, ["lost"], 1);
      expect(acked).toEqual({ errorCode: 0, baseOffset: 2 });
      c.crashBroker(old);
      c.runtime.network.heal();
      await waitFor(c, () => c.leaderOf("t", 0) >= 0 && c.leaderOf("t", 0) !== old, "clean election");
      const st = c.partitionState("t", 0);
      expect(st.leader).toBe(st.replicas.filter((r) => r !== old)[0]); // first live ISR member in AR order
      checkInvariants(c, "t", 1, leaders);
      expect((await client.produce("t", 0, ["new"], -1)).baseOffset).toBe(2);
      await c.startBroker(old);
      await waitFor(c, () => c.partitionState("t", 0).isr.length === 3, "old leader back in the ISR");
      checkInvariants(c, "t", 1, leaders);
      const all = await client.readAll("t", 0);
      expect([...all.values()]).toEqual(["a", "b", "new"]);
      // The old leader's own log no longer holds "lost".
      const oldLog = c.broker(old).replicaManager!.localLog("t", 0)!;
      expect(oldLog.logEndOffset).toBe(3);
      const trunc = c.runtime.trace.events().find((e) => e.kind === "fetcher.truncate" && e.node === c.broker(old).host);
      expect(trunc?.detail?.rule).toBe(rule);
      expect(trunc?.detail?.from).toBe(3);
      client.close();
      await c.close();
    }, 60_000);
  }
});

describe("unclean leader election", () => {
  for (const where of ["off", "broker", "topic"] as const) {
    it(`the only ISR member dies while an out-of-sync replica lives: ${where === "off" ? "offline, no loss" : `unclean.leader.election.enable at ${where} level loses data`}`, async () => {
      const c = await EmbeddedCluster.start({ seed: 9, config: where === "broker" ? { "unclean.leader.election.enable": "true" } : {} });
      const client = new ScenarioClient(c);
      // Replicas on brokers 1 and 2: the controller (broker 0) stays reachable from both.
      expect(c.controllerId()).toBe(0);
      await client.createTopic("u", 1, 2, where === "topic" ? { "unclean.leader.election.enable": "true" } : {}, 0, [[1, 2]]);
      expect((await client.produce("u", 0, ["a"], -1)).errorCode).toBe(0);
      const st0 = c.partitionState("u", 0);
      const leader = st0.leader;
      const follower = st0.replicas.find((r) => r !== leader)!;
      // The follower cannot reach the leader (but still ZooKeeper): it leaves the ISR after replica.lag.time.max.ms.
      c.runtime.network.cut(c.broker(leader).host, c.broker(follower).host);
      expect((await client.produce("u", 0, ["b"], 1)).errorCode).toBe(0);
      await waitFor(c, () => c.partitionState("u", 0).isr.length === 1, "ISR shrink to the leader");
      expect((await client.produce("u", 0, ["c"], 1)).errorCode).toBe(0);
      c.crashBroker(leader);
      c.runtime.network.heal();
      if (where === "off") {
        await c.runtime.advance(60_000);
        expect(c.leaderOf("u", 0)).toBe(-1); // offline: no ISR member alive
        expect((await client.produce("u", 0, ["x"], 1)).errorCode).not.toBe(0);
        await c.startBroker(leader);
        await waitFor(c, () => c.leaderOf("u", 0) === leader, "the ISR member returns as leader");
        expect([...(await client.readAll("u", 0)).values()]).toEqual(["a", "b", "c"]);
      } else {
        await waitFor(c, () => c.leaderOf("u", 0) === follower, "unclean election of the out-of-sync replica");
        expect(c.partitionState("u", 0).isr).toEqual([follower]);
        expect((await client.produce("u", 0, ["d"], 1)).baseOffset).toBe(1);
        await c.startBroker(leader);
        await waitFor(c, () => c.partitionState("u", 0).isr.length === 2, "old leader rejoins");
        expect([...(await client.readAll("u", 0)).values()]).toEqual(["a", "d"]); // b and c, acknowledged, are gone
        expect(c.broker(leader).replicaManager!.localLog("u", 0)!.logEndOffset).toBe(2);
      }
      client.close();
      await c.close();
    }, 60_000);
  }
});
