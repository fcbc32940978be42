// A canonical JSON text: object keys sorted, undefined members left out, byte arrays as hex, bigint as a
// decimal string, Maps as objects, Sets as arrays, objects with toJSON (Uuid) through it. Two equal values
// always give the same string, which is what Trace.digest hashes (so it is written for speed).

/** Characters JSON.stringify would escape (quotes, backslash, controls, lone surrogates). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

export function canonicalJson(value: unknown): string {
  return write(value, 0);
}

/** A JSON string literal (JSON.stringify's escaping, skipped when nothing needs it). */
export function jsonString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

function write(value: unknown, depth: number): string {
  const type = typeof value;
  if (type === "string") return jsonString(value as string);
  if (type === "number") return Number.isFinite(value) ? String(value) : "null";
  if (type === "boolean") return value ? "true" : "false";
  if (type === "bigint") return `"${String(value)}"`;
  if (value === null || type !== "object") return "null"; // undefined, functions and symbols
  if (depth > 64) throw new Error("canonicalJson: value nested too deeply (a cycle?)");
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ",";
      out += write(value[i], depth + 1);
    }
    return out + "]";
  }
  if (value instanceof Uint8Array) return `"${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}"`;
  const obj = value as Record<string, unknown> & { toJSON?: () => unknown };
  if (typeof obj.toJSON === "function") return write(obj.toJSON(), depth + 1);
  if (value instanceof Map) return write(Object.fromEntries(value), depth + 1);
  if (value instanceof Set) return write([...value], depth + 1);
  const keys = Object.keys(obj);
  if (keys.length > 1) keys.sort();
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const v = obj[k];
    if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
    if (out.length > 1) out += ",";
    out += jsonString(k) + ":" + write(v, depth + 1);
  }
  return out + "}";
}
