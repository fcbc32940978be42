import { describe, expect, it } from "vitest";
import { Runtime } from "../../kernel-lib/src/sim/Runtime";

/** A runtime at t=0 with nodes that log what they receive (time with fraction). */
function setup(...nodes: string[]) {
  const rt = new Runtime({ startTimeMs: 0 });
  const got: string[] = [];
  for (const n of nodes) {
    rt.network.register(n, (from, m) => got.push(`${n}<-${from}:${(m as { v: unknown }).v}@${rt.nowPrecise()}`));
  }
  return { rt, net: rt.network, got };
}

describe("Network", () => {
  it("has a 0.5 ms one-way latency by default: a request/response round trip takes 1 ms", async () => {
    const rt = new Runtime({ startTimeMs: 0 });
    const times: number[] = [];
    rt.network.register("broker", (from, m) => {
      times.push(rt.nowPrecise());
      rt.network.send("broker", from, { type: "ProduceResponse", v: (m as { v: number }).v });
    });
    const reply = rt.defer<number>("response");
    rt.network.register("client", (_from, m) => {
      times.push(rt.nowPrecise());
      reply.resolve((m as { v: number }).v);
    });
    rt.network.send("client", "broker", { type: "ProduceRequest", v: 7 });
    expect(await reply.promise).toBe(7);
    expect(times).toEqual([0.5, 1]);
    expect(rt.now()).toBe(1);
    const kinds = rt.trace.events().filter((e) => e.kind.startsWith("net.")).map((e) => `${e.kind} ${String(e.detail?.type)}`);
    expect(kinds).toEqual(["net.send ProduceRequest", "net.deliver ProduceRequest", "net.send ProduceResponse", "net.deliver ProduceResponse"]);
    await rt.close();
  });

  it("queues messages behind each other on a link with limited bandwidth", async () => {
    const { rt, net, got } = setup("a", "b");
    net.setLink("a", "b", { latencyMs: 2, bandwidthBytesPerMs: 1000 }); // 1000 bytes per ms = ~1 MB/s
    // Three 500-byte messages at t=0: each takes 0.5 ms to serialize, one after the other.
    for (const v of [1, 2, 3]) net.send("a", "b", { v }, 500);
    // The reverse direction is a separate queue.
    net.send("b", "a", { v: "r" }, 1000);
    await rt.advance(5);
    expect(got).toEqual(["b<-a:1@2.5", "b<-a:2@3", "a<-b:r@3", "b<-a:3@3.5"]);
    // The link went idle at 1.5: a message sent at 5 does not queue.
    net.send("a", "b", { v: 4 }, 2000);
    await rt.advance(10);
    expect(got.at(-1)).toBe("b<-a:4@9");
    expect(net.linkOptions("b", "a")).toEqual({ latencyMs: 2, bandwidthBytesPerMs: 1000, lossRate: 0 });
    expect(net.linkOptions("a", "c").latencyMs).toBe(0.5);
    expect(() => net.setLink("a", "b", { bandwidthBytesPerMs: 0 })).toThrow(/Invalid value 0 for bandwidthBytesPerMs/);
    expect(() => net.setDefaults({ lossRate: 2 })).toThrow(/Invalid value 2 for lossRate/);
    expect(() => net.setDefaults({ latencyMs: -1 })).toThrow(/Invalid value -1 for latencyMs/);
    await rt.close();
  });

  it("keeps a link FIFO when its latency is lowered mid-flight", async () => {
    const { rt, net, got } = setup("a", "b");
    net.setLink("a", "b", { latencyMs: 10 });
    net.send("a", "b", { v: "slow" });
    net.setLink("a", "b", { latencyMs: 1 });
    net.send("a", "b", { v: "fast" });
    await rt.advance(20);
    expect(got).toEqual(["b<-a:slow@10", "b<-a:fast@10"]);
    await rt.close();
  });

  it("loses messages with the link's loss rate, deterministically per seed", async () => {
    const run = async (seed: number) => {
      const rt = new Runtime({ seed });
      let n = 0;
      rt.network.register("a", () => {});
      rt.network.register("b", () => n++);
      rt.network.setDefaults({ lossRate: 0.3 });
      for (let i = 0; i < 1000; i++) rt.network.send("a", "b", { type: "Fetch" });
      await rt.advance(10);
      const drops = rt.trace.events().filter((e) => e.kind === "net.drop");
      expect(drops.length).toBe(1000 - n);
      expect(drops.every((e) => e.detail?.reason === "loss" && e.detail?.type === "Fetch")).toBe(true);
      await rt.close();
      return n;
    };
    const n1 = await run(1);
    expect(n1).toBeGreaterThan(600);
    expect(n1).toBeLessThan(800);
    expect(await run(1)).toBe(n1);
    expect(await run(2)).not.toBe(n1);
  });

  it("cuts links: isolate, cut one pair, heal; in-flight messages on a cut link are dropped", async () => {
    const { rt, net, got } = setup("a", "b", "c");
    net.isolate("a");
    expect(net.isCut("a", "b") && net.isCut("c", "a")).toBe(true);
    net.send("a", "b", { v: 1 });
    net.send("c", "a", { v: 2 });
    net.send("b", "c", { v: 3 });
    await rt.advance(1);
    expect(got).toEqual(["c<-b:3@0.5"]);
    net.heal("a");
    net.cut("b", "c");
    net.send("b", "c", { v: 4 });
    net.send("c", "b", { v: 5 });
    net.send("a", "b", { v: 6 });
    await rt.advance(1);
    expect(got.slice(1)).toEqual(["b<-a:6@1.5"]);
    net.heal();
    net.send("b", "c", { v: 7 }); // in flight when the link is cut
    rt.schedule(0.25, () => net.cut("b", "c"));
    net.send("c", "a", { v: 8 });
    await rt.advance(1);
    expect(got.slice(2)).toEqual(["a<-c:8@2.5"]);
    const reasons = rt.trace.events().filter((e) => e.kind === "net.drop").map((e) => `${e.node}:${String(e.detail?.reason)}`);
    expect(reasons).toEqual(["a:partition", "c:partition", "b:partition", "c:partition", "c:partition"]);
    net.heal("b", "c");
    expect(net.isCut("b", "c")).toBe(false);
    await rt.close();
  });

  it("drops messages to unregistered nodes, and in-flight messages to a node that went down or restarted", async () => {
    const { rt, net, got } = setup("a", "b");
    net.send("a", "nobody", { v: 0 });
    net.send("a", "b", { v: 1 });
    net.unregister("b");
    expect(net.isUp("b")).toBe(false);
    await rt.advance(1);
    net.register("b", (from, m) => got.push(`b2<-${from}:${(m as { v: unknown }).v}`));
    net.send("a", "b", { v: 2 });
    net.unregister("b");
    net.register("b", (from, m) => got.push(`b3<-${from}:${(m as { v: unknown }).v}`)); // restarted before arrival
    net.send("a", "b", { v: 3 });
    await rt.advance(1);
    expect(got).toEqual(["b3<-a:3"]);
    expect(net.nodes()).toEqual(["a", "b"]);
    const drops = rt.trace.events().filter((e) => e.kind === "net.drop").map((e) => String(e.detail?.reason));
    expect(drops).toEqual(["node not registered", "node down", "node down"]);
    await rt.close();
  });

  it("holds deliveries to a paused node with its timers, in their original order, until resume", async () => {
    const { rt, net, got } = setup("a", "b");
    net.setLink("a", "b", { latencyMs: 1 });
    rt.schedule(1.5, () => got.push(`b-timer@${rt.nowPrecise()}`), "b");
    net.send("a", "b", { v: 1 }); // due at 1
    rt.schedule(1, () => net.send("a", "b", { v: 2 })); // due at 2
    net.pause("b");
    net.send("b", "a", { v: "pre" }); // sent before the pause took effect in b's code: not held
    await rt.advance(10);
    expect(got).toEqual(["a<-b:pre@1"]);
    net.resume("b");
    await rt.advance(1);
    expect(got).toEqual(["a<-b:pre@1", "b<-a:1@10", "b-timer@10", "b<-a:2@10"]);
    const kinds = rt.trace.events().filter((e) => e.kind.startsWith("node.")).map((e) => `${e.kind}@${e.t}`);
    expect(kinds).toEqual(["node.up@0", "node.up@0", "node.pause@0", "node.resume@10"]);
    await rt.close();
  });

  it("names messages by `type` or `apiKey` in the trace and counts Buffer sizes", async () => {
    const { rt, net } = setup("a", "b");
    net.send("a", "b", { apiKey: 0, v: 1 });
    net.send("a", "b", Buffer.alloc(64));
    await rt.advance(1);
    const sends = rt.trace.events().filter((e) => e.kind === "net.send").map((e) => e.detail);
    expect(sends).toEqual([{ from: "a", to: "b", id: 1, type: 0 }, { from: "a", to: "b", id: 2, bytes: 64 }]);
    rt.trace.setCategory("net", false);
    net.send("a", "b", { v: 3 });
    await rt.advance(1);
    expect(rt.trace.events().filter((e) => e.kind.startsWith("net.")).length).toBe(4);
    await rt.close();
  });
});
