import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as aq from "arquero";
import {
  chart, chartBundle, chartSpec, vegaLite, vegaLiteBundle, VEGA_LITE_MIME, VEGA_LITE_V5_SCHEMA,
} from "../../kernel-lib/src/notebook/Chart";
import { setDisplaySink, type DisplayMessage } from "../../kernel-lib/src/notebook/display";
import { stableStringify } from "../../kernel-lib/src/notebook/StableJson";

const lagRows = Array.from({ length: 12 }, (_, i) => ({ t: i * 100, lag: (i * 37) % 11, series: i % 3 === 0 ? "c" : i % 2 ? "a" : "b" }));

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

function svgOf(bundle: Record<string, unknown>): string {
  const svg = bundle["image/svg+xml"];
  expect(typeof svg).toBe("string");
  return svg as string;
}

describe("chart bundle", () => {
  it("has exactly the Vega-Lite v5, SVG and text/plain MIME types", async () => {
    const bundle = await chartBundle(lagRows, { x: "t", y: "lag", color: "series", title: "Consumer lag" });
    expect(Object.keys(bundle).sort()).toEqual(["application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"]);
  });

  it("puts the v5 $schema and the rows inline as data.values", async () => {
    const bundle = await chartBundle(lagRows, { x: "t", y: "lag", color: "series" });
    const spec = bundle[VEGA_LITE_MIME] as Record<string, unknown>;
    expect(spec.$schema).toBe("https://vega.github.io/schema/vega-lite/v5.json");
    expect(spec.data).toEqual({ values: lagRows });
    expect(spec.mark).toBe("line");
    expect(spec.encoding).toEqual({
      x: { field: "t", type: "quantitative" },
      y: { field: "lag", type: "quantitative" },
      color: { field: "series", type: "nominal" },
    });
  });

  it("serializes the spec with sorted keys, so key order in the input does not matter", async () => {
    const a = await vegaLiteBundle({ mark: "point", encoding: { y: { type: "quantitative", field: "lag" }, x: { field: "t", type: "quantitative" } } }, [{ t: 1, lag: 2 }]);
    const b = await vegaLiteBundle({ encoding: { x: { type: "quantitative", field: "t" }, y: { field: "lag", type: "quantitative" } }, mark: "point" }, [{ lag: 2, t: 1 }]);
    const json = JSON.stringify(a[VEGA_LITE_MIME]);
    expect(json).toBe(JSON.stringify(b[VEGA_LITE_MIME]));
    expect(json).toBe(stableStringify(a[VEGA_LITE_MIME]));
    expect(json.indexOf('"$schema"')).toBeLessThan(json.indexOf('"data"'));
    expect(json.indexOf('"data"')).toBeLessThan(json.indexOf('"encoding"'));
    expect(json).toContain('{"lag":2,"t":1}');
    expect(a["image/svg+xml"]).toBe(b["image/svg+xml"]);
  });

  it("renders an SVG with one bar per row", async () => {
    const rows = [{ partition: 0, size: 120 }, { partition: 1, size: 80 }, { partition: 2, size: 200 }, { partition: 3, size: 10 }, { partition: 4, size: 55 }];
    const bundle = await chartBundle(rows, { mark: "bar", x: "partition", y: "size" });
    const svg = svgOf(bundle);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain('<g class="mark-rect role-mark marks"');
    expect(count(svg, 'aria-roledescription="bar"')).toBe(rows.length);
    // numeric x of a bar chart is a category (partition numbers), one band per value
    expect((bundle[VEGA_LITE_MIME] as { encoding: { x: { type: string } } }).encoding.x.type).toBe("ordinal");
  });

  it("renders one line per series and one point per row", async () => {
    const svg = svgOf(await chartBundle(lagRows, { x: "t", y: "lag", color: "series", points: true }));
    expect(count(svg, 'aria-roledescription="line mark"')).toBe(3);
    expect(count(svg, 'aria-roledescription="point"')).toBe(lagRows.length);
  });

  it("gives byte-identical SVG across calls, also concurrent ones (clip ids are reset)", async () => {
    const spec = {
      mark: { type: "line", clip: true },
      encoding: { x: { field: "t", type: "quantitative", scale: { domain: [0, 500] } }, y: { field: "lag", type: "quantitative" } },
    };
    const first = svgOf(await vegaLiteBundle(spec, lagRows));
    const second = svgOf(await vegaLiteBundle(spec, lagRows));
    expect(first).toContain('clip-path="url(#clip1)"');
    expect(second).toBe(first);
    const [c1, c2] = await Promise.all([vegaLiteBundle(spec, lagRows), vegaLiteBundle(spec, lagRows)]);
    expect(svgOf(c1)).toBe(first);
    expect(svgOf(c2)).toBe(first);
    const again = await chartBundle(lagRows, { x: "t", y: "lag", color: "series", title: "Consumer lag" });
    const again2 = await chartBundle(lagRows, { x: "t", y: "lag", color: "series", title: "Consumer lag" });
    expect(stableStringify(again2)).toBe(stableStringify(again));
  });

  it("summarizes title, mark, rows and fields in text/plain", async () => {
    const bundle = await chartBundle(lagRows, { x: "t", y: "lag", color: "series", title: "Consumer lag" });
    expect(bundle["text/plain"]).toBe('Chart "Consumer lag": line, 12 rows, fields x=t, y=lag, color=series');
    const layered = await vegaLiteBundle({
      title: { text: "Layers" },
      layer: [
        { mark: "line", encoding: { x: { field: "t", type: "quantitative" }, y: { field: "lag", type: "quantitative" } } },
        { mark: { type: "rule" }, encoding: { y: { field: "limit", type: "quantitative" } }, data: { values: [{ limit: 5 }] } },
      ],
    }, lagRows);
    expect(layered["text/plain"]).toBe('Chart "Layers": line + rule, 13 rows, fields x=t, y=lag, y=limit');
  });

  it("takes an arquero table, in its column order", async () => {
    const dt = aq.table({ t: [0, 1, 2], lag: [5, 3, 1] });
    const bundle = await chartBundle(dt, { x: "t", y: "lag", mark: "point" });
    const spec = bundle[VEGA_LITE_MIME] as { data: { values: unknown[] } };
    expect(spec.data.values).toEqual([{ t: 0, lag: 5 }, { t: 1, lag: 3 }, { t: 2, lag: 1 }]);
    expect(count(svgOf(bundle), 'aria-roledescription="point"')).toBe(3);
    const viaSpec = await vegaLiteBundle({ data: { values: dt }, mark: "point", encoding: { x: { field: "t", type: "quantitative" } } });
    expect((viaSpec[VEGA_LITE_MIME] as { data: { values: unknown[] } }).data.values).toEqual(spec.data.values);
  });

  it("adds tooltips and options to the simple spec", () => {
    const spec = chartSpec([{ t: new Date(0), v: 1, s: "a" }], {
      x: "t", y: "v", color: "s", tooltip: true, interpolate: "step-after", points: true,
      yScale: { type: "log" }, yTitle: "bytes", width: 300, height: 100,
    });
    expect(spec.mark).toEqual({ type: "line", interpolate: "step-after", point: true });
    expect(spec.encoding).toEqual({
      x: { field: "t", type: "temporal", scale: { type: "utc" } },
      y: { field: "v", type: "quantitative", title: "bytes", scale: { type: "log" } },
      color: { field: "s", type: "nominal" },
      tooltip: [{ field: "t", type: "temporal" }, { field: "v", type: "quantitative", title: "bytes" }, { field: "s", type: "nominal" }],
    });
    expect([spec.width, spec.height]).toEqual([300, 100]);
  });

  it("draws empty data as empty axes", async () => {
    const bundle = await chartBundle([], { x: "t", y: "lag", color: "series" });
    expect(bundle["text/plain"]).toBe([
      "Chart: line, 0 rows, fields x=t, y=lag, color=series",
      'warning: Infinite extent for field "t": [Infinity, -Infinity]',
      'warning: Infinite extent for field "lag": [Infinity, -Infinity]',
    ].join("\n"));
    expect(svgOf(bundle)).toContain('aria-roledescription="axis"');
    expect(count(svgOf(bundle), 'aria-roledescription="line mark"')).toBe(0);
  });

  it("always emits the v5 $schema, whatever the spec said", async () => {
    const bundle = await vegaLiteBundle({ $schema: "https://vega.github.io/schema/vega-lite/v6.json", data: { values: [{ a: 1 }] }, mark: "point", encoding: { x: { field: "a", type: "quantitative" } } });
    expect((bundle[VEGA_LITE_MIME] as { $schema: string }).$schema).toBe(VEGA_LITE_V5_SCHEMA);
  });

  it("writes Dates as ISO strings and draws time axes in UTC", async () => {
    const rows = [{ t: new Date(1700000000000), v: 1 }, { t: new Date(1700003600000), v: 3 }];
    const bundle = await chartBundle(rows, { x: "t", y: "v" });
    const spec = bundle[VEGA_LITE_MIME] as { data: { values: unknown[] }; encoding: { x: unknown } };
    expect(spec.data.values).toEqual([{ t: "2023-11-14T22:13:20.000Z", v: 1 }, { t: "2023-11-14T23:13:20.000Z", v: 3 }]);
    expect(spec.encoding.x).toEqual({ field: "t", type: "temporal", scale: { type: "utc" } });
    // 22:15 UTC, whatever the machine's time zone
    expect(svgOf(bundle)).toContain(">10:15</text>");
  });

  it("refuses data by URL, unknown fields and bad options with clear errors", async () => {
    await expect(vegaLiteBundle({ data: { url: "data/lag.csv" }, mark: "point" })).rejects.toThrow(
      "Charts take inline data only: replace data.url with rows or an arquero table (data.values)");
    expect(() => chartSpec(lagRows, { x: "t", y: "lagg" })).toThrow('Unknown field "lagg" for y: the data has fields t, lag, series');
    expect(() => chartSpec(lagRows, { x: "t", y: "lag", mark: "pie" as never })).toThrow("Invalid value pie for chart option mark");
    expect(() => chartSpec(lagRows, { x: "t", y: "lag", width: -1 })).toThrow("Invalid value -1 for chart option width: must be a positive number");
    await expect(vegaLiteBundle({ layer: [{ mark: "pie" }] }, [{ a: 1 }])).rejects.toThrow(
      'Invalid mark type "pie" at layer[0].mark: expected one of arc, area, bar,');
    await expect(vegaLiteBundle({ mark: "point", encoding: { x: { field: "a", type: "quantitive" } } }, [{ a: 1 }])).rejects.toThrow(
      'Invalid value "quantitive" for encoding.x.type: expected one of quantitative, ordinal, nominal, temporal, geojson');
    await expect(vegaLiteBundle({ mark: "point", transform: [{ calculate: "datum.a +* 2", as: "b" }] }, [{ a: 1 }])).rejects.toThrow(
      "Invalid Vega-Lite spec: Unexpected token *");
  });

  it("reports vega-lite's warnings in text/plain instead of on stderr", async () => {
    const warn = vi.spyOn(console, "warn");
    const error = vi.spyOn(console, "error");
    const stderr = vi.spyOn(process.stderr, "write");
    const bundle = await vegaLiteBundle({ mark: "point", encoding: { x: { field: "a", type: "quantitative" } }, transform: [{ bogus: 1 }] }, [{ a: 1 }]);
    expect(bundle["text/plain"]).toBe('Chart: point, 1 row, fields x=a\nwarning: Ignoring an invalid transform: {"bogus":1}.');
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });
});

describe("chart call", () => {
  const got: { message: DisplayMessage; update: boolean }[] = [];
  beforeEach(() => {
    got.length = 0;
    setDisplaySink((message, update) => got.push({ message, update }));
  });
  afterEach(() => {
    setDisplaySink(null);
  });

  it("emits one display with the whole bundle and returns nothing (tslab would print a value)", async () => {
    const result = await chart(lagRows, { x: "t", y: "lag", color: "series", title: "Consumer lag" });
    expect(result).toBeUndefined();
    expect(got).toHaveLength(1);
    expect(got[0]!.update).toBe(false);
    expect(got[0]!.message.metadata).toEqual({});
    expect(got[0]!.message.transient).toEqual({});
    expect(got[0]!.message.data).toEqual(await chartBundle(lagRows, { x: "t", y: "lag", color: "series", title: "Consumer lag" }));
  });

  it("chart.spec is vegaLite: a full spec with inline data", async () => {
    expect(chart.spec).toBe(vegaLite);
    await chart.spec({ data: { values: [{ a: 1, b: 2 }, { a: 2, b: 4 }] }, mark: "bar", encoding: { x: { field: "a", type: "ordinal" }, y: { field: "b", type: "quantitative" } } });
    expect(got).toHaveLength(1);
    expect(count(got[0]!.message.data["image/svg+xml"] as string, 'aria-roledescription="bar"')).toBe(2);
  });
});
