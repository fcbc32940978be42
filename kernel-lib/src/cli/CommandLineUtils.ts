// org.apache.kafka.server.util.CommandLineUtils: the checks every Kafka tool runs on its options, with Kafka's
// messages ("Missing required argument \"[topic]\"", "Option \"[config]\" can't be used with option \"[list]\"").
// printUsageAndExit writes the message and the help table to stderr and exits 1.
import type { OptionParser, OptionSet, OptionSpec } from "./OptionParser";
import { ToolExit, type ToolIO } from "./Tool";

export function printUsageAndExit(io: ToolIO, parser: OptionParser, message: string): never {
  io.eprintln(message);
  io.err(parser.formatHelp());
  throw new ToolExit(1, message);
}

export function checkRequiredArgs(io: ToolIO, parser: OptionParser, options: OptionSet, ...required: OptionSpec[]): void {
  for (const arg of required) {
    if (!options.has(arg)) printUsageAndExit(io, parser, `Missing required argument "${arg}"`);
  }
}

export function checkInvalidArgs(io: ToolIO, parser: OptionParser, options: OptionSet, used: OptionSpec, invalid: Iterable<OptionSpec>): void {
  if (!options.has(used)) return;
  for (const arg of invalid) {
    if (options.has(arg)) printUsageAndExit(io, parser, `Option "${used}" can't be used with option "${arg}"`);
  }
}

/** checkInvalidArgsSet: `usedOptions` prints as a Java Set (`[[bootstrap-server], [config]]`), in the order given. */
export function checkInvalidArgsSet(io: ToolIO, parser: OptionParser, options: OptionSet, used: readonly OptionSpec[],
  invalid: Iterable<OptionSpec>, trailingMessage = ""): void {
  if (!used.every((u) => options.has(u))) return;
  for (const arg of invalid) {
    if (options.has(arg)) {
      printUsageAndExit(io, parser, `Option combination "[${used.map(String).join(", ")}]" can't be used with option "${arg}"${trailingMessage}`);
    }
  }
}
