// A small unified diff for check reports: stored ("-") against re-executed ("+") output, line by
// line with context, plus the first differing column for long lines (an SVG is often one line).

export interface DiffOptions {
  context?: number;
  /** Stop after this many printed lines. */
  maxLines?: number;
  expectedLabel?: string;
  actualLabel?: string;
}

type Op = { kind: " " | "-" | "+"; line: string; a: number; b: number };

/** Lines with their line ends removed; a trailing newline does not make an empty last line. */
function lines(text: string): string[] {
  if (text === "") return [];
  const parts = text.split("\n");
  if (parts[parts.length - 1] === "") parts.pop();
  return parts;
}

function editScript(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = [];
  for (let i = 0; i < start; i++) ops.push({ kind: " ", line: a[i], a: i, b: i });
  const n = endA - start;
  const m = endB - start;
  if (n * m <= 4_000_000) {
    // LCS table over the differing middle.
    const w = m + 1;
    const table = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        table[i * w + j] = a[start + i] === b[start + j] ? table[(i + 1) * w + j + 1] + 1 : Math.max(table[(i + 1) * w + j], table[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[start + i] === b[start + j]) {
        ops.push({ kind: " ", line: a[start + i], a: start + i, b: start + j });
        i++;
        j++;
      } else if (i < n && (j === m || table[(i + 1) * w + j] >= table[i * w + j + 1])) {
        ops.push({ kind: "-", line: a[start + i], a: start + i, b: start + j });
        i++;
      } else {
        ops.push({ kind: "+", line: b[start + j], a: start + i, b: start + j });
        j++;
      }
    }
  } else {
    for (let i = start; i < endA; i++) ops.push({ kind: "-", line: a[i], a: i, b: endB });
    for (let j = start; j < endB; j++) ops.push({ kind: "+", line: b[j], a: endA, b: j });
  }
  for (let i = endA, j = endB; i < a.length; i++, j++) ops.push({ kind: " ", line: a[i], a: i, b: j });
  return ops;
}

function clip(line: string, width = 160): string {
  return line.length > width ? `${line.slice(0, width)}… (${line.length} chars)` : line;
}

/** Where two strings first differ, as line/column and an excerpt of each side. */
export function firstDifference(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  const line = expected.slice(0, i).split("\n").length;
  const col = i - expected.lastIndexOf("\n", i - 1);
  const from = Math.max(0, i - 40);
  const show = (s: string) => JSON.stringify(s.slice(from, i + 60));
  return `first difference at line ${line}, column ${col}:\n  stored:   ${show(expected)}\n  executed: ${show(actual)}`;
}

/** A unified diff of two texts ("" when equal). */
export function unifiedDiff(expected: string, actual: string, opts: DiffOptions = {}): string {
  if (expected === actual) return "";
  const context = opts.context ?? 3;
  const maxLines = opts.maxLines ?? 80;
  const a = lines(expected);
  const b = lines(actual);
  const ops = editScript(a, b);
  const out: string[] = [`--- ${opts.expectedLabel ?? "stored"}`, `+++ ${opts.actualLabel ?? "executed"}`];
  const changed = ops.map((op, k) => (op.kind !== " " ? k : -1)).filter((k) => k >= 0);
  if (changed.length === 0) {
    // Only the final newline differs.
    out.push(expected.endsWith("\n") ? "\\ executed output has no newline at the end" : "\\ stored output has no newline at the end");
    return out.join("\n");
  }
  let k = 0;
  let printed = 0;
  while (k < changed.length) {
    const hunkStart = Math.max(0, changed[k] - context);
    let hunkEnd = changed[k];
    while (k < changed.length && changed[k] <= hunkEnd + 2 * context) hunkEnd = changed[k++];
    hunkEnd = Math.min(ops.length - 1, hunkEnd + context);
    const slice = ops.slice(hunkStart, hunkEnd + 1);
    const aCount = slice.filter((o) => o.kind !== "+").length;
    const bCount = slice.filter((o) => o.kind !== "-").length;
    out.push(`@@ -${slice[0].a + 1},${aCount} +${slice[0].b + 1},${bCount} @@`);
    for (const op of slice) {
      if (printed >= maxLines) {
        out.push(`… (diff cut after ${maxLines} lines)`);
        return out.join("\n");
      }
      out.push(`${op.kind}${clip(op.line)}`);
      printed++;
    }
  }
  const longLines = ops.some((o) => o.kind !== " " && o.line.length > 160);
  if (longLines) out.push(firstDifference(expected, actual));
  return out.join("\n");
}
