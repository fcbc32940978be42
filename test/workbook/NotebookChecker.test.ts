// The checker against a real Jupyter server and real tslab kernels (one server for this file).
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JupyterServer } from "./JupyterServer";
import { checkNotebook } from "./NotebookChecker";
import { readNotebook, type Notebook } from "./NotebookFile";
import { runNotebook } from "./NotebookRunner";
import { parseSanitizeConfig } from "./Sanitizer";
import { codeCell, copyFixture, editNotebook, makeTempDir } from "./TestNotebooks";
import { projectRoot } from "./paths";

const BUNDLE_MIME = "application/vnd.kafkalab.test+json";

function bundleOf(nb: Notebook): Record<string, unknown> {
  const output = codeCell(nb, "lastWriteDisplayData").outputs[0];
  if (output.output_type !== "display_data") throw new Error("fixture changed: expected a display_data bundle");
  return output.data as Record<string, unknown>;
}

describe("notebooks:check", { timeout: 120_000 }, () => {
  let server: JupyterServer;
  let tmp: ReturnType<typeof makeTempDir>;
  /** basic.ipynb, executed by the runner: the reference every variant starts from. */
  let executed: string;

  beforeAll(async () => {
    tmp = makeTempDir("checker");
    server = await JupyterServer.start({ logName: "test-checker.log" });
    executed = copyFixture("basic.ipynb", tmp.dir, "basic-executed.ipynb");
    const run = await runNotebook(server, executed);
    if (!run.ok) throw new Error(run.message);
  });
  afterAll(async () => {
    await server?.stop();
    tmp?.remove();
  });

  const variant = (name: string, edit: (nb: Notebook) => void) => editNotebook(executed, edit, join(tmp.dir, name));

  it("passes a freshly executed notebook; nbval-skip cells are neither run nor compared; JSON key order does not matter", async () => {
    const path = variant("basic-a.ipynb", (nb) => {
      codeCell(nb, "nbval-skip-ran.txt").outputs = [{ output_type: "stream", name: "stdout", text: "not what the cell would print\n" }];
    });
    // The kernel sends the JSON bundle as {b, a: {y, x}}; the file stores keys sorted: {a: {x, y}, b}.
    const stored = readNotebook(path);
    expect(codeCell(stored, "lastWriteDisplayData").source).toContain('{ b: [1, 2, 3], a: { y: "why", x: "ex" } }');
    expect(JSON.stringify(bundleOf(stored)[BUNDLE_MIME])).toBe('{"a":{"x":"ex","y":"why"},"b":[1,2,3]}');
    const result = await checkNotebook(server, path);
    expect(result.problems.map((p) => p.text)).toEqual([]);
    expect(result.passed).toBe(true);
    expect(result.executed).toBe(8);
    expect(result.compared).toBe(8);
    expect(existsSync(join(tmp.dir, "nbval-skip-ran.txt"))).toBe(false);
  });

  it("fails on changed stored outputs, naming notebook, cell, id and MIME type; JSON compared by value", async () => {
    let id = "";
    const path = variant("basic-b.ipynb", (nb) => {
      const cell = codeCell(nb, "tslab.display.html");
      id = cell.id;
      cell.outputs = [{ output_type: "display_data", data: { "text/html": "<b>bold</b> and <i>oblique</i>" }, metadata: {} }];
      bundleOf(nb)[BUNDLE_MIME] = { a: { x: "ex", y: "why" }, b: [1, 2, 4] };
    });
    const result = await checkNotebook(server, path);
    expect(result.passed).toBe(false);
    expect(result.problems.map((p) => p.key)).toEqual(["text/html", BUNDLE_MIME]);
    const [html, json] = result.problems;
    expect(html.cellId).toBe(id);
    expect(html.text).toContain(`basic-b.ipynb cell 5 (id ${id}) text/html: text/html differs`);
    expect(html.text).toContain("-<b>bold</b> and <i>oblique</i>");
    expect(html.text).toContain("+<b>bold</b> and <i>italic</i>");
    expect(json.text).toMatch(/basic-b\.ipynb cell 6 \(id \w+\) application\/vnd\.kafkalab\.test\+json: .* differs/);
    expect(json.text).toMatch(/-\s+4/);
    expect(json.text).toMatch(/\+\s+3/);
  });

  it("in lax mode compares only cells tagged nbval-check-output", async () => {
    const path = variant("basic-e.ipynb", (nb) => {
      bundleOf(nb)[BUNDLE_MIME] = { changed: true };
      const tagged = codeCell(nb, "console.log(1 + 1)");
      tagged.metadata.tags = ["nbval-check-output"];
      tagged.outputs = [{ output_type: "stream", name: "stdout", text: "3\n" }];
    });
    const lax = await checkNotebook(server, path, { lax: true });
    expect(lax.problems.map((p) => p.key)).toEqual(["stdout"]);
    expect(lax.compared).toBe(1);
    expect(lax.executed).toBe(8);
  });

  it("fails a cell that errors without raises-exception, in lax mode too", async () => {
    const path = copyFixture("throws.ipynb", tmp.dir);
    const result = await checkNotebook(server, path, { lax: true });
    expect(result.passed).toBe(false);
    const failure = result.problems.find((p) => p.key === "execution");
    expect(failure?.text).toMatch(/throws\.ipynb cell 3 \(id \w+\) failed:\nevalmachine/);
    expect(failure?.text).toContain("Error: boom: the fixture's deliberate error");
  });

  it("passes a notebook whose raises-exception cell fails as stored, error text included", async () => {
    const path = editNotebook(copyFixture("throws.ipynb", tmp.dir, "throws-tagged.ipynb"), (nb) => {
      codeCell(nb, "throw new Error").metadata.tags = ["raises-exception"];
    });
    expect((await runNotebook(server, path)).ok).toBe(true);
    const result = await checkNotebook(server, path);
    expect(result.problems.map((p) => p.text)).toEqual([]);
    // ... and notices when the stored error text is not what the cell raises.
    const changed = editNotebook(path, (nb) => {
      const out = codeCell(nb, "throw new Error").outputs[0];
      if (out.output_type === "stream") out.text = out.text.replace("deliberate", "accidental");
    }, join(tmp.dir, "throws-tagged-changed.ipynb"));
    const mismatch = await checkNotebook(server, changed);
    expect(mismatch.problems.map((p) => p.key)).toEqual(["stderr"]);
  });

  it("applies a sanitizer file to both sides", async () => {
    const path = variant("basic-f.ipynb", (nb) => {
      codeCell(nb, "counter").outputs = [{ output_type: "stream", name: "stdout", text: "counter = 99\n" }];
    });
    const rules = parseSanitizeConfig("[counter]\nregex: counter = \\d+\nreplace: counter = <N>\n");
    expect((await checkNotebook(server, path, { sanitize: rules })).problems).toEqual([]);
  });

  it("runs from the command line: a summary per notebook, the final count line and the exit status", () => {
    const cfg = join(tmp.dir, "sanitize.cfg");
    writeFileSync(cfg, "[counter]\nregex: counter = \\d+\nreplace: counter = <N>\n");
    const passing = variant("cli-pass.ipynb", (nb) => {
      codeCell(nb, "counter").outputs = [{ output_type: "stream", name: "stdout", text: "counter = 99\n" }];
    });
    const failing = join(tmp.dir, "cli-fail.ipynb");
    copyFileSync(join(tmp.dir, "basic-b.ipynb"), failing);
    const tsx = join(projectRoot, "node_modules", ".bin", "tsx");
    const r = spawnSync(tsx, ["test/workbook/cli.ts", "check", "--sanitize-with", cfg, passing, failing], { cwd: projectRoot, encoding: "utf8", env: { ...process.env, INIT_CWD: projectRoot } });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^PASS \.vitest-tmp\/checker-\w+\/cli-pass\.ipynb \(8 cells run, 8 compared/m);
    expect(r.stdout).toMatch(/^FAIL \.vitest-tmp\/checker-\w+\/cli-fail\.ipynb \(2 problem/m);
    expect(r.stdout).toMatch(/cli-fail\.ipynb cell 5 \(id \w+\) text\/html: text\/html differs/);
    expect(r.stdout.trimEnd().split("\n").pop()).toBe("notebooks: 1 passed, 1 failed");
    expect(r.status).toBe(1);
  });

  it("reads back what it checked without changing it", () => {
    // The checker never writes: the executed reference still has its runner outputs.
    expect(codeCell(readNotebook(executed), "console.log(1 + 1)").outputs).toEqual([{ output_type: "stream", name: "stdout", text: "2\n" }]);
  });
});
