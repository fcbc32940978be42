import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../kernel-lib/src/sim/SeededRandom";
import { Uuid } from "../../kernel-lib/src/sim/Uuid";

function draws(r: SeededRandom, n = 20): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(r.nextInt());
  return out;
}

describe("SeededRandom", () => {
  it("gives the same sequence for the same seed", () => {
    expect(draws(new SeededRandom(42))).toEqual(draws(new SeededRandom(42)));
    expect(draws(new SeededRandom("chapter-3"))).toEqual(draws(new SeededRandom("chapter-3")));
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    for (let i = 0; i < 1000; i++) expect(a.nextDouble()).toBe(b.nextDouble());
  });

  it("gives different sequences for different seeds", () => {
    expect(draws(new SeededRandom(1))).not.toEqual(draws(new SeededRandom(2)));
    expect(draws(new SeededRandom(0))).not.toEqual(draws(new SeededRandom("zero")));
  });

  it("nextInt covers signed int32; nextDouble is in [0, 1)", () => {
    const r = new SeededRandom(3);
    let negative = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = r.nextInt();
      expect(Number.isInteger(x) && x >= -(2 ** 31) && x < 2 ** 31).toBe(true);
      if (x < 0) negative++;
      const d = r.nextDouble();
      expect(d >= 0 && d < 1).toBe(true);
    }
    expect(negative).toBeGreaterThan(4000);
    expect(negative).toBeLessThan(6000);
  });

  it("nextIntBelow stays in range, reaches every value and rejects bad bounds", () => {
    const r = new SeededRandom(5);
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 7000; i++) {
      const x = r.nextIntBelow(7);
      expect(x >= 0 && x < 7).toBe(true);
      counts[x]!++;
    }
    for (const c of counts) expect(c).toBeGreaterThan(800);
    expect(r.nextIntBelow(1)).toBe(0);
    const big = r.nextIntBelow(2 ** 40);
    expect(Number.isInteger(big) && big >= 0 && big < 2 ** 40).toBe(true);
    expect(() => r.nextIntBelow(0)).toThrow(/Invalid bound 0/);
    expect(() => r.nextIntBelow(2.5)).toThrow(/Invalid bound/);
  });

  it("fork derives a stream from the seed and label only, not from the parent's draws", () => {
    const p1 = new SeededRandom(9);
    const p2 = new SeededRandom(9);
    draws(p2, 100); // extra draws in the parent...
    expect(draws(p1.fork("network"))).toEqual(draws(p2.fork("network"))); // ...do not shift the fork
    // Draws in one fork do not perturb a sibling, nor the parent.
    const q = new SeededRandom(9);
    const a = q.fork("a");
    draws(a, 50);
    expect(draws(q.fork("b"))).toEqual(draws(new SeededRandom(9).fork("b")));
    expect(draws(q)).toEqual(draws(new SeededRandom(9)));
    // Different labels / seeds give different streams; forks of forks are deterministic too.
    expect(draws(p1.fork("a"))).not.toEqual(draws(p1.fork("b")));
    expect(draws(new SeededRandom(1).fork("a"))).not.toEqual(draws(new SeededRandom(2).fork("a")));
    const fresh = new SeededRandom(9);
    expect(draws(fresh.fork("c").fork("x"))).toEqual(draws(new SeededRandom(9).fork("c").fork("x")));
    expect(new SeededRandom(9).fork("c").fork("x").path).toBe("9/c/x");
  });

  it("a repeated fork of the same label is a new stream, so a rebuilt component does not replay its predecessor", () => {
    const p = new SeededRandom(9);
    const first = p.fork("TopicId");
    const again = p.fork("TopicId");
    expect(again.path).toBe("9/TopicId#1");
    expect(first.uuid().toString()).not.toBe(again.uuid().toString());
    // Still a function of the seed, the label and the fork count only: a second run gives the same streams.
    const q = new SeededRandom(9);
    draws(q, 10); // the parent's draws do not matter
    q.fork("TopicId");
    const r = new SeededRandom(9);
    r.fork("TopicId");
    expect(draws(q.fork("TopicId"))).toEqual(draws(r.fork("TopicId")));
  });

  it("makes Kafka-style random Uuids: deterministic, version 4, never reserved or starting with '-'", () => {
    const a = new SeededRandom(11);
    const b = new SeededRandom(11);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const u = a.uuid();
      expect(u.toString()).toBe(b.uuid().toString());
      const bytes = u.toBytes();
      expect(bytes[6]! >> 4).toBe(4);
      expect(bytes[8]! >> 6).toBe(2);
      expect(u.toString()).toHaveLength(22);
      expect(u.toString().startsWith("-")).toBe(false);
      expect(u.equals(Uuid.ZERO_UUID) || u.equals(Uuid.ONE_UUID)).toBe(false);
      seen.add(u.toString());
    }
    expect(seen.size).toBe(2000);
    expect(new SeededRandom(12).uuid().toString()).not.toBe(new SeededRandom(11).uuid().toString());
  });

  it("shuffle and pick are deterministic", () => {
    const s1 = new SeededRandom(4).shuffle([1, 2, 3, 4, 5, 6, 7, 8]);
    const s2 = new SeededRandom(4).shuffle([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(s1).toEqual(s2);
    expect([...s1].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new SeededRandom(4).pick(["a", "b", "c"])).toBe(new SeededRandom(4).pick(["a", "b", "c"]));
    expect(() => new SeededRandom(4).pick([])).toThrow(/empty/);
  });
});
