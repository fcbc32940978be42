// `run`: executes notebooks in fresh tslab kernels and stores their outputs, so notebooks are kept
// executed. A cell that fails (without the raises-exception tag) stops that notebook and leaves its file
// untouched; nbval-skip cells are not executed and keep their stored outputs. The engine is
// deterministic, so running twice gives byte-identical files.
import { relative } from "node:path";
import type { JupyterServer } from "./JupyterServer";
import { executeNotebook } from "./NotebookExecutor";
import { normalizeNotebook, readNotebook, writeNotebook, type Cell, type JsonObject } from "./NotebookFile";
import { projectRoot } from "./paths";

export interface RunOptions {
  cellTimeoutMs?: number;
  /** Progress lines (one per notebook, plus failures). */
  log?: (line: string) => void;
}

export interface NotebookRunResult {
  path: string;
  ok: boolean;
  /** Why it failed: notebook, cell and error text. */
  message?: string;
  /** Whether the file changed on disk. */
  wrote: boolean;
  seconds: number;
}

export function displayPath(path: string): string {
  const rel = relative(projectRoot, path);
  return rel.startsWith("..") ? path : rel;
}

export async function runNotebook(server: JupyterServer, path: string, opts: RunOptions = {}): Promise<NotebookRunResult> {
  const started = Date.now();
  const name = displayPath(path);
  const nb = normalizeNotebook(readNotebook(path), path);
  const run = await executeNotebook(server, path, nb, { cellTimeoutMs: opts.cellTimeoutMs });
  const seconds = (Date.now() - started) / 1000;
  if (run.failure) {
    return { path, ok: false, wrote: false, seconds, message: `${name} ${run.failure.message}\n(${name} was not written: its stored outputs are unchanged)` };
  }
  const byIndex = new Map(run.cells.map((c) => [c.index, c]));
  const cells = nb.cells.map((cell, index): Cell => {
    const result = byIndex.get(index);
    if (cell.cell_type !== "code" || !result || result.skipped || !result.execution) return cell;
    return { ...cell, outputs: result.execution.outputs, execution_count: result.execution.executionCount };
  });
  const languageInfo = run.languageInfo ?? (nb.metadata.language_info as JsonObject | undefined);
  const wrote = writeNotebook(path, normalizeNotebook({ ...nb, cells }, path, languageInfo));
  return { path, ok: true, wrote, seconds };
}

/** Runs notebooks one after another (each in its own kernel); a failure does not stop the others. */
export async function runNotebooks(server: JupyterServer, paths: readonly string[], opts: RunOptions = {}): Promise<NotebookRunResult[]> {
  const log = opts.log ?? ((line: string) => process.stdout.write(line + "\n"));
  const results: NotebookRunResult[] = [];
  for (const path of paths) {
    let result: NotebookRunResult;
    try {
      result = await runNotebook(server, path, opts);
    } catch (e) {
      result = { path, ok: false, wrote: false, seconds: 0, message: `${displayPath(path)}: ${(e as Error).message}` };
    }
    results.push(result);
    if (result.ok) log(`ran  ${displayPath(path)} (${result.seconds.toFixed(1)} s${result.wrote ? ", outputs updated" : ", unchanged"})`);
    else log(`FAIL ${result.message}`);
  }
  return results;
}
