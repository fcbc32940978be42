// The workbook's command line (package.json scripts call it through tsx):
//   run    [notebooks…]                      execute notebooks in fresh tslab kernels, store their outputs
//   check  [notebooks…] [--lax] [--sanitize-with file]   re-execute and compare with the stored outputs
//   export [notebooks…]                      study notes (HTML + Markdown) into notes/, without running
//   start                                    run every notebook, then export the notes
//   lab                                      JupyterLab on notebooks/ (Ctrl-C stops it)
// Notebooks default to every notebooks/*.ipynb, in name order.
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { JupyterServer } from "./JupyterServer";
import { runLab } from "./JupyterLab";
import { checkNotebooks, summaryLine } from "./NotebookChecker";
import { displayPath, runNotebooks } from "./NotebookRunner";
import { exportNotes } from "./NotesExporter";
import { loadSanitizeFile } from "./Sanitizer";
import { defaultSanitizeFile, notebooksDir, projectRoot } from "./paths";

const USAGE = `usage: tsx test/workbook/cli.ts <command> [options] [notebooks…]

commands:
  run [notebooks…]      execute notebooks (fresh tslab kernel each) and store their outputs
  check [notebooks…]    re-execute and compare every output with the stored one (nbval-style)
  export [notebooks…]   write study notes notes/<name>.html and notes/<name>.md (no execution)
  start                 run every notebook, then export the notes
  lab                   start JupyterLab on notebooks/ (Ctrl-C to stop)

options:
  --lax                 check: compare only cells tagged nbval-check-output (all cells still run)
  --sanitize-with FILE  check: nbval sanitizer file (default test/workbook/sanitize.cfg)
  --timeout SECONDS     per-cell timeout (default 300)

Notebooks default to notebooks/*.ipynb. Cell tags honoured: nbval-skip, nbval-ignore-output,
nbval-check-output, raises-exception.`;

interface Args {
  command: string;
  files: string[];
  lax: boolean;
  sanitizeWith: string | null;
  timeoutMs: number;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const args: Args = { command: argv[0] ?? "", files: [], lax: false, sanitizeWith: null, timeoutMs: 300_000 };
  // npm runs scripts from the package root; INIT_CWD is where the user typed the command.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--lax") args.lax = true;
    else if (a === "--sanitize-with") args.sanitizeWith = resolve(cwd, argv[++i] ?? "");
    else if (a.startsWith("--sanitize-with=")) args.sanitizeWith = resolve(cwd, a.slice("--sanitize-with=".length));
    else if (a === "--timeout" || a.startsWith("--timeout=")) {
      const value = Number(a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i]);
      if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--timeout needs a number of seconds`);
      args.timeoutMs = value * 1000;
    } else if (a === "-h" || a === "--help") args.command = "help";
    else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}`);
    else args.files.push(resolve(cwd, a));
  }
  return args;
}

function notebooksFrom(files: string[]): string[] {
  if (files.length > 0) {
    for (const f of files) {
      if (!existsSync(f)) throw new UsageError(`no such notebook: ${f}`);
      if (!f.endsWith(".ipynb")) throw new UsageError(`not a notebook (.ipynb): ${f}`);
    }
    return files;
  }
  if (!existsSync(notebooksDir)) return [];
  return readdirSync(notebooksDir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => join(notebooksDir, f));
}

/** Runs `fn` with one Jupyter server, stopped afterwards — also on Ctrl-C. */
async function withServer<T>(fn: (server: JupyterServer) => Promise<T>): Promise<T> {
  const server = await JupyterServer.start({ rootDir: projectRoot, logName: "jupyter-server.log" });
  const interrupted = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping the Jupyter server…\n`);
    void server.stop().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    return await fn(server);
  } finally {
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
    await server.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const log = (line: string) => process.stdout.write(line + "\n");
  switch (args.command) {
    case "run": {
      const notebooks = notebooksFrom(args.files);
      if (notebooks.length === 0) log(`no notebooks in ${displayPath(notebooksDir)}/`);
      const results = notebooks.length ? await withServer((server) => runNotebooks(server, notebooks, { cellTimeoutMs: args.timeoutMs, log })) : [];
      log(summaryLine(results));
      return results.every((r) => r.ok) ? 0 : 1;
    }
    case "check": {
      const notebooks = notebooksFrom(args.files);
      const sanitizeFile = args.sanitizeWith ?? defaultSanitizeFile;
      if (!existsSync(sanitizeFile)) throw new UsageError(`no such sanitizer file: ${sanitizeFile}`);
      const sanitize = loadSanitizeFile(sanitizeFile);
      if (notebooks.length === 0) log(`no notebooks in ${displayPath(notebooksDir)}/`);
      const results = notebooks.length
        ? await withServer((server) => checkNotebooks(server, notebooks, { lax: args.lax, sanitize, cellTimeoutMs: args.timeoutMs, log }))
        : [];
      log(summaryLine(results));
      return results.every((r) => r.passed) ? 0 : 1;
    }
    case "export": {
      const notebooks = notebooksFrom(args.files);
      if (notebooks.length === 0) log(`no notebooks in ${displayPath(notebooksDir)}/`);
      await exportNotes(notebooks, { log });
      return 0;
    }
    case "start": {
      const notebooks = notebooksFrom(args.files);
      if (notebooks.length === 0) {
        log(`no notebooks in ${displayPath(notebooksDir)}/`);
        return 0;
      }
      const results = await withServer((server) => runNotebooks(server, notebooks, { cellTimeoutMs: args.timeoutMs, log }));
      log(summaryLine(results));
      // Notes for every notebook: a failed one is exported from its stored (previous) outputs.
      await exportNotes(notebooks, { log });
      const failed = results.filter((r) => !r.ok).length;
      if (failed > 0) log(`${failed} notebook(s) failed to run; their notes show the outputs stored before this run.`);
      else log(`Study notes are in ${displayPath(join(projectRoot, "notes"))}/ — open the .html files in a browser.`);
      return failed > 0 ? 1 : 0;
    }
    case "lab":
      return runLab();
    case "help":
      log(USAGE);
      return 0;
    default:
      throw new UsageError(args.command ? `unknown command ${args.command}` : "no command given");
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError) process.stderr.write(`${e.message}\n\n${USAGE}\n`);
    else process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(2);
  },
);
