// Where the workbook's tools and Jupyter live. test/workbook/setup.mjs decides (venv or conda, the
// project-local `.jupyter/` layout) and records it in `.jupyter/env.json`; this module is the only
// TypeScript reader of that record, so the layout has one source.
import { existsSync, readFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const notebooksDir = join(projectRoot, "notebooks");
export const notesDir = join(projectRoot, "notes");
export const workbookDir = join(projectRoot, "test", "workbook");
export const templatesDir = join(workbookDir, "templates");
export const defaultSanitizeFile = join(workbookDir, "sanitize.cfg");
export const envFile = join(projectRoot, ".jupyter", "env.json");

export interface WorkbookEnv {
  projectRoot: string;
  source: "venv" | "conda" | "path";
  python: string;
  jupyterServer: string | null;
  jupyterLab: string | null;
  jupyterNotebook: string | null;
  jupyterNbconvert: string | null;
  jupyterDir: string;
  jupyterPath: string;
  configDir: string;
  dataDir: string;
  runtimeDir: string;
  ipythonDir: string;
  logsDir: string;
  kernelSpec: string;
  tslab: string;
  chromium: string | null;
}

let cached: WorkbookEnv | null = null;

/** The record written by setup.mjs; a clear error when setup has not run (or ran for another checkout). */
export function workbookEnv(): WorkbookEnv {
  if (cached) return cached;
  if (!existsSync(envFile)) {
    throw new Error(`${envFile} is missing: run \`npm run setup\` first (it installs Jupyter and registers the tslab kernel).`);
  }
  const env = JSON.parse(readFileSync(envFile, "utf8")) as WorkbookEnv;
  if (resolve(env.projectRoot) !== projectRoot) {
    throw new Error(`${envFile} was written for ${env.projectRoot}, not ${projectRoot}: run \`npm run setup\` again.`);
  }
  cached = env;
  return env;
}

/** Requires one of the Jupyter binaries recorded by setup. */
export function jupyterBinary(name: "jupyterServer" | "jupyterLab" | "jupyterNotebook" | "jupyterNbconvert"): string {
  const bin = workbookEnv()[name];
  if (!bin || !existsSync(bin)) throw new Error(`${name} not found (${bin ?? "not installed"}): run \`npm run setup\`.`);
  return bin;
}

/**
 * Environment for every Jupyter process we start: the project-local kernel spec on JUPYTER_PATH, and
 * config, data and runtime directories inside `.jupyter/` so nothing touches the user's home. Node's
 * own directory goes first on PATH because the tslab launcher is a `#!/usr/bin/env node` script.
 */
export function jupyterProcessEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = workbookEnv();
  const path = [dirname(process.execPath), dirname(env.python), process.env.PATH ?? ""].join(delimiter);
  return {
    ...process.env,
    PATH: path,
    JUPYTER_PATH: env.jupyterPath,
    JUPYTER_CONFIG_DIR: env.configDir,
    JUPYTER_DATA_DIR: env.dataDir,
    JUPYTER_RUNTIME_DIR: env.runtimeDir,
    IPYTHONDIR: env.ipythonDir,
    JUPYTER_PLATFORM_DIRS: "1",
    PYTHONUNBUFFERED: "1",
    ...extra,
  };
}
