// `check`: re-executes notebooks in fresh tslab kernels and compares every output with the stored one,
// nbval-style (see compare.ts), without writing anything. Honours nbval's tags: nbval-skip (not run),
// nbval-ignore-output (run, not compared), nbval-check-output (compared even in --lax mode),
// raises-exception (the cell must fail; its outputs, the error text included, are compared).
// A cell that fails without raises-exception fails the check.
import type { JupyterServer } from "./JupyterServer";
import { cellLabel, executeNotebook } from "./NotebookExecutor";
import { normalizeNotebook, readNotebook } from "./NotebookFile";
import { displayPath } from "./NotebookRunner";
import type { SanitizeRule } from "./Sanitizer";
import { compareOutputs } from "./compare";

export interface CheckOptions {
  /** nbval-lax: compare only cells tagged nbval-check-output (all cells still run and must not fail). */
  lax?: boolean;
  sanitize?: readonly SanitizeRule[];
  cellTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface CellProblem {
  /** Position in notebook.cells (0-based), or -1 for a notebook-level problem. */
  index: number;
  cellId: string;
  /** Stream name or MIME type for output differences; "execution" for failures. */
  key: string;
  /** Readable report: notebook, cell, key, what differs and a diff. */
  text: string;
}

export interface NotebookCheckResult {
  path: string;
  passed: boolean;
  problems: CellProblem[];
  executed: number;
  compared: number;
  seconds: number;
}

function indent(text: string, by = "    "): string {
  return text
    .split("\n")
    .map((l) => (l ? by + l : l))
    .join("\n");
}

export async function checkNotebook(server: JupyterServer, path: string, opts: CheckOptions = {}): Promise<NotebookCheckResult> {
  const started = Date.now();
  const name = displayPath(path);
  // In memory only: ids for cells that lack them, so reports can name every cell.
  const nb = normalizeNotebook(readNotebook(path), path);
  const run = await executeNotebook(server, path, nb, { cellTimeoutMs: opts.cellTimeoutMs, lax: opts.lax });
  const problems: CellProblem[] = [];
  const unexecuted = nb.cells.every((c) => c.cell_type !== "code" || c.execution_count === null);
  let executed = 0;
  let compared = 0;
  for (const result of run.cells) {
    if (result.skipped || !result.execution) continue;
    executed++;
    if (run.failure && result.index === run.failure.index) continue;
    if (!result.options.check) continue;
    compared++;
    for (const m of compareOutputs(result.cell.outputs, result.execution.outputs, opts.sanitize ?? [])) {
      const text = `${name} ${cellLabel(result.index, result.cell)} ${m.key}: ${m.message}\n${indent(m.diff)}`;
      problems.push({ index: result.index, cellId: result.cell.id, key: m.key, text });
    }
  }
  if (run.failure) {
    problems.push({ index: run.failure.index, cellId: run.failure.cell.id, key: "execution", text: `${name} ${run.failure.message}` });
  }
  if (problems.length > 0 && unexecuted) {
    problems.push({ index: -1, cellId: "", key: "notebook", text: `${name}: the stored notebook has never been executed: run \`npm run notebooks:run -- ${name}\` and commit it` });
  }
  return { path, passed: problems.length === 0, problems, executed, compared, seconds: (Date.now() - started) / 1000 };
}

/** Checks notebooks one after another; prints a summary line per notebook and returns all results. */
export async function checkNotebooks(server: JupyterServer, paths: readonly string[], opts: CheckOptions = {}): Promise<NotebookCheckResult[]> {
  const log = opts.log ?? ((line: string) => process.stdout.write(line + "\n"));
  const results: NotebookCheckResult[] = [];
  for (const path of paths) {
    let result: NotebookCheckResult;
    try {
      result = await checkNotebook(server, path, opts);
    } catch (e) {
      result = { path, passed: false, executed: 0, compared: 0, seconds: 0, problems: [{ index: -1, cellId: "", key: "notebook", text: `${displayPath(path)}: ${(e as Error).message}` }] };
    }
    results.push(result);
    for (const p of result.problems) log(p.text);
    const stats = `${result.executed} cells run, ${result.compared} compared, ${result.seconds.toFixed(1)} s`;
    log(result.passed ? `PASS ${displayPath(path)} (${stats})` : `FAIL ${displayPath(path)} (${result.problems.length} problem(s); ${stats})`);
  }
  return results;
}

/** The final line the CI harness reads. */
export function summaryLine(results: readonly { passed?: boolean; ok?: boolean }[]): string {
  const passed = results.filter((r) => r.passed ?? r.ok).length;
  return `notebooks: ${passed} passed, ${results.length - passed} failed`;
}
