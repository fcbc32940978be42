import { afterEach, describe, expect, it } from "vitest";
import * as aq from "arquero";
import { table, tableBundle } from "../../kernel-lib/src/notebook/Table";
import { formatCell, formatNumber } from "../../kernel-lib/src/notebook/CellFormat";
import { setDisplaySink, type DisplayMessage } from "../../kernel-lib/src/notebook/display";
import { textWidth } from "../../kernel-lib/src/notebook/TextWidth";

const partitions = [
  { topic: "orders", partition: 0, leader: 1, isr: "1,2,3", logEndOffset: 1048576 },
  { topic: "orders", partition: 1, leader: 2, isr: "2,3", logEndOffset: 42 },
  { topic: "payments-eu", partition: 10, leader: 3, isr: "3", logEndOffset: 7 },
];

describe("table text/plain", () => {
  it("aligns columns: text to the left, numbers to the right", () => {
    const { "text/plain": text } = tableBundle(partitions, { caption: "Topic partitions" });
    expect(text).toBe([
      "Topic partitions",
      "topic        partition  leader  isr    logEndOffset",
      "-----------  ---------  ------  -----  ------------",
      "orders               0       1  1,2,3       1048576",
      "orders               1       2  2,3              42",
      "payments-eu         10       3  3                 7",
    ].join("\n"));
  });

  it("counts wide (Chinese) characters as two columns", () => {
    const text = tableBundle([{ term: "副本", en: "replica" }, { term: "ISR", en: "in-sync replicas" }])["text/plain"];
    expect(text).toBe([
      "term  en",
      "----  ----------------",
      "副本  replica",
      "ISR   in-sync replicas",
    ].join("\n"));
    expect(textWidth("高水位 HW")).toBe(9);
  });

  it("follows the column order, formats and row limit asked for", () => {
    const text = tableBundle(partitions, {
      columns: ["logEndOffset", "partition"],
      formats: { logEndOffset: "thousands" },
      maxRows: 2,
    })["text/plain"];
    expect(text).toBe([
      "logEndOffset  partition",
      "------------  ---------",
      "   1,048,576          0",
      "          42          1",
      "... 1 more row",
    ].join("\n"));
  });

  it("shows null as null, missing as empty, and escapes control characters", () => {
    const text = tableBundle([{ key: null, value: "a\nb\tc" }, { value: "x" }])["text/plain"];
    expect(text).toBe([
      "key   value",
      "----  -------",
      "null  a\\nb\\tc",
      "      x",
    ].join("\n"));
  });

  it("takes an arquero table in its column order", () => {
    const dt = aq.table({ b: [2, 1], a: ["x", "y"] });
    expect(tableBundle(dt)["text/plain"]).toBe(["b  a", "-  -", "2  x", "1  y"].join("\n"));
  });
});

describe("table text/html", () => {
  it("escapes cell text, so a <script> in a record value stays text", () => {
    const { "text/html": html } = tableBundle(
      [{ key: "<script>alert(1)</script>", value: `"quoted" & 'single'` }],
      { caption: "<b>caption</b>" },
    );
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&quot;quoted&quot; &amp; &#39;single&#39;");
    expect(html).toContain("<caption>&lt;b&gt;caption&lt;/b&gt;</caption>");
  });

  it("is a plain table with a header row and one row per record, nothing loaded from the network", () => {
    const { "text/html": html } = tableBundle(partitions, { maxRows: 2 }) as { "text/html": string };
    expect(html.startsWith('<table class="kafkalab-table">')).toBe(true);
    expect(html.endsWith("</table>")).toBe(true);
    expect(html.split("<th ").length - 1).toBe(5);
    expect(html.split("<tr>").length - 1).toBe(1 + 2 + 1); // header, 2 rows, "... 1 more row"
    expect(html).toContain('<td style="text-align: right">1048576</td>');
    expect(html).toContain('<td colspan="5">... 1 more row</td>');
    expect(html).not.toMatch(/https?:|<link|<style|<script/);
  });
});

describe("cell formats", () => {
  it("are fixed and locale-independent", () => {
    expect(formatNumber(3)).toBe("3");
    expect(formatNumber(-0)).toBe("0");
    expect(formatNumber(Math.PI)).toBe("3.14159");
    expect(formatNumber(0.1 + 0.2)).toBe("0.3");
    expect(formatCell(Math.PI, 2)).toBe("3.14");
    expect(formatCell(1234567.89, "thousands")).toBe("1,234,568");
    expect(formatCell(-1234, "thousands")).toBe("-1,234");
    expect(formatCell(0.125, "percent")).toBe("12.5%");
    expect(formatCell(512, "bytes")).toBe("512 B");
    expect(formatCell(1536, "bytes")).toBe("1.5 KiB");
    expect(formatCell(1073741824, "bytes")).toBe("1.0 GiB");
    expect(formatCell(2.5, "integer")).toBe("3");
    expect(formatCell(10n)).toBe("10");
    expect(formatCell(null)).toBe("null");
    expect(formatCell(undefined)).toBe("");
    expect(formatCell(new Date(1700000000000))).toBe("2023-11-14T22:13:20.000Z");
    expect(formatCell(Buffer.from("value-1"))).toBe("value-1");
    expect(formatCell({ b: 1, a: [1, 2] })).toBe('{"a":[1,2],"b":1}');
    expect(formatCell({ toString: () => "orders-0" })).toBe("orders-0");
    expect(formatCell(7, (v) => `#${String(v)}`)).toBe("#7");
  });
});

describe("table call", () => {
  afterEach(() => {
    setDisplaySink(null);
  });

  it("emits one display with text/html and text/plain and returns nothing", () => {
    const got: DisplayMessage[] = [];
    setDisplaySink((m) => got.push(m));
    expect(table(partitions)).toBeUndefined();
    expect(got).toHaveLength(1);
    expect(Object.keys(got[0]!.data).sort()).toEqual(["text/html", "text/plain"]);
    expect(got[0]!.data).toEqual(tableBundle(partitions));
  });
});
