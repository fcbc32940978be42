import { describe, expect, it } from "vitest";
import { CellOutputCollector, DisplayRegistry } from "./CellOutputCollector";

const stream = (name: string, text: string) => ["stream", { name, text }] as const;

describe("CellOutputCollector", () => {
  it("merges consecutive stream messages of one name, not across another stream or a display", () => {
    const c = new CellOutputCollector(new DisplayRegistry());
    for (const [type, content] of [stream("stdout", "a\n"), stream("stdout", "b\n"), stream("stderr", "e\n"), stream("stdout", "c\n")]) c.handle(type, content);
    c.handle("display_data", { data: { "text/plain": "d" }, metadata: {}, transient: {} });
    c.handle(...stream("stdout", "f\n"));
    expect(c.finish(false)).toEqual([
      { output_type: "stream", name: "stdout", text: "a\nb\n" },
      { output_type: "stream", name: "stderr", text: "e\n" },
      { output_type: "stream", name: "stdout", text: "c\n" },
      { output_type: "display_data", data: { "text/plain": "d" }, metadata: {} },
      { output_type: "stream", name: "stdout", text: "f\n" },
    ]);
  });

  it("clear_output clears at once, or with wait=true when the next output arrives", () => {
    const c = new CellOutputCollector(new DisplayRegistry());
    c.handle(...stream("stdout", "old\n"));
    c.handle("clear_output", { wait: false });
    expect(c.outputs).toEqual([]);
    c.handle(...stream("stdout", "frame 1\n"));
    c.handle("clear_output", { wait: true });
    expect(c.outputs).toHaveLength(1);
    c.handle(...stream("stdout", "frame 2\n"));
    expect(c.finish(false)).toEqual([{ output_type: "stream", name: "stdout", text: "frame 2\n" }]);
  });

  it("updates displays in place by display_id, also those of an earlier cell; updates add no output", () => {
    const displays = new DisplayRegistry();
    const first = new CellOutputCollector(displays);
    first.handle("display_data", { data: { "text/plain": "0%" }, metadata: {}, transient: { display_id: "p" } });
    first.handle("update_display_data", { data: { "text/plain": "50%" }, metadata: {}, transient: { display_id: "p" } });
    const second = new CellOutputCollector(displays);
    second.handle("update_display_data", { data: { "text/html": "<b>100%</b>" }, metadata: { isolated: true }, transient: { display_id: "p" } });
    expect(first.finish(false)).toEqual([{ output_type: "display_data", data: { "text/html": "<b>100%</b>" }, metadata: { isolated: true } }]);
    expect(second.finish(false)).toEqual([]);
    // Showing the id again adds an output and updates the earlier one too (nbclient's behaviour).
    second.handle("display_data", { data: { "text/plain": "again" }, metadata: {}, transient: { display_id: "p" } });
    expect(first.outputs[0]).toMatchObject({ data: { "text/plain": "again" } });
    expect(second.outputs).toEqual([{ output_type: "display_data", data: { "text/plain": "again" }, metadata: {} }]);
  });

  it("keeps execute_result and error outputs as nbformat stores them", () => {
    const c = new CellOutputCollector(new DisplayRegistry());
    c.handle("execute_result", { data: { "text/plain": "3" }, metadata: {}, execution_count: 4 });
    c.handle("error", { ename: "Error", evalue: "boom", traceback: ["line"] });
    c.handle("status", { execution_state: "idle" });
    expect(c.finish(true)).toEqual([
      { output_type: "execute_result", data: { "text/plain": "3" }, metadata: {}, execution_count: 4 },
      { output_type: "error", ename: "Error", evalue: "boom", traceback: ["line"] },
    ]);
  });

  it("stores a progress bar's final state, and a failed cell's stderr without stack frames", () => {
    const c = new CellOutputCollector(new DisplayRegistry());
    c.handle(...stream("stdout", "10%\r"));
    c.handle(...stream("stdout", "100%\n"));
    c.handle(...stream("stderr", "Error: boom\n    at f (/home/me/x.js:1:1)\n"));
    expect(c.finish(true)).toEqual([
      { output_type: "stream", name: "stdout", text: "100%\n" },
      { output_type: "stream", name: "stderr", text: "Error: boom\n" },
    ]);
    const ok = new CellOutputCollector(new DisplayRegistry());
    ok.handle(...stream("stderr", "Error: logged\n    at f (/x.js:1:1)\n"));
    expect(ok.finish(false)[0]).toMatchObject({ text: "Error: logged\n    at f (/x.js:1:1)\n" });
  });
});
