import { describe, expect, it } from "vitest";
import {
  ByteCursor,
  readInt64BE,
  readUnsignedVarint,
  readVarint,
  readVarlong,
  sizeOfUnsignedVarint,
  sizeOfVarint,
  sizeOfVarlong,
  writeInt64BE,
  writeUnsignedVarint,
  writeVarint,
  writeVarlong,
} from "../../../kernel-lib/src/storage/ByteUtils";

// Expected bytes computed independently (Python: zigzag (n << 1) ^ (n >> 31|63), base-128 little-endian groups),
// matching org.apache.kafka.common.utils.ByteUtilsTest's known encodings.
const VARINTS: [number, string][] = [
  [0, "00"],
  [-1, "01"],
  [1, "02"],
  [63, "7e"],
  [-64, "7f"],
  [64, "8001"],
  [-65, "8101"],
  [8191, "fe7f"],
  [-8192, "ff7f"],
  [8192, "808001"],
  [2147483647, "feffffff0f"],
  [-2147483648, "ffffffff0f"],
];

const VARLONGS: [number, string][] = [
  [0, "00"],
  [-1, "01"],
  [1, "02"],
  [2147483647, "feffffff0f"],
  [-2147483648, "ffffffff0f"],
  [2147483648, "8080808010"],
  [-2147483649, "8180808010"],
  [2 ** 40, "808080808040"],
  [-(2 ** 40), "ffffffffff3f"],
  [-86400000, "ffefb252"],
  [1734479506518, "acb1c7f0fa64"],
  [-1734479506519, "adb1c7f0fa64"],
  [2 ** 53 - 1, "feffffffffffff1f"],
  [-(2 ** 53 - 1), "fdffffffffffff1f"],
  [2 ** 53, "8080808080808020"],
  [-(2 ** 53), "ffffffffffffff1f"],
];

function encodeVarint(n: number): string {
  const buf = Buffer.alloc(10);
  const end = writeVarint(buf, 0, n);
  return buf.subarray(0, end).toString("hex");
}

function encodeVarlong(n: number): string {
  const buf = Buffer.alloc(10);
  const end = writeVarlong(buf, 0, n);
  return buf.subarray(0, end).toString("hex");
}

describe("zigzag varint (ByteUtils.writeVarint / readVarint)", () => {
  it.each(VARINTS)("%d encodes as %s and decodes back", (n, hex) => {
    expect(encodeVarint(n)).toBe(hex);
    const r = readVarint(Buffer.from(hex, "hex"), 0);
    expect(r.value).toBe(n);
    expect(r.next).toBe(hex.length / 2);
    expect(sizeOfVarint(n)).toBe(hex.length / 2);
  });

  it("reads at an offset and through a cursor", () => {
    const buf = Buffer.from("aa" + "8001" + "7f" + "feffffff0f", "hex");
    const c = new ByteCursor(buf, 1);
    expect([c.readVarint(), c.readVarint(), c.readVarint()]).toEqual([64, -64, 2147483647]);
    expect(c.pos).toBe(buf.length);
  });

  it("rejects a varint whose 5th byte has the continuation bit, in Kafka's words", () => {
    expect(() => readVarint(Buffer.from("ffffffffff01", "hex"), 0)).toThrow(
      /^Varint is too long, the most significant bit in the 5th byte is set, converted value: /);
  });

  it("reports a read past the end instead of inventing bytes", () => {
    expect(() => readVarint(Buffer.from("80", "hex"), 0)).toThrow(/Buffer underflow/);
    expect(() => new ByteCursor(Buffer.alloc(0)).readVarint()).toThrow(/Buffer underflow/);
  });

  it("sizeOfVarint agrees with the bytes written for every boundary", () => {
    for (const n of [0, 1, -1, 63, 64, -64, -65, 8191, 8192, 2 ** 20, 2 ** 21, -(2 ** 21), 2 ** 27, 2 ** 28, 2 ** 31 - 1, -(2 ** 31)])
      expect(sizeOfVarint(n)).toBe(encodeVarint(n).length / 2);
  });
});

describe("zigzag varlong with JS numbers (exact within +-2^53)", () => {
  it.each(VARLONGS)("%d encodes as %s and decodes back", (n, hex) => {
    expect(encodeVarlong(n)).toBe(hex);
    const r = readVarlong(Buffer.from(hex, "hex"), 0);
    expect(r.value).toBe(n);
    expect(r.next).toBe(hex.length / 2);
    expect(sizeOfVarlong(n)).toBe(hex.length / 2);
  });

  it("decodes Long.MAX_VALUE and Long.MIN_VALUE (10 bytes) to the nearest numbers", () => {
    expect(readVarlong(Buffer.from("feffffffffffffffff01", "hex"), 0)).toEqual({ value: 2 ** 63, next: 10 });
    expect(readVarlong(Buffer.from("ffffffffffffffffff01", "hex"), 0)).toEqual({ value: -(2 ** 63), next: 10 });
  });

  it("round-trips negative timestamp deltas and every power of two up to 2^53", () => {
    const values: number[] = [];
    for (let e = 0; e <= 53; e++) values.push(2 ** e, -(2 ** e), 2 ** e - 1, -(2 ** e) + 1);
    values.push(-1734479506518, 1734479506518 - 1, -7 * 86400000);
    const buf = Buffer.alloc(10 * values.length);
    let pos = 0;
    for (const v of values) pos = writeVarlong(buf, pos, v);
    const c = new ByteCursor(buf, 0, pos);
    for (const v of values) expect(c.readVarlong()).toBe(v);
    expect(c.remaining()).toBe(0);
  });

  it("rejects a varlong whose 10th byte has the continuation bit, in Kafka's words", () => {
    expect(() => readVarlong(Buffer.from("ffffffffffffffffff8001", "hex"), 0)).toThrow(
      /^Varlong is too long, most significant bit in the 10th byte is set, converted value: /);
  });
});

describe("unsigned varint and int64 helpers", () => {
  it("writes unsigned varints without zigzag", () => {
    const buf = Buffer.alloc(5);
    expect(buf.subarray(0, writeUnsignedVarint(buf, 0, 300)).toString("hex")).toBe("ac02");
    expect(readUnsignedVarint(Buffer.from("ac02", "hex"), 0)).toEqual({ value: 300, next: 2 });
    expect(sizeOfUnsignedVarint(127)).toBe(1);
    expect(sizeOfUnsignedVarint(128)).toBe(2);
  });

  it("reads and writes int64 big-endian as numbers", () => {
    const buf = Buffer.alloc(8);
    for (const v of [0, -1, 1734479506518, -(2 ** 53), 2 ** 53, 2 ** 32, -(2 ** 32) - 1]) {
      writeInt64BE(buf, v, 0);
      expect(buf.readBigInt64BE(0)).toBe(BigInt(v));
      expect(readInt64BE(buf, 0)).toBe(v);
    }
  });
});
