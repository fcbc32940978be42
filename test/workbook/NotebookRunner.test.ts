// The runner against a real Jupyter server and real tslab kernels (one server for this file).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JupyterServer } from "./JupyterServer";
import { KernelSession } from "./NotebookExecutor";
import { readNotebook, writeNotebook, type Output } from "./NotebookFile";
import { runNotebook } from "./NotebookRunner";
import { codeCell, copyFixture, editNotebook, makeTempDir } from "./TestNotebooks";

const stdout = (text: string): Output => ({ output_type: "stream", name: "stdout", text });

describe("notebooks:run", { timeout: 120_000 }, () => {
  let server: JupyterServer;
  let tmp: ReturnType<typeof makeTempDir>;

  beforeAll(async () => {
    tmp = makeTempDir("runner");
    server = await JupyterServer.start({ logName: "test-runner.log" });
  });
  afterAll(async () => {
    await server?.stop();
    tmp?.remove();
  });

  it("stores every output of a fresh kernel run; a second run writes the same bytes", async () => {
    const path = copyFixture("basic.ipynb", tmp.dir);
    // A stored output on the nbval-skip cell must survive the run untouched.
    editNotebook(path, (nb) => {
      const skipped = codeCell(nb, "nbval-skip-ran.txt");
      skipped.outputs = [stdout("output stored by hand\n")];
      skipped.execution_count = 42;
    });

    const first = await runNotebook(server, path);
    expect(first).toMatchObject({ ok: true, wrote: true });
    const nb = readNotebook(path);

    expect(codeCell(nb, "console.log(1 + 1)")).toMatchObject({ outputs: [stdout("2\n")], execution_count: 1 });
    expect(codeCell(nb, "greeting").outputs).toEqual([stdout("héllo, 世界\n")]);
    expect(codeCell(nb, 'console.error("err 1")').outputs).toEqual([
      stdout("out 1\n"),
      { output_type: "stream", name: "stderr", text: "err 1\n" },
      stdout("out 2\n"),
    ]);
    expect(codeCell(nb, "tslab.display.html").outputs).toEqual([{ output_type: "display_data", data: { "text/html": "<b>bold</b> and <i>italic</i>" }, metadata: {} }]);
    const bundle = codeCell(nb, "lastWriteDisplayData").outputs[0];
    expect(bundle.output_type).toBe("display_data");
    if (bundle.output_type === "display_data") {
      expect(Object.keys(bundle.data).sort()).toEqual(["application/vnd.kafkalab.test+json", "image/svg+xml", "text/plain"]);
      expect(bundle.data["application/vnd.kafkalab.test+json"]).toEqual({ a: { x: "ex", y: "why" }, b: [1, 2, 3] });
    }
    // update_display_data: in place, also from a later cell; the later cell itself shows nothing.
    expect(codeCell(nb, "tslab.newDisplay()").outputs).toEqual([
      { output_type: "display_data", data: { "text/plain": "finished (updated from a later cell)" }, metadata: {} },
    ]);
    expect(codeCell(nb, 'progress.text("finished').outputs).toEqual([]);
    // nbval-skip: not executed (no marker file), stored output and count kept.
    expect(existsSync(join(tmp.dir, "nbval-skip-ran.txt"))).toBe(false);
    expect(codeCell(nb, "nbval-skip-ran.txt")).toMatchObject({ outputs: [stdout("output stored by hand\n")], execution_count: 42 });
    expect(codeCell(nb, "counter")).toMatchObject({ outputs: [stdout("counter = 6\n")], execution_count: 8 });
    expect(nb.metadata.kernelspec).toEqual({ display_name: "TypeScript", language: "typescript", name: "tslab" });
    expect(nb.metadata.language_info).toMatchObject({ name: "typescript", file_extension: ".ts" });

    const bytes = readFileSync(path);
    const second = await runNotebook(server, path);
    expect(second).toMatchObject({ ok: true, wrote: false });
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it("stops at a failing cell with notebook, cell and error text, and leaves the file untouched", async () => {
    const path = copyFixture("throws.ipynb", tmp.dir);
    const before = readFileSync(path);
    const result = await runNotebook(server, path);
    expect(result.ok).toBe(false);
    const id = codeCell(readNotebook(path), "throw new Error").id;
    expect(result.message).toContain(`throws.ipynb cell 3 (id ${id}) failed:`);
    expect(result.message).toContain("Error: boom: the fixture's deliberate error");
    expect(result.message).toContain("was not written");
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it("runs past a cell tagged raises-exception (after tslab's abort window) and stores its error without stack frames", async () => {
    const path = editNotebook(copyFixture("throws.ipynb", tmp.dir, "throws-tagged.ipynb"), (nb) => {
      codeCell(nb, "throw new Error").metadata.tags = ["raises-exception"];
    });
    const result = await runNotebook(server, path);
    expect(result.message).toBeUndefined();
    expect(result.ok).toBe(true);
    const nb = readNotebook(path);
    const thrown = codeCell(nb, "throw new Error");
    expect(thrown.execution_count).toBe(2);
    expect(thrown.outputs).toHaveLength(1);
    const stderr = thrown.outputs[0];
    expect(stderr).toMatchObject({ output_type: "stream", name: "stderr" });
    if (stderr.output_type === "stream") {
      expect(stderr.text).toContain("Error: boom: the fixture's deliberate error\n");
      expect(stderr.text).not.toMatch(/^\s+at /m);
      expect(stderr.text).not.toContain("node_modules");
    }
    // The next cell ran in the same kernel, within the abort window handling.
    expect(codeCell(nb, 'console.log("after")')).toMatchObject({ outputs: [stdout("after\n")], execution_count: 3 });
  });

  it("fails a cell tagged raises-exception that does not raise", async () => {
    const path = editNotebook(copyFixture("throws.ipynb", tmp.dir, "throws-wrong-tag.ipynb"), (nb) => {
      codeCell(nb, 'console.log("before")').metadata.tags = ["raises-exception"];
    });
    const result = await runNotebook(server, path);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/throws-wrong-tag\.ipynb cell 2 \(id \w+\) is tagged raises-exception but did not raise an error/);
  });

  it("stops a cell at the per-cell timeout", async () => {
    const path = join(tmp.dir, "slow.ipynb");
    const code = (source: string) => ({ cell_type: "code" as const, id: "", metadata: {}, source, outputs: [], execution_count: null });
    writeNotebook(path, { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [code("await new Promise((r) => setTimeout(r, 20_000));"), code("1")] });
    const result = await runNotebook(server, path, { cellTimeoutMs: 1_000 });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/slow\.ipynb cell 1 \(id \w+\): the cell did not finish within 1 s/);
  });

  it("copes with tslab's abort window: a request right after an error is aborted, and retried once", async () => {
    const session = await KernelSession.start(server, join(tmp.dir, "abort.ipynb"));
    try {
      expect((await session.execute('throw new Error("first")', 30_000)).status).toBe("error");
      // Within ~200 ms of an error tslab refuses work ...
      expect((await session.execute("console.log(1)", 30_000)).status).toBe("abort");
      await new Promise((r) => setTimeout(r, 400)); // out of the window
      expect((await session.execute('throw new Error("second")', 30_000)).status).toBe("error");
      // ... and executeWithAbortRetry waits the window out and runs the cell.
      const retried = await session.executeWithAbortRetry('console.log("ran")', 30_000);
      expect(retried.status).toBe("ok");
      expect(retried.outputs).toEqual([stdout("ran\n")]);
    } finally {
      await session.shutdown();
    }
  });
});
