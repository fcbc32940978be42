import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { envFile, workbookDir } from "./paths";
import {
  normalizeNotebook,
  parseNotebook,
  readNotebook,
  serializeNotebook,
  splitLines,
  stringifyJson,
  writeNotebook,
  type Notebook,
} from "./NotebookFile";

const tmp = mkdtempSync(join(tmpdir(), "kafkalab-nbfile-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A notebook exercising everything nbformat treats specially. */
function sample(): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { display_name: "TypeScript", language: "typescript", name: "tslab" }, zeta: 1, alpha: { "10": "ten", "9": "nine", b: true } },
    cells: [
      { cell_type: "markdown", id: "intro", metadata: {}, source: "# Título — 分区\n\nTwo lines\r\nwith CRLF and a form\ffeed" },
      {
        cell_type: "code",
        id: "c1",
        metadata: { tags: ["nbval-ignore-output"] },
        source: 'console.log("tab\\there");\n"quote \\" and backslash \\\\"',
        execution_count: 1,
        outputs: [
          { output_type: "stream", name: "stdout", text: 'tab\there\nquote " and backslash \\\n' },
          { output_type: "stream", name: "stderr", text: "warn \u0001 control \u2028 sep\n" },
          {
            output_type: "display_data",
            metadata: {},
            data: {
              "text/plain": "line 1\nline 2",
              "text/html": "<table>\n<tr><td>1</td></tr>\n</table>\n",
              "image/svg+xml": "<svg>\n<rect/>\n</svg>\n",
              "image/png": "iVBORw0KGgo=\n",
              "application/vnd.vegalite.v5+json": { mark: "bar", data: { values: [{ b: 2, a: "x\ny" }] }, width: 400 },
              "application/json": { z: [], y: {}, x: [1, { "2": null }] },
            },
          },
        ],
      },
      { cell_type: "code", id: "c2", metadata: {}, source: "", execution_count: null, outputs: [] },
      { cell_type: "raw", id: "r", metadata: {}, source: "raw\n" },
    ],
  };
}

describe("splitLines (Python's str.splitlines(True))", () => {
  it("keeps line ends and splits on every Python line boundary", () => {
    expect(splitLines("")).toEqual([]);
    expect(splitLines("a")).toEqual(["a"]);
    expect(splitLines("a\nb\n")).toEqual(["a\n", "b\n"]);
    expect(splitLines("a\r\nb\rc\vd\fe\x1cf\x85g\u2028h")).toEqual(["a\r\n", "b\r", "c\v", "d\f", "e\x1c", "f\x85", "g\u2028", "h"]);
  });
});

describe("stringifyJson (json.dumps indent=1, sort_keys, ensure_ascii=False)", () => {
  it("sorts keys as strings (integer-like keys included) and keeps non-ASCII", () => {
    expect(stringifyJson({ b: 1, "10": 2, "9": 3, a: "é世" })).toBe('{\n "10": 2,\n "9": 3,\n "a": "é世",\n "b": 1\n}');
    expect(stringifyJson({ a: [], b: {}, c: [1, [2]] })).toBe('{\n "a": [],\n "b": {},\n "c": [\n  1,\n  [\n   2\n  ]\n ]\n}');
  });
});

describe("reading and writing .ipynb", () => {
  it("round-trips: parse(serialize(nb)) equals nb and serializing again gives the same bytes", () => {
    const text = serializeNotebook(sample());
    expect(parseNotebook(text)).toEqual(sample());
    expect(serializeNotebook(parseNotebook(text))).toBe(text);
    expect(text.endsWith("}\n")).toBe(true);
  });

  it("stores multi-line strings as arrays of lines, JSON MIME types as objects, png as one string", () => {
    const file = JSON.parse(serializeNotebook(sample()));
    const code = file.cells[1];
    expect(code.source).toEqual(['console.log("tab\\there");\n', '"quote \\" and backslash \\\\"']);
    expect(code.outputs[0].text).toEqual(["tab\there\n", 'quote " and backslash \\\n']);
    const data = code.outputs[2].data;
    expect(data["text/plain"]).toEqual(["line 1\n", "line 2"]);
    expect(data["image/svg+xml"]).toEqual(["<svg>\n", "<rect/>\n", "</svg>\n"]);
    expect(data["image/png"]).toBe("iVBORw0KGgo=\n");
    expect(data["application/vnd.vegalite.v5+json"].data.values[0].a).toBe("x\ny");
    expect(file.cells[2].source).toEqual([]);
  });

  it("writes byte-for-byte what Python's nbformat writes (checked with the project's Jupyter when installed)", () => {
    if (!existsSync(envFile)) return; // no Jupyter yet: `npm run setup` installs it
    const python = (JSON.parse(readFileSync(envFile, "utf8")) as { python: string }).python;
    const ours = join(tmp, "ours.ipynb");
    const theirs = join(tmp, "theirs.ipynb");
    writeFileSync(ours, serializeNotebook(sample()));
    const script = "import nbformat,sys\nnb=nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT)\nnbformat.validate(nb)\nnbformat.write(nb, sys.argv[2])\n";
    const r = spawnSync(python, ["-c", script, ours, theirs], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readFileSync(theirs, "utf8")).toBe(readFileSync(ours, "utf8"));
  });

  it("leaves an unchanged file alone (same bytes, same mtime)", () => {
    const path = join(tmp, "same.ipynb");
    expect(writeNotebook(path, sample())).toBe(true);
    const before = statSync(path).mtimeMs;
    expect(writeNotebook(path, readNotebook(path))).toBe(false);
    expect(statSync(path).mtimeMs).toBe(before);
  });

  it("rejects what is not an nbformat 4 notebook", () => {
    expect(() => parseNotebook("{", "x.ipynb")).toThrow(/x.ipynb: not valid JSON/);
    expect(() => parseNotebook('{"nbformat": 3, "cells": []}', "old.ipynb")).toThrow(/nbformat 3 is not supported/);
  });

  it("reads the fixture notebooks", () => {
    const nb = readNotebook(join(workbookDir, "fixtures", "basic.ipynb"));
    expect(nb.cells.length).toBeGreaterThan(3);
  });
});

describe("normalizeNotebook", () => {
  it("keeps existing ids, derives missing ones from the notebook name and position, the same on every run", () => {
    const nb = sample();
    nb.cells[0].id = "";
    nb.cells[2].id = "not valid!";
    const a = normalizeNotebook(nb, "/x/01-intro.ipynb");
    const b = normalizeNotebook(nb, "/elsewhere/01-intro.ipynb");
    expect(a.cells.map((c) => c.id)).toEqual(b.cells.map((c) => c.id));
    expect(a.cells[1].id).toBe("c1");
    expect(a.cells[0].id).toMatch(/^[0-9a-f]{8}$/);
    expect(a.cells[2].id).toMatch(/^[0-9a-f]{8}$/);
    expect(new Set(a.cells.map((c) => c.id)).size).toBe(a.cells.length);
    expect(normalizeNotebook(nb, "02-other.ipynb").cells[0].id).not.toBe(a.cells[0].id);
  });

  it("gives duplicate ids a fresh one", () => {
    const nb = sample();
    nb.cells[2].id = "c1";
    const ids = normalizeNotebook(nb, "dup.ipynb").cells.map((c) => c.id);
    expect(ids[1]).toBe("c1");
    expect(ids[2]).not.toBe("c1");
  });

  it("strips volatile cell metadata, keeps tags, and sets the tslab kernelspec and language_info", () => {
    const nb = sample();
    nb.cells[1].metadata = { tags: ["t"], collapsed: false, scrolled: true, execution: { "iopub.execute_input": "2024-01-01T00:00:00Z" }, jupyter: { source_hidden: true } };
    nb.metadata = { kernelspec: { name: "python3" } };
    const out = normalizeNotebook(nb, "n.ipynb", { name: "typescript", version: "3.7.2" });
    expect(out.cells[1].metadata).toEqual({ tags: ["t"], jupyter: { source_hidden: true } });
    expect(out.metadata).toEqual({
      kernelspec: { display_name: "TypeScript", language: "typescript", name: "tslab" },
      language_info: { name: "typescript", version: "3.7.2" },
    });
    expect(out.nbformat_minor).toBe(5);
  });
});
