// Charts: every chart goes out as ONE display bundle (DESIGN.md, Display):
// - application/vnd.vegalite.v5+json: the spec with the v5 $schema and its data inlined as
//   data.values, keys sorted. JupyterLab 4 renders it with its bundled vega-lite 5.6.1, not v6,
//   so specs must stay within Vega-Lite 5 features (toolchain facts);
// - image/svg+xml: the same spec rendered in Node, for exports and viewers without JavaScript
//   (a display with only the Vega-Lite MIME exports as text only);
// - text/plain: a one-line summary (title, mark, rows, fields).
// Loading vega is asynchronous (ESM-only packages), so charts are awaited: `await chart(...)`.
// The calls return nothing, because tslab prints a cell's last value to stdout.
import { display, type MimeBundle } from "./display";
import { canonicalJson, type JsonValue } from "./StableJson";
import { isTableLike, tableOf, type Row, type TableData } from "./TableLike";
import { renderSvg } from "./VegaRenderer";

export const VEGA_LITE_MIME = "application/vnd.vegalite.v5+json";
export const VEGA_LITE_V5_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** A Vega-Lite (v5) specification as plain JSON-like data. */
export interface VegaLiteSpec { [key: string]: unknown }

export type FieldType = "quantitative" | "ordinal" | "nominal" | "temporal";
export type ChartMark = "line" | "point" | "circle" | "square" | "bar" | "area" | "tick" | "rect" | "rule" | "trail";

export interface ScaleOptions {
  type?: "linear" | "log" | "pow" | "sqrt" | "symlog" | "utc" | "time" | "ordinal" | "band" | "point";
  zero?: boolean;
  nice?: boolean;
  domain?: readonly (number | string)[];
}

export interface ChartOptions {
  /** Field on the x axis. */
  x: string;
  /** Field on the y axis. */
  y: string;
  /** Field whose values pick the color (one line/series per value). */
  color?: string;
  /** Mark type (default "line"). */
  mark?: ChartMark;
  title?: string;
  xTitle?: string;
  yTitle?: string;
  colorTitle?: string;
  /** Field types; by default inferred from the data (numbers quantitative, except bar x: ordinal;
   * Dates temporal, in UTC; everything else nominal). */
  xType?: FieldType;
  yType?: FieldType;
  colorType?: FieldType;
  xScale?: ScaleOptions;
  yScale?: ScaleOptions;
  /** Line interpolation, e.g. "step-after" for values that hold until the next change. */
  interpolate?: "linear" | "step" | "step-before" | "step-after" | "monotone";
  /** Draw a point on every data value of a line or area. */
  points?: boolean;
  /** Show a tooltip with the row's x, y and color in JupyterLab. */
  tooltip?: boolean;
  /** Plot size in pixels (default 480 x 240). */
  width?: number;
  height?: number;
}

export const DEFAULT_CHART_WIDTH = 480;
export const DEFAULT_CHART_HEIGHT = 240;

const MARKS: readonly ChartMark[] = ["line", "point", "circle", "square", "bar", "area", "tick", "rect", "rule", "trail"];
const FIELD_TYPES: readonly FieldType[] = ["quantitative", "ordinal", "nominal", "temporal"];

function inferType(rows: readonly Row[], field: string, channel: "x" | "y" | "color", mark: ChartMark): FieldType {
  for (const row of rows) {
    const v = row[field];
    if (v === undefined || v === null) continue;
    if (typeof v === "number" || typeof v === "bigint") {
      if (channel === "color") return "nominal"; // series ids such as partition or broker numbers
      return channel === "x" && (mark === "bar" || mark === "rect") ? "ordinal" : "quantitative";
    }
    return v instanceof Date ? "temporal" : "nominal";
  }
  return channel === "color" ? "nominal" : "quantitative"; // no values: an empty axis
}

function checkField(field: unknown, channel: string, columns: readonly string[]): string {
  if (typeof field !== "string" || field === "") throw new TypeError(`Chart option ${channel} must name a field`);
  // No rows and no column list (an empty array): nothing to check against.
  if (columns.length > 0 && !columns.includes(field)) {
    throw new Error(`Unknown field "${field}" for ${channel}: the data has fields ${columns.length ? columns.join(", ") : "(none)"}`);
  }
  return field;
}

function checkType(type: FieldType | undefined, option: string): FieldType | undefined {
  if (type !== undefined && !FIELD_TYPES.includes(type)) {
    throw new Error(`Invalid value ${String(type)} for chart option ${option}: expected one of ${FIELD_TYPES.join(", ")}`);
  }
  return type;
}

function checkSize(value: number | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`Invalid value ${value} for chart option ${option}: must be a positive number`);
  return value;
}

function channel(field: string, type: FieldType, title: string | undefined, scale: ScaleOptions | undefined): Record<string, unknown> {
  const def: Record<string, unknown> = { field, type };
  if (title !== undefined) def.title = title;
  // Temporal axes in UTC: local time would make the SVG depend on the machine's time zone.
  const scaleDef: Record<string, unknown> = type === "temporal" ? { type: "utc" } : {};
  if (scale !== undefined) Object.assign(scaleDef, scale);
  if (Object.keys(scaleDef).length > 0) def.scale = scaleDef;
  return def;
}

/** The Vega-Lite spec `chart(data, options)` would show, for tweaking before `vegaLite(spec)`. */
export function chartSpec(data: TableData, options: ChartOptions): VegaLiteSpec {
  if (typeof options !== "object" || options === null) throw new TypeError("chart(data, options) needs options with at least x and y");
  const { rows, columns } = tableOf(data);
  const mark = options.mark ?? "line";
  if (!MARKS.includes(mark)) throw new Error(`Invalid value ${String(mark)} for chart option mark: expected one of ${MARKS.join(", ")}`);
  const x = checkField(options.x, "x", columns);
  const y = checkField(options.y, "y", columns);
  const encoding: Record<string, unknown> = {
    x: channel(x, checkType(options.xType, "xType") ?? inferType(rows, x, "x", mark), options.xTitle, options.xScale),
    y: channel(y, checkType(options.yType, "yType") ?? inferType(rows, y, "y", mark), options.yTitle, options.yScale),
  };
  const tooltip = [encoding.x, encoding.y];
  if (options.color !== undefined) {
    const color = checkField(options.color, "color", columns);
    encoding.color = channel(color, checkType(options.colorType, "colorType") ?? inferType(rows, color, "color", mark), options.colorTitle, undefined);
    tooltip.push(encoding.color);
  }
  if (options.tooltip) {
    encoding.tooltip = tooltip.map((c) => {
      const { scale: _scale, ...def } = c as Record<string, unknown>;
      return def;
    });
  }
  const markDef: Record<string, unknown> = { type: mark };
  if (options.interpolate !== undefined) markDef.interpolate = options.interpolate;
  if (options.points) markDef.point = true;
  const spec: VegaLiteSpec = {
    $schema: VEGA_LITE_V5_SCHEMA,
    data: { values: rows },
    mark: Object.keys(markDef).length === 1 ? mark : markDef,
    encoding,
    width: checkSize(options.width, "width", DEFAULT_CHART_WIDTH),
    height: checkSize(options.height, "height", DEFAULT_CHART_HEIGHT),
  };
  if (options.title !== undefined) spec.title = options.title;
  return spec;
}

// Data is inlined: a tslab cell has no URL to load from, and inline data is what makes the
// output reproducible. Arquero tables become rows.
function inlineData(data: unknown, where: string): unknown {
  if (typeof data !== "object" || data === null) return data;
  const d = data as Record<string, unknown>;
  if (d.url !== undefined) {
    throw new Error(`Charts take inline data only: replace ${where}.url with rows or an arquero table (data.values)`);
  }
  if (isTableLike(d.values)) return { ...d, values: d.values.objects() };
  return data;
}

function inlineAll(node: unknown, where: string): unknown {
  if (Array.isArray(node)) return node.map((v, i) => inlineAll(v, `${where}[${i}]`));
  if (typeof node !== "object" || node === null || isTableLike(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    const path = where === "" ? k : `${where}.${k}`;
    if (k === "data") out[k] = inlineData(v, path);
    else if (k === "datasets" && typeof v === "object" && v !== null) {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, vs]) => [name, isTableLike(vs) ? vs.objects() : vs]));
    } else out[k] = inlineAll(v, path);
  }
  return out;
}

// Vega-Lite 5 mark and field types. vega-lite's own errors for these are obscure
// ("Cannot read properties of undefined"), so they are checked here first.
const VEGA_LITE_MARKS = ["arc", "area", "bar", "image", "line", "point", "rect", "rule", "text", "tick", "trail",
  "circle", "square", "geoshape", "boxplot", "errorband", "errorbar"];
const VEGA_LITE_TYPES = ["quantitative", "ordinal", "nominal", "temporal", "geojson"];

function checkChannelDef(def: unknown, where: string): void {
  if (Array.isArray(def)) {
    def.forEach((d, i) => checkChannelDef(d, `${where}[${i}]`));
    return;
  }
  if (typeof def !== "object" || def === null) return;
  const type = (def as Record<string, unknown>).type;
  if (type !== undefined && !VEGA_LITE_TYPES.includes(type as string)) {
    throw new Error(`Invalid value ${JSON.stringify(type)} for ${where}.type: expected one of ${VEGA_LITE_TYPES.join(", ")}`);
  }
}

function checkSpec(node: JsonValue, where: string): void {
  if (Array.isArray(node)) {
    node.forEach((v, i) => checkSpec(v, `${where}[${i}]`));
    return;
  }
  if (node === null || typeof node !== "object") return;
  const mark = node.mark;
  if (mark !== undefined) {
    const type = mark !== null && typeof mark === "object" && !Array.isArray(mark) ? mark.type : mark;
    if (!VEGA_LITE_MARKS.includes(type as string)) {
      throw new Error(`Invalid mark type ${JSON.stringify(type)} at ${where === "" ? "mark" : `${where}.mark`}: expected one of ${VEGA_LITE_MARKS.join(", ")}`);
    }
  }
  const encoding = node.encoding;
  if (encoding !== null && typeof encoding === "object" && !Array.isArray(encoding)) {
    for (const [ch, def] of Object.entries(encoding)) checkChannelDef(def, `${where === "" ? "" : `${where}.`}encoding.${ch}`);
  }
  for (const key of ["layer", "hconcat", "vconcat", "concat", "spec"]) {
    const child = node[key];
    if (child !== undefined) checkSpec(child, where === "" ? key : `${where}.${key}`);
  }
}

/** The spec as it goes out: data inlined, v5 $schema, plain JSON with sorted keys. */
function normalizeSpec(spec: VegaLiteSpec, data?: TableData): { [key: string]: JsonValue } {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) throw new TypeError("A Vega-Lite spec must be an object");
  const withData: Record<string, unknown> = data === undefined ? { ...spec } : { ...spec, data: { values: tableOf(data).rows } };
  const inlined = inlineAll(withData, "") as Record<string, unknown>;
  inlined.$schema = VEGA_LITE_V5_SCHEMA;
  const json = canonicalJson(inlined) as { [key: string]: JsonValue };
  checkSpec(json, "");
  return json;
}

// --- text/plain summary -------------------------------------------------------------------

function titleOf(title: JsonValue | undefined): string | undefined {
  if (typeof title === "string") return title;
  if (Array.isArray(title)) return title.map(String).join(" ");
  if (title !== null && typeof title === "object") return titleOf(title.text);
  return undefined;
}

function collect(node: JsonValue, marks: string[], fields: string[], rows: { n: number }): void {
  if (Array.isArray(node)) {
    for (const v of node) collect(v, marks, fields, rows);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const mark = node.mark;
  const markType = typeof mark === "string" ? mark : mark !== null && typeof mark === "object" && !Array.isArray(mark) ? mark.type : undefined;
  if (typeof markType === "string" && !marks.includes(markType)) marks.push(markType);
  const data = node.data;
  if (data !== null && typeof data === "object" && !Array.isArray(data) && Array.isArray(data.values)) rows.n += data.values.length;
  const datasets = node.datasets;
  if (datasets !== null && typeof datasets === "object" && !Array.isArray(datasets)) {
    for (const vs of Object.values(datasets)) if (Array.isArray(vs)) rows.n += vs.length;
  }
  const encoding = node.encoding;
  if (encoding !== null && typeof encoding === "object" && !Array.isArray(encoding)) {
    for (const [ch, def] of Object.entries(encoding)) {
      if (def !== null && typeof def === "object" && !Array.isArray(def) && typeof def.field === "string") {
        const entry = `${ch}=${def.field}`;
        if (!fields.includes(entry)) fields.push(entry);
      }
    }
  }
  for (const key of ["layer", "hconcat", "vconcat", "concat", "spec"]) {
    const child = node[key];
    if (child !== undefined) collect(child, marks, fields, rows);
  }
}

const CHANNEL_ORDER = ["x", "x2", "y", "y2", "color", "fill", "stroke", "shape", "size", "opacity", "strokeDash",
  "row", "column", "facet", "text", "tooltip", "detail", "order"];

function summary(spec: { [key: string]: JsonValue }, warnings: readonly string[]): string {
  const marks: string[] = [];
  const fields: string[] = [];
  const rows = { n: 0 };
  collect(spec, marks, fields, rows);
  // Keys were sorted for the JSON; list the channels in reading order instead.
  const rank = (entry: string): number => {
    const i = CHANNEL_ORDER.indexOf(entry.slice(0, entry.indexOf("=")));
    return i < 0 ? CHANNEL_ORDER.length : i;
  };
  fields.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const title = titleOf(spec.title);
  const parts = [
    marks.length ? marks.join(" + ") : "no mark",
    `${rows.n} row${rows.n === 1 ? "" : "s"}`,
    fields.length ? `fields ${fields.join(", ")}` : "no fields",
  ];
  const lines = [`Chart${title !== undefined ? ` "${title}"` : ""}: ${parts.join(", ")}`];
  for (const w of warnings) lines.push(`warning: ${w}`);
  return lines.join("\n");
}

// --- bundles and calls ----------------------------------------------------------------------

/** The display bundle for a full Vega-Lite spec (optionally with its data), without showing it. */
export async function vegaLiteBundle(spec: VegaLiteSpec, data?: TableData): Promise<MimeBundle> {
  const normalized = normalizeSpec(spec, data);
  const { svg, warnings } = await renderSvg(normalized);
  return { [VEGA_LITE_MIME]: normalized, "image/svg+xml": svg, "text/plain": summary(normalized, warnings) };
}

/** The display bundle `chart(data, options)` shows, without showing it. */
export function chartBundle(data: TableData, options: ChartOptions): Promise<MimeBundle> {
  return vegaLiteBundle(chartSpec(data, options));
}

/** Shows a full Vega-Lite (v5) spec; `data`, if given, replaces the spec's data. */
export async function vegaLite(spec: VegaLiteSpec, data?: TableData): Promise<void> {
  display(await vegaLiteBundle(spec, data));
}

/**
 * Shows rows (an arquero table or an array of row objects) as a simple chart:
 * `await chart(rows, { mark: "line", x: "t", y: "lag", color: "series", title: "Consumer lag" })`.
 * `chart.spec(spec)` shows a full Vega-Lite spec.
 */
export async function chart(data: TableData, options: ChartOptions): Promise<void> {
  display(await chartBundle(data, options));
}
chart.spec = vegaLite;
