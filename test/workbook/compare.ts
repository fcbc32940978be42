// nbval-style output comparison (nbval plugin.py: coalesce_streams, transform_streams_for_comparison,
// IPyNbCell.compare_outputs), pure and Jupyter-free:
// - stream outputs of a cell are merged per stream name (stdout, stderr) and compared as text;
// - display_data / execute_result are flattened per MIME type: text/* and other string data compared
//   as strings after sanitizing, JSON MIME types (application/*+json) compared structurally;
// - JavaScript stack frames in stream text are not compared (nbval never compares tracebacks);
// - image/png and image/jpeg are skipped (as nbval does without nbdime); metadata, execution_count,
//   output_type and tracebacks are never compared;
// - a key present on one side only, or a different number of outputs for a key, is a difference.
// Values of one key are compared in order; the relative order of different keys is ignored.
import type { Json, Output, StreamOutput } from "./NotebookFile";
import { stringifyJson } from "./NotebookFile";
import { sanitizeText, type SanitizeRule } from "./Sanitizer";
import { unifiedDiff } from "./UnifiedDiff";

/** MIME types never compared (binary renderings; nbval skips them unless nbdime is used). */
export const SKIPPED_MIME_TYPES: ReadonlySet<string> = new Set(["image/png", "image/jpeg"]);

/** nbval's cell tags and what they ask for. */
export const TAG_SKIP = "nbval-skip";
export const TAG_IGNORE_OUTPUT = "nbval-ignore-output";
export const TAG_CHECK_OUTPUT = "nbval-check-output";
export const TAG_RAISES_EXCEPTION = "raises-exception";
export const TAG_NBVAL_RAISES_EXCEPTION = "nbval-raises-exception";

export interface CellOptions {
  /** Not executed at all (nbval-skip); stored outputs are kept. */
  skip: boolean;
  /** Outputs compared (default: not lax; nbval-check-output forces, nbval-ignore-output prevents). */
  check: boolean;
  /** An error is expected (raises-exception / nbval-raises-exception). */
  raisesException: boolean;
}

/** How nbval reads a cell's tags (find_metadata_tags): when check tags conflict, the later tag wins. */
export function cellOptions(tags: readonly string[], lax: boolean): CellOptions {
  let check: boolean | null = null;
  let skip = false;
  let raisesException = false;
  for (const tag of tags) {
    if (tag === TAG_SKIP) skip = true;
    else if (tag === TAG_IGNORE_OUTPUT) check = false;
    else if (tag === TAG_CHECK_OUTPUT) check = true;
    else if (tag === TAG_RAISES_EXCEPTION || tag === TAG_NBVAL_RAISES_EXCEPTION) raisesException = true;
  }
  return { skip, check: check ?? !lax, raisesException };
}

/** Carriage returns and backspaces as a terminal (and JupyterLab) shows them: progress-bar rewrites collapse. */
export function applyControlChars(text: string): string {
  let s = text;
  if (s.includes("\x08")) {
    for (let prev = ""; prev !== s; ) {
      prev = s;
      s = s.replace(/[^\n\x08]\x08/g, "");
    }
    s = s.replace(/\x08/g, "");
  }
  // nbval's carriagereturn_pat: a line's text up to its last \r that is not a line end is overwritten.
  if (s.includes("\r")) s = s.replace(/[^\n]*\r(?=[^\n])/g, "");
  return s;
}

// A JavaScript stack frame line ("    at fn (/abs/path/file.js:12:5)", "    at node:vm:280:12", ...)
// or Node's "... 3 lines matching cause stack trace ..." marker.
const STACK_FRAME = /^[ \t]+(?:at (?:.*\(.*\)|\S+:\d+(?::\d+)?|<anonymous>)|\.\.\. \d+ lines? matching cause stack trace \.\.\.)[ \t]*(?:\n|$)/gm;

/**
 * Stack frames removed: they name absolute paths, Node's internals and line numbers of bundled code,
 * which change with the machine, the Node version and every library build. They are the tslab
 * equivalent of the traceback nbval never compares; the error's name and message stay.
 */
export function stripStackFrames(text: string): string {
  return text.includes("at ") || text.includes("...") ? text.replace(STACK_FRAME, "") : text;
}

/** nbval coalesce_streams: all stream outputs of one name merged into the first, then control characters applied. */
export function coalesceStreams(outputs: readonly Output[]): Output[] {
  const result: Output[] = [];
  const streams = new Map<string, StreamOutput>();
  for (const output of outputs) {
    if (output.output_type !== "stream") {
      result.push(output);
      continue;
    }
    const existing = streams.get(output.name);
    if (existing) existing.text += output.text;
    else {
      const copy: StreamOutput = { ...output };
      streams.set(output.name, copy);
      result.push(copy);
    }
  }
  for (const stream of streams.values()) stream.text = applyControlChars(stream.text);
  return result;
}

/** Deep equality of JSON values; object key order is irrelevant. */
export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => jsonEqual(v, b[i]));
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
}

/** Key → values, as nbval flattens a cell's outputs for comparison. */
export function flattenOutputs(outputs: readonly Output[], rules: readonly SanitizeRule[] = []): Map<string, Json[]> {
  const flat = new Map<string, Json[]>();
  const add = (key: string, value: Json) => {
    const v = typeof value === "string" ? sanitizeText(value, rules) : value;
    const list = flat.get(key);
    if (list) list.push(v);
    else flat.set(key, [v]);
  };
  for (const output of coalesceStreams(outputs)) {
    switch (output.output_type) {
      case "stream":
        add(output.name, stripStackFrames(output.text));
        break;
      case "display_data":
      case "execute_result":
        for (const [mime, value] of Object.entries(output.data)) if (!SKIPPED_MIME_TYPES.has(mime)) add(mime, value);
        break;
      case "error":
        add("ename", output.ename);
        add("evalue", output.evalue);
        break;
    }
  }
  return flat;
}

export interface OutputMismatch {
  /** The stream name or MIME type (or ename/evalue). */
  key: string;
  kind: "missing" | "unexpected" | "count" | "value";
  message: string;
  /** Unified diff, stored (-) against executed (+). */
  diff: string;
}

/** Text for the diff: strings as they are, JSON values pretty-printed with sorted keys. */
function render(value: Json): string {
  return typeof value === "string" ? value : stringifyJson(value) + "\n";
}

function renderAll(values: readonly Json[]): string {
  return values.map(render).join("");
}

/** Compares one cell's stored outputs with its executed outputs; [] when they match. */
export function compareOutputs(stored: readonly Output[], executed: readonly Output[], rules: readonly SanitizeRule[] = []): OutputMismatch[] {
  const ref = flattenOutputs(stored, rules);
  const test = flattenOutputs(executed, rules);
  const keys = [...new Set([...ref.keys(), ...test.keys()])].sort();
  const mismatches: OutputMismatch[] = [];
  for (const key of keys) {
    const r = ref.get(key);
    const t = test.get(key);
    if (r && !t) {
      mismatches.push({ key, kind: "missing", message: `stored output has ${key}; the executed cell produced none`, diff: unifiedDiff(renderAll(r), "") });
    } else if (!r && t) {
      mismatches.push({ key, kind: "unexpected", message: `the executed cell produced ${key}; the stored output has none`, diff: unifiedDiff("", renderAll(t)) });
    } else if (r && t && r.length !== t.length) {
      mismatches.push({
        key,
        kind: "count",
        message: `${r.length} stored ${key} output(s), ${t.length} executed`,
        diff: unifiedDiff(renderAll(r), renderAll(t)),
      });
    } else if (r && t) {
      for (let i = 0; i < r.length; i++) {
        const same = typeof r[i] === "string" || typeof t[i] === "string" ? r[i] === t[i] : jsonEqual(r[i], t[i]);
        if (!same) {
          const which = r.length > 1 ? ` (output ${i + 1} of ${r.length})` : "";
          mismatches.push({ key, kind: "value", message: `${key} differs${which}`, diff: unifiedDiff(render(r[i]), render(t[i])) });
          break;
        }
      }
    }
  }
  return mismatches;
}
