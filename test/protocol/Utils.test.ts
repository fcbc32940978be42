import { describe, it, expect } from "vitest";
import { abs, javaHashCode, murmur2, partitionForKey, toPositive } from "../../kernel-lib/src/protocol/Utils";

const utf8 = (s: string): Buffer => Buffer.from(s, "utf8");

describe("Utils.murmur2 (Kafka's UtilsTest vectors)", () => {
  it.each([
    ["21", -973932308],
    ["foobar", -790332482],
    ["a-little-bit-long-string", -985981536],
    ["a-little-bit-longer-string", -1486304829],
    ["lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971],
    ["abc", 479470107],
  ])("murmur2(%s) = %i", (s, h) => {
    expect(murmur2(utf8(s))).toBe(h);
  });

  it("covers every tail length (0..3 trailing bytes) and the empty key", () => {
    expect(murmur2(Buffer.alloc(0))).toBe(murmur2(new Uint8Array(0)));
    // Same algorithm written independently with BigInt arithmetic, to catch sign/overflow mistakes.
    const ref = (data: Uint8Array): number => {
      const M = 0x5bd1e995n, mask = 0xffffffffn;
      const mul = (a: bigint, b: bigint): bigint => (a * b) & mask;
      let h = (0x9747b28cn ^ BigInt(data.length)) & mask;
      const n4 = Math.floor(data.length / 4);
      for (let i = 0; i < n4; i++) {
        let k = BigInt(data[4 * i]!) | (BigInt(data[4 * i + 1]!) << 8n) | (BigInt(data[4 * i + 2]!) << 16n) | (BigInt(data[4 * i + 3]!) << 24n);
        k = mul(k, M); k ^= k >> 24n; k = mul(k, M);
        h = mul(h, M); h ^= k;
      }
      const base = n4 * 4, tail = data.length % 4;
      if (tail >= 3) h ^= BigInt(data[base + 2]!) << 16n;
      if (tail >= 2) h ^= BigInt(data[base + 1]!) << 8n;
      if (tail >= 1) { h ^= BigInt(data[base]!); h = mul(h, M); }
      h ^= h >> 13n; h = mul(h, M); h ^= h >> 15n;
      return Number(BigInt.asIntN(32, h));
    };
    for (let len = 0; len < 40; len++) {
      const data = Buffer.from(Array.from({ length: len }, (_, i) => (i * 37 + 200) & 0xff));
      expect(murmur2(data)).toBe(ref(data));
    }
  });

  it("maps keys to partitions like Kafka (toPositive(murmur2) % n over all partitions)", () => {
    expect(murmur2(utf8("key1"))).toBe(28543940);
    expect(partitionForKey(utf8("key1"), 3)).toBe(2);
    expect(partitionForKey(utf8("key2"), 3)).toBe(2);
    expect(murmur2(utf8("key3"))).toBe(-1745673403);
    expect(toPositive(-1745673403)).toBe(401810245);
    expect(partitionForKey(utf8("key3"), 3)).toBe(1);
    expect(partitionForKey(utf8("hello"), 3)).toBe(0);
    expect(partitionForKey(utf8("hello"), 6)).toBe(3);
    expect(partitionForKey(utf8("a"), 3)).toBe(1);
    expect(partitionForKey(utf8("user-1"), 3)).toBe(2);
  });
});

describe("Java String.hashCode and Utils.abs (coordinator partitions)", () => {
  it("matches Java", () => {
    expect(javaHashCode("hello")).toBe(99162322);
    expect(javaHashCode("my-group")).toBe(-1906497762);
    expect(abs(javaHashCode("my-group")) % 50).toBe(12);
    expect(abs(javaHashCode("test-group")) % 50).toBe(12);
    expect(abs(javaHashCode("group1")) % 50).toBe(40);
    expect(abs(javaHashCode("console-consumer-1")) % 50).toBe(24);
    expect(abs(javaHashCode("my-txn-id")) % 50).toBe(11);
    expect(javaHashCode("polygenelubricants")).toBe(-2147483648);
    expect(abs(-2147483648)).toBe(0);
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(-1)).toBe(2147483647);
  });
});
