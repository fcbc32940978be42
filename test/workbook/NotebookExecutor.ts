// Executes a notebook's code cells in a fresh tslab kernel through a running Jupyter server, with
// @jupyterlab/services (REST + websocket, as JupyterLab itself does).
//
// tslab facts this code is built around (shared/reference/toolchain-facts.md):
// - tslab never sends execute_result or iopub `error`: the last expression is printed to stdout, and a
//   failing cell prints its error to stderr and answers execute_reply {status: "error"} (no ename or
//   traceback). So a cell's success is read from the reply status, and its error text is the stderr.
// - After a failed cell, tslab answers every execute request arriving within ~200 ms with status
//   "abort". After an allowed failure we wait 300 ms; a reply that still says "abort" is retried once.
// - tslab counts executions itself and returns execution_count in the reply.
// - Output printed by a timer after a cell has finished lands in the NEXT cell's outputs (or nowhere):
//   notebook cells must await their work. (Kafka Lab's simulated runtime runs nothing between cells.)
// The session is started with the notebook's path, so the kernel's working directory is the notebook's
// folder and `require`/`import` resolve from there.
import { KernelManager, ServerConnection, SessionManager } from "@jupyterlab/services";
import type { Kernel, KernelMessage, Session } from "@jupyterlab/services";
import { basename, relative, sep } from "node:path";
import type { JupyterServer } from "./JupyterServer";
import { CellOutputCollector, DisplayRegistry } from "./CellOutputCollector";
import type { Cell, CodeCell, JsonObject, MimeBundle, Notebook, Output } from "./NotebookFile";
import { cellTags } from "./NotebookFile";
import { cellOptions, type CellOptions } from "./compare";

// @jupyterlab/services logs websocket and kernel-status chatter through console.debug, which Node
// prints to stdout. While kernel sessions are open, console.debug is silenced (WORKBOOK_DEBUG=1 keeps it).
let quietSessions = 0;
let savedDebug: typeof console.debug | null = null;

function quietDebug(on: boolean): void {
  if (process.env.WORKBOOK_DEBUG) return;
  if (on && quietSessions++ === 0) {
    savedDebug = console.debug;
    console.debug = () => undefined;
  } else if (!on && --quietSessions === 0 && savedDebug) {
    console.debug = savedDebug;
    savedDebug = null;
  }
}

export type CellStatus = "ok" | "error" | "abort" | "timeout" | "dead";

export interface CellExecution {
  status: CellStatus;
  outputs: Output[];
  /** From tslab's execute_reply; null when the kernel sent none. */
  executionCount: number | null;
  /** A message for failures that have no stderr output (timeout, dead kernel). */
  message?: string;
}

export interface KernelSessionOptions {
  kernelName?: string;
  /** Give up on kernel start after this long. */
  startTimeoutMs?: number;
}

/** How long tslab keeps refusing requests after a failed cell (TaskQueue.reset(200)), plus margin. */
export const ABORT_WINDOW_MS = 300;

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export class TimeoutError extends Error {}

/** One notebook's kernel: started through a session on the notebook's path, shut down at the end. */
export class KernelSession {
  /** Outputs that carry a display_id, for update_display_data (which may target an earlier cell). */
  private readonly displays = new DisplayRegistry();

  private constructor(
    private readonly sessionManager: SessionManager,
    private readonly kernelManager: KernelManager,
    private readonly session: Session.ISessionConnection,
    private readonly kernel: Kernel.IKernelConnection,
    readonly languageInfo: JsonObject,
  ) {
    // @jupyterlab/services hands update_display_data only to the future of the cell that created the
    // display, which is gone once that cell finished; the connection-wide signal sees every update.
    kernel.iopubMessage.connect(this.onKernelIOPub, this);
  }

  /** update_display_data, wherever the display it targets was shown. */
  private onKernelIOPub(_: Kernel.IKernelConnection, msg: KernelMessage.IIOPubMessage): void {
    if (msg.header.msg_type !== "update_display_data") return;
    const content = msg.content as { data?: MimeBundle; metadata?: JsonObject; transient?: { display_id?: string } };
    if (content.transient?.display_id) this.displays.update(content.transient.display_id, content.data ?? {}, content.metadata ?? {});
  }

  /** Starts a kernel for the notebook at `notebookPath` (absolute, inside the server's root directory). */
  static async start(server: JupyterServer, notebookPath: string, opts: KernelSessionOptions = {}): Promise<KernelSession> {
    const rel = relative(server.rootDir, notebookPath);
    if (rel.startsWith("..") || rel === "") throw new Error(`${notebookPath} is outside the Jupyter server's root ${server.rootDir}`);
    const serverSettings = ServerConnection.makeSettings({ baseUrl: server.baseUrl, wsUrl: server.wsUrl, token: server.token, appendToken: true });
    quietDebug(true);
    const kernelManager = new KernelManager({ serverSettings });
    const sessionManager = new SessionManager({ kernelManager, serverSettings });
    let session: Session.ISessionConnection | null = null;
    try {
      const startTimeout = opts.startTimeoutMs ?? 60_000;
      await withTimeout(sessionManager.ready, startTimeout, "Jupyter session manager");
      session = await withTimeout(
        sessionManager.startNew({ path: rel.split(sep).join("/"), type: "notebook", name: basename(notebookPath), kernel: { name: opts.kernelName ?? "tslab" } }),
        startTimeout,
        "starting the kernel",
      );
      const kernel = session.kernel;
      if (!kernel) throw new Error("the session has no kernel");
      const info = await withTimeout(kernel.info, startTimeout, `the ${opts.kernelName ?? "tslab"} kernel`);
      return new KernelSession(sessionManager, kernelManager, session, kernel, info.language_info as unknown as JsonObject);
    } catch (e) {
      if (session) await session.shutdown().catch(() => undefined);
      sessionManager.dispose();
      kernelManager.dispose();
      quietDebug(false);
      throw e;
    }
  }

  /** Executes one cell and collects its outputs the way nbclient stores them. */
  async execute(code: string, timeoutMs: number): Promise<CellExecution> {
    const collector = new CellOutputCollector(this.displays);
    const future = this.kernel.requestExecute({ code, stop_on_error: true, allow_stdin: false, silent: false, store_history: true });
    future.onIOPub = (msg: KernelMessage.IIOPubMessage) => collector.handle(msg.header.msg_type, msg.content as Record<string, unknown>);
    future.onStdin = () => undefined;
    const finish = (status: CellStatus, executionCount: number | null, message?: string): CellExecution => ({
      status,
      outputs: collector.finish(status === "error"),
      executionCount,
      ...(message ? { message } : {}),
    });
    try {
      const reply = (await withTimeout(future.done, timeoutMs, "the cell")) as KernelMessage.IExecuteReplyMsg;
      const content = reply.content as { status: string; execution_count?: number | null };
      const status: CellStatus = content.status === "ok" ? "ok" : content.status === "abort" || content.status === "aborted" ? "abort" : "error";
      return finish(status, typeof content.execution_count === "number" ? content.execution_count : null);
    } catch (e) {
      if (e instanceof TimeoutError) {
        await this.kernel.interrupt().catch(() => undefined);
        future.dispose();
        return finish("timeout", null, `${e.message} (raise the per-cell limit with --timeout SECONDS)`);
      }
      return finish("dead", null, `the kernel died while running the cell (${(e as Error).message})`);
    }
  }

  private connectionSettled(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.kernel.connectionStatusChanged.disconnect(onChange);
        resolve();
      };
      const onChange = (_: Kernel.IKernelConnection, status: Kernel.ConnectionStatus) => {
        if (status !== "connecting") done();
      };
      const timer = setTimeout(done, timeoutMs);
      this.kernel.connectionStatusChanged.connect(onChange);
    });
  }

  /** execute(), coping with tslab's abort window: a reply "abort" is retried once after the window. */
  async executeWithAbortRetry(code: string, timeoutMs: number): Promise<CellExecution> {
    const first = await this.execute(code, timeoutMs);
    if (first.status !== "abort") return first;
    await delay(ABORT_WINDOW_MS);
    return this.execute(code, timeoutMs);
  }

  /** Shuts the kernel down and deletes the session. */
  async shutdown(): Promise<void> {
    // After a kernel died, the server restarts it and @jupyterlab/services reconnects on its own; a
    // dispose in the middle of that reconnect leaves a promise rejected inside services, unhandled.
    if (this.kernel.connectionStatus === "connecting") await this.connectionSettled(15_000);
    try {
      await withTimeout(this.session.shutdown(), 15_000, "kernel shutdown");
    } catch {
      // the server's own shutdown will take the kernel down
    } finally {
      this.session.dispose();
      this.sessionManager.dispose();
      this.kernelManager.dispose();
      quietDebug(false);
    }
  }
}

export interface CellRun {
  /** Position in notebook.cells (0-based). */
  index: number;
  cell: CodeCell;
  options: CellOptions;
  /** nbval-skip: not executed. */
  skipped: boolean;
  execution: CellExecution | null;
}

export interface NotebookRun {
  languageInfo: JsonObject | null;
  cells: CellRun[];
  /** The cell that stopped the run, with why; null when every cell ran as its tags expect. */
  failure: { index: number; cell: CodeCell; message: string } | null;
}

export interface ExecuteNotebookOptions {
  /** Per-cell timeout (default 300 s). */
  cellTimeoutMs?: number;
  /** nbval-lax: only cells tagged nbval-check-output are compared (affects CellRun.options.check only). */
  lax?: boolean;
  /** Called after each code cell (progress reporting). */
  onCell?: (run: CellRun) => void;
}

/** "cell 7 (id 1a2b3c4d)": the 1-based position among all cells, as counted in JupyterLab, and the cell id. */
export function cellLabel(index: number, cell: Cell): string {
  return `cell ${index + 1}${cell.id ? ` (id ${cell.id})` : ""}`;
}

/** The text a failed tslab cell printed (its stderr), trimmed for a report. */
export function errorText(outputs: readonly Output[], maxLines = 25): string {
  const text = outputs
    .map((o) => (o.output_type === "stream" && o.name === "stderr" ? o.text : o.output_type === "error" ? `${o.ename}: ${o.evalue}\n` : ""))
    .join("")
    .trimEnd();
  const lines = text.split("\n");
  return lines.length > maxLines ? [...lines.slice(0, maxLines), `… (${lines.length - maxLines} more lines)`].join("\n") : text;
}

/**
 * Runs every code cell of `nb` (stored at `notebookPath`) top to bottom in a fresh tslab kernel,
 * honouring nbval's tags: nbval-skip cells are not executed; a cell tagged raises-exception must fail
 * (and the run goes on after it); any other failure stops the run. Cell objects are not modified.
 */
export async function executeNotebook(server: JupyterServer, notebookPath: string, nb: Notebook, opts: ExecuteNotebookOptions = {}): Promise<NotebookRun> {
  const timeoutMs = opts.cellTimeoutMs ?? 300_000;
  const cells: CellRun[] = [];
  const todo = nb.cells.flatMap((cell, index) => (cell.cell_type === "code" ? [{ cell, index, options: cellOptions(cellTags(cell), opts.lax ?? false) }] : []));
  if (todo.every((c) => c.options.skip)) {
    for (const c of todo) cells.push({ ...c, skipped: true, execution: null });
    return { languageInfo: null, cells, failure: null };
  }
  const session = await KernelSession.start(server, notebookPath);
  let counter = 0;
  try {
    for (const { cell, index, options } of todo) {
      if (options.skip) {
        const run: CellRun = { index, cell, options, skipped: true, execution: null };
        cells.push(run);
        opts.onCell?.(run);
        continue;
      }
      const execution = await session.executeWithAbortRetry(cell.source, timeoutMs);
      counter++;
      if (execution.executionCount === null && (execution.status === "ok" || execution.status === "error")) execution.executionCount = counter;
      const run: CellRun = { index, cell, options, skipped: false, execution };
      cells.push(run);
      opts.onCell?.(run);
      const where = cellLabel(index, cell);
      const fail = (message: string): NotebookRun => ({ languageInfo: session.languageInfo, cells, failure: { index, cell, message } });
      switch (execution.status) {
        case "ok":
          if (options.raisesException) return fail(`${where} is tagged raises-exception but did not raise an error`);
          break;
        case "error":
          if (!options.raisesException) return fail(`${where} failed:\n${errorText(execution.outputs) || "(the kernel printed no error text)"}`);
          await delay(ABORT_WINDOW_MS); // tslab refuses requests for ~200 ms after an error
          break;
        case "abort":
          return fail(`${where} was aborted by the kernel twice (tslab's abort window after a failed cell)`);
        case "timeout":
        case "dead":
          return fail(`${where}: ${execution.message ?? execution.status}`);
      }
    }
    return { languageInfo: session.languageInfo, cells, failure: null };
  } finally {
    await session.shutdown();
  }
}
