// Tables: one display with text/html (a plain <table>, every cell escaped, no styles or scripts
// from the network) and text/plain (aligned columns, numbers to the right) (DESIGN.md, Display).
import { formatCell, type ColumnFormat } from "./CellFormat";
import { display, type MimeBundle } from "./display";
import { escapeHtml } from "./HtmlEscape";
import { tableOf, type Row, type TableData } from "./TableLike";
import { padEnd, padStart, textWidth } from "./TextWidth";

export interface TableOptions {
  /** Columns to show, in this order (default: the table's columns, or keys in order of first appearance). */
  columns?: readonly string[];
  /** Per-column formats; numbers without one use `formatNumber` (integers exactly, else 6 significant digits). */
  formats?: Readonly<Record<string, ColumnFormat>>;
  /** A line above the table (text/plain) and its <caption> (text/html). */
  caption?: string;
  /** Rows shown at most (default 100); the rest are counted in a last line. */
  maxRows?: number;
}

export const DEFAULT_MAX_ROWS = 100;

interface Cells {
  columns: string[];
  numeric: boolean[];
  body: string[][];
  hiddenRows: number;
}

function isNumeric(value: unknown): boolean {
  return typeof value === "number" || typeof value === "bigint";
}

function cellsOf(data: TableData, options: TableOptions): Cells {
  const { rows, columns: all } = tableOf(data);
  const columns = options.columns ? [...options.columns] : all;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (!(maxRows >= 0)) throw new RangeError(`Invalid value ${maxRows} for maxRows: must be at least 0`);
  const shown: Row[] = rows.slice(0, maxRows);
  const formats = options.formats ?? {};
  const numeric = columns.map((c) => {
    let seen = false;
    for (const row of shown) {
      const v = row[c];
      if (v === undefined || v === null) continue;
      if (!isNumeric(v)) return false;
      seen = true;
    }
    return seen;
  });
  const body = shown.map((row) => columns.map((c) => formatCell(row[c], formats[c])));
  return { columns, numeric, body, hiddenRows: rows.length - shown.length };
}

function moreRows(n: number): string {
  return `... ${n} more row${n === 1 ? "" : "s"}`;
}

// Control characters would break the alignment: show them escaped, as JSON would.
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) =>
    c === "\n" ? "\\n" : c === "\t" ? "\\t" : c === "\r" ? "\\r" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function plainText(cells: Cells, caption: string | undefined): string {
  const header = cells.columns.map(oneLine);
  const body = cells.body.map((r) => r.map(oneLine));
  const widths = header.map(textWidth);
  for (const r of body) r.forEach((v, i) => { widths[i] = Math.max(widths[i]!, textWidth(v)); });
  const line = (values: string[]): string =>
    values.map((v, i) => (cells.numeric[i] ? padStart(v, widths[i]!) : padEnd(v, widths[i]!))).join("  ").trimEnd();
  const lines: string[] = [];
  if (caption !== undefined) lines.push(oneLine(caption));
  lines.push(line(header), widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of body) lines.push(line(r));
  if (cells.hiddenRows > 0) lines.push(moreRows(cells.hiddenRows));
  return lines.join("\n");
}

function html(cells: Cells, caption: string | undefined): string {
  const align = (i: number): string => ` style="text-align: ${cells.numeric[i] ? "right" : "left"}"`;
  const out: string[] = ['<table class="kafkalab-table">'];
  if (caption !== undefined) out.push(`<caption>${escapeHtml(caption)}</caption>`);
  out.push(`<thead><tr>${cells.columns.map((c, i) => `<th${align(i)}>${escapeHtml(c)}</th>`).join("")}</tr></thead>`);
  out.push("<tbody>");
  for (const r of cells.body) out.push(`<tr>${r.map((v, i) => `<td${align(i)}>${escapeHtml(v)}</td>`).join("")}</tr>`);
  if (cells.hiddenRows > 0) {
    out.push(`<tr><td colspan="${Math.max(1, cells.columns.length)}">${escapeHtml(moreRows(cells.hiddenRows))}</td></tr>`);
  }
  out.push("</tbody>", "</table>");
  return out.join("\n");
}

/** The table's display bundle (text/html and text/plain), without showing it. */
export function tableBundle(data: TableData, options: TableOptions = {}): MimeBundle {
  const cells = cellsOf(data, options);
  return { "text/html": html(cells, options.caption), "text/plain": plainText(cells, options.caption) };
}

/** Shows an arquero table or an array of rows as one output (text/html + text/plain). */
export function table(data: TableData, options: TableOptions = {}): void {
  display(tableBundle(data, options));
}
