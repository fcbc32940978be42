import { describe, expect, it } from "vitest";
import { canonicalJson, stableStringify } from "../../kernel-lib/src/notebook/StableJson";

describe("stable JSON", () => {
  it("sorts keys at every depth", () => {
    expect(stableStringify({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 3 } })).toBe('{"a":{"c":3,"d":[{"y":2,"z":1}]},"b":1}');
    expect(stableStringify({ b: 1, a: 2 })).toBe(stableStringify({ a: 2, b: 1 }));
  });

  it("gives one fixed form to values JSON cannot hold", () => {
    expect(canonicalJson({ n: -0, nan: Number.NaN, inf: Infinity, u: undefined, f: () => 1, big: 5n, huge: 2n ** 64n }))
      .toEqual({ n: 0, nan: null, inf: null, big: 5, huge: "18446744073709551616" });
    expect(stableStringify([undefined, new Date(0), new Uint8Array([104, 105]), new Map([["k", 1]]), new Set([2])]))
      .toBe('[null,"1970-01-01T00:00:00.000Z","hi",{"k":1},[2]]');
  });

  it("refuses circular structures", () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => canonicalJson(a)).toThrow("Converting circular structure to JSON");
    const shared = { x: 1 };
    expect(stableStringify([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });
});
