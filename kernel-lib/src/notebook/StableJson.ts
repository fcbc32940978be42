// Deterministic JSON for notebook outputs: same input, same bytes (DESIGN.md, Display).
// Object keys are sorted; values JSON cannot hold get one fixed form.

/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A deep copy of `value` that is plain JSON with object keys inserted in sorted order, so that
 * `JSON.stringify` of it (as tslab and Jupyter do) gives the same bytes for the same input
 * (JS itself puts integer-like keys first; that order too depends only on the keys).
 * -0 becomes 0; NaN and ±Infinity become null (as JSON.stringify does); bigint becomes a
 * number when safe, else its decimal string; Date becomes its ISO string; bytes become their
 * UTF-8 text; Map becomes an object; Set becomes an array; undefined and functions are left
 * out of objects and become null in arrays.
 */
export function canonicalJson(value: unknown): JsonValue {
  return canon(value, new Set());
}

/** `JSON.stringify(canonicalJson(value), null, indent)`. */
export function stableStringify(value: unknown, indent?: number): string {
  return JSON.stringify(canonicalJson(value), null, indent);
}

function canon(value: unknown, seen: Set<object>): JsonValue {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (!Number.isFinite(value)) return null;
      return Object.is(value, -0) ? 0 : value;
    case "bigint":
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(value) : value.toString();
    case "undefined":
    case "function":
    case "symbol":
      return null;
  }
  if (value === null) return null;
  const obj = value as object;
  if (seen.has(obj)) throw new TypeError("Converting circular structure to JSON");
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? null : obj.toISOString();
  if (obj instanceof Uint8Array) return Buffer.from(obj.buffer, obj.byteOffset, obj.byteLength).toString("utf8");
  seen.add(obj);
  try {
    if (Array.isArray(obj) || obj instanceof Set) {
      return Array.from(obj as Iterable<unknown>, (v) => canon(v, seen));
    }
    if (!(obj instanceof Map) && typeof (obj as { toJSON?: unknown }).toJSON === "function") {
      return canon((obj as { toJSON(): unknown }).toJSON(), seen);
    }
    const entries: [string, unknown][] = obj instanceof Map
      ? Array.from(obj.entries(), ([k, v]) => [String(k), v])
      : Object.entries(obj);
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of entries) {
      if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
      out[k] = canon(v, seen);
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}
