// org.apache.kafka.common.utils.Utils: the hash functions that place records (murmur2) and groups (String.hashCode)
// on partitions, shared by the clients and the group coordinator. They live in the lowest layer both may import,
// as Kafka's common module does.
// Bit-exact with Kafka's Java (32-bit two's complement arithmetic through Math.imul and `| 0`), because the
// partition a key lands in and the coordinator of a group must be the same as on a real cluster.

/** Utils.murmur2: 32-bit MurmurHash2 (seed 0x9747b28c) over the bytes; returns a signed int32. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  const m = 0x5bd1e995;
  const r = 24;
  let h = (0x9747b28c ^ length) | 0;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i << 2;
    // Little-endian 4-byte blocks, as Kafka reads them.
    let k = data[i4]! | (data[i4 + 1]! << 8) | (data[i4 + 2]! << 16) | (data[i4 + 3]! << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  // The last 1-3 bytes (Java's switch with fall-through).
  const base = length & ~3;
  const tail = length & 3;
  if (tail === 3) h ^= data[base + 2]! << 16;
  if (tail >= 2) h ^= data[base + 1]! << 8;
  if (tail >= 1) {
    h ^= data[base]!;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * Utils.toPositive: clears the sign bit (not Math.abs: toPositive(-2147483648) is 0, and negative numbers
 * map to n & 0x7fffffff, not -n).
 */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/** Utils.abs: Math.abs except that Integer.MIN_VALUE gives 0 (Java's Math.abs would stay negative). */
export function abs(n: number): number {
  return n === -2147483648 ? 0 : Math.abs(n | 0);
}

/** java.lang.String.hashCode over UTF-16 code units: h = 31*h + c with int32 overflow. */
export function javaHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** BuiltInPartitioner.partitionForKey: the partition of a serialized key among all `numPartitions`. */
export function partitionForKey(serializedKey: Uint8Array, numPartitions: number): number {
  return toPositive(murmur2(serializedKey)) % numPartitions;
}
