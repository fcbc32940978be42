import { afterEach, describe, expect, it, vi } from "vitest";
import { createRequire } from "node:module";
import {
  display, emitDisplay, hasCustomDisplaySink, inKernel, resetKernelLookup, setDisplaySink, updateDisplay,
  type DisplayMessage,
} from "../../kernel-lib/src/notebook/display";

afterEach(() => {
  setDisplaySink(null);
  vi.restoreAllMocks();
});

describe("display outside a kernel", () => {
  it("hands each message to the sink, with the update flag", () => {
    const got: { message: DisplayMessage; update: boolean }[] = [];
    setDisplaySink((message, update) => got.push({ message, update }));
    expect(hasCustomDisplaySink()).toBe(true);
    expect(inKernel()).toBe(false);
    const data = { "text/plain": "hello", "text/html": "<b>hello</b>" };
    display(data);
    display(data, { displayId: "d-1", metadata: { isolated: true } });
    updateDisplay({ "text/plain": "bye" }, "d-1");
    expect(got).toEqual([
      { message: { data, metadata: {}, transient: {} }, update: false },
      { message: { data, metadata: { isolated: true }, transient: { display_id: "d-1" } }, update: false },
      { message: { data: { "text/plain": "bye" }, metadata: {}, transient: { display_id: "d-1" } }, update: true },
    ]);
  });

  it("prints text/plain to stdout by default, and ignores updates", () => {
    const previous = setDisplaySink(() => undefined);
    setDisplaySink(null);
    expect(previous).not.toBe(null);
    expect(hasCustomDisplaySink()).toBe(false);
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    display({ "text/plain": "a table", "text/html": "<table></table>" });
    updateDisplay({ "text/plain": "changed" }, "x");
    display({ "image/svg+xml": "<svg/>" });
    expect(write.mock.calls).toEqual([["a table\n"]]);
  });
});

describe("display inside the tslab kernel", () => {
  it("sends the whole bundle through tslab's lastWriteDisplayData, not the sink", () => {
    // The real tslab module the kernel loads; the kernel sets its writer for each execute request.
    const jupyter = createRequire(import.meta.url)("tslab/dist/jupyter") as {
      lastWriteDisplayData: ((m: DisplayMessage, update: boolean) => void) | null;
    };
    const sent: { message: DisplayMessage; update: boolean }[] = [];
    const sunk: DisplayMessage[] = [];
    setDisplaySink((m) => sunk.push(m));
    resetKernelLookup();
    try {
      expect(inKernel()).toBe(false); // loaded, but no cell executing
      jupyter.lastWriteDisplayData = (message, update) => sent.push({ message, update });
      expect(inKernel()).toBe(true);
      const data = { "application/vnd.vegalite.v5+json": { mark: "point" }, "image/svg+xml": "<svg/>", "text/plain": "Chart" };
      display(data);
      emitDisplay({ data: { "text/plain": "p" }, metadata: {}, transient: { display_id: "kafkalab-progress-1" } }, true);
      expect(sent).toEqual([
        { message: { data, metadata: {}, transient: {} }, update: false },
        { message: { data: { "text/plain": "p" }, metadata: {}, transient: { display_id: "kafkalab-progress-1" } }, update: true },
      ]);
      expect(sunk).toEqual([]);
    } finally {
      jupyter.lastWriteDisplayData = null;
      resetKernelLookup();
    }
    display({ "text/plain": "after" });
    expect(sunk).toHaveLength(1);
  });
});
