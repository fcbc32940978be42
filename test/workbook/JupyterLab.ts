// `lab`: JupyterLab from the project's Jupyter (venv or conda) on notebooks/, with the project-local
// tslab kernel, in the foreground until Ctrl-C. Falls back to the classic notebook UI when JupyterLab
// is not installed. The server log goes to .jupyter/logs/.
import { existsSync } from "node:fs";
import { JupyterServer, type JupyterApp } from "./JupyterServer";
import { notebooksDir, workbookEnv } from "./paths";

export async function runLab(opts: { rootDir?: string } = {}): Promise<number> {
  const env = workbookEnv();
  const app: JupyterApp = env.jupyterLab && existsSync(env.jupyterLab) ? "lab" : "notebook";
  if (app === "notebook") process.stdout.write("JupyterLab is not installed (run `npm run setup`); starting the classic notebook instead.\n");
  const server = await JupyterServer.start({ app, rootDir: opts.rootDir ?? notebooksDir, logName: `jupyter-${app}.log` });
  const url = server.urlWithToken(app === "lab" ? "lab" : "tree");
  process.stdout.write(
    [
      "",
      `  Kafka Lab is running in ${app === "lab" ? "JupyterLab" : "the Jupyter notebook"}:`,
      "",
      `      ${url}`,
      "",
      `  Open that URL in your browser. Notebooks: ${server.rootDir}`,
      `  Server log: ${server.logFile}`,
      "  Press Ctrl-C to stop.",
      "",
    ].join("\n") + "\n",
  );
  return new Promise<number>((resolve) => {
    let stopping = false;
    const finish = () => {
      clearInterval(watch);
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(0);
    };
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`\n${signal}: stopping Jupyter…\n`);
      void server.stop().then(finish);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    // The server stopping by itself (File → Shut Down in JupyterLab) ends the command too.
    const watch = setInterval(() => {
      if (!server.alive && !stopping) {
        process.stdout.write(`Jupyter stopped. Log: ${server.logFile}\n`);
        finish();
      }
    }, 500);
  });
}
