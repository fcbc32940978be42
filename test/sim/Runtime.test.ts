import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { RuntimeClosedError, SimulationDeadlockError, SimulationStalledError } from "../../kernel-lib/src/sim/errors";
import { Runtime } from "../../kernel-lib/src/sim/Runtime";

const START = 1_700_000_000_000;

describe("Runtime (simulated)", () => {
  it("starts at the default virtual time and sleeps 30 s of virtual time", async () => {
    const rt = new Runtime();
    expect(rt.mode).toBe("simulated");
    expect(rt.now()).toBe(START);
    await rt.sleep(30_000);
    expect(rt.now()).toBe(START + 30_000);
    await rt.close();
  });

  it("runs timers by time, ties in the order they were scheduled", async () => {
    const rt = new Runtime({ startTimeMs: 0 });
    const log: string[] = [];
    rt.schedule(10, () => log.push(`a@${rt.now()}`));
    rt.schedule(5, () => log.push(`b@${rt.now()}`));
    rt.schedule(10, () => log.push(`c@${rt.now()}`));
    rt.schedule(5, () => {
      log.push(`d@${rt.now()}`);
      rt.schedule(0, () => log.push(`e@${rt.now()}`)); // same instant, after everything already due then
    });
    rt.schedule(5, () => log.push(`f@${rt.now()}`));
    await rt.sleep(20);
    expect(log).toEqual(["b@5", "d@5", "f@5", "e@5", "a@10", "c@10"]);
    await rt.close();
  });

  it("does not run anything between waits (demand-driven)", async () => {
    const rt = new Runtime({ startTimeMs: 0 });
    let ran = false;
    rt.schedule(1, () => { ran = true; });
    await new Promise((r) => setTimeout(r, 5)); // real time passes, nothing waits on the runtime
    expect(ran).toBe(false);
    expect(rt.now()).toBe(0);
    await rt.advance(1);
    expect(ran).toBe(true);
    await rt.close();
  });

  it("advance runs everything due up to now + ms and leaves the clock there", async () => {
    const rt = new Runtime({ startTimeMs: 1000 });
    const log: number[] = [];
    for (const d of [0, 3, 7, 10, 11]) rt.schedule(d, () => log.push(d));
    rt.schedule(9, () => rt.schedule(1, () => log.push(100))); // lands exactly at the boundary
    await rt.advance(10);
    expect(log).toEqual([0, 3, 7, 10, 100]);
    expect(rt.now()).toBe(1010);
    await rt.advance(0);
    expect(log).toEqual([0, 3, 7, 10, 100]);
    await rt.advance(1);
    expect(log).toEqual([0, 3, 7, 10, 100, 11]);
    await rt.close();
  });

  it("cancels timers, runs periodic ones and cancels a node's timers on crash", async () => {
    const rt = new Runtime({ startTimeMs: 0 });
    const log: string[] = [];
    const t1 = rt.schedule(5, () => log.push("cancelled"));
    rt.cancel(t1);
    rt.cancel(t1); // idempotent
    const p = rt.every(10, () => log.push(`tick@${rt.now()}`), "broker-1", "heartbeat");
    rt.schedule(25, () => log.push("b1-once"), "broker-1");
    rt.schedule(25, () => log.push("b2-once"), "broker-2");
    await rt.advance(20);
    expect(log).toEqual(["tick@10", "tick@20"]);
    expect(rt.pending().map((e) => `${e.owner}:${e.label ?? "-"}@${e.time}`)).toEqual(
      ["broker-1:-@25", "broker-2:-@25", "broker-1:heartbeat@30"]);
    expect(rt.cancelOwned("broker-1")).toBe(2);
    await rt.advance(40);
    expect(log).toEqual(["tick@10", "tick@20", "b2-once"]);
    rt.cancel(p); // already gone: no-op
    const q = rt.every(7, () => { log.push(`q@${rt.now()}`); if (rt.now() >= 81) rt.cancel(q); });
    await rt.advance(40);
    expect(log.slice(3)).toEqual(["q@67", "q@74", "q@81"]);
    expect(() => rt.every(0, () => {})).toThrow(/Invalid value 0 for periodMs/);
    expect(() => rt.schedule(Number.NaN, () => {})).toThrow(/Invalid value NaN for delayMs/);
    await rt.close();
  });

  it("holds a paused node's timers and runs them in their original order on resume", async () => {
    const rt = new Runtime({ startTimeMs: 0 });
    const log: string[] = [];
    rt.schedule(3, () => log.push(`b3@${rt.now()}`), "b");
    rt.schedule(1, () => log.push(`b1@${rt.now()}`), "b");
    rt.schedule(2, () => log.push(`a2@${rt.now()}`), "a");
    rt.schedule(8, () => log.push(`b8@${rt.now()}`), "b");
    rt.network.pause("b");
    expect(rt.network.isPaused("b")).toBe(true);
    await rt.advance(5);
    expect(log).toEqual(["a2@2"]);
    expect(rt.pending().filter((e) => e.held).length).toBe(2);
    rt.network.resume("b");
    await rt.advance(5);
    expect(log).toEqual(["a2@2", "b1@5", "b3@5", "b8@8"]);
    await rt.close();
  });

  it("resumes continuations of a settled deferred before the next event", async () => {
    const rt = new Runtime({ startTimeMs: 0 });
    const log: string[] = [];
    const d = rt.defer<string>("reply");
    rt.schedule(5, () => d.resolve("x"));
    rt.schedule(5, () => log.push(`same-instant@${rt.now()}`));
    rt.schedule(6, () => log.push(`later@${rt.now()}`));
    const v = await d.promise;
    log.push(`continued ${v}@${rt.now()}`);
    await rt.sleep(10);
    // The continuation ran at t=5, before the 6 ms timer (the same-instant timer ran first: FIFO).
    expect(log).toEqual(["continued x@5", "same-instant@5", "later@6"]);
    d.resolve("again"); // a second settle is ignored
    await rt.close();
  });

  it("rejects a wait that nothing scheduled can complete (deadlock)", async () => {
    const rt = new Runtime();
    await expect(rt.defer("the produce response").promise).rejects.toThrow(
      "simulation deadlock: nothing scheduled while waiting for the produce response");
    const d = rt.defer("x");
    rt.schedule(10, () => {}); // something runs, then nothing is left
    await expect(d.promise).rejects.toBeInstanceOf(SimulationDeadlockError);
    expect(rt.now()).toBe(START + 10);
    // A paused node's held events do not count, and the message says so.
    rt.schedule(1, () => {}, "broker-3");
    rt.network.pause("broker-3");
    await expect(rt.defer("y").promise).rejects.toThrow(/held for paused node\(s\) broker-3/);
    expect(rt.trace.events().some((e) => e.kind === "runtime.deadlock")).toBe(true);
    await rt.close();
  });

  it("runUntil returns true when the condition holds and false on virtual timeout", async () => {
    const rt = new Runtime({ startTimeMs: 0 });
    let n = 0;
    rt.every(10, () => n++);
    expect(await rt.runUntil(() => n >= 3)).toBe(true);
    expect(rt.now()).toBe(30);
    expect(await rt.runUntil(() => n >= 3)).toBe(true); // already true: no time passes
    expect(rt.now()).toBe(30);
    expect(await rt.runUntil(() => n >= 100, { timeoutMs: 45 })).toBe(false);
    expect(rt.now()).toBe(75);
    expect(n).toBe(7);
    await expect(rt.runUntil(() => { if (n > 8) throw new Error("bad cond"); return false; }, { timeoutMs: 100 }))
      .rejects.toThrow("bad cond");
    await rt.close();
  });

  it("fails the waiters when an event throws", async () => {
    const rt = new Runtime();
    rt.schedule(5, () => { throw new Error("bug in a handler"); }, "broker-1", "handler");
    await expect(rt.sleep(10)).rejects.toThrow("bug in a handler");
    expect(rt.trace.events().find((e) => e.kind === "runtime.error")?.detail).toEqual(
      { label: "handler", message: "bug in a handler" });
    await rt.close();
  });

  it("fails a wait that periodic timers keep alive without progress (stall limit)", async () => {
    const rt = new Runtime({ startTimeMs: 0, stallLimitMs: 1000 });
    rt.every(100, () => {});
    await expect(rt.defer("a record that never comes").promise).rejects.toBeInstanceOf(SimulationStalledError);
    expect(rt.now()).toBeLessThanOrEqual(1200);
    // A wait with a deadline past the limit is fine.
    await rt.sleep(5000);
    await rt.close();
  });

  it("waits for real external work without calling it a deadlock", async () => {
    const rt = new Runtime();
    const d = rt.defer<string>("codec load");
    const t0 = rt.now();
    void rt.awaitExternal(fs.promises.readFile(__filename, "utf8")).then((s) => d.resolve(s.slice(0, 6)));
    expect(await d.promise).toBe("import");
    expect(rt.now()).toBe(t0);
    await rt.close();
  });

  it("runs a million timer events", async () => {
    const rt = new Runtime({ startTimeMs: 0, trace: { enabled: false } });
    let n = 0;
    const done = rt.defer<void>("chain");
    const step = (): void => {
      if (++n < 1_000_000) rt.schedule(1, step);
      else done.resolve();
    };
    rt.schedule(1, step);
    await done.promise;
    expect(n).toBe(1_000_000);
    expect(rt.now()).toBe(1_000_000);
    await rt.close();
  });

  it("close() fails pending waits and removes the temporary base directory", async () => {
    const rt = new Runtime();
    const dir = rt.disk("broker-0").root;
    expect(fs.existsSync(dir)).toBe(true);
    const pending = rt.sleep(1000);
    await rt.close();
    await expect(pending).rejects.toBeInstanceOf(RuntimeClosedError);
    expect(fs.existsSync(rt.baseDir)).toBe(false);
    expect(rt.schedule(1, () => {})).toBe(0);
    await expect(rt.sleep(1)).rejects.toThrow(/Runtime is closed/);
    await rt.close(); // idempotent
  });

  it("rejects bad options and node names", () => {
    expect(() => new Runtime({ mode: "fast" as never })).toThrow(/Invalid value fast for mode/);
    expect(() => new Runtime({ startTimeMs: -1 })).toThrow(/startTimeMs/);
    const rt = new Runtime();
    expect(() => rt.disk("../x")).toThrow(/Invalid node name/);
    expect(() => rt.disk("a/b")).toThrow(/Invalid node name/);
    void rt.close();
  });
});

describe("Runtime (realtime)", () => {
  it("sleeps on the wall clock and fires timers in order", async () => {
    const rt = new Runtime({ mode: "realtime" });
    const t0 = rt.now();
    expect(Math.abs(t0 - Date.now())).toBeLessThan(1000);
    const log: string[] = [];
    // Gaps of 10+ ms keep the order meaningful even if the machine stalls between these calls.
    rt.schedule(0, () => log.push("first"));
    rt.schedule(30, () => log.push("c"));
    rt.schedule(10, () => log.push("a"));
    rt.schedule(10, () => log.push("b"));
    const cancelled = rt.schedule(2, () => log.push("never"));
    rt.cancel(cancelled);
    await rt.sleep(5);
    expect(rt.now() - t0).toBeGreaterThanOrEqual(5);
    expect(log[0]).toBe("first");
    expect(await rt.runUntil(() => log.length >= 4, { timeoutMs: 10_000 })).toBe(true);
    expect(log).toEqual(["first", "a", "b", "c"]);
    let ticks = 0;
    rt.every(1, () => ticks++);
    expect(await rt.runUntil(() => ticks >= 3, { timeoutMs: 10_000 })).toBe(true);
    const d = rt.defer<number>();
    rt.schedule(1, () => d.resolve(42));
    expect(await d.promise).toBe(42);
    await rt.close();
  });
});
