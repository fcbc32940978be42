// What Kafka's newer tools share through org.apache.kafka.server.util.CommandDefaultOptions and CommandLineUtils,
// beyond H9's CommandLineUtils.ts: the --help/--version options, maybePrintHelpOrVersion, joptsimple's
// `defaultsTo` (shown in the help as " (default: x)" and returned by valueOf when the option is absent),
// parseKeyValueArgs (`--property k=v`) and maybeMergeOptions (an explicit option overrides a --xxx-property,
// a default only fills a gap).
import { printUsageAndExit } from "./CommandLineUtils";
import { OptionException, type OptionParser, type OptionSet, type OptionSpec } from "./OptionParser";
import { readProperties } from "./Properties";
import { IllegalArgumentException, ToolExit, type ToolContext, type ToolIO } from "./Tool";
import { KAFKA_VERSION_STRING } from "./TopicCommand";

/** joptsimple's help text for an option with a default: the description, then ` (default: x)`. */
export function withDefault(description: string, defaultValue: string | number): string {
  return `${description} (default: ${defaultValue})`.trim();
}

/** The --help and --version options every CommandDefaultOptions tool declares. */
export function acceptHelpAndVersion(parser: OptionParser): { helpOpt: OptionSpec; versionOpt: OptionSpec } {
  return {
    helpOpt: parser.accepts("help", "Print usage information.").forHelp(),
    versionOpt: parser.accepts("version", "Display Kafka version.").forHelp(),
  };
}

/** CommandLineUtils.maybePrintHelpOrVersion: no arguments or --help -> usage (exit 1); --version -> the version (exit 0). */
export function maybePrintHelpOrVersion(io: ToolIO, parser: OptionParser, options: OptionSet, args: readonly string[],
  helpOpt: OptionSpec, versionOpt: OptionSpec, message: string): void {
  if (args.length === 0 || options.has(helpOpt)) printUsageAndExit(io, parser, message);
  if (options.has(versionOpt)) {
    io.println(KAFKA_VERSION_STRING);
    throw new ToolExit(0);
  }
}

/** joptsimple's MissingRequiredOptionsException for `requiredUnless`: checked at parse time unless a help option is present. */
export function checkRequiredUnless(options: OptionSet, spec: OptionSpec, unless: OptionSpec, helpOpts: OptionSpec[]): void {
  if (options.has(spec) || options.has(unless) || helpOpts.some((h) => options.has(h))) return;
  throw new OptionException(`Missing required option(s) [${spec.name}]`, "joptsimple.MissingRequiredOptionsException");
}

/** An option's value, or its joptsimple default when absent (converted like valueOf). */
export function valueOrDefault<T extends string | number>(options: OptionSet, spec: OptionSpec, defaultValue: T): T {
  const v = options.valueOf(spec);
  return (v === null ? defaultValue : v) as T;
}

/** CommandLineUtils.parseKeyValueArgs: `k=v` (split at the first '='), `k` or `k=` -> empty value. */
export function parseKeyValueArgs(args: readonly string[]): Record<string, string> {
  const props: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf("=");
    if (eq < 0) props[arg] = "";
    else props[arg.substring(0, eq)] = arg.substring(eq + 1);
  }
  return props;
}

/** CommandLineUtils.maybeMergeOptions: the option wins when given; its default applies only when the key is unset. */
export function maybeMergeOptions(props: Record<string, string>, key: string, options: OptionSet, spec: OptionSpec,
  defaultValue: string | number): void {
  if (options.has(spec) || props[key] === undefined) props[key] = String(valueOrDefault(options, spec, defaultValue));
}

/** Utils.loadProps(file) through the shell's files; a missing file is java.nio.file.NoSuchFileException. */
export function loadProps(ctx: ToolContext, file: string): Record<string, string> {
  const text = ctx.readFile(file);
  if (text === null) {
    const e = new Error(file);
    e.name = "NoSuchFileException";
    throw e;
  }
  return readProperties(text);
}

/** Utils.getPort's pattern: an address must end with `:<digits>`. */
const HOST_PORT = /^.*?\[?([0-9a-zA-Z\-%._:]*)\]?:([0-9]+)$/;

/** ToolsUtils.validatePortOrDie: every comma-separated entry needs a port. */
export function validatePortOrDie(io: ToolIO, parser: OptionParser, hostPort: string | null): void {
  const entries = (hostPort ?? "").includes(",") ? (hostPort as string).split(",") : [hostPort ?? ""];
  const valid = entries.filter((e) => HOST_PORT.test(e));
  if (valid.length === 0 || valid.length !== entries.length) {
    printUsageAndExit(io, parser, "Please provide valid host:port like host1:9091,host2:9092\n ");
  }
}

/** java.util.concurrent.ExecutionException around a failed future (`send(record).get()`), printed without frames. */
export function executionExceptionText(causeText: string, causeTrace: string): string {
  return `java.util.concurrent.ExecutionException: ${causeText}\nCaused by: ${causeTrace}`;
}

export { IllegalArgumentException };
