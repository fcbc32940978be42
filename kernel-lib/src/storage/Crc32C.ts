import { nodeRequire } from "./compression/nodeRequire";

// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of a v2 record batch
// (org.apache.kafka.common.utils.Crc32C). Node's zlib.crc32 is CRC-32/IEEE, a different polynomial.
// The native @node-rs/crc32 addon is used when it loads; otherwise a pure-JS slicing-by-8 version.
// Check value: crc32c("123456789") = 0xE3069283.

type NativeCrc32 = typeof import("@node-rs/crc32");

const POLY = 0x82f63b78;

// Slicing-by-8 tables: T[0] is the byte-at-a-time table, T[k][n] advances T[k-1][n] by one zero byte.
const T = new Int32Array(8 * 256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
  T[n] = c;
}
for (let n = 0; n < 256; n++) {
  let c = T[n]!;
  for (let k = 1; k < 8; k++) {
    c = T[c & 0xff]! ^ (c >>> 8);
    T[k * 256 + n] = c;
  }
}

/** Pure-JS CRC32C of buf[start, end), continuing from `crc` (0 to start). Unsigned result. */
export function crc32cJs(buf: Uint8Array, start = 0, end = buf.length, crc = 0): number {
  let c = ~crc;
  let i = start;
  const stop8 = end - ((end - start) & 7);
  while (i < stop8) {
    c ^= buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24);
    c =
      T[7 * 256 + (c & 0xff)]! ^
      T[6 * 256 + ((c >>> 8) & 0xff)]! ^
      T[5 * 256 + ((c >>> 16) & 0xff)]! ^
      T[4 * 256 + (c >>> 24)]! ^
      T[3 * 256 + buf[i + 4]!]! ^
      T[2 * 256 + buf[i + 5]!]! ^
      T[256 + buf[i + 6]!]! ^
      T[buf[i + 7]!]!;
    i += 8;
  }
  while (i < end) c = T[(c ^ buf[i++]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

let native: NativeCrc32 | null | undefined;

/** The native implementation, or null when @node-rs/crc32 cannot be loaded on this platform. */
export function nativeCrc32c(): ((buf: Uint8Array, start?: number, end?: number, crc?: number) => number) | null {
  if (native === undefined) {
    try {
      native = nodeRequire("@node-rs/crc32") as NativeCrc32;
      if (native.crc32c(Buffer.from("123456789")) >>> 0 !== 0xe3069283) native = null;
    } catch {
      native = null;
    }
  }
  if (native === null) return null;
  const impl = native;
  return (buf, start = 0, end = buf.length, crc = 0) =>
    impl.crc32c(start === 0 && end === buf.length ? buf : buf.subarray(start, end), crc) >>> 0;
}

/** Which implementation crc32c() uses: "native" (@node-rs/crc32) or "js" (slicing-by-8 fallback). */
export function crc32cImplementation(): "native" | "js" {
  return nativeCrc32c() === null ? "js" : "native";
}

let chosen: ((buf: Uint8Array, start?: number, end?: number, crc?: number) => number) | undefined;

/** CRC32C of buf[start, end) as an unsigned 32-bit number; `crc` continues an earlier checksum. */
export function crc32c(buf: Uint8Array, start = 0, end = buf.length, crc = 0): number {
  chosen ??= nativeCrc32c() ?? crc32cJs;
  return chosen(buf, start, end, crc);
}
