// The notebook's terminal: `await sh("bin/kafka-topics.sh --bootstrap-server hadoop102:9092 --list")` runs the
// command lines of the notes against the simulated cluster and returns { stdout, stderr, exitCode } (of the last
// command; `output` has both streams of every command in the order they were written).
//
// Printing: by default the run is printed as a terminal shows it, stdout and stderr merged in write order, with
// console.log (one stream, so a stored notebook output is the same on every run and reads like the terminal in the
// notes). `print: "separate"` sends stderr through console.error instead (notebooks colour it, but the two streams
// may then be stored as separate outputs); `print: false` prints nothing.
import { resolveRuntime, type RuntimeOrCluster } from "../clients/admin/Admin";
import type { Runtime } from "../sim/Runtime";
import { parseShellScript, scriptName, ShellSyntaxError } from "./ShellLine";
import { ToolIO, type KafkaVersion, type Tool, type ToolContext } from "./Tool";
import { runConsoleConsumer } from "./ConsoleConsumer";
import { runConsoleProducer } from "./ConsoleProducer";
import { clusterScriptTools } from "./KafkaClusterScripts";
import { runConsumerGroupCommand } from "./ConsumerGroupCommand";
import { runTopicCommand } from "./TopicCommand";

export interface ShellOptions {
  /** The cluster (or runtime) the commands talk to; default: the one EmbeddedCluster.start made current. */
  cluster?: RuntimeOrCluster | null;
  /** Which Kafka's tools to behave like (default "3.9"). */
  kafkaVersion?: KafkaVersion;
  /** How to print the run (default "merged"). */
  print?: "merged" | "separate" | false;
  /** Files the commands may read (`--command-config admin.properties`), by path as written on the command line. */
  files?: Readonly<Record<string, string>>;
  /**
   * Standard input for the script (`sh(line, { stdin: "hello\nworld" })`): what the user would type, read by the
   * first command that reads standard input (kafka-console-producer.sh). A here-document in the script wins.
   */
  stdin?: string;
}

export interface ShellResult {
  stdout: string;
  stderr: string;
  /** The exit code of the last command run (bash's `$?`). */
  exitCode: number;
  /** stdout and stderr merged in write order, for every command of the script. */
  output: string;
}

const tools = new Map<string, Tool>([
  ["kafka-topics.sh", runTopicCommand],
  ["kafka-console-producer.sh", runConsoleProducer],
  ["kafka-console-consumer.sh", runConsoleConsumer],
  ...clusterScriptTools,
  ["kafka-consumer-groups.sh", runConsumerGroupCommand],
]);

/** Makes a script name runnable (`registerTool("kafka-configs.sh", runConfigCommand)`). */
export function registerTool(name: string, tool: Tool): void {
  tools.set(name, tool);
}

/** The script names sh() knows. */
export function knownTools(): string[] {
  return [...tools.keys()].sort();
}

export class Shell {
  constructor(private readonly defaults: ShellOptions = {}) {}

  /** Runs a script (one or more command lines). */
  async run(script: string, options: ShellOptions = {}): Promise<ShellResult> {
    const opts = { ...this.defaults, ...options };
    const io = new ToolIO();
    let exitCode = 0;
    let lastStdout = 0;
    let lastStart = 0;
    // The script's standard input: consumed by the first command that reads it.
    const stdin = { text: opts.stdin ?? null as string | null };
    try {
      const commands = parseShellScript(script);
      for (const cmd of commands) {
        if (cmd.after === "&&" && exitCode !== 0) continue;
        if (cmd.after === "||" && exitCode === 0) continue;
        lastStart = io.chunks.length;
        exitCode = await this.runCommand(cmd.argv, io, opts, cmd.stdin !== undefined ? { text: cmd.stdin } : stdin);
        lastStdout = io.chunks.length;
      }
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      io.eprintln(`bash: ${e.message}`);
      exitCode = 2;
      lastStart = 0;
      lastStdout = io.chunks.length;
    }
    const last = io.chunks.slice(lastStart, lastStdout);
    const result: ShellResult = {
      stdout: last.filter((c) => c.stream === "stdout").map((c) => c.text).join(""),
      stderr: last.filter((c) => c.stream === "stderr").map((c) => c.text).join(""),
      exitCode,
      output: io.merged,
    };
    printRun(io, opts.print ?? "merged");
    return result;
  }

  private async runCommand(argv: string[], io: ToolIO, opts: ShellOptions, stdin: { text: string | null }): Promise<number> {
    const name = scriptName(argv[0]);
    const tool = tools.get(name);
    if (tool === undefined) {
      io.eprintln(argv[0].includes("/") ? `bash: ${argv[0]}: No such file or directory` : `bash: ${argv[0]}: command not found`);
      return 127;
    }
    let runtime: Runtime | null = null;
    const ctx: ToolContext = {
      runtime: () => (runtime ??= resolveRuntime(opts.cluster ?? null)),
      io,
      kafkaVersion: opts.kafkaVersion ?? "3.9",
      readFile: (path) => opts.files?.[path] ?? null,
      cluster: opts.cluster ?? null,
      readStdin: () => {
        const text = stdin.text;
        if (text !== null) stdin.text = "";
        return text;
      },
    };
    return tool(argv.slice(1), ctx);
  }
}

function printRun(io: ToolIO, mode: "merged" | "separate" | false): void {
  if (mode === false) return;
  const emit = (text: string, toErr: boolean): void => {
    if (text === "") return;
    const t = text.endsWith("\n") ? text.slice(0, -1) : text;
    if (toErr) console.error(t);
    else console.log(t);
  };
  if (mode === "merged") {
    emit(io.merged, false);
    return;
  }
  // Consecutive chunks of one stream as one print.
  let stream: "stdout" | "stderr" | null = null;
  let text = "";
  for (const c of io.chunks) {
    if (c.stream !== stream && stream !== null) {
      emit(text, stream === "stderr");
      text = "";
    }
    stream = c.stream;
    text += c.text;
  }
  if (stream !== null) emit(text, stream === "stderr");
}

const defaultShell = new Shell();

/** Runs notes-style command lines: `await sh("kafka-topics.sh --bootstrap-server hadoop102:9092 --list")`. */
export function sh(script: string, options?: ShellOptions): Promise<ShellResult> {
  return defaultShell.run(script, options);
}
