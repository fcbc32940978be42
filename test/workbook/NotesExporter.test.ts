// Study notes export: a real run (Jupyter server + tslab) and a real nbconvert 7 export.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JupyterServer } from "./JupyterServer";
import { readNotebook } from "./NotebookFile";
import { runNotebook } from "./NotebookRunner";
import { exportNotes, remoteReferences } from "./NotesExporter";
import { codeCell, copyFixture, makeTempDir } from "./TestNotebooks";
import { notebooksDir } from "./paths";

describe("remoteReferences", () => {
  it("finds scripts, stylesheets, imports and images loaded from the network", () => {
    const html = [
      '<script src="https://cdn.jsdelivr.net/npm/requirejs@2/require.min.js"></script>',
      "<script src='//cdn.example.org/x.js'></script>",
      '<link rel="stylesheet" href="http://fonts.example.org/a.css">',
      "<style>@import url(https://fonts.googleapis.com/css?family=Roboto);</style>",
      '<script type="module">const m = await import("https://cdnjs.cloudflare.com/mermaid.mjs");</script>',
      '<img src="https://example.org/chart.png">',
    ].join("\n");
    expect(remoteReferences(html)).toHaveLength(6);
  });
  it("accepts local and inline content, and links that are only links", () => {
    const html = [
      "<script>var x = 1;</script>",
      '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
      '<a href="https://kafka.apache.org/documentation/">Kafka docs</a>',
      '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
      '<link rel="stylesheet" href="notes.css">',
    ].join("\n");
    expect(remoteReferences(html)).toEqual([]);
  });
});

describe("notes export (nbconvert 7)", { timeout: 120_000 }, () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let notebook: string;
  let svg: string;

  beforeAll(async () => {
    tmp = makeTempDir("export");
    notebook = copyFixture("chart.ipynb", tmp.dir);
    const server = await JupyterServer.start({ logName: "test-export.log" });
    try {
      const run = await runNotebook(server, notebook);
      if (!run.ok) throw new Error(run.message);
    } finally {
      await server.stop();
    }
    const bundle = codeCell(readNotebook(notebook), "lastWriteDisplayData").outputs[0];
    if (bundle.output_type !== "display_data") throw new Error("fixture changed: expected a display bundle");
    svg = bundle.data["image/svg+xml"] as string;
  });
  afterAll(() => tmp?.remove());

  it("writes HTML notes that show the chart's SVG and load nothing from the network, and Markdown notes", async () => {
    const notes = join(tmp.dir, "notes");
    const [result] = await exportNotes([notebook], { outputDir: notes });
    expect(result.html).toBe(join(notes, "chart.html"));
    const html = readFileSync(result.html, "utf8");

    // The chart: the SVG from the display bundle, inline (nbconvert 7 embeds it as a data: URI image).
    const images = [...html.matchAll(/data-mime-type="image\/svg\+xml"[^>]*>\s*<img [^>]*src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)"/g)];
    expect(images).toHaveLength(1);
    expect(Buffer.from(images[0][1], "base64").toString("utf8")).toBe(svg);
    // The Vega-Lite spec is not rendered with a script: the SVG wins the display priority.
    expect(html).not.toContain('data-mime-type="application/vnd.vegalite.v5+json"');
    expect(html).not.toMatch(/vega(-lite|-embed)?(\.min)?\.js/);

    // Offline: no script, stylesheet or module import from the network.
    expect(html).not.toMatch(/<script[^>]*src="https?:/);
    expect(html).not.toMatch(/<link[^>]*href="https?:/);
    expect(html).not.toContain('src="https://');
    expect(html).not.toContain("require.min.js");
    expect(html).not.toContain("MathJax");
    expect(remoteReferences(html)).toEqual([]);
    expect(html).toMatch(/<pre>done\s*<\/pre>/); // the stream output of the last cell

    // Markdown notes, with the SVG written next to them.
    const md = readFileSync(result.markdown, "utf8");
    expect(md).toContain("# A chart");
    expect(md).toMatch(/!\[svg\]\(chart_files\/chart_\d+_\d+\.svg\)/);
    const files = readdirSync(join(notes, "chart_files"));
    expect(files).toHaveLength(1);
    expect(readFileSync(join(notes, "chart_files", files[0]), "utf8")).toBe(svg);
    expect(existsSync(join(notes, "chart.md"))).toBe(true);
  });
});

// The main job's promise for the real workbook: `npm start` exports notes/00-start-here.html with the
// chart as an embedded SVG and nothing loaded from the network. Exported here from the stored,
// checked outputs into a temporary folder (notes/ itself belongs to the user).
describe("study notes of notebooks/00-start-here.ipynb", { timeout: 120_000 }, () => {
  it("show every stored chart as an embedded SVG and reference nothing remote", async () => {
    const tmp = makeTempDir("export-start-here");
    try {
      const notebook = join(notebooksDir, "00-start-here.ipynb");
      const storedSvgs = readNotebook(notebook).cells.flatMap((cell) =>
        cell.cell_type === "code"
          ? cell.outputs.flatMap((o) => (o.output_type === "display_data" && typeof o.data["image/svg+xml"] === "string" ? [o.data["image/svg+xml"] as string] : []))
          : []);
      expect(storedSvgs.length).toBeGreaterThan(0);

      const [result] = await exportNotes([notebook], { outputDir: join(tmp.dir, "notes") });
      const html = readFileSync(result.html, "utf8");
      const embedded = [...html.matchAll(/src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)"/g)]
        .map((m) => Buffer.from(m[1], "base64").toString("utf8"));
      for (const svg of storedSvgs) expect(embedded).toContain(svg);
      expect(remoteReferences(html)).toEqual([]);
      expect(html).not.toMatch(/<script[^>]*src=/);
    } finally {
      tmp.remove();
    }
  });
});
