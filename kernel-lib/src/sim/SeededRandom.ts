import { createHash } from "node:crypto";
import { Uuid } from "./Uuid";

// The runtime's one source of randomness: xoshiro128** (Blackman & Vigna), 128 bits of state.
// A stream's state comes from SHA-256 of its key, and fork(label) derives the child's key from the parent's
// key + label (not from the parent's current state), so adding draws in one component never shifts the
// numbers another component sees. Same seed → same numbers, on every machine.

const TWO_POW_32 = 0x1_0000_0000;
const TWO_POW_53 = 2 ** 53;

function keyOf(material: Buffer): Buffer {
  return createHash("sha256").update(material).digest();
}

export class SeededRandom {
  /** Human-readable description: the seed and fork labels, e.g. `0/network`. */
  readonly path: string;
  private readonly key: Buffer;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Forks made per label (see fork). */
  private readonly forks = new Map<string, number>();

  constructor(seed: number | string = 0, key?: Buffer, path?: string) {
    if (typeof seed === "number" && !Number.isFinite(seed)) {
      throw new Error(`Invalid seed ${seed}: must be a finite number or a string`);
    }
    this.key = key ?? keyOf(Buffer.from(`kafkalab-seed:${String(seed)}`, "utf8"));
    this.path = path ?? String(seed);
    this.s0 = this.key.readUInt32LE(0);
    this.s1 = this.key.readUInt32LE(4);
    this.s2 = this.key.readUInt32LE(8);
    this.s3 = this.key.readUInt32LE(12);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /**
   * An independent stream for one component, a function of this stream's seed, `label` and how many forks with
   * that label this stream made before — never of anyone's draws. The first fork of a label keeps the plain
   * label; the n-th repeat adds `#n`, so a component rebuilt after a restart (a broker's AdminZkClient, a new
   * controller) draws fresh numbers instead of replaying its predecessor's (which repeated topic ids).
   */
  fork(label: string): SeededRandom {
    const n = this.forks.get(label) ?? 0;
    this.forks.set(label, n + 1);
    const name = n === 0 ? label : `${label}#${n}`;
    const material = Buffer.concat([this.key, Buffer.from("\u0000" + name, "utf8")]);
    return new SeededRandom(0, keyOf(material), `${this.path}/${name}`);
  }

  /** 32 random bits as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** A random int32 in [-2^31, 2^31), like java.util.Random.nextInt(). */
  nextInt(): number {
    return this.nextUint32() | 0;
  }

  /** Uniform integer in [0, bound), without modulo bias; bound is an integer in [1, 2^53]. */
  nextIntBelow(bound: number): number {
    if (!Number.isInteger(bound) || bound < 1 || bound > TWO_POW_53) {
      throw new Error(`Invalid bound ${bound}: must be an integer in [1, 2^53]`);
    }
    if (bound <= TWO_POW_32) {
      // Rejection sampling: drop the top values that would make some results more likely.
      const limit = TWO_POW_32 - (TWO_POW_32 % bound);
      for (;;) {
        const x = this.nextUint32();
        if (x < limit) return x % bound;
      }
    }
    const limit = TWO_POW_53 - (TWO_POW_53 % bound);
    for (;;) {
      const x = this.next53();
      if (x < limit) return x % bound;
    }
  }

  /** Uniform integer in [min, max] (both inclusive). */
  nextIntBetween(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new Error(`Invalid range [${min}, ${max}]`);
    }
    return min + this.nextIntBelow(max - min + 1);
  }

  /** Uniform double in [0, 1) with 53 random bits (the construction of java.util.Random.nextDouble). */
  nextDouble(): number {
    return this.next53() / TWO_POW_53;
  }

  nextBoolean(): boolean {
    return (this.nextUint32() & 0x8000_0000) !== 0;
  }

  /** Fills `buf` (or a new buffer of `n` bytes) with random bytes. */
  nextBytes(n: number): Buffer;
  nextBytes(buf: Buffer): Buffer;
  nextBytes(arg: number | Buffer): Buffer {
    const buf = typeof arg === "number" ? Buffer.allocUnsafe(arg) : arg;
    let i = 0;
    for (; i + 4 <= buf.length; i += 4) buf.writeUInt32LE(this.nextUint32(), i);
    if (i < buf.length) {
      let x = this.nextUint32();
      for (; i < buf.length; i++, x >>>= 8) buf[i] = x & 0xff;
    }
    return buf;
  }

  /** A random element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Cannot pick from an empty list");
    return items[this.nextIntBelow(items.length)] as T;
  }

  /** Fisher–Yates shuffle in place; returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.nextIntBelow(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /**
   * A random Kafka Uuid, as Uuid.randomUuid makes them: a version-4, variant-2 UUID (java.util.UUID.randomUUID),
   * drawn again if it is ZERO_UUID or ONE_UUID or its string form starts with "-".
   */
  uuid(): Uuid {
    const b = Buffer.allocUnsafe(16);
    for (;;) {
      this.nextBytes(b);
      b[6] = ((b[6] as number) & 0x0f) | 0x40; // version 4
      b[8] = ((b[8] as number) & 0x3f) | 0x80; // IETF variant
      // The first base64 character encodes the top 6 bits of byte 0; 62 prints as "-".
      if (((b[0] as number) >> 2) === 62) continue;
      // ZERO_UUID and ONE_UUID cannot carry the version bits, so they are never produced here.
      return new Uuid(b);
    }
  }

  private next53(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return hi * 67108864 + lo;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
