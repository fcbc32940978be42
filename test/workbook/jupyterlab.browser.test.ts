// The learner's path, in a real browser: JupyterLab 4 from the project's venv, a notebook opened and
// run with Run → Run All Cells in headless Chromium, and a Vega-Lite chart rendered by JupyterLab itself
// (its bundled Vega-Lite 5 renderer, from the application/vnd.vegalite.v5+json output).
//
// Target notebook: $WORKBOOK_BROWSER_NOTEBOOK, else notebooks/00-start-here.ipynb when it exists
// (it needs the built library: `npm run build`), else the chart fixture. A copy is opened, so
// JupyterLab's autosave cannot touch the original.
// Chromium: $CHROMIUM_PATH, the one setup.mjs found, or /usr/bin/chromium. Without one the test is
// skipped — except under CI=true, where a missing browser fails it.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative, resolve } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JupyterServer } from "./JupyterServer";
import { normalizeNotebook, readNotebook, writeNotebook } from "./NotebookFile";
import { fixturesDir, makeTempDir } from "./TestNotebooks";
import { notebooksDir, projectRoot, workbookEnv } from "./paths";

function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, safeEnvChromium(), "/usr/bin/chromium"];
  return candidates.find((p): p is string => Boolean(p && existsSync(p))) ?? null;
}

function safeEnvChromium(): string | null {
  try {
    return workbookEnv().chromium;
  } catch {
    return null;
  }
}

const VEGA_LITE = "application/vnd.vegalite.v5+json";

/** How many Vega-Lite outputs a notebook has stored (the charts JupyterLab must draw when it runs it). */
function storedCharts(path: string): number {
  return readNotebook(path).cells.reduce((n, cell) =>
    n + (cell.cell_type === "code" ? cell.outputs.filter((o) => o.output_type === "display_data" && VEGA_LITE in o.data).length : 0), 0);
}

/** $WORKBOOK_BROWSER_NOTEBOOK, else every notebook of the workbook that draws charts (the fixture if none does). */
function targetNotebooks(): string[] {
  if (process.env.WORKBOOK_BROWSER_NOTEBOOK) return [resolve(projectRoot, process.env.WORKBOOK_BROWSER_NOTEBOOK)];
  const withCharts = existsSync(notebooksDir)
    ? readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb")).sort().map((f) => join(notebooksDir, f)).filter((f) => storedCharts(f) > 0)
    : [];
  return withCharts.length > 0 ? withCharts : [join(fixturesDir, "chart.ipynb")];
}

const browser = chromiumPath();
const inCI = Boolean(process.env.CI) && process.env.CI !== "false";
if (!browser && !inCI) {
  console.warn("jupyterlab.browser.test: SKIPPED — no Chromium (install it: apt-get install chromium, or set CHROMIUM_PATH; `npm run setup -- --browser` does it as root).");
}

describe.skipIf(!browser && !inCI)("JupyterLab in a real browser", { timeout: 240_000 }, () => {
  let server: JupyterServer | undefined;
  let context: BrowserContext | undefined;
  let tmp: ReturnType<typeof makeTempDir> | undefined;
  let profile: string | undefined;

  beforeAll(async () => {
    if (!browser) return; // CI without a browser: the test below fails with the reason
    tmp = makeTempDir("browser");
    profile = mkdtempSync(join(tmpdir(), "kafkalab-chromium-"));
    // allow_hidden: the copy lives under .vitest-tmp/, which Jupyter's contents API hides by default.
    server = await JupyterServer.start({ app: "lab", logName: "test-jupyterlab.log", extraArgs: ["--ContentsManager.allow_hidden=True"] });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: browser,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width: 1400, height: 1000 },
    });
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await server?.stop();
    tmp?.remove();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  for (const source of targetNotebooks()) {
    const name = basename(source, ".ipynb");
    const expected = Math.max(1, storedCharts(source));
    it(`runs every cell of ${name} and renders its ${expected} Vega-Lite chart(s) natively`, async () => {
      if (!browser) throw new Error("CI is set but no Chromium was found (/usr/bin/chromium or CHROMIUM_PATH): run `npm run setup -- --browser` as root, or apt-get install chromium");
      const copy = join(tmp!.dir, basename(source));
      // The copy lives in the project (the server's root, where node_modules resolve) and names the tslab kernel.
      writeNotebook(copy, normalizeNotebook(readNotebook(source), source));
      const rel = relative(projectRoot, copy).split("\\").join("/");

      const page = await context!.newPage();
      // Page errors are reported with a failure, not asserted: JupyterLab's debugger extension throws
      // "No active debugger session" for kernels without debugging support, such as tslab.
      const pageErrors: string[] = [];
      page.on("pageerror", (e) => pageErrors.push(e.message));
      const logsDir = workbookEnv().logsDir;
      mkdirSync(logsDir, { recursive: true });
      const screenshot = join(logsDir, `jupyterlab-browser-${name}.png`);
      try {
        await page.goto(server!.urlWithToken(`lab/tree/${rel}?reset`), { waitUntil: "domcontentloaded" });
        const notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)");
        await notebook.locator(".jp-Notebook-cell").first().waitFor({ timeout: 90_000 });
        await kernelIdle(page, 90_000);

        await page.locator(".lm-MenuBar-item", { hasText: /^Run$/ }).click();
        await page.locator(".lm-Menu-item:not(.lm-mod-disabled)", { hasText: "Run All Cells" }).first().click();

        // JupyterLab's own Vega-Lite renderer (@jupyterlab/vega5-extension, through vega-embed) draws
        // into an svg or a canvas. (Its output node carries no data-mime-type attribute; its class names it.)
        const charts = notebook.locator(".jp-OutputArea-output.jp-RenderedVegaLite .vega-embed");
        const chart = charts.first();
        await chart.locator("svg, canvas").first().waitFor({ timeout: 120_000 });
        await waitForAllCellsRun(page, 180_000);
        await kernelIdle(page, 30_000);
        // Every chart the stored notebook has, drawn by JupyterLab itself (not the stored SVG).
        expect(await notebook.locator(".jp-OutputArea-output.jp-RenderedVegaLite .vega-embed :is(svg, canvas)").count()).toBeGreaterThanOrEqual(expected);
        expect(await charts.count()).toBe(expected);
        await chart.scrollIntoViewIfNeeded();
        // The chart itself: JupyterLab 4 virtualizes the notebook, so a page screenshot may catch an empty viewport.
        await chart.screenshot({ path: screenshot });

        const box = await chart.boundingBox();
        expect(box && box.width > 50 && box.height > 20).toBe(true);
        expect(await notebook.locator(".jp-mod-executed-error, .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']").count()).toBe(0);
      } catch (e) {
        await page.screenshot({ path: screenshot, fullPage: false }).catch(() => undefined);
        throw new Error(`${(e as Error).message}\nScreenshot: ${screenshot}\nJupyterLab log: ${server!.logFile}\nPage errors: ${JSON.stringify(pageErrors)}`);
      } finally {
        await page.close().catch(() => undefined);
      }
    });
  }
});

// Page-side predicates are strings: the project's TypeScript has no DOM types (lib ES2023).

/** The notebook's tslab kernel is connected and idle (the indicator also says "idle" before any kernel exists). */
async function kernelIdle(page: Page, timeout: number): Promise<void> {
  await page.waitForFunction(
    `(() => {
      const panel = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden)");
      const kernelName = panel?.querySelector(".jp-KernelName")?.textContent ?? "";
      const status = panel?.querySelector(".jp-Notebook-ExecutionIndicator")?.getAttribute("data-status");
      return kernelName.includes("TypeScript") && status === "idle";
    })()`,
    undefined,
    { timeout, polling: 250 },
  );
}

/** Every code cell shows an execution count ([n], not [*] or [ ]). */
async function waitForAllCellsRun(page: Page, timeout: number): Promise<void> {
  await page.waitForFunction(
    `(() => {
      const prompts = [...document.querySelectorAll(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt")];
      return prompts.length > 0 && prompts.every((p) => /\\[\\d+\\]/.test(p.textContent ?? ""));
    })()`,
    undefined,
    { timeout, polling: 250 },
  );
}
