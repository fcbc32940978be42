// A Jupyter server (jupyter_server 2.x, JupyterLab or the classic notebook) started for our tools:
// on 127.0.0.1, a port we pick, a random token, the project-local kernel spec, its log in a file.
// It is never left running: stop() sends SIGTERM (jupyter shuts its kernels down), then SIGKILL; a
// process 'exit' hook sends SIGTERM to any server still up when Node exits (test failure, Ctrl-C).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { jupyterBinary, jupyterProcessEnv, projectRoot, workbookEnv } from "./paths";

export type JupyterApp = "server" | "lab" | "notebook";

export interface JupyterServerOptions {
  /** Which Jupyter application: the bare server (for running notebooks), JupyterLab, or the classic notebook. */
  app?: JupyterApp;
  /** Served directory; notebook paths given to the API are relative to it. Default: the project root. */
  rootDir?: string;
  /** Log file name under .jupyter/logs. */
  logName?: string;
  /** Extra command-line options for the Jupyter application. */
  extraArgs?: string[];
  /** Give up waiting for /api/status after this long. */
  startTimeoutMs?: number;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * The processes a Jupyter server started: its kernels. Jupyter starts each kernel in a new session
 * (its own process group), so killing the server's group does not reach them; tslab does not watch
 * its parent, so a kernel left behind would run forever.
 */
function childPids(pid: number): number[] {
  if (process.platform === "win32") return [];
  try {
    return execFileSync("ps", ["-A", "-o", "pid=,ppid="], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
      .split("\n")
      .map((line) => line.trim().split(/\s+/).map(Number))
      .filter(([child, parent]) => parent === pid && Number.isInteger(child))
      .map(([child]) => child);
  } catch {
    return [];
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Node is exiting (a finished command, a failed test run, an uncaught error): no time to wait for a
  // clean shutdown, so the kernels are told to stop too, in case the server's own cleanup fails.
  process.on("exit", () => {
    for (const child of running) {
      if (!child.pid) continue;
      for (const kernel of childPids(child.pid)) signal(kernel, "SIGTERM");
      signal(child.pid, "SIGTERM");
    }
  });
}

/** A free TCP port on 127.0.0.1 (jupyter_server is told not to try others, so a race shows up as a failed start we retry). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export class JupyterServer {
  private stopping: Promise<void> | null = null;

  private constructor(
    readonly app: JupyterApp,
    readonly port: number,
    readonly token: string,
    readonly rootDir: string,
    readonly logFile: string,
    private readonly child: ChildProcess,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/`;
  }

  /** An URL on this server with the token attached (what a browser needs). */
  urlWithToken(path = ""): string {
    const sep = path.includes("?") ? "&" : "?";
    return `${this.baseUrl}${path.replace(/^\//, "")}${sep}token=${this.token}`;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  static async start(opts: JupyterServerOptions = {}): Promise<JupyterServer> {
    let lastError: unknown = null;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        return await JupyterServer.startOnce(opts);
      } catch (e) {
        lastError = e;
        if (!(e instanceof PortTakenError)) throw e;
      }
    }
    throw lastError;
  }

  private static async startOnce(opts: JupyterServerOptions): Promise<JupyterServer> {
    const app = opts.app ?? "server";
    const env = workbookEnv();
    const rootDir = opts.rootDir ?? projectRoot;
    const port = await freePort();
    // Tooling, not engine: a real random token is right here.
    const token = randomBytes(24).toString("hex");
    mkdirSync(env.logsDir, { recursive: true });
    const logFile = join(env.logsDir, opts.logName ?? `jupyter-${app}.log`);
    const { bin, args } = await commandFor(app);
    const prefix = args.classic ? "NotebookApp" : "ServerApp";
    const argv = [
      ...args.argv,
      `--${prefix}.ip=127.0.0.1`,
      `--${prefix}.port=${port}`,
      `--${prefix}.port_retries=0`,
      args.classic ? `--NotebookApp.token=${token}` : `--IdentityProvider.token=${token}`,
      `--${prefix}.open_browser=False`,
      args.classic ? `--NotebookApp.notebook_dir=${rootDir}` : `--ServerApp.root_dir=${rootDir}`,
      ...(isRoot() ? ["--allow-root"] : []),
      ...(app === "lab"
        ? ["--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.extension_manager=readonly"]
        : []),
      ...(opts.extraArgs ?? []),
    ];
    const logFd = openSync(logFile, "w");
    let child: ChildProcess;
    try {
      // detached: its own process group, so a Ctrl-C in the terminal reaches us (we stop it cleanly)
      // instead of jupyter's interactive "Shutdown this Jupyter server (y/[n])?".
      child = spawn(bin, argv, { cwd: rootDir, env: jupyterProcessEnv(), stdio: ["ignore", logFd, logFd], detached: true });
    } finally {
      closeSync(logFd);
    }
    installExitHook();
    running.add(child);
    child.on("exit", () => running.delete(child));
    const server = new JupyterServer(app, port, token, rootDir, logFile, child);
    try {
      await server.waitReady(opts.startTimeoutMs ?? 60_000);
    } catch (e) {
      await server.stop();
      throw e;
    }
    return server;
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let spawnError: Error | null = null;
    this.child.once("error", (e) => (spawnError = e));
    while (Date.now() < deadline) {
      if (spawnError) throw new Error(`could not start ${this.app}: ${(spawnError as Error).message}`);
      if (!this.alive) {
        const log = this.logTail();
        if (/already in use|Address already in use|EADDRINUSE/i.test(log)) throw new PortTakenError(this.port);
        throw new Error(`jupyter ${this.app} exited during start (exit ${this.child.exitCode ?? this.child.signalCode}); log ${this.logFile}:\n${log}`);
      }
      try {
        const res = await fetch(`${this.baseUrl}api/status`, { headers: { Authorization: `token ${this.token}` } });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await delay(100);
    }
    throw new Error(`jupyter ${this.app} did not answer /api/status within ${timeoutMs} ms; log ${this.logFile}:\n${this.logTail()}`);
  }

  /** The last lines of the server log (for error messages). */
  logTail(lines = 30): string {
    try {
      return readFileSync(this.logFile, "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  }

  /** SIGTERM (jupyter shuts its kernels down), then SIGKILL after graceMs. Safe to call twice. */
  stop(graceMs = 8_000): Promise<void> {
    if (!this.stopping) this.stopping = this.stopNow(graceMs);
    return this.stopping;
  }

  private async stopNow(graceMs: number): Promise<void> {
    const child = this.child;
    if (!this.alive) {
      running.delete(child);
      return;
    }
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), graceMs)));
    const outcome = await Promise.race([exited.then(() => "exited" as const), timedOut]);
    clearTimeout(timer);
    if (outcome === "timeout" && child.pid) {
      // jupyter's shutdown can hang (e.g. while it restarts a kernel that died): kill its kernels,
      // then the server's whole process group.
      for (const kernel of childPids(child.pid)) signal(kernel, "SIGKILL");
      signal(-child.pid, "SIGKILL");
      await exited;
    }
    running.delete(child);
  }
}

class PortTakenError extends Error {
  constructor(port: number) {
    super(`port ${port} was taken before jupyter could bind it`);
  }
}

interface AppCommand {
  bin: string;
  args: { argv: string[]; classic: boolean };
}

async function commandFor(app: JupyterApp): Promise<AppCommand> {
  if (app === "server") return { bin: jupyterBinary("jupyterServer"), args: { argv: [], classic: false } };
  if (app === "lab") return { bin: jupyterBinary("jupyterLab"), args: { argv: [], classic: false } };
  const bin = jupyterBinary("jupyterNotebook");
  // notebook 7 is a jupyter_server application; notebook 6 (e.g. Debian's) is the older NotebookApp.
  const version = await new Promise<string>((resolve) => {
    const p = spawn(bin, ["--version"], { env: jupyterProcessEnv(), stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    p.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    p.on("close", () => resolve(out.trim()));
    p.on("error", () => resolve(""));
  });
  return { bin, args: { argv: [], classic: Number(version.split(".")[0]) < 7 } };
}
