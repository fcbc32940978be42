// The order in which a java.util.HashMap<String, ?> iterates its keys. Kafka's tools print some collections in
// that order, not sorted: `kafka-topics --describe` prints topics from a HashMap (DescribeTopicsResult.allTopicNames)
// and a topic's `Configs:` from the HashMap inside admin.Config. To print what Kafka prints, follow the same
// rules: String.hashCode, HashMap.hash (h ^ h >>> 16), power-of-two tables that double when size > 0.75 x capacity,
// buckets in index order, insertion order within a bucket (resizes keep it). Tree bins (8+ collisions) are not modelled.

/** java.lang.String.hashCode over UTF-16 code units, as a signed 32-bit int. */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** HashMap.tableSizeFor: the smallest power of two >= cap (at least 1). */
function tableSizeFor(cap: number): number {
  let n = 1;
  while (n < cap) n *= 2;
  return n;
}

/**
 * The iteration order of a HashMap filled with `keys` in this order (duplicates keep their first position).
 * `initialCapacity`: the constructor argument (`new HashMap<>(n)`), or undefined for `new HashMap<>()`.
 */
export function javaHashMapOrder<T>(keys: readonly T[], keyOf: (item: T) => string, initialCapacity?: number): T[] {
  return javaHashOrder(keys, keyOf, (k) => javaStringHashCode(k), initialCapacity);
}

/** A singleton List<String>'s hashCode (31 + element hash): how joptsimple option specs hash in a HashSet. */
export function javaSingletonListHashCode(s: string): number {
  return (31 + javaStringHashCode(s)) | 0;
}

/**
 * The iteration order of a HashMap/HashSet filled with `keys` in this order, given each key's identity (equal
 * identities are one entry) and its Java hashCode. `new HashSet<>(collection)` has initial capacity
 * max(size / 0.75 + 1, 16).
 */
export function javaHashOrder<T>(keys: readonly T[], keyOf: (item: T) => string, hashOf: (key: string) => number, initialCapacity?: number): T[] {
  const seen = new Set<string>();
  const unique: T[] = [];
  for (const k of keys) {
    const name = keyOf(k);
    if (seen.has(name)) continue;
    seen.add(name);
    unique.push(k);
  }
  let cap = initialCapacity === undefined ? 16 : tableSizeFor(initialCapacity);
  let threshold = Math.floor(cap * 0.75);
  for (let size = 1; size <= unique.length; size++) {
    if (size > threshold) {
      cap *= 2;
      threshold = Math.floor(cap * 0.75);
    }
  }
  const indexed = unique.map((item, i) => {
    const h = hashOf(keyOf(item));
    return { item, i, bucket: (h ^ (h >>> 16)) & (cap - 1) };
  });
  indexed.sort((a, b) => a.bucket - b.bucket || a.i - b.i);
  return indexed.map((x) => x.item);
}
