// Helpers for the Jupyter-backed workbook tests: temporary copies of the fixture notebooks.
// The copies live under <project>/.vitest-tmp/ (git-ignored), not os.tmpdir(): the Jupyter server only
// serves its root directory (the project), and the kernel, started in the notebook's folder, must find
// node_modules (require("tslab/dist/jupyter")) by walking up from there.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { readNotebook, writeNotebook, type CodeCell, type Notebook } from "./NotebookFile";
import { projectRoot, workbookDir } from "./paths";

export const fixturesDir = join(workbookDir, "fixtures");

export function makeTempDir(prefix: string): { dir: string; remove: () => void } {
  const base = join(projectRoot, ".vitest-tmp");
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, `${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copies fixtures/<name> into dir (optionally under another name) and returns the copy's path. */
export function copyFixture(name: string, dir: string, as = name): string {
  const target = join(dir, as);
  copyFileSync(join(fixturesDir, name), target);
  return target;
}

/** Reads a notebook, lets `edit` change it, writes it to `target` (default: in place). */
export function editNotebook(path: string, edit: (nb: Notebook) => void, target = path): string {
  const nb = readNotebook(path);
  edit(nb);
  writeNotebook(target, nb);
  return target;
}

/** The code cell whose source contains `needle` (fixtures are edited by content, not by position). */
export function codeCell(nb: Notebook, needle: string): CodeCell {
  const cell = nb.cells.find((c): c is CodeCell => c.cell_type === "code" && c.source.includes(needle));
  if (!cell) throw new Error(`no code cell contains ${JSON.stringify(needle)}`);
  return cell;
}

/** Index (0-based, among all cells) of the code cell containing `needle`. */
export function cellIndex(nb: Notebook, needle: string): number {
  return nb.cells.indexOf(codeCell(nb, needle));
}
