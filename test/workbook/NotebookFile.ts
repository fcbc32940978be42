// The .ipynb file format (nbformat 4.5), read and written the way Python's nbformat writes it, so a
// notebook saved by JupyterLab and one written by our runner look the same and diff cleanly:
// JSON with keys sorted, indent 1, non-ASCII kept as is, a trailing newline, and multi-line strings
// stored as arrays of lines (source, stream text, text/* and image/svg+xml data); JSON MIME types
// (application/json, application/*+json) stay objects. (nbformat.v4.rwbase split_lines / rejoin_lines.)
// In memory every multi-line string is one string.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type MimeBundle = { [mime: string]: Json };

export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: string;
}
export interface DisplayDataOutput {
  output_type: "display_data";
  data: MimeBundle;
  metadata: JsonObject;
}
export interface ExecuteResultOutput {
  output_type: "execute_result";
  data: MimeBundle;
  metadata: JsonObject;
  execution_count: number | null;
}
export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

export interface CodeCell {
  cell_type: "code";
  id: string;
  metadata: JsonObject;
  source: string;
  outputs: Output[];
  execution_count: number | null;
}
export interface TextCell {
  cell_type: "markdown" | "raw";
  id: string;
  metadata: JsonObject;
  source: string;
  attachments?: { [name: string]: MimeBundle };
}
export type Cell = CodeCell | TextCell;

export interface Notebook {
  cells: Cell[];
  metadata: JsonObject;
  nbformat: number;
  nbformat_minor: number;
}

/** The kernelspec every workbook notebook carries. */
export const TSLAB_KERNELSPEC: JsonObject = { display_name: "TypeScript", language: "typescript", name: "tslab" };

/** application/json and application/*+json: values stay JSON objects, never split into lines. */
export function isJsonMime(mime: string): boolean {
  return mime === "application/json" || (mime.startsWith("application/") && mime.endsWith("+json"));
}

/** MIME types nbformat stores as arrays of lines. */
export function isSplitMime(mime: string): boolean {
  return mime.startsWith("text/") || mime === "image/svg+xml" || mime === "application/javascript";
}

// Python's str.splitlines() line boundaries.
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;

/** Python's `s.splitlines(True)`: lines with their line ends; "" gives []. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  LINE_BREAK.lastIndex = 0;
  for (let m = LINE_BREAK.exec(text); m; m = LINE_BREAK.exec(text)) {
    const end = m.index + m[0].length;
    lines.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

function joinLines(value: Json | undefined): string {
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : String(v))).join("");
  return typeof value === "string" ? value : "";
}

function rejoinBundle(data: MimeBundle): MimeBundle {
  const out: MimeBundle = {};
  for (const [mime, value] of Object.entries(data)) {
    out[mime] = !isJsonMime(mime) && Array.isArray(value) && value.every((v) => typeof v === "string") ? value.join("") : value;
  }
  return out;
}

function splitBundle(data: MimeBundle): MimeBundle {
  const out: MimeBundle = {};
  for (const [mime, value] of Object.entries(data)) out[mime] = typeof value === "string" && isSplitMime(mime) ? splitLines(value) : value;
  return out;
}

function asObject(value: unknown): JsonObject {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : {};
}

function readOutput(raw: JsonObject): Output {
  switch (raw.output_type) {
    case "stream":
      return { ...raw, output_type: "stream", name: raw.name === "stderr" ? "stderr" : "stdout", text: joinLines(raw.text) } as StreamOutput;
    case "display_data":
      return { ...raw, output_type: "display_data", data: rejoinBundle(asObject(raw.data)), metadata: asObject(raw.metadata) } as DisplayDataOutput;
    case "execute_result":
      return {
        ...raw,
        output_type: "execute_result",
        data: rejoinBundle(asObject(raw.data)),
        metadata: asObject(raw.metadata),
        execution_count: typeof raw.execution_count === "number" ? raw.execution_count : null,
      } as ExecuteResultOutput;
    case "error":
      return raw as unknown as ErrorOutput;
    default:
      throw new Error(`unknown output_type ${JSON.stringify(raw.output_type)}`);
  }
}

/** Parses .ipynb text (nbformat 4) into the in-memory form (multi-line strings joined). */
export function parseNotebook(text: string, name = "notebook"): Notebook {
  let raw: JsonObject;
  try {
    raw = JSON.parse(text) as JsonObject;
  } catch (e) {
    throw new Error(`${name}: not valid JSON: ${(e as Error).message}`);
  }
  if (raw.nbformat !== 4) throw new Error(`${name}: nbformat ${String(raw.nbformat)} is not supported (need 4)`);
  const cells = (Array.isArray(raw.cells) ? raw.cells : []).map((c, i): Cell => {
    const cell = asObject(c);
    const base = { ...cell, id: typeof cell.id === "string" ? cell.id : "", metadata: asObject(cell.metadata), source: joinLines(cell.source) };
    if (cell.cell_type === "code") {
      const outputs = (Array.isArray(cell.outputs) ? cell.outputs : []).map((o) => readOutput(asObject(o)));
      return { ...base, cell_type: "code", outputs, execution_count: typeof cell.execution_count === "number" ? cell.execution_count : null };
    }
    if (cell.cell_type === "markdown" || cell.cell_type === "raw") {
      const text: TextCell = { ...base, cell_type: cell.cell_type };
      if (cell.attachments !== undefined) {
        text.attachments = Object.fromEntries(Object.entries(asObject(cell.attachments)).map(([k, v]) => [k, rejoinBundle(asObject(v))]));
      }
      return text;
    }
    throw new Error(`${name}: cell ${i + 1} has unknown cell_type ${JSON.stringify(cell.cell_type)}`);
  });
  return {
    cells,
    metadata: asObject(raw.metadata),
    nbformat: 4,
    nbformat_minor: typeof raw.nbformat_minor === "number" ? raw.nbformat_minor : 0,
  };
}

export function readNotebook(path: string): Notebook {
  return parseNotebook(readFileSync(path, "utf8"), path);
}

/** Compares strings by Unicode code point, as Python's sort_keys does (JS `<` compares UTF-16 units). */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca - cb;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}

/** json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False, separators=(",", ": ")). */
export function stringifyJson(value: Json, indent = ""): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`cannot store ${value} in a notebook`);
    return JSON.stringify(value) ?? "null";
  }
  const inner = indent + " ";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => inner + stringifyJson(v, inner)).join(",\n")}\n${indent}]`;
  }
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort(compareCodePoints);
  if (keys.length === 0) return "{}";
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${stringifyJson(value[k], inner)}`).join(",\n")}\n${indent}}`;
}

function outputToJson(output: Output): JsonObject {
  const o = { ...output } as unknown as JsonObject;
  if (output.output_type === "stream") o.text = splitLines(output.text);
  if (output.output_type === "display_data" || output.output_type === "execute_result") o.data = splitBundle(output.data);
  return o;
}

/** The file form: lines split as nbformat does; transient keys dropped (nbformat strip_transient). */
export function notebookToJson(nb: Notebook): JsonObject {
  const metadata = { ...nb.metadata };
  delete metadata.orig_nbformat;
  delete metadata.orig_nbformat_minor;
  delete metadata.signature;
  const cells = nb.cells.map((cell): JsonObject => {
    const metadataOfCell = { ...cell.metadata };
    delete metadataOfCell.trusted;
    const c = { ...cell, metadata: metadataOfCell, source: splitLines(cell.source) } as unknown as JsonObject;
    if (cell.cell_type === "code") c.outputs = cell.outputs.map(outputToJson);
    else if (cell.attachments) c.attachments = Object.fromEntries(Object.entries(cell.attachments).map(([k, v]) => [k, splitBundle(v)]));
    if (nb.nbformat_minor < 5 && !cell.id) delete c.id;
    return c;
  });
  return { cells, metadata, nbformat: nb.nbformat, nbformat_minor: nb.nbformat_minor };
}

/** Serializes exactly like `nbformat.write` (with its trailing newline). */
export function serializeNotebook(nb: Notebook): string {
  return stringifyJson(notebookToJson(nb)) + "\n";
}

/** Writes the notebook; leaves the file (and its mtime) alone when the bytes would not change. Returns whether it wrote. */
export function writeNotebook(path: string, nb: Notebook): boolean {
  const text = serializeNotebook(nb);
  if (existsSync(path) && readFileSync(path, "utf8") === text) return false;
  writeFileSync(path, text);
  return true;
}

/** Cell metadata that only records a viewing session or a timing, never content. */
const VOLATILE_CELL_METADATA = ["execution", "collapsed", "scrolled", "trusted"];

const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;

/**
 * Makes a notebook stable for storing: nbformat 4.5 with cell ids (existing ids kept; missing or
 * invalid ones derived from the notebook name and the cell's position, so they are the same on every
 * run), volatile cell metadata removed, the tslab kernelspec and (when given) the kernel's language_info.
 */
export function normalizeNotebook(nb: Notebook, name: string, languageInfo?: JsonObject): Notebook {
  const used = new Set<string>();
  for (const cell of nb.cells) if (CELL_ID.test(cell.id)) used.add(cell.id);
  const seen = new Set<string>();
  const stem = basename(name).replace(/\.ipynb$/, "");
  const cells = nb.cells.map((cell, index): Cell => {
    let id = cell.id;
    if (!CELL_ID.test(id) || seen.has(id)) {
      for (let attempt = 0; ; attempt++) {
        id = createHash("sha1").update(`${stem}\0${index}\0${attempt}`).digest("hex").slice(0, 8);
        if (!used.has(id) && !seen.has(id)) break;
      }
    }
    seen.add(id);
    const metadata = { ...cell.metadata };
    for (const key of VOLATILE_CELL_METADATA) delete metadata[key];
    return { ...cell, id, metadata };
  });
  const metadata: JsonObject = { ...nb.metadata, kernelspec: { ...TSLAB_KERNELSPEC } };
  if (languageInfo) metadata.language_info = languageInfo;
  return { cells, metadata, nbformat: 4, nbformat_minor: Math.max(5, nb.nbformat_minor) };
}

/** The cell's tags (metadata.tags), as nbval reads them. */
export function cellTags(cell: Cell): string[] {
  const tags = cell.metadata.tags;
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
}

/** A code cell with its 1-based number among code cells (nbval counts code cells from 0; we show 1-based "cell N"). */
export function codeCells(nb: Notebook): { cell: CodeCell; index: number; number: number }[] {
  const result: { cell: CodeCell; index: number; number: number }[] = [];
  nb.cells.forEach((cell, index) => {
    if (cell.cell_type === "code") result.push({ cell, index, number: result.length + 1 });
  });
  return result;
}
