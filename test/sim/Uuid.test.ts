import { describe, expect, it } from "vitest";
import { IllegalArgumentException } from "../../kernel-lib/src/sim/errors";
import { Uuid } from "../../kernel-lib/src/sim/Uuid";

// Known values from Kafka's UuidTest (clients/src/test/java/org/apache/kafka/common/UuidTest.java).
describe("Uuid", () => {
  it("prints as URL-safe base64 without padding", () => {
    expect(Uuid.ZERO.toString()).toBe("AAAAAAAAAAAAAAAAAAAAAA");
    expect(Uuid.ZERO_UUID).toBe(Uuid.ZERO);
    expect(Uuid.ONE_UUID.toString()).toBe("AAAAAAAAAAAAAAAAAAAAAQ");
    expect(Uuid.METADATA_TOPIC_ID.equals(Uuid.ONE_UUID)).toBe(true);
    const u = new Uuid(Buffer.from("fbffffffffffffffffffffffffffffff", "hex"));
    expect(u.toString()).toBe("-____________________w"); // "-" and "_" are the URL-safe 62 and 63
    expect(JSON.stringify({ id: u })).toBe(`{"id":"${u.toString()}"}`);
  });

  it("round-trips through fromString", () => {
    const s = "UXyU9i5ARn6W00ON2taeWA";
    const u = Uuid.fromString(s);
    expect(u.toString()).toBe(s);
    expect(Uuid.fromString(s).equals(u)).toBe(true);
    expect(Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAA").equals(Uuid.ZERO)).toBe(true);
    expect(Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAA==").equals(Uuid.ZERO)).toBe(true);
  });

  it("rejects bad strings with Kafka's messages", () => {
    const oversize = Buffer.alloc(32).toString("base64url");
    expect(() => Uuid.fromString(oversize)).toThrow(IllegalArgumentException);
    expect(() => Uuid.fromString(oversize)).toThrow(
      "Input string with prefix `AAAAAAAAAAAAAAAAAAAAAAAA` is too long to be decoded as a base64 UUID");
    const undersize = Buffer.alloc(4).toString("base64url");
    expect(() => Uuid.fromString(undersize)).toThrow(
      "Input string `AAAAAA` decoded as 4 bytes, which is not equal to the expected 16 bytes of a base64-encoded UUID");
    expect(() => Uuid.fromString("UXyU9i5ARn6W00ON2tae+A")).toThrow("Illegal base64 character 2b");
  });

  it("has Kafka's significant bits, hashCode and compareTo", () => {
    const id = Uuid.fromBits(34n, 98n);
    expect(id.getMostSignificantBits()).toBe(34n);
    expect(id.getLeastSignificantBits()).toBe(98n);
    expect(Uuid.fromBits(16n, 7n).hashCode()).toBe(23);
    expect(Uuid.fromBits(1043n, 20075n).hashCode()).toBe(19064);
    expect(Uuid.fromBits(104312423523523n, 200732425676585n).hashCode()).toBe(-2011255899);
    expect(Uuid.fromBits(-1n, 5n).getMostSignificantBits()).toBe(-1n);
    const id00 = Uuid.fromBits(0n, 0n);
    const id01 = Uuid.fromBits(0n, 1n);
    const id10 = Uuid.fromBits(1n, 0n);
    expect(id00.compareTo(id00)).toBe(0);
    expect(id00.compareTo(id01)).toBe(-1);
    expect(id00.compareTo(id10)).toBe(-1);
    expect(id01.compareTo(id00)).toBe(1);
    expect(id01.compareTo(id10)).toBe(-1);
    expect(id10.compareTo(id01)).toBe(1);
    // Unsigned: a negative most-significant long sorts after positive ones.
    expect(Uuid.fromBits(-1n, 0n).compareTo(id10)).toBe(1);
  });

  it("is immutable: the constructor copies its bytes", () => {
    const b = Buffer.alloc(16);
    const u = new Uuid(b);
    b[0] = 1;
    expect(u.equals(Uuid.ZERO)).toBe(true);
    expect(() => new Uuid(Buffer.alloc(15))).toThrow(/16 bytes/);
  });
});
