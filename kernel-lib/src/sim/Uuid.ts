import { IllegalArgumentException } from "./errors";

// Kafka's org.apache.kafka.common.Uuid: 128 bits, printed as URL-safe base64 without padding (22 chars).
// Random ones are version-4 / variant-2 UUIDs drawn from the runtime's seeded random (SeededRandom.uuid),
// never ZERO_UUID or ONE_UUID and never starting with "-" (Uuid.randomUuid).

const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;

export class Uuid {
  /** Uuid.ZERO_UUID: "AAAAAAAAAAAAAAAAAAAAAA", means "no id" (e.g. a topic without a topic id). */
  static readonly ZERO: Uuid = new Uuid(Buffer.alloc(16));
  static readonly ZERO_UUID: Uuid = Uuid.ZERO;
  /** Uuid.ONE_UUID, also METADATA_TOPIC_ID (the KRaft `__cluster_metadata` topic id). */
  static readonly ONE_UUID: Uuid = new Uuid(Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]));
  static readonly METADATA_TOPIC_ID: Uuid = Uuid.ONE_UUID;

  private readonly bytes: Buffer;
  private text: string | undefined;

  /** 16 bytes, most significant first (copied). */
  constructor(bytes: Uint8Array) {
    if (bytes.length !== 16) {
      throw new IllegalArgumentException(`A Uuid is 16 bytes, got ${bytes.length}`);
    }
    this.bytes = Buffer.from(bytes);
  }

  /** Uuid(long mostSigBits, long leastSigBits) */
  static fromBits(mostSignificantBits: bigint, leastSignificantBits: bigint): Uuid {
    const b = Buffer.alloc(16);
    b.writeBigUInt64BE(BigInt.asUintN(64, mostSignificantBits), 0);
    b.writeBigUInt64BE(BigInt.asUintN(64, leastSignificantBits), 8);
    return new Uuid(b);
  }

  /** Uuid.fromString: strict URL-safe base64, exactly 16 bytes, Kafka's error messages. */
  static fromString(str: string): Uuid {
    if (str.length > 24) {
      throw new IllegalArgumentException(
        `Input string with prefix \`${str.substring(0, 24)}\` is too long to be decoded as a base64 UUID`);
    }
    if (!BASE64URL.test(str)) {
      const bad = [...str].find((c) => !/[A-Za-z0-9_=-]/.test(c)) ?? "=";
      throw new IllegalArgumentException(`Illegal base64 character ${bad.charCodeAt(0).toString(16)}`);
    }
    const decoded = Buffer.from(str, "base64url");
    if (decoded.length !== 16) {
      throw new IllegalArgumentException(`Input string \`${str}\` decoded as ${decoded.length} bytes, which is not equal to the expected 16 bytes of a base64-encoded UUID`);
    }
    return new Uuid(decoded);
  }

  getMostSignificantBits(): bigint {
    return this.bytes.readBigInt64BE(0);
  }

  getLeastSignificantBits(): bigint {
    return this.bytes.readBigInt64BE(8);
  }

  /** A copy of the 16 bytes (as written on the wire by the UUID protocol type). */
  toBytes(): Buffer {
    return Buffer.from(this.bytes);
  }

  /** Writes the 16 bytes into `buf` at `offset`; returns the offset after them. */
  writeTo(buf: Buffer, offset: number): number {
    this.bytes.copy(buf, offset);
    return offset + 16;
  }

  equals(other: unknown): boolean {
    return other instanceof Uuid && this.bytes.equals(other.bytes);
  }

  /** Unsigned comparison of the most, then least significant bits (Uuid.compareTo). */
  compareTo(other: Uuid): number {
    return Buffer.compare(this.bytes, other.bytes);
  }

  /** Uuid.hashCode: xor of the two longs, folded to an int. */
  hashCode(): number {
    const x = this.bytes.readInt32BE(0) ^ this.bytes.readInt32BE(8);
    const y = this.bytes.readInt32BE(4) ^ this.bytes.readInt32BE(12);
    return x ^ y;
  }

  toString(): string {
    return (this.text ??= this.bytes.toString("base64url"));
  }

  toJSON(): string {
    return this.toString();
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
