import { describe, expect, it } from "vitest";
import { crc32c, crc32cImplementation, crc32cJs, nativeCrc32c } from "../../../kernel-lib/src/storage/Crc32C";

// A tiny deterministic PRNG (xorshift32) so the random buffers are the same on every run.
function xorshift32(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

function randomBuffer(next: () => number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) buf[i] = next() & 0xff;
  return buf;
}

const CHECK_INPUT = Buffer.from("123456789", "ascii");
const CHECK_VALUE = 0xe3069283;

describe("CRC-32C (Castagnoli)", () => {
  it("the pure-JS slicing-by-8 implementation gives the check value", () => {
    expect(crc32cJs(CHECK_INPUT)).toBe(CHECK_VALUE);
  });

  it("the native @node-rs/crc32 implementation gives the check value", () => {
    const native = nativeCrc32c();
    expect(native).not.toBeNull();
    expect(native!(CHECK_INPUT)).toBe(CHECK_VALUE);
    expect(crc32cImplementation()).toBe("native");
    expect(crc32c(CHECK_INPUT)).toBe(CHECK_VALUE);
  });

  it("is not CRC-32/IEEE (zlib's crc32 of the same input is 0xCBF43926)", () => {
    expect(crc32cJs(CHECK_INPUT)).not.toBe(0xcbf43926);
  });

  it("gives known values: empty input 0, 32 zero bytes 0x8A9136AA, 32 0xFF bytes 0x62A8AB43 (RFC 3720)", () => {
    expect(crc32cJs(Buffer.alloc(0))).toBe(0);
    expect(crc32cJs(Buffer.alloc(32, 0))).toBe(0x8a9136aa);
    expect(crc32cJs(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    const ascending = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
    expect(crc32cJs(ascending)).toBe(0x46dd794e);
    expect(crc32c(ascending)).toBe(0x46dd794e);
  });

  it("both implementations agree on random buffers, ranges and continuations", () => {
    const native = nativeCrc32c()!;
    const next = xorshift32(0x9e3779b9);
    for (let round = 0; round < 200; round++) {
      const length = next() % 5000;
      const buf = randomBuffer(next, length);
      const start = length === 0 ? 0 : next() % length;
      const end = start + (length === start ? 0 : next() % (length - start + 1));
      const js = crc32cJs(buf, start, end);
      expect(native(buf, start, end)).toBe(js);
      expect(crc32c(buf, start, end)).toBe(js);
      // Continuing from a prefix's checksum gives the checksum of the whole range.
      const mid = start + Math.floor((end - start) / 2);
      expect(crc32cJs(buf, mid, end, crc32cJs(buf, start, mid))).toBe(js);
      expect(native(buf, mid, end, native(buf, start, mid))).toBe(js);
    }
  });
});
