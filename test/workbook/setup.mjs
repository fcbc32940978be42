#!/usr/bin/env node
// Prepares everything the workbook needs, on a fresh machine or an existing one:
//   (a) npm dependencies (`npm ci` when node_modules is missing or older than package-lock.json);
//   (b) Jupyter: a project-local venv `.venv` with jupyterlab + nbconvert (or a conda env that already has them);
//   (c) the tslab kernel spec, registered in the project-local prefix `.jupyter/` with an absolute binary path;
//   (d) with --browser: a Chromium for the JupyterLab browser test.
// Then it writes `.jupyter/env.json`: the one record of where the Jupyter binaries and directories are.
// The TypeScript tools read it through test/workbook/paths.ts.
//
// Plain Node ESM without npm dependencies: it runs before `npm ci`.
// Idempotent and quiet: it prints one line per thing it installs, nothing when all is present.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const JUPYTERLAB_VERSION = "4.6.4";
const NBCONVERT_VERSION = "7.17.1";
const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const isWindows = process.platform === "win32";
const args = new Set(process.argv.slice(2));
const wantBrowser = args.has("--browser");
const inCI = Boolean(process.env.CI) && process.env.CI !== "false";

/** The directory layout under `.jupyter/` (nothing of ours goes to the user's home). */
function jupyterLayout() {
  const dir = join(root, ".jupyter");
  return {
    jupyterDir: dir,
    jupyterPath: join(dir, "share", "jupyter"), // JUPYTER_PATH: the tslab kernel spec lives here
    configDir: join(dir, "config"), // JUPYTER_CONFIG_DIR: lab settings, workspaces
    dataDir: join(dir, "data"), // JUPYTER_DATA_DIR
    runtimeDir: join(dir, "runtime"), // JUPYTER_RUNTIME_DIR: connection files, server info
    ipythonDir: join(dir, "ipython"), // IPYTHONDIR: tslab's install script imports IPython
    logsDir: join(dir, "logs"), // server logs, screenshots
    kernelSpec: join(dir, "share", "jupyter", "kernels", "tslab", "kernel.json"),
    envFile: join(dir, "env.json"),
  };
}

function say(line) {
  process.stdout.write(`setup: ${line}\n`);
}

function fail(message) {
  process.stderr.write(`setup: ${message}\n`);
  process.exit(1);
}

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { cwd: root, encoding: "utf8", ...opts });
  return { ok: r.status === 0 && !r.error, status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", error: r.error };
}

/** Runs a command with its output shown (installs), and stops setup if it fails. */
function runLoud(what, cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: ["ignore", "inherit", "inherit"], ...opts });
  if (r.status !== 0 || r.error) fail(`${what} failed (${r.error ? r.error.message : `exit ${r.status}`}): ${cmd} ${argv.join(" ")}`);
}

function mtimeMs(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function which(name) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    for (const ext of isWindows ? [".exe", ".cmd", ""] : [""]) {
      const candidate = join(dir, name + ext);
      if (existsSync(candidate)) return candidate;
    }
  }
  return null;
}

// (a) npm dependencies -------------------------------------------------------------------------
function ensureNodeModules() {
  const lock = join(root, "package-lock.json");
  // npm writes node_modules/.package-lock.json on every install: older than the lock file means stale.
  const installed = mtimeMs(join(root, "node_modules", ".package-lock.json"));
  if (installed >= 0 && installed >= mtimeMs(lock)) return;
  say(installed < 0 ? "installing npm dependencies (npm ci)" : "package-lock.json changed: reinstalling npm dependencies (npm ci)");
  runLoud("npm ci", isWindows ? "npm.cmd" : "npm", ["ci", "--no-audit", "--no-fund"], { shell: isWindows });
}

// (b) Jupyter ----------------------------------------------------------------------------------
function venvBin(name) {
  return join(root, ".venv", isWindows ? "Scripts" : "bin", name + (isWindows ? ".exe" : ""));
}

function pythonPackageVersions(python) {
  const r = run(python, ["-c", "from importlib.metadata import version as v; print(v('jupyterlab'), v('nbconvert'))"]);
  if (!r.ok) return null;
  const [lab, nbconvert] = r.stdout.trim().split(/\s+/);
  return { lab, nbconvert };
}

function majorOf(version) {
  return String(version ?? "").trim().split(".")[0];
}

/** A conda env (or any env) that already puts jupyter-lab and jupyter-nbconvert on PATH, right major versions. */
function jupyterFromPath() {
  const lab = which("jupyter-lab");
  const nbconvert = which("jupyter-nbconvert");
  const server = which("jupyter-server");
  if (!lab || !nbconvert || !server) return null;
  const labVersion = run(lab, ["--version"]).stdout.trim();
  const nbconvertVersion = run(nbconvert, ["--version"]).stdout.trim();
  if (majorOf(labVersion) !== majorOf(JUPYTERLAB_VERSION) || majorOf(nbconvertVersion) !== majorOf(NBCONVERT_VERSION)) return null;
  const bin = dirname(lab);
  const python = [join(bin, isWindows ? "python.exe" : "python3"), join(bin, isWindows ? "python.exe" : "python")].find(existsSync);
  if (!python) return null;
  return { source: process.env.CONDA_PREFIX ? "conda" : "path", bin, python };
}

function venvHasPip() {
  return existsSync(venvBin("python")) && run(venvBin("python"), ["-m", "pip", "--version"]).ok;
}

function makeVenv(python) {
  // --clear: a venv left half-made (e.g. by a missing ensurepip) is rebuilt from scratch.
  return run(python, ["-m", "venv", "--clear", join(root, ".venv")]);
}

function createVenv() {
  if (!venvHasPip()) {
    const python = which(isWindows ? "python" : "python3") ?? which("python");
    if (!python) fail("python3 not found. Install Python 3.9+ (or use the conda environment: conda env create -f environment.yml).");
    say("creating the Python virtual environment .venv");
    let r = makeVenv(python);
    if (!r.ok && /ensurepip|venv/.test(r.stdout + r.stderr) && !isWindows) {
      // Debian/Ubuntu ship the venv module (and ensurepip) as a separate package.
      if (isRoot() && which("apt-get")) {
        say("installing python3-venv (apt-get)");
        const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
        runLoud("apt-get update", "apt-get", ["update", "-qq"], { env });
        runLoud("apt-get install python3-venv", "apt-get", ["install", "-y", "-qq", "--no-install-recommends", "python3-venv"], { env });
        r = makeVenv(python);
      } else {
        fail("Python's venv module is missing. On Debian/Ubuntu run: sudo apt-get install python3-venv   then run npm run setup again.");
      }
    }
    if (!r.ok || !venvHasPip()) fail(`python3 -m venv .venv failed:\n${r.stdout}${r.stderr}`);
  }
  say(`installing jupyterlab ${JUPYTERLAB_VERSION} and nbconvert ${NBCONVERT_VERSION} into .venv (pip)`);
  // --retries 0: fail fast on an unreachable index instead of waiting on retries.
  runLoud("pip install", venvBin("python"), [
    "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--retries", "0",
    `jupyterlab==${JUPYTERLAB_VERSION}`, `nbconvert==${NBCONVERT_VERSION}`,
  ]);
}

function ensureJupyter() {
  const venvPython = venvBin("python");
  if (existsSync(venvBin("jupyter-lab")) && existsSync(venvPython)) {
    const v = pythonPackageVersions(venvPython);
    if (v && v.lab === JUPYTERLAB_VERSION && v.nbconvert === NBCONVERT_VERSION) return venvJupyter();
  }
  if (!existsSync(join(root, ".venv"))) {
    const found = jupyterFromPath();
    if (found) return pathJupyter(found);
  }
  createVenv();
  const v = pythonPackageVersions(venvPython);
  if (!v || v.lab !== JUPYTERLAB_VERSION || v.nbconvert !== NBCONVERT_VERSION) {
    fail(`.venv does not hold jupyterlab ${JUPYTERLAB_VERSION} + nbconvert ${NBCONVERT_VERSION} after pip install (found ${JSON.stringify(v)}).`);
  }
  return venvJupyter();
}

function venvJupyter() {
  return {
    source: "venv",
    python: venvBin("python"),
    jupyterServer: venvBin("jupyter-server"),
    jupyterLab: venvBin("jupyter-lab"),
    jupyterNotebook: existsSync(venvBin("jupyter-notebook")) ? venvBin("jupyter-notebook") : null,
    jupyterNbconvert: venvBin("jupyter-nbconvert"),
  };
}

function pathJupyter(found) {
  const bin = (name) => {
    const p = join(found.bin, name + (isWindows ? ".exe" : ""));
    return existsSync(p) ? p : null;
  };
  return {
    source: found.source,
    python: found.python,
    jupyterServer: bin("jupyter-server"),
    jupyterLab: bin("jupyter-lab"),
    jupyterNotebook: bin("jupyter-notebook"),
    jupyterNbconvert: bin("jupyter-nbconvert"),
  };
}

// (c) tslab kernel spec ------------------------------------------------------------------------
function tslabBinary() {
  return join(root, "node_modules", ".bin", isWindows ? "tslab.cmd" : "tslab");
}

function kernelSpecOk(layout) {
  try {
    const spec = JSON.parse(readFileSync(layout.kernelSpec, "utf8"));
    return Array.isArray(spec.argv) && spec.argv[0] === tslabBinary();
  } catch {
    return false;
  }
}

function ensureKernelSpec(layout, jupyter) {
  if (kernelSpecOk(layout)) return;
  if (!existsSync(tslabBinary())) fail(`${tslabBinary()} is missing: run npm ci.`);
  say("registering the tslab kernel in .jupyter/share/jupyter/kernels/tslab");
  mkdirSync(layout.ipythonDir, { recursive: true });
  const r = run(tslabBinary(), ["install", `--python=${jupyter.python}`, `--binary=${tslabBinary()}`, `--prefix=${layout.jupyterDir}`], {
    env: { ...process.env, IPYTHONDIR: layout.ipythonDir, JUPYTER_PLATFORM_DIRS: "1" },
    shell: isWindows,
  });
  if (!r.ok) fail(`tslab install failed:\n${r.stdout}${r.stderr}`);
  if (!kernelSpecOk(layout)) fail(`tslab install did not write ${layout.kernelSpec} with the absolute binary ${tslabBinary()}.`);
}

// (d) Chromium ---------------------------------------------------------------------------------
function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

function ensureChromium() {
  let found = findChromium();
  if (found || !wantBrowser) return found;
  if (isRoot() && which("apt-get")) {
    say("installing chromium (apt-get; used by the JupyterLab browser test)");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    runLoud("apt-get update", "apt-get", ["update", "-qq"], { env });
    runLoud("apt-get install chromium", "apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], { env });
    found = findChromium();
  } else {
    const how = process.platform === "darwin"
      ? "install Chromium and set CHROMIUM_PATH to its binary"
      : "sudo apt-get install --no-install-recommends chromium   (or set CHROMIUM_PATH)";
    say(`no Chromium found: the JupyterLab browser test will be skipped${inCI ? " — and FAIL, since CI is set" : ""}. To install: ${how}`);
  }
  return found;
}

// JupyterLab settings for the workbook (project-local; the user's own JupyterLab is untouched) ---
function ensureLabSettings(layout) {
  // No "Would you like to get notified about official Jupyter news?" prompt, no news or update
  // requests: the workbook works offline. Written once; later changes made in JupyterLab are kept.
  const file = join(layout.configDir, "lab", "user-settings", "@jupyterlab", "apputils-extension", "notification.jupyterlab-settings");
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ fetchNews: "false", checkForUpdates: false }, null, 2) + "\n");
}

// main -----------------------------------------------------------------------------------------
ensureNodeModules();
const layout = jupyterLayout();
for (const dir of [layout.jupyterDir, layout.configDir, layout.dataDir, layout.runtimeDir, layout.logsDir]) mkdirSync(dir, { recursive: true });
const jupyter = ensureJupyter();
ensureKernelSpec(layout, jupyter);
ensureLabSettings(layout);
const chromium = ensureChromium();

const env = {
  projectRoot: root,
  ...jupyter,
  jupyterDir: layout.jupyterDir,
  jupyterPath: layout.jupyterPath,
  configDir: layout.configDir,
  dataDir: layout.dataDir,
  runtimeDir: layout.runtimeDir,
  ipythonDir: layout.ipythonDir,
  logsDir: layout.logsDir,
  kernelSpec: layout.kernelSpec,
  tslab: tslabBinary(),
  chromium,
};
const text = JSON.stringify(env, null, 2) + "\n";
let previous = null;
try {
  previous = readFileSync(layout.envFile, "utf8");
} catch {
  // first run
}
if (previous !== text) writeFileSync(layout.envFile, text);
