import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../kernel-lib/src/sim/CanonicalJson";
import { Trace } from "../../kernel-lib/src/sim/Trace";
import { Uuid } from "../../kernel-lib/src/sim/Uuid";

describe("canonicalJson", () => {
  it("sorts keys at every level and normalizes special values", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: null }], c: "x" } })).toBe('{"a":{"c":"x","d":[1,{"y":null,"z":0}]},"b":1}');
    expect(canonicalJson({ u: undefined, n: NaN, big: 12n, bytes: Buffer.from([1, 255]), id: Uuid.ZERO }))
      .toBe('{"big":"12","bytes":"01ff","id":"AAAAAAAAAAAAAAAAAAAAAA","n":null}');
    expect(canonicalJson("quote\" and \u0001")).toBe(JSON.stringify("quote\" and \u0001"));
    expect(canonicalJson(new Map([["k", 1]]))).toBe('{"k":1}');
  });
});

describe("Trace", () => {
  it("records events with the clock's time and digests their canonical JSON", () => {
    let now = 5;
    const t = new Trace(() => now);
    t.record("broker-1", "log.append", { offset: 3, topic: "a" });
    now = 6.5;
    t.record(null, "net.heal");
    expect(t.events()).toEqual([
      { t: 5, node: "broker-1", kind: "log.append", detail: { offset: 3, topic: "a" } },
      { t: 6.5, node: null, kind: "net.heal" },
    ]);
    const expected = createHash("sha256")
      .update('{"detail":{"offset":3,"topic":"a"},"kind":"log.append","node":"broker-1","t":5}\n{"kind":"net.heal","node":null,"t":6.5}\n')
      .digest("hex");
    expect(t.digest()).toBe(expected);
    // Key order of the detail does not matter; any content change does.
    const u = new Trace(() => 5);
    u.record("broker-1", "log.append", { topic: "a", offset: 3 });
    const v = new Trace(() => 5);
    v.record("broker-1", "log.append", { topic: "a", offset: 4 });
    expect(u.digest()).not.toBe(v.digest());
    expect(new Trace(() => 0).digest()).toBe(createHash("sha256").digest("hex"));
  });

  it("gives the same digest when old events are folded out of memory", () => {
    const small = new Trace(() => 1, { maxEvents: 10 });
    const big = new Trace(() => 1);
    for (let i = 0; i < 1000; i++) {
      small.record("n", "k", { i });
      big.record("n", "k", { i });
    }
    expect(small.count).toBe(1000);
    expect(small.events().length).toBeLessThanOrEqual(10);
    expect(small.events().at(-1)?.detail).toEqual({ i: 999 });
    expect(small.digest()).toBe(big.digest());
    expect(small.digest()).toBe(big.digest()); // digest() does not consume the running hash
  });

  it("can be switched off, per category or entirely", () => {
    const t = new Trace(() => 0);
    t.setCategory("net", false);
    expect(t.wants("net")).toBe(false);
    t.record("a", "net.send", {});
    t.record("a", "disk.crash", {});
    t.enabled = false;
    t.record("a", "disk.crash", {});
    expect(t.events().map((e) => e.kind)).toEqual(["disk.crash"]);
    t.clear();
    expect(t.count).toBe(0);
  });
});
