// cli/: the command-line tools of the notes (kafka-topics.sh, ...) over the simulated cluster, and sh() to run them.
export { sh, Shell, registerTool, knownTools, type ShellOptions, type ShellResult } from "./Shell";
export { parseShellScript, scriptName, ShellSyntaxError, type ShellCommand } from "./ShellLine";
export { ToolIO, ToolExit, type Tool, type ToolContext, type KafkaVersion, type OutputChunk } from "./Tool";
export { runTopicCommand, formatTopicLine, formatPartitionLine, parseReplicaAssignment, TopicCommandOptions } from "./TopicCommand";
export { OptionParser, OptionSet, OptionSpec, OptionException } from "./OptionParser";
