import { describe, expect, it } from "vitest";
import { EVENT_SCHEDULED, Scheduler, SimEvent } from "../../kernel-lib/src/sim/Scheduler";
import { SeededRandom } from "../../kernel-lib/src/sim/SeededRandom";

function ev(id: number, time: number): SimEvent {
  return new SimEvent(id, time, () => {}, null, `e${id}`, 0, true);
}

describe("Scheduler", () => {
  it("pops by time, ties in insertion order", () => {
    const s = new Scheduler();
    const order = [ev(1, 5), ev(2, 1), ev(3, 5), ev(4, 1), ev(5, 3), ev(6, 5)];
    for (const e of order) s.push(e);
    const popped: number[] = [];
    for (let e = s.pop(); e; e = s.pop()) popped.push(e.id);
    expect(popped).toEqual([2, 4, 5, 1, 3, 6]);
  });

  it("runs end-of-tick events after every ordinary event due at the same time", () => {
    const s = new Scheduler();
    s.push(ev(1, 10), true);
    s.push(ev(2, 10));
    s.push(ev(3, 9), true);
    s.push(ev(4, 10));
    s.push(ev(5, 10), true);
    const popped: number[] = [];
    for (let e = s.pop(); e; e = s.pop()) popped.push(e.id);
    expect(popped).toEqual([3, 2, 4, 1, 5]);
  });

  it("matches a sorted reference under random pushes and removals", () => {
    const r = new SeededRandom("heap");
    const s = new Scheduler();
    const live: SimEvent[] = [];
    let id = 0;
    for (let i = 0; i < 20_000; i++) {
      const e = ev(++id, r.nextIntBelow(200) + (r.nextBoolean() ? 0.5 : 0));
      s.push(e);
      live.push(e);
      if (r.nextIntBelow(3) === 0) {
        const victim = live.splice(r.nextIntBelow(live.length), 1)[0]!;
        expect(s.remove(victim)).toBe(true);
        expect(s.remove(victim)).toBe(false);
      }
    }
    expect(s.size).toBe(live.length);
    expect(s.snapshot().map((e) => e.id)).toEqual(
      [...live].sort((a, b) => a.time - b.time || a.seq - b.seq).map((e) => e.id));
    const removed = s.removeWhere((e) => e.id % 2 === 0);
    expect(removed.every((e) => e.id % 2 === 0 && e.state !== EVENT_SCHEDULED)).toBe(true);
    const expected = live.filter((e) => e.id % 2 === 1).sort((a, b) => a.time - b.time || a.seq - b.seq).map((e) => e.id);
    const popped: number[] = [];
    for (let e = s.pop(); e; e = s.pop()) popped.push(e.id);
    expect(popped).toEqual(expected);
    expect(s.size).toBe(0);
  });
});
