// Renders a Vega-Lite spec to SVG in Node, for outputs that must show without a browser
// (nbconvert exports, GitHub, text-only viewers). Toolchain facts:
// - vega 6 and vega-lite 6 are ESM-only (a top-level await in vega-canvas makes require() fail),
//   so they are loaded lazily with a dynamic import(); esbuild keeps import() of an external
//   module as a real import() in the CommonJS bundle, which Node runs natively.
// - renderer "none" + toSVG() needs no canvas; without the `canvas` package text is measured by
//   estimate, which keeps the SVG byte-identical across runs and machines.
import type { JsonValue } from "./StableJson";

type VegaModule = typeof import("vega");
type VegaLiteModule = typeof import("vega-lite");
type VegaLiteSpecArg = Parameters<VegaLiteModule["compile"]>[0];
type VegaLogger = NonNullable<NonNullable<Parameters<VegaLiteModule["compile"]>[1]>["logger"]>;

interface VegaLibraries { vega: VegaModule; vegaLite: VegaLiteModule }

let loading: Promise<VegaLibraries> | undefined;

/** @internal Loads vega and vega-lite once (dynamic import: both are ESM-only). */
export function loadVega(): Promise<VegaLibraries> {
  loading ??= Promise.all([import("vega"), import("vega-lite")]).then(
    ([vega, vegaLite]) => ({ vega, vegaLite }),
    (e: unknown) => {
      loading = undefined; // let a later call retry, e.g. after installing the packages
      throw new Error(`Charts need the vega and vega-lite packages, which could not be loaded: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    },
  );
  return loading;
}

// Vega's log levels (vega-util): None 0, Error 1, Warn 2, Info 3, Debug 4.
const WARN = 2;

// Keeps vega's and vega-lite's messages out of the cell's stderr (a checked output) and hands
// them back: warnings go into the text/plain summary, errors fail the render.
function collectingLogger(warnings: string[], errors: string[]): VegaLogger {
  let level = WARN;
  const text = (args: unknown[]): string => args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ");
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: unknown[]) { errors.push(text(args)); return logger; },
    warn(...args: unknown[]) { if (level >= WARN) warnings.push(text(args)); return logger; },
    info() { return logger; },
    debug() { return logger; },
  };
  return logger as VegaLogger;
}

export interface RenderedSvg { svg: string; warnings: string[] }

// SVG clip and gradient ids come from module-wide counters in vega-scenegraph: reset them before
// every render, and render one chart at a time so that concurrent charts cannot interleave.
let queue: Promise<unknown> = Promise.resolve();

/** @internal Compiles a Vega-Lite spec (plain JSON, data inlined) and renders it to an SVG string. */
export function renderSvg(spec: JsonValue): Promise<RenderedSvg> {
  const run = queue.then(() => renderNow(spec));
  queue = run.catch(() => undefined);
  return run;
}

async function renderNow(spec: JsonValue): Promise<RenderedSvg> {
  const { vega, vegaLite } = await loadVega();
  const warnings: string[] = [];
  const errors: string[] = [];
  const logger = collectingLogger(warnings, errors);
  let compiled;
  try {
    // A private copy: vega tags the data objects it ingests (Symbol(vega_id)).
    const copy = JSON.parse(JSON.stringify(spec)) as VegaLiteSpecArg;
    compiled = vegaLite.compile(copy, { logger }).spec;
  } catch (e) {
    throw new Error(`Invalid Vega-Lite spec: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  vega.resetSVGDefIds();
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logger, logLevel: WARN });
  try {
    const svg = await view.toSVG();
    if (errors.length > 0) throw new Error(`Vega could not render the chart: ${errors.join("; ")}`);
    return { svg, warnings };
  } finally {
    view.finalize();
  }
}
