// kafka.utils.Json.encodeAsBytes, with Kafka's key order. Kafka writes znode JSON with Jackson from a Scala
// or Java map, so the key order is the map's iteration order: insertion order for small immutable Scala maps,
// hash order otherwise. To print byte for byte what a Kafka 3.9 broker (Scala 2.13, Java 11+) writes, this file
// reproduces those iteration orders:
//  - scala.collection.immutable.Map: Map1..Map4 keep insertion order; 5+ entries are a CHAMP HashMap.
//  - scala.collection.mutable.HashMap (Scala 2.13): buckets by improved hash, each bucket sorted by hash.
//  - java.util.Properties (a ConcurrentHashMap inside since Java 9): buckets by spread hash.
// Checked against real ZooKeeper dumps of Kafka 3.x: `{"features":{},"listener_security_protocol_map":...}`
// for /brokers/ids/<id>, `{"partitions":...,"topic_id":...,"adding_replicas":{},"removing_replicas":{},"version":3}`
// for /brokers/topics/<t>, `{"controller_epoch":1,"leader":1,"version":1,"leader_epoch":0,"isr":[1,2]}`.

/** A JSON object whose keys keep the order they are given in. */
export class JsonObject {
  constructor(readonly entries: readonly (readonly [string, JsonValue])[]) {}
}

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;

/** Compact JSON as Jackson writes it (no spaces; strings escaped like JSON.stringify). */
export function encodeJson(value: JsonValue): string {
  if (value instanceof JsonObject) {
    return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${encodeJson(v)}`).join(",")}}`;
  }
  if (Array.isArray(value)) return `[${(value as readonly JsonValue[]).map(encodeJson).join(",")}]`;
  return JSON.stringify(value);
}

/** java.lang.String.hashCode (also Scala's `##` for strings). */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

type Entry = readonly [string, JsonValue];

// ---- scala.collection.immutable.Map -----------------------------------------------------------------------

// scala.collection.Hashing.improve, the hash spreader of Scala 2.13's immutable HashMap.
function improve(hcode: number): number {
  let h = (hcode + ~(hcode << 9)) | 0;
  h ^= h >>> 14;
  h = (h + (h << 4)) | 0;
  return h ^ (h >>> 10);
}

interface ChampNode<T> { data: Map<number, { item: T; hash: number }>; nodes: Map<number, ChampNode<T>> }

function champInsert<T>(node: ChampNode<T>, item: T, hash: number, shift: number): void {
  const mask = (hash >>> shift) & 31;
  const sub = node.nodes.get(mask);
  if (sub) return champInsert(sub, item, hash, shift + 5);
  const other = node.data.get(mask);
  if (other === undefined) {
    node.data.set(mask, { item, hash });
    return;
  }
  // Two items share this slot: both move one level down (full 32-bit collisions do not occur for our keys).
  node.data.delete(mask);
  const child: ChampNode<T> = { data: new Map(), nodes: new Map() };
  node.nodes.set(mask, child);
  champInsert(child, other.item, other.hash, shift + 5);
  champInsert(child, item, hash, shift + 5);
}

function champWalk<T>(node: ChampNode<T>, out: T[]): void {
  // A CHAMP node iterates its own items (by slot) before descending into its sub-nodes (by slot).
  for (const m of [...node.data.keys()].sort((a, b) => a - b)) out.push((node.data.get(m) as { item: T }).item);
  for (const m of [...node.nodes.keys()].sort((a, b) => a - b)) champWalk(node.nodes.get(m) as ChampNode<T>, out);
}

/**
 * The iteration order of a Scala 2.13 immutable Set or Map of distinct elements: Set1..4/Map1..4 keep
 * insertion order, larger ones are CHAMP tries keyed by improve(element.##).
 */
export function scalaImmutableOrder<T>(items: readonly T[], hashOf: (item: T) => number): T[] {
  if (items.length <= 4) return [...items];
  const root: ChampNode<T> = { data: new Map(), nodes: new Map() };
  for (const item of items) champInsert(root, item, improve(hashOf(item)), 0);
  const out: T[] = [];
  champWalk(root, out);
  return out;
}

/** The iteration order of a Scala 2.13 `immutable.Map(entries*)` (also `.toMap`) with these string keys. */
export function scalaImmutableMap(entries: readonly Entry[]): JsonObject {
  const distinct = new Map<string, JsonValue>();
  for (const [k, v] of entries) distinct.set(k, v); // a repeated key keeps its first place, the last value
  return new JsonObject(scalaImmutableOrder([...distinct.entries()], (e) => javaStringHash(e[0])));
}

// ---- scala.collection.mutable.HashMap (2.13) ----------------------------------------------------------------

function tableSizeFor(capacity: number): number {
  let hb = 1;
  const x = Math.max(capacity - 1, 4);
  while (hb * 2 <= x) hb *= 2;
  return Math.min(hb * 2, 1 << 30);
}

/** A Scala 2.13 mutable.HashMap[String, _], to know the order Kafka's `mutable.Map` JSON comes out in. */
export class ScalaMutableHashMap {
  private table: { key: string; hash: number; value: JsonValue }[][];
  private size = 0;

  /** `mutable.Map[K, V]()` (initial capacity 16), or `mutable.Map(a -> 1, b -> 2)` via `of`. */
  constructor(initialCapacity = 16) {
    this.table = Array.from({ length: tableSizeFor(initialCapacity) }, () => []);
  }

  /** `mutable.Map(k1 -> v1, ...)`: HashMap.from sizes the table for the known number of entries. */
  static of(entries: readonly Entry[]): ScalaMutableHashMap {
    const m = new ScalaMutableHashMap(entries.length > 0 ? Math.floor((entries.length + 1) / 0.75) : 16);
    for (const [k, v] of entries) m.put(k, v);
    return m;
  }

  /** `map += (key -> value)`. */
  put(key: string, value: JsonValue): this {
    if (this.size + 1 >= Math.floor(this.table.length * 0.75)) this.grow();
    const h = javaStringHash(key);
    const hash = h ^ (h >>> 16); // HashMap.improveHash
    const bucket = this.table[hash & (this.table.length - 1)] as { key: string; hash: number; value: JsonValue }[];
    let i = 0;
    while (i < bucket.length && (bucket[i] as { hash: number }).hash <= hash) {
      const n = bucket[i] as { key: string; hash: number; value: JsonValue };
      if (n.hash === hash && n.key === key) {
        n.value = value;
        return this;
      }
      i++;
    }
    bucket.splice(i, 0, { key, hash, value }); // buckets stay sorted by hash
    this.size++;
    return this;
  }

  private grow(): void {
    const old = this.table;
    this.table = Array.from({ length: old.length * 2 }, () => []);
    for (const bucket of old) for (const n of bucket) (this.table[n.hash & (this.table.length - 1)] as unknown[]).push(n);
  }

  /** Its entries in iteration order (bucket by bucket). */
  toJson(): JsonObject {
    return new JsonObject(this.table.flat().map((n) => [n.key, n.value] as const));
  }
}

// ---- java.util.Properties (ConcurrentHashMap since Java 9) ---------------------------------------------------

/**
 * The order Jackson writes a java.util.Properties filled by setProperty in this order: new Properties() is a
 * ConcurrentHashMap of 16 bins, doubled when 3/4 full; a bin keeps insertion order, and a resize moves the
 * nodes ahead of the bin's "lastRun" to the front in reverse (ConcurrentHashMap.transfer). Bins of 8+ nodes
 * (treeified in Java) do not occur for configs.
 */
export function javaProperties(entries: readonly (readonly [string, string])[]): JsonObject {
  let n = 16;
  let bins: { key: string; hash: number; value: string }[][] = Array.from({ length: n }, () => []);
  let count = 0;
  for (const [key, value] of entries) {
    const h = javaStringHash(key);
    const hash = (h ^ (h >>> 16)) & 0x7fffffff; // ConcurrentHashMap.spread
    const bin = bins[hash & (n - 1)] as { key: string; hash: number; value: string }[];
    const existing = bin.find((e) => e.key === key);
    if (existing) {
      existing.value = value;
      continue;
    }
    bin.push({ key, hash, value });
    count++;
    if (count >= n - (n >>> 2)) {
      const next: typeof bins = Array.from({ length: n * 2 }, () => []);
      bins.forEach((list, i) => {
        if (list.length === 0) return;
        let runBit = (list[0] as { hash: number }).hash & n;
        let lastRun = 0;
        for (let j = 1; j < list.length; j++) {
          const b = (list[j] as { hash: number }).hash & n;
          if (b !== runBit) {
            runBit = b;
            lastRun = j;
          }
        }
        const tail = list.slice(lastRun);
        const lo: typeof list = runBit === 0 ? [...tail] : [];
        const hi: typeof list = runBit === 0 ? [] : [...tail];
        for (let j = 0; j < lastRun; j++) {
          const e = list[j] as { hash: number; key: string; value: string };
          if ((e.hash & n) === 0) lo.unshift(e);
          else hi.unshift(e);
        }
        next[i] = lo;
        next[i + n] = hi;
      });
      bins = next;
      n *= 2;
    }
  }
  return new JsonObject(bins.flat().map((e) => [e.key, e.value] as const));
}
