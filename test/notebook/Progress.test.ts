import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { progress, resetProgressIds } from "../../kernel-lib/src/notebook/Progress";
import { setDisplaySink, type DisplayMessage } from "../../kernel-lib/src/notebook/display";

const got: { message: DisplayMessage; update: boolean }[] = [];

beforeEach(() => {
  resetProgressIds();
  got.length = 0;
});
afterEach(() => {
  setDisplaySink(null);
  vi.restoreAllMocks();
});

describe("progress", () => {
  it("numbers its display ids from a counter, the same on every run", () => {
    const first = [progress(10, "a").displayId, progress(10, "b").displayId];
    resetProgressIds();
    const second = [progress(10, "a").displayId, progress(10, "b").displayId];
    expect(first).toEqual(["kafkalab-progress-1", "kafkalab-progress-2"]);
    expect(second).toEqual(first);
  });

  it("shows once, then updates the same display in place when the percent changes", () => {
    setDisplaySink((message, update) => got.push({ message, update }));
    const p = progress(1000, "Producing");
    for (let i = 0; i < 1000; i++) p.tick();
    p.done();
    p.tick();
    p.done();
    expect(got[0]!.update).toBe(false);
    expect(got[0]!.message.data["text/plain"]).toBe("Producing [..............................] 0/1000 0%");
    expect(got.slice(1).every((g) => g.update)).toBe(true);
    expect(new Set(got.map((g) => g.message.transient.display_id))).toEqual(new Set(["kafkalab-progress-1"]));
    expect(got).toHaveLength(1 + 100 + 1); // first draw, one per percent, done
    expect(got[50]!.message.data["text/plain"]).toBe("Producing [###############...............] 500/1000 50%");
    const last = got[got.length - 1]!.message.data;
    expect(last["text/plain"]).toBe("Producing [##############################] 1000/1000 100% done");
    expect(last["text/html"]).toBe('<div class="kafkalab-progress"><progress value="1000" max="1000"></progress> Producing 1000/1000 100% done</div>');
    expect(p.value).toBe(1000);
    expect(p.finished).toBe(true);
  });

  it("escapes the label in HTML", () => {
    setDisplaySink((message, update) => got.push({ message, update }));
    progress(1, "<script>");
    expect(got[0]!.message.data["text/html"]).toContain("&lt;script&gt; 0/1 0%");
  });

  it("shows nothing outside a kernel when no sink was installed", () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const p = progress(3, "quiet");
    p.tick(3);
    p.done();
    expect(write).not.toHaveBeenCalled();
    expect(p.displayId).toBe("kafkalab-progress-1");
  });

  it("rejects a bad total", () => {
    expect(() => progress(-1)).toThrow("Invalid value -1 for progress total: must be a finite number at least 0");
    expect(() => progress(Number.NaN)).toThrow("Invalid value NaN for progress total");
  });
});
