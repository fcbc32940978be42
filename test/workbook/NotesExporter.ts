// `export`: executed notebooks → study notes in notes/ (git-ignored), with nbconvert 7 from the venv:
//   notes/<name>.html  — JupyterLab's look, charts as inline SVG images, nothing loaded from the network
//                        (templates/kafkalab-notes drops the CDN scripts of nbconvert's lab template);
//   notes/<name>.md    — Markdown, with the SVG charts written to notes/<name>_files/.
// A display bundle with a Vega-Lite spec also carries image/svg+xml (the display contract); nbconvert's
// display priority has no Vega-Lite entry, so the SVG is what the notes show, and no vega script is added.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { jupyterBinary, jupyterProcessEnv, notesDir, projectRoot, templatesDir } from "./paths";

export const NOTES_TEMPLATE = "kafkalab-notes";

export interface ExportOptions {
  outputDir?: string;
  log?: (line: string) => void;
}

export interface ExportResult {
  notebook: string;
  html: string;
  markdown: string;
}

function runNbconvert(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(jupyterBinary("jupyterNbconvert"), args, { cwd: projectRoot, env: jupyterProcessEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`jupyter nbconvert ${args.slice(0, 2).join(" ")} failed (exit ${code}):\n${output}`))));
  });
}

/**
 * Script and stylesheet references that would need the network: <script src=http…>, <link href=http…>,
 * CSS @import/url() of http(s) URLs, and ES module imports of URLs.
 */
export function remoteReferences(html: string): string[] {
  const patterns = [
    /<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?\/\/[^"'\s>]+/gi,
    /<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?\/\/[^"'\s>]+/gi,
    /@import\s+(?:url\()?\s*["']?(?:https?:)?\/\/[^"')\s]+/gi,
    /\bimport\s*\(\s*["'](?:https?:)?\/\/[^"']+/gi,
    /<(?:img|iframe|embed|source)\b[^>]*\bsrc\s*=\s*["']?https?:\/\/[^"'\s>]+/gi,
  ];
  return patterns.flatMap((p) => html.match(p) ?? []);
}

/** Exports the notebooks (already executed) to HTML and Markdown notes. */
export async function exportNotes(notebooks: readonly string[], opts: ExportOptions = {}): Promise<ExportResult[]> {
  if (notebooks.length === 0) return [];
  const outputDir = opts.outputDir ?? notesDir;
  mkdirSync(outputDir, { recursive: true });
  const common = ["--output-dir", outputDir, "--log-level=WARN"];
  // Two independent Python processes: run them side by side.
  await Promise.all([runNbconvert([
    "--to", "html",
    `--TemplateExporter.extra_template_basedirs=${templatesDir}`,
    "--template", NOTES_TEMPLATE,
    // Images referenced from Markdown cells go into the page too: the notes are one self-contained file.
    "--HTMLExporter.embed_images=True",
    ...common,
    ...notebooks,
  ]), runNbconvert(["--to", "markdown", ...common, ...notebooks])]);
  const results: ExportResult[] = [];
  for (const notebook of notebooks) {
    const stem = basename(notebook).replace(/\.ipynb$/, "");
    const html = join(outputDir, `${stem}.html`);
    const markdown = join(outputDir, `${stem}.md`);
    if (!existsSync(html) || !existsSync(markdown)) throw new Error(`nbconvert did not write ${html} and ${markdown}`);
    const remote = remoteReferences(readFileSync(html, "utf8"));
    if (remote.length > 0) throw new Error(`${html} would load from the network (notes must open offline):\n  ${remote.join("\n  ")}`);
    results.push({ notebook, html, markdown });
    opts.log?.(`notes ${stem}: ${html}, ${markdown}`);
  }
  return results;
}
