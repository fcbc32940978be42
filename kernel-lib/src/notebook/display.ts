// The one place where notebook outputs leave the library.
//
// Inside the tslab kernel a bundle with several MIME types goes out as ONE display_data
// message through tslab's own writer (`tslab/dist/jupyter`.lastWriteDisplayData): tslab's
// public `display.*` API sends a single MIME type per call (toolchain facts). Everywhere else
// (tests, plain Node scripts) the message goes to a pluggable sink.
import { createRequire } from "node:module";
import { join, sep } from "node:path";

/** MIME type → representation (`text/plain` string, `application/vnd.vegalite.v5+json` object, ...). */
export type MimeBundle = Record<string, unknown>;

/** The content of a Jupyter `display_data` / `update_display_data` message. */
export interface DisplayMessage {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}

/** Receives every display message when not running inside the tslab kernel. */
export type DisplaySink = (message: DisplayMessage, update: boolean) => void;

export interface DisplayOptions {
  /** Names the output so that `updateDisplay` can replace it in place. */
  displayId?: string;
  metadata?: Record<string, unknown>;
}

type TslabWriter = (message: DisplayMessage, update: boolean) => void;
interface TslabJupyterModule { lastWriteDisplayData: TslabWriter | null }

// Outside a kernel: print the text/plain form, as a REPL would.
const printPlainText: DisplaySink = (message, update) => {
  if (update) return;
  const text = message.data["text/plain"];
  if (typeof text === "string") process.stdout.write(text.endsWith("\n") ? text : text + "\n");
};

let sink: DisplaySink = printPlainText;
let customSink = false;
let tslabModules: TslabJupyterModule[] | undefined;

/**
 * Replaces where display messages go outside the kernel (tests capture bundles with it).
 * `null` restores the default, which prints `text/plain` to stdout. Returns the previous sink.
 */
export function setDisplaySink(fn: DisplaySink | null): DisplaySink {
  const previous = sink;
  sink = fn ?? printPlainText;
  customSink = fn !== null;
  return previous;
}

/** True when a custom sink is installed (progress displays only go to a kernel or such a sink). */
export function hasCustomDisplaySink(): boolean {
  return customSink;
}

// tslab is external to the bundle and may not be resolvable from the bundle's own location,
// so look for the instances the running kernel has already loaded: require.cache is shared by
// every require function in the process. Only a loaded instance holds the live writer; loading
// a fresh copy would not (and would drag in tslab's TypeScript). There can be two: a global
// tslab hands the kernel over to the project's local copy (tslab main.ts, findLocalStartKernel),
// and only the copy that runs the kernel has a writer.
function findTslab(): TslabJupyterModule[] {
  if (tslabModules !== undefined) return tslabModules;
  const found: TslabJupyterModule[] = [];
  try {
    const cache = createRequire(join(process.cwd(), "kafkalab-display.js")).cache;
    const suffix = `${sep}tslab${sep}dist${sep}jupyter.js`;
    for (const key of Object.keys(cache)) {
      const mod: unknown = key.endsWith(suffix) ? cache[key]?.exports : undefined;
      if (typeof mod === "object" && mod !== null && "lastWriteDisplayData" in mod) found.push(mod as TslabJupyterModule);
    }
  } catch {
    // no require cache (not Node's CommonJS loader): not in tslab
  }
  // Later loaded first: the local copy a global tslab started.
  tslabModules = found.reverse();
  return tslabModules;
}

// tslab sets the writer at the start of every execute request (it carries that cell's parent
// header), so it is read at each call, never kept.
function kernelWriter(): TslabWriter | null {
  for (const mod of findTslab()) {
    const writer = mod.lastWriteDisplayData;
    if (typeof writer === "function") return writer;
  }
  return null;
}

/** True when running in the tslab kernel while a cell executes. */
export function inKernel(): boolean {
  return kernelWriter() !== null;
}

/** Sends one display message to the kernel, or else to the sink. */
export function emitDisplay(message: DisplayMessage, update = false): void {
  const writer = kernelWriter();
  if (writer !== null) writer(message, update);
  else sink(message, update);
}

function messageOf(data: MimeBundle, options: DisplayOptions | undefined): DisplayMessage {
  const transient: DisplayMessage["transient"] = {};
  if (options?.displayId !== undefined) transient.display_id = options.displayId;
  return { data, metadata: options?.metadata ?? {}, transient };
}

/** Shows one output carrying every MIME type of `data` (one display_data message). */
export function display(data: MimeBundle, options?: DisplayOptions): void {
  emitDisplay(messageOf(data, options), false);
}

/** Replaces, in place, the output shown earlier with the same `displayId` (update_display_data). */
export function updateDisplay(data: MimeBundle, displayId: string, metadata?: Record<string, unknown>): void {
  emitDisplay(messageOf(data, { displayId, ...(metadata ? { metadata } : {}) }), true);
}

/** @internal Forget the tslab lookup (tests simulate a kernel through require.cache). */
export function resetKernelLookup(): void {
  tslabModules = undefined;
}
