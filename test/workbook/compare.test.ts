import { describe, expect, it } from "vitest";
import type { Output } from "./NotebookFile";
import { parseSanitizeConfig } from "./Sanitizer";
import { applyControlChars, cellOptions, coalesceStreams, compareOutputs, jsonEqual, stripStackFrames } from "./compare";
import { unifiedDiff } from "./UnifiedDiff";

const stdout = (text: string): Output => ({ output_type: "stream", name: "stdout", text });
const stderr = (text: string): Output => ({ output_type: "stream", name: "stderr", text });
const display = (data: Record<string, unknown>): Output => ({ output_type: "display_data", data: data as never, metadata: {} });

describe("cellOptions (nbval's tags)", () => {
  it("checks every cell by default and none but nbval-check-output in lax mode", () => {
    expect(cellOptions([], false)).toEqual({ skip: false, check: true, raisesException: false });
    expect(cellOptions([], true).check).toBe(false);
    expect(cellOptions(["nbval-check-output"], true).check).toBe(true);
    expect(cellOptions(["nbval-ignore-output"], false).check).toBe(false);
  });
  it("reads nbval-skip and both spellings of raises-exception", () => {
    expect(cellOptions(["nbval-skip"], false).skip).toBe(true);
    expect(cellOptions(["raises-exception"], false).raisesException).toBe(true);
    expect(cellOptions(["nbval-raises-exception"], false).raisesException).toBe(true);
    expect(cellOptions(["syllabus:P1"], false)).toEqual({ skip: false, check: true, raisesException: false });
  });
  it("lets the later of two conflicting check tags win, as nbval does", () => {
    expect(cellOptions(["nbval-check-output", "nbval-ignore-output"], false).check).toBe(false);
    expect(cellOptions(["nbval-ignore-output", "nbval-check-output"], true).check).toBe(true);
  });
});

describe("streams", () => {
  it("merges all outputs of one stream name into the first, wherever they are", () => {
    const merged = coalesceStreams([stdout("a\n"), stderr("e\n"), display({ "text/plain": "x" }), stdout("b\n")]);
    expect(merged).toEqual([stdout("a\nb\n"), stderr("e\n"), display({ "text/plain": "x" })]);
  });
  it("does not modify its input", () => {
    const first = stdout("a");
    coalesceStreams([first, stdout("b")]);
    expect(first).toEqual(stdout("a"));
  });
  it("collapses carriage-return rewrites and backspaces like a terminal", () => {
    expect(applyControlChars("10%\r50%\r100%\ndone\n")).toBe("100%\ndone\n");
    expect(applyControlChars("line\r\nnext\n")).toBe("line\r\nnext\n");
    expect(applyControlChars("abc\x08\x08d\n")).toBe("ad\n");
  });
  it("removes JavaScript stack frames but keeps the error and the user's text", () => {
    const text = [
      "evalmachine.<anonymous>:2",
      'throw new Error("boom");',
      "^",
      "",
      "Error: boom",
      "    at evalmachine.<anonymous>:2:7",
      "    at sigintHandlersWrap (node:vm:280:12)",
      "    at Object.execute (/home/someone/kafka-lab/node_modules/tslab/dist/executor.js:160:38)",
      "    at async ZmqServer.handleExecute (/x/jupyter.js:406:25)",
      "    ... 2 lines matching cause stack trace ...",
      "    at the broker, nothing happened",
      "",
    ].join("\n");
    expect(stripStackFrames(text)).toBe(['evalmachine.<anonymous>:2', 'throw new Error("boom");', "^", "", "Error: boom", "    at the broker, nothing happened", ""].join("\n"));
  });
});

describe("jsonEqual", () => {
  it("ignores object key order but not array order or values", () => {
    expect(jsonEqual({ a: 1, b: { c: [1, 2], d: null } }, { b: { d: null, c: [1, 2] }, a: 1 })).toBe(true);
    expect(jsonEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 1 })).toBe(false);
    expect(jsonEqual({ a: "1" }, { a: 1 })).toBe(false);
    expect(jsonEqual({ a: null }, { b: null })).toBe(false);
  });
});

describe("compareOutputs", () => {
  const vega = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", mark: "bar", encoding: { x: { field: "p" } } };

  it("passes identical outputs and stream splits that merge to the same text", () => {
    expect(compareOutputs([stdout("a\nb\n")], [stdout("a\n"), stdout("b\n")])).toEqual([]);
  });

  it("names the MIME type and shows a diff when text differs", () => {
    const [m, ...rest] = compareOutputs([display({ "text/html": "<b>one</b>\n<i>two</i>\n", "text/plain": "x" })], [display({ "text/html": "<b>one</b>\n<i>2</i>\n", "text/plain": "x" })]);
    expect(rest).toEqual([]);
    expect(m.key).toBe("text/html");
    expect(m.kind).toBe("value");
    expect(m.diff).toContain("-<i>two</i>");
    expect(m.diff).toContain("+<i>2</i>");
  });

  it("compares JSON MIME types structurally", () => {
    const reordered = { encoding: { x: { field: "p" } }, mark: "bar", $schema: vega.$schema };
    expect(compareOutputs([display({ "application/vnd.vegalite.v5+json": vega })], [display({ "application/vnd.vegalite.v5+json": reordered })])).toEqual([]);
    const changed = { ...vega, mark: "line" };
    const [m] = compareOutputs([display({ "application/vnd.vegalite.v5+json": vega })], [display({ "application/vnd.vegalite.v5+json": changed })]);
    expect(m.key).toBe("application/vnd.vegalite.v5+json");
    expect(m.diff).toContain('- "mark": "bar"');
    expect(m.diff).toContain('+ "mark": "line"');
  });

  it("reports a stream or MIME type present on one side only, and differing output counts", () => {
    expect(compareOutputs([stdout("x\n")], []).map((m) => [m.key, m.kind])).toEqual([["stdout", "missing"]]);
    expect(compareOutputs([], [stderr("oops\n")]).map((m) => [m.key, m.kind])).toEqual([["stderr", "unexpected"]]);
    const two = [display({ "text/plain": "a" }), display({ "text/plain": "b" })];
    expect(compareOutputs(two, [display({ "text/plain": "a" })]).map((m) => [m.key, m.kind])).toEqual([["text/plain", "count"]]);
  });

  it("skips image/png and image/jpeg, and never compares metadata or execution counts", () => {
    const stored: Output[] = [{ output_type: "execute_result", data: { "image/png": "AAAA", "text/plain": "fig" }, metadata: { width: 1 }, execution_count: 1 }];
    const executed: Output[] = [{ output_type: "execute_result", data: { "image/png": "BBBB", "text/plain": "fig" }, metadata: { width: 2 }, execution_count: 7 }];
    expect(compareOutputs(stored, executed)).toEqual([]);
    expect(compareOutputs([display({ "image/jpeg": "A" })], [])).toEqual([]);
  });

  it("compares svg text", () => {
    const [m] = compareOutputs([display({ "image/svg+xml": '<svg><rect width="1"/></svg>' })], [display({ "image/svg+xml": '<svg><rect width="2"/></svg>' })]);
    expect(m.key).toBe("image/svg+xml");
  });

  it("applies sanitizer rules to both sides of text outputs only", () => {
    const rules = parseSanitizeConfig("[t]\nregex: \\d{2}:\\d{2}:\\d{2}\nreplace: TIME\n");
    expect(compareOutputs([stdout("at 10:11:12\n")], [stdout("at 23:59:01\n")], rules)).toEqual([]);
    expect(compareOutputs([stdout("at 10:11:12\n")], [stdout("at 23:59:01!\n")], rules)).toHaveLength(1);
    const json = (v: string) => display({ "application/json": { t: v } });
    expect(compareOutputs([json("10:11:12")], [json("23:59:01")], rules)).toHaveLength(1);
  });

  it("compares an error's name and message, not its traceback", () => {
    const err = (evalue: string, tb: string[]): Output => ({ output_type: "error", ename: "KafkaException", evalue, traceback: tb });
    expect(compareOutputs([err("x", ["a"])], [err("x", ["b"])])).toEqual([]);
    expect(compareOutputs([err("x", [])], [err("y", [])]).map((m) => m.key)).toEqual(["evalue"]);
  });

  it("ignores stack frames in stream text", () => {
    expect(compareOutputs([stderr("Error: boom\n    at f (/a/b.js:1:2)\n")], [stderr("Error: boom\n    at f (/c/d.js:9:9)\n    at node:vm:1:1\n")])).toEqual([]);
    expect(compareOutputs([stderr("Error: boom\n")], [stderr("Error: bang\n")])).toHaveLength(1);
  });
});

const UnifiedDiffCases = [
  { name: "a changed line", expected: "a\nb\nc\n", actual: "a\nB\nc\n", contains: ["--- stored", "+++ executed", "-b", "+B", " a", " c"] },
  { name: "an added line", expected: "a\n", actual: "a\nb\n", contains: ["+b"] },
  { name: "a removed line", expected: "a\nb\n", actual: "b\n", contains: ["-a"] },
  { name: "only the final newline", expected: "a\n", actual: "a", contains: ["no newline at the end"] },
  { name: "one long line (an SVG)", expected: `<svg>${"x".repeat(300)}1</svg>`, actual: `<svg>${"x".repeat(300)}2</svg>`, contains: ["first difference at line 1, column 306"] },
];

describe("unifiedDiff", () => {
  it.each(UnifiedDiffCases)("$name", ({ expected, actual, contains }) => {
    const diff = unifiedDiff(expected, actual);
    for (const c of contains) expect(diff).toContain(c);
  });
  it("is empty for equal texts", () => {
    expect(unifiedDiff("a\n", "a\n")).toBe("");
  });
  it("shows context around a change and hunk headers", () => {
    const a = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const b = a.replace("line 10\n", "line ten\n");
    const diff = unifiedDiff(a, b);
    expect(diff).toContain("@@ -7,7 +7,7 @@");
    expect(diff).toContain(" line 9\n-line 10\n+line ten\n line 11");
    expect(diff).not.toContain("line 2\n");
  });
});
