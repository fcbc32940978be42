// What a command-line tool gets from the shell that runs it: its arguments, its two output streams, the runtime it
// talks to, and the Kafka version whose behaviour to show. A tool returns its exit code; Exit.exit(code) from deep
// inside (CommandLineUtils.printUsageAndExit) is the ToolExit exception.
import type { Runtime } from "../sim/Runtime";

/**
 * Which Kafka the command line behaves like. "3.9" (default): today's tools (`--bootstrap-server`; `--zookeeper` is
 * not a recognized option). "3.7": the same tools before 3.8 added the Elr/LastKnownElr columns to
 * `kafka-topics.sh --describe`. "2.x": the tools the older notes describe (Kafka 2.2–2.8, where `kafka-topics.sh
 * --zookeeper host:2181` still worked and talked to ZooKeeper directly).
 */
export type KafkaVersion = "3.9" | "3.7" | "2.x";

/** One piece of output, in the order it was written. */
export interface OutputChunk {
  stream: "stdout" | "stderr";
  text: string;
}

export class ToolIO {
  readonly chunks: OutputChunk[] = [];

  out(text: string): void {
    if (text !== "") this.chunks.push({ stream: "stdout", text });
  }

  err(text: string): void {
    if (text !== "") this.chunks.push({ stream: "stderr", text });
  }

  /** System.out.println */
  println(text = ""): void {
    this.out(text + "\n");
  }

  /** System.err.println */
  eprintln(text = ""): void {
    this.err(text + "\n");
  }

  get stdout(): string {
    return this.chunks.filter((c) => c.stream === "stdout").map((c) => c.text).join("");
  }

  get stderr(): string {
    return this.chunks.filter((c) => c.stream === "stderr").map((c) => c.text).join("");
  }

  /** Both streams merged in write order (a terminal's view, `2>&1`). */
  get merged(): string {
    return this.chunks.map((c) => c.text).join("");
  }
}

export interface ToolContext {
  /** The runtime the tool's clients connect in (resolved lazily: a usage error needs no cluster). */
  runtime(): Runtime;
  readonly io: ToolIO;
  readonly kafkaVersion: KafkaVersion;
  /** Reads a file named on the command line (`--command-config client.properties`); null if it does not exist. */
  readFile(path: string): string | null;
  /** The cluster object handed to sh() (an EmbeddedCluster), for tools that start and stop servers. */
  readonly cluster: unknown;
  /**
   * Reads all of the command's standard input (a here-document, else sh()'s `stdin` option); null when nothing is
   * attached. Reading consumes it, as a pipe would: a second reader gets "".
   */
  readStdin?(): string | null;
}

export type Tool = (args: string[], ctx: ToolContext) => Promise<number>;

/** Exit.exit(code): ends the tool with this exit code (output already written). */
export class ToolExit extends Error {
  constructor(readonly code: number, message = `exit ${code}`) {
    super(message);
    this.name = "ToolExit";
  }
}

/** java.lang.IllegalArgumentException, as the tools throw it for bad input. */
export class IllegalArgumentException extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IllegalArgumentException";
  }
}

/** org.apache.kafka.server.common.AdminCommandFailedException */
export class AdminCommandFailedException extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AdminCommandFailedException";
  }
}

/** org.apache.kafka.server.common.AdminOperationException */
export class AdminOperationException extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AdminOperationException";
  }
}
