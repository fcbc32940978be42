// How one table cell is written. Fixed, locale-independent formats so that outputs are
// byte-identical on every machine (DESIGN.md, Display): no toLocaleString, no Intl.
import { stableStringify } from "./StableJson";

/**
 * A column's format:
 * - a number n: fixed n decimals (`2` → "3.14");
 * - "integer": rounded to an integer;
 * - "thousands": rounded, with "," between groups of three digits ("1,048,576");
 * - "percent": a fraction shown as percent with one decimal (0.125 → "12.5%");
 * - "bytes": binary units with one decimal ("1.5 KiB"), plain bytes below 1024 ("512 B");
 * - a function from the cell value to its text.
 */
export type ColumnFormat = number | "integer" | "thousands" | "percent" | "bytes" | ((value: unknown) => string);

const BYTE_UNITS = ["KiB", "MiB", "GiB", "TiB", "PiB"];

/** Default text of a number: integers exactly, others with 6 significant digits. */
export function formatNumber(value: number): string {
  if (Object.is(value, -0)) return "0";
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

function groupThousands(value: number): string {
  const digits = String(Math.abs(Math.round(value)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return value < 0 && grouped !== "0" ? "-" + grouped : grouped;
}

function formatBytes(value: number): string {
  if (Math.abs(value) < 1024) return `${formatNumber(value)} B`;
  let scaled = value;
  let unit = -1;
  while (Math.abs(scaled) >= 1024 && unit < BYTE_UNITS.length - 1) {
    scaled /= 1024;
    unit++;
  }
  return `${scaled.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

function applyNumberFormat(value: number, format: Exclude<ColumnFormat, (value: unknown) => string>): string {
  if (!Number.isFinite(value)) return String(value);
  if (typeof format === "number") return (Object.is(value, -0) ? 0 : value).toFixed(format);
  switch (format) {
    case "integer": return formatNumber(Math.round(value));
    case "thousands": return groupThousands(value);
    case "percent": return `${(value * 100).toFixed(1)}%`;
    case "bytes": return formatBytes(value);
  }
  throw new TypeError(`Unknown column format ${JSON.stringify(format)}: expected a number of decimals, "integer", "thousands", "percent", "bytes" or a function`);
}

/**
 * The text of one cell. Missing (undefined) is empty; null is "null" (as Kafka's console tools
 * print a null key); bytes are their UTF-8 text; dates are ISO-8601 in UTC; objects with their own
 * toString (a Uuid, a TopicPartition) use it; other objects are JSON with sorted keys.
 */
export function formatCell(value: unknown, format?: ColumnFormat): string {
  if (typeof format === "function") return String(format(value));
  if (value === undefined) return "";
  if (value === null) return "null";
  if (typeof value === "number") return format === undefined ? formatNumber(value) : applyNumberFormat(value, format);
  if (typeof value === "bigint") return format === undefined ? value.toString() : applyNumberFormat(Number(value), format);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("utf8");
  if (typeof value === "object") {
    const text = (value as { toString(): string }).toString;
    if (text !== Object.prototype.toString && text !== Array.prototype.toString) return String(value);
    return stableStringify(value);
  }
  return String(value);
}
