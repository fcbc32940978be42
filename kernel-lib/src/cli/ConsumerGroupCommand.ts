// kafka-consumer-groups.sh (org.apache.kafka.tools.consumer.group.ConsumerGroupCommand, Kafka 3.9, classic groups):
// --list, --describe (--offsets by default, --members [--verbose], --state), --reset-offsets (--dry-run by default,
// --execute only for an inactive group), --delete. Tables are printf'ed as Kafka does: every row starts with "\n",
// columns padded to max(15, longest value), `-` for missing values; LOG-END-OFFSET is ListOffsets(latest) = the
// high watermark, LAG = LOG-END-OFFSET - CURRENT-OFFSET. Failures print `\nError: Executing consumer group command
// failed due to ...` on stdout (exit code 0, as Kafka's main returns normally).
//
// --reset-offsets output: 3.7-3.8 printed the rows without line breaks (fixed by apache/kafka#17058, 2024-08); this
// prints one row per line. Datetimes without a zone are read as UTC (the JVM would use its local zone).
import { Admin } from "../clients/admin/Admin";
import type { ConsumerGroupDescription } from "../clients/admin/ConsumerGroupAdmin";
import type { KafkaAdminClient } from "../clients/admin/KafkaAdminClient";
import { OffsetAndMetadata } from "../clients/consumer/OffsetAndMetadata";
import { TopicPartition } from "../protocol/TopicPartition";
import { acceptHelpAndVersion, loadProps, maybePrintHelpOrVersion, valueOrDefault, withDefault } from "./CommandDefaultOptions";
import { checkRequiredArgs, printUsageAndExit } from "./CommandLineUtils";
import { javaHashOrder, javaStringHashCode } from "./JavaHashMapOrder";
import { javaToString, stackTraceWithoutFrames } from "./JavaNames";
import { log4jLine } from "./Log4jLine";
import { OptionException, OptionParser, type OptionSet, type OptionSpec } from "./OptionParser";
import { IllegalArgumentException, ToolExit, type ToolContext } from "./Tool";

const MISSING = "-";
const LOGGER = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";
const NL = "\n";

/** ConsumerGroupCommandOptions (3.9). */
export class ConsumerGroupCommandOptions {
  readonly parser = new OptionParser();
  readonly options: OptionSet;
  readonly bootstrapServerOpt = this.parser.accepts("bootstrap-server", "REQUIRED: The server(s) to connect to.").withRequiredArg().describedAs("server to connect to");
  readonly groupOpt = this.parser.accepts("group", "The consumer group we wish to act on.").withRequiredArg().describedAs("consumer group");
  readonly topicOpt = this.parser.accepts("topic", "The topic whose consumer group information should be deleted or topic whose should be included in the reset offset process. " +
    "In `reset-offsets` case, partitions can be specified using this format: `topic1:0,1,2`, where 0,1,2 are the partition to be included in the process. " +
    "Reset-offsets also supports multiple topic inputs.").withRequiredArg().describedAs("topic");
  readonly allTopicsOpt = this.parser.accepts("all-topics", "Consider all topics assigned to a group in the `reset-offsets` process.");
  readonly listOpt = this.parser.accepts("list", "List all consumer groups.");
  readonly describeOpt = this.parser.accepts("describe", "Describe consumer group and list offset lag (number of messages not yet processed) related to given group.");
  readonly allGroupsOpt = this.parser.accepts("all-groups", "Apply to all consumer groups.");
  readonly deleteOpt = this.parser.accepts("delete", "Pass in groups to delete topic partition offsets and ownership information over the entire consumer group. " +
    "For instance --group g1 --group g2");
  readonly timeoutMsOpt = this.parser.accepts("timeout", withDefault("The timeout that can be set for some use cases. For example, it can be used when describing the group " +
    "to specify the maximum amount of time in milliseconds to wait before the group stabilizes (when the group is just created, or is going through some changes).", 5000))
    .withRequiredArg().describedAs("timeout (ms)").ofType("Long");
  readonly commandConfigOpt = this.parser.accepts("command-config", "Property file containing configs to be passed to Admin Client and Consumer.")
    .withRequiredArg().describedAs("command config property file");
  readonly resetOffsetsOpt = this.parser.accepts("reset-offsets", "Reset offsets of consumer group. Supports one consumer group at the time, and instances should be inactive" + NL +
    "Has 2 execution options: --dry-run (the default) to plan which offsets to reset, and --execute to update the offsets. Additionally, the --export option is used to " +
    "export the results to a CSV format." + NL + "You must choose one of the following reset specifications: --to-datetime, --by-duration, --to-earliest, --to-latest, " +
    "--shift-by, --from-file, --to-current, --to-offset." + NL + "To define the scope use --all-topics or --topic. One scope must be specified unless you use '--from-file'.");
  readonly deleteOffsetsOpt = this.parser.accepts("delete-offsets", "Delete offsets of consumer group. Supports one consumer group at the time, and multiple topics.");
  readonly dryRunOpt = this.parser.accepts("dry-run", "Only show results without executing changes on Consumer Groups. Supported operations: reset-offsets.");
  readonly executeOpt = this.parser.accepts("execute", "Execute operation. Supported operations: reset-offsets.");
  readonly exportOpt = this.parser.accepts("export", "Export operation execution to a CSV file. Supported operations: reset-offsets.");
  readonly resetToOffsetOpt = this.parser.accepts("to-offset", "Reset offsets to a specific offset.").withRequiredArg().describedAs("offset").ofType("Long");
  readonly resetFromFileOpt = this.parser.accepts("from-file", "Reset offsets to values defined in CSV file.").withRequiredArg().describedAs("path to CSV file");
  readonly resetToDatetimeOpt = this.parser.accepts("to-datetime", "Reset offsets to offset from datetime. Format: 'YYYY-MM-DDTHH:mm:SS.sss'").withRequiredArg().describedAs("datetime");
  readonly resetByDurationOpt = this.parser.accepts("by-duration", "Reset offsets to offset by duration from current timestamp. Format: 'PnDTnHnMnS'").withRequiredArg().describedAs("duration");
  readonly resetToEarliestOpt = this.parser.accepts("to-earliest", "Reset offsets to earliest offset.");
  readonly resetToLatestOpt = this.parser.accepts("to-latest", "Reset offsets to latest offset.");
  readonly resetToCurrentOpt = this.parser.accepts("to-current", "Reset offsets to current offset.");
  readonly resetShiftByOpt = this.parser.accepts("shift-by", "Reset offsets shifting current offset by 'n', where 'n' can be positive or negative.")
    .withRequiredArg().describedAs("number-of-offsets").ofType("Long");
  readonly membersOpt = this.parser.accepts("members", "Describe members of the group. This option may be used with '--describe' and '--bootstrap-server' options only." + NL +
    "Example: --bootstrap-server localhost:9092 --describe --group group1 --members");
  readonly verboseOpt = this.parser.accepts("verbose", "Provide additional information, if any, when describing the group. This option may be used with " +
    "'--offsets'/'--members'/'--state' and '--bootstrap-server' options only." + NL + "Example: --bootstrap-server localhost:9092 --describe --group group1 --members --verbose");
  readonly offsetsOpt = this.parser.accepts("offsets", "Describe the group and list all topic partitions in the group along with their offset lag. This is the default " +
    "sub-action of and may be used with '--describe' and '--bootstrap-server' options only." + NL + "Example: --bootstrap-server localhost:9092 --describe --group group1 --offsets");
  readonly stateOpt = this.parser.accepts("state", "When specified with '--describe', includes the state of the group." + NL +
    "Example: --bootstrap-server localhost:9092 --describe --group group1 --state" + NL + "When specified with '--list', it displays the state of all groups. " +
    "It can also be used to list groups with specific states." + NL + "Example: --bootstrap-server localhost:9092 --list --state stable,empty" + NL +
    "This option may be used with '--describe', '--list' and '--bootstrap-server' options only.").withOptionalArg();
  readonly helpOpt: OptionSpec;
  readonly versionOpt: OptionSpec;

  constructor(readonly args: readonly string[], private readonly ctx: ToolContext) {
    ({ helpOpt: this.helpOpt, versionOpt: this.versionOpt } = acceptHelpAndVersion(this.parser));
    this.options = this.parser.parse(args);
  }

  /** checkArgs: the usage checks of 3.9, in order. */
  checkArgs(): void {
    const io = this.ctx.io;
    const p = this.parser;
    const o = this.options;
    maybePrintHelpOrVersion(io, p, o, this.args, this.helpOpt, this.versionOpt,
      "This tool helps to list all consumer groups, describe a consumer group, delete consumer group info, or reset consumer group offsets.");
    checkRequiredArgs(io, p, o, this.bootstrapServerOpt);
    const groupScopes = `${this.groupOpt}, ${this.allGroupsOpt}`;
    if (o.has(this.describeOpt)) {
      if (!o.has(this.groupOpt) && !o.has(this.allGroupsOpt)) printUsageAndExit(io, p, `Option ${this.describeOpt} takes one of these options: ${groupScopes}`);
      const exclusive = [this.membersOpt, this.offsetsOpt, this.stateOpt];
      if (exclusive.filter((x) => o.has(x)).length > 1) {
        printUsageAndExit(io, p, `Option ${this.describeOpt} takes at most one of these options: ${exclusive.map(String).join(", ")}`);
      }
      if (o.has(this.stateOpt) && o.valueOf(this.stateOpt) !== null) printUsageAndExit(io, p, `Option ${this.describeOpt} does not take a value for ${this.stateOpt}`);
    }
    if (o.has(this.deleteOpt)) {
      if (!o.has(this.groupOpt) && !o.has(this.allGroupsOpt)) printUsageAndExit(io, p, `Option ${this.deleteOpt} takes one of these options: ${groupScopes}`);
      if (o.has(this.topicOpt)) printUsageAndExit(io, p, "The consumer does not support topic-specific offset deletion from a consumer group.");
    }
    if (o.has(this.resetOffsetsOpt)) {
      if (o.has(this.dryRunOpt) && o.has(this.executeOpt)) {
        printUsageAndExit(io, p, `Option ${this.resetOffsetsOpt} only accepts one of ${this.executeOpt} and ${this.dryRunOpt}`);
      }
      if (!o.has(this.dryRunOpt) && !o.has(this.executeOpt)) {
        io.eprintln("WARN: No action will be performed as the --execute option is missing.In a future major release, the default behavior of this command will be to " +
          "prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command " +
          "and want to keep the current default behavior without prompting.");
      }
      if (!o.has(this.groupOpt) && !o.has(this.allGroupsOpt)) printUsageAndExit(io, p, `Option ${this.resetOffsetsOpt} takes one of these options: ${groupScopes}`);
      const scenarios = [this.resetToOffsetOpt, this.resetShiftByOpt, this.resetToDatetimeOpt, this.resetByDurationOpt, this.resetToEarliestOpt,
        this.resetToLatestOpt, this.resetToCurrentOpt, this.resetFromFileOpt];
      if (scenarios.filter((x) => o.has(x)).length !== 1) {
        printUsageAndExit(io, p, `Option ${this.resetOffsetsOpt} takes one of these options: --to-datetime, --by-duration, --to-earliest, --to-latest, ` +
          "--shift-by, --from-file, --to-current, --to-offset");
      }
      if (!o.has(this.resetFromFileOpt) && !o.has(this.topicOpt) && !o.has(this.allTopicsOpt)) {
        printUsageAndExit(io, p, `Option ${this.resetOffsetsOpt} takes one of these options: ${this.allTopicsOpt}, ${this.topicOpt}`);
      }
    }
  }
}

/** One row of the --describe offsets table (PartitionAssignmentState). */
interface PartitionRow {
  group: string;
  topic: string | null;
  partition: number | null;
  offset: number | null;
  logEndOffset: number | null;
  consumerId: string | null;
  host: string | null;
  clientId: string | null;
}

/** java.util.Formatter's `%-Ns` */
function pad(s: string, width: number): string {
  return s.padEnd(width);
}

/** TopicPartition.hashCode: 31 * (31 + partition) + topic.hashCode(). */
function topicPartitionHash(key: string): number {
  const i = key.lastIndexOf("-");
  const partition = Number(key.substring(i + 1));
  return (Math.imul(31, 31 + partition) + javaStringHashCode(key.substring(0, i))) | 0;
}

class ConsumerGroupService {
  constructor(private readonly opts: ConsumerGroupCommandOptions, private readonly admin: KafkaAdminClient, private readonly ctx: ToolContext) {}

  private get io() {
    return this.ctx.io;
  }

  private timeout(): { timeoutMs: number } {
    return { timeoutMs: valueOrDefault(this.opts.options, this.opts.timeoutMsOpt, 5000) };
  }

  private printError(msg: string, e?: unknown): void {
    this.io.println("\nError: " + msg);
    if (e !== undefined) this.io.eprintln(stackTraceWithoutFrames(e));
  }

  async listGroups(): Promise<void> {
    for (const g of await this.listConsumerGroupIds()) this.io.println(g);
  }

  private async listConsumerGroupIds(): Promise<string[]> {
    return (await this.admin.listConsumerGroups(this.timeout())).map((l) => l.groupId);
  }

  private async groupIds(): Promise<string[]> {
    const ids = this.opts.options.has(this.opts.allGroupsOpt) ? await this.listConsumerGroupIds() : this.opts.options.valuesOf(this.opts.groupOpt);
    return [...new Set(ids)].sort();
  }

  /** shouldPrintMemberState: Dead -> error, Empty -> "no active members", rebalancing -> warning. */
  private shouldPrintMemberState(group: string, state: string, numRows: number): boolean {
    switch (state) {
      case "Dead":
        this.printError(`Consumer group '${group}' does not exist.`);
        break;
      case "Empty":
        this.io.eprintln(`\nConsumer group '${group}' has no active members.`);
        break;
      case "PreparingRebalance":
      case "CompletingRebalance":
        this.io.eprintln(`\nWarning: Consumer group '${group}' is rebalancing.`);
        break;
      case "Stable":
        break;
      default:
        throw new Error(`Expected a valid consumer group state, but found '${state}'.`);
    }
    return state !== "Dead" && numRows > 0;
  }

  async describeGroups(): Promise<void> {
    const o = this.opts.options;
    const groups = await this.groupIds();
    if (o.has(this.opts.membersOpt)) {
      for (const g of groups) this.printMembers(await this.describe(g), o.has(this.opts.verboseOpt));
    } else if (o.has(this.opts.stateOpt)) {
      for (const g of groups) this.printState(await this.describe(g));
    } else {
      for (const g of groups) {
        const desc = await this.describe(g);
        this.printOffsets(g, desc.state, await this.collectGroupOffsets(desc));
      }
    }
  }

  private async describe(group: string): Promise<ConsumerGroupDescription> {
    return (await this.admin.describeConsumerGroups([group], this.timeout())).get(group) as ConsumerGroupDescription;
  }

  private async collectGroupOffsets(desc: ConsumerGroupDescription): Promise<PartitionRow[]> {
    const committed = await this.admin.listConsumerGroupOffsets(desc.groupId, this.timeout());
    const committedByKey = new Map([...committed].map(([tp, om]) => [tp.toString(), om.offset]));
    const consumers = desc.members.filter((m) => m.assignment.length > 0)
      .map((m, i) => ({ m, i })).sort((a, b) => b.m.assignment.length - a.m.assignment.length || a.i - b.i).map((x) => x.m);
    const assigned = new Set<string>();
    const rows: PartitionRow[] = [];
    for (const m of consumers) {
      for (const tp of m.assignment) assigned.add(tp.toString());
      rows.push(...await this.describePartitions(desc.groupId, m.assignment, committedByKey, m.consumerId, m.host, m.clientId));
    }
    const unassigned = javaHashOrder([...committed.keys()].filter((tp) => !assigned.has(tp.toString())), (tp) => tp.toString(), topicPartitionHash);
    if (unassigned.length > 0) rows.push(...await this.describePartitions(desc.groupId, unassigned, committedByKey, MISSING, MISSING, MISSING));
    return rows;
  }

  private async describePartitions(group: string, tps: readonly TopicPartition[], committed: ReadonlyMap<string, number>, consumerId: string, host: string,
    clientId: string): Promise<PartitionRow[]> {
    const ends = await this.admin.listOffsets(new Map(tps.map((tp) => [tp, -1])), this.timeout());
    const endByKey = new Map([...ends].map(([tp, r]) => [tp.toString(), r.offset]));
    return tps.map((tp) => ({ group, topic: tp.topic, partition: tp.partition, offset: committed.get(tp.toString()) ?? null,
      logEndOffset: endByKey.get(tp.toString()) ?? null, consumerId, host, clientId }));
  }

  private printOffsets(group: string, state: string, rows: PartitionRow[]): void {
    if (!this.shouldPrintMemberState(group, state, rows.length)) return;
    const s = (v: string | number | null): string => (v === null ? MISSING : String(v));
    const g = Math.max(15, ...rows.map((r) => r.group.length));
    const t = Math.max(15, ...rows.map((r) => s(r.topic).length));
    const c = Math.max(15, ...rows.map((r) => s(r.consumerId).length));
    const h = Math.max(15, ...rows.map((r) => s(r.host).length));
    const line = (cols: string[]): string => "\n" + pad(cols[0], g) + " " + pad(cols[1], t) + " " + pad(cols[2], 10) + " " + pad(cols[3], 15) + " " +
      pad(cols[4], 15) + " " + pad(cols[5], 15) + " " + pad(cols[6], c) + " " + pad(cols[7], h) + " " + cols[8];
    let out = line(["GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID"]);
    for (const r of rows) {
      const lag = r.offset !== null && r.logEndOffset !== null ? r.logEndOffset - r.offset : null;
      out += line([r.group, s(r.topic), s(r.partition), s(r.offset), s(r.logEndOffset), s(lag), s(r.consumerId), s(r.host), s(r.clientId)]);
    }
    this.io.println(out);
  }

  private printMembers(desc: ConsumerGroupDescription, verbose: boolean): void {
    if (!this.shouldPrintMemberState(desc.groupId, desc.state, desc.members.length)) return;
    const ms = desc.members;
    const g = Math.max(15, desc.groupId.length);
    const c = Math.max(15, ...ms.map((m) => m.consumerId.length));
    const gi = Math.max(17, ...ms.map((m) => (m.groupInstanceId ?? "").length));
    const h = Math.max(15, ...ms.map((m) => m.host.length));
    const cl = Math.max(15, ...ms.map((m) => m.clientId.length));
    const withInstance = ms.some((m) => (m.groupInstanceId ?? "") !== "");
    const row = (group: string, id: string, inst: string, host: string, client: string, n: string): string =>
      pad(group, g) + " " + pad(id, c) + " " + (withInstance ? pad(inst, gi) + " " : "") + pad(host, h) + " " + pad(client, cl) + " " + pad(n, 15) + " ";
    let out = "\n" + row("GROUP", "CONSUMER-ID", "GROUP-INSTANCE-ID", "HOST", "CLIENT-ID", "#PARTITIONS") + (verbose ? "ASSIGNMENT" : "") + "\n";
    for (const m of ms) {
      out += row(desc.groupId, m.consumerId, m.groupInstanceId ?? "", m.host, m.clientId, String(m.assignment.length));
      if (verbose) {
        const byTopic = new Map<string, number[]>();
        for (const tp of m.assignment) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
        const parts = [...byTopic].map(([topic, ps]) => topic + "(" + ps.sort((a, b) => a - b).join(",") + ")").sort();
        out += parts.length === 0 ? MISSING : parts.join(", ");
      }
      out += "\n";
    }
    this.io.out(out);
  }

  private printState(desc: ConsumerGroupDescription): void {
    if (!this.shouldPrintMemberState(desc.groupId, desc.state, 1)) return;
    const co = desc.coordinator;
    const coordinator = `${co.host}:${co.port}  (${co.id})`;
    const c = Math.max(25, coordinator.length);
    const g = Math.max(15, desc.groupId.length);
    const line = (a: string, b: string, d: string, e: string, f: string): string => "\n" + pad(a, g) + " " + pad(b, c) + " " + pad(d, 20) + " " + pad(e, 20) + " " + f;
    this.io.println(line("GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS") +
      line(desc.groupId, coordinator, desc.partitionAssignor === "" ? MISSING : desc.partitionAssignor, desc.state, String(desc.members.length)));
  }

  async deleteGroups(): Promise<void> {
    const groups = await this.groupIds();
    const result = await this.admin.deleteConsumerGroups(groups, this.timeout());
    const ok = [...result].filter(([, e]) => e === null).map(([g]) => g);
    const failed = [...result].filter(([, e]) => e !== null) as [string, Error][];
    if (failed.length === 0) {
      this.io.println(`Deletion of requested consumer groups (${ok.map((g) => `'${g}'`).join(", ")}) was successful.`);
    } else {
      this.printError("Deletion of some consumer groups failed:");
      for (const [g, e] of failed) this.io.println(`* Group '${g}' could not be deleted due to: ${javaToString(e)}`);
      if (ok.length > 0) this.io.println(`\nThese consumer groups were deleted successfully: ${ok.map((g) => `'${g}'`).join(", ")}`);
    }
  }

  async resetOffsets(): Promise<Map<string, Map<TopicPartition, OffsetAndMetadata>>> {
    const out = new Map<string, Map<TopicPartition, OffsetAndMetadata>>();
    for (const group of await this.groupIds()) {
      const desc = await this.describe(group);
      if (desc.state !== "Empty" && desc.state !== "Dead") {
        this.printError(`Assignments can only be reset if the group '${group}' is inactive, but the current state is ${desc.state}.`);
        out.set(group, new Map());
        continue;
      }
      const committed = await this.admin.listConsumerGroupOffsets(group, this.timeout());
      const partitions = await this.partitionsToReset(committed);
      const plan = await this.prepareOffsetsToReset(partitions, committed);
      if (this.opts.options.has(this.opts.executeOpt)) await this.admin.alterConsumerGroupOffsets(group, plan, this.timeout());
      out.set(group, plan);
    }
    return out;
  }

  private async partitionsToReset(committed: ReadonlyMap<TopicPartition, OffsetAndMetadata>): Promise<TopicPartition[]> {
    const o = this.opts.options;
    if (o.has(this.opts.allTopicsOpt)) return [...committed.keys()];
    const withPartitions: TopicPartition[] = [];
    const topics: string[] = [];
    for (const arg of o.valuesOf(this.opts.topicOpt)) {
      if (!arg.includes(":")) {
        topics.push(arg);
        continue;
      }
      const parts = arg.split(":");
      if (parts.length !== 2) throw new IllegalArgumentException(`Invalid topic arg '${arg}', expected topic name and partitions`);
      for (const p of parts[1].split(",")) {
        if (!/^[+-]?\d+$/.test(p)) throw new IllegalArgumentException(`Invalid partition '${p}' specified in topic arg '${arg}''`);
        withPartitions.push(new TopicPartition(parts[0], Number(p)));
      }
    }
    if (topics.length > 0) {
      const described = await this.admin.describeTopics(topics, this.timeout()).allTopicNames();
      for (const [name, d] of described) for (const p of d.partitions) withPartitions.push(new TopicPartition(name, p.partition));
    }
    return withPartitions;
  }

  private async offsets(tps: readonly TopicPartition[], spec: number): Promise<Map<string, number>> {
    const r = await this.admin.listOffsets(new Map(tps.map((tp) => [tp, spec])), this.timeout());
    return new Map([...r].map(([tp, info]) => [tp.toString(), info.offset]));
  }

  /** checkOffsetsRange: offsets beyond the log are clamped to its ends, with Kafka's WARN line. */
  private async checkOffsetsRange(requested: Map<TopicPartition, number>): Promise<Map<TopicPartition, number>> {
    const tps = [...requested.keys()];
    const starts = await this.offsets(tps, -2);
    const ends = await this.offsets(tps, -1);
    const now = this.ctx.runtime().now();
    const out = new Map<TopicPartition, number>();
    for (const [tp, offset] of requested) {
      const end = ends.get(tp.toString()) as number;
      const start = starts.get(tp.toString()) as number;
      if (offset > end) {
        this.io.err(log4jLine(now, "WARN", `New offset (${offset}) is higher than latest offset for topic partition ${tp}. Value will be set to ${end}`, LOGGER));
        out.set(tp, end);
      } else if (offset < start) {
        this.io.err(log4jLine(now, "WARN", `New offset (${offset}) is lower than earliest offset for topic partition ${tp}. Value will be set to ${start}`, LOGGER));
        out.set(tp, start);
      } else {
        out.set(tp, offset);
      }
    }
    return out;
  }

  private async prepareOffsetsToReset(tps: TopicPartition[], committed: ReadonlyMap<TopicPartition, OffsetAndMetadata>): Promise<Map<TopicPartition, OffsetAndMetadata>> {
    const o = this.opts.options;
    const op = this.opts;
    const toMeta = (m: Map<TopicPartition, number>): Map<TopicPartition, OffsetAndMetadata> => new Map([...m].map(([tp, v]) => [tp, new OffsetAndMetadata(v)]));
    const committedOf = (tp: TopicPartition): number | undefined => [...committed].find(([k]) => k.equals(tp))?.[1].offset;
    if (o.has(op.resetToOffsetOpt)) {
      const n = o.valueOf(op.resetToOffsetOpt) as number;
      return toMeta(await this.checkOffsetsRange(new Map(tps.map((tp) => [tp, n]))));
    }
    if (o.has(op.resetToEarliestOpt) || o.has(op.resetToLatestOpt)) {
      const m = await this.offsets(tps, o.has(op.resetToEarliestOpt) ? -2 : -1);
      return toMeta(new Map(tps.map((tp) => [tp, m.get(tp.toString()) as number])));
    }
    if (o.has(op.resetShiftByOpt)) {
      const shift = o.valueOf(op.resetShiftByOpt) as number;
      const requested = new Map<TopicPartition, number>();
      for (const tp of tps) {
        const cur = committedOf(tp);
        if (cur === undefined) throw new IllegalArgumentException(`Cannot shift offset for partition ${tp} since there is no current committed offset`);
        requested.set(tp, cur + shift);
      }
      return toMeta(await this.checkOffsetsRange(requested));
    }
    if (o.has(op.resetToCurrentOpt)) {
      const ends = await this.offsets(tps, -1);
      return toMeta(new Map(tps.map((tp) => [tp, committedOf(tp) ?? (ends.get(tp.toString()) as number)])));
    }
    if (o.has(op.resetToDatetimeOpt)) {
      const ts = parseDateTime(o.stringValueOf(op.resetToDatetimeOpt) as string);
      const found = await this.offsets(tps, ts);
      const ends = await this.offsets(tps, -1);
      return toMeta(new Map(tps.map((tp) => {
        const f = found.get(tp.toString());
        return [tp, f === undefined || f < 0 ? ends.get(tp.toString()) as number : f];
      })));
    }
    throw new IllegalArgumentException("Option " + op.resetOffsetsOpt + " takes one of these options: --to-earliest, --to-latest, --to-offset, --shift-by, --to-current, --to-datetime");
  }
}

/** Utils.getDateTime: `yyyy-MM-dd'T'HH:mm:ss.SSS` with an optional zone (Z, +hh:mm); no zone -> UTC here. */
export function parseDateTime(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (m === null) {
    const e = new Error(`Unparseable date: "${s}"`);
    e.name = "ParseException";
    throw e;
  }
  let zoneMs = 0;
  if (m[8] !== undefined && m[8] !== "Z") {
    const z = m[8].replace(":", "");
    zoneMs = (z[0] === "-" ? -1 : 1) * (Number(z.substring(1, 3)) * 60 + Number(z.substring(3, 5))) * 60000;
  }
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Number((m[7] ?? "0").padEnd(3, "0"))) - zoneMs;
}

/** printOffsetsToReset: GROUP TOPIC PARTITION NEW-OFFSET, one row per line. */
export function formatOffsetsToReset(plan: ReadonlyMap<string, ReadonlyMap<TopicPartition, OffsetAndMetadata>>): string {
  const row = (a: string, b: string, c: string, d: string): string => "\n" + pad(a, 30) + " " + pad(b, 30) + " " + pad(c, 10) + " " + pad(d, 15);
  if ([...plan.values()].length === 0) return "";
  let out = row("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET");
  for (const [group, m] of plan) for (const [tp, om] of m) out += row(group, tp.topic, String(tp.partition), String(om.offset));
  return out + "\n";
}

/** kafka-consumer-groups.sh: ConsumerGroupCommand.main — the exit code. */
export async function runConsumerGroupCommand(args: string[], ctx: ToolContext): Promise<number> {
  const io = ctx.io;
  let opts: ConsumerGroupCommandOptions;
  try {
    opts = new ConsumerGroupCommandOptions(args, ctx);
  } catch (e) {
    if (e instanceof ToolExit) return e.code;
    if (e instanceof OptionException) {
      // fromArgs parses outside main's try: the JVM reports the uncaught exception.
      io.eprintln(`Exception in thread "main" ${e.javaClass}: ${e.message}`);
      return 1;
    }
    throw e;
  }
  try {
    opts.checkArgs();
    const o = opts.options;
    const actions = [opts.listOpt, opts.describeOpt, opts.deleteOpt, opts.resetOffsetsOpt, opts.deleteOffsetsOpt].filter((x) => o.has(x)).length;
    if (actions !== 1) printUsageAndExit(io, opts.parser, "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets");
    const props: Record<string, string> = o.has(opts.commandConfigOpt) ? loadProps(ctx, o.stringValueOf(opts.commandConfigOpt) as string) : {};
    props["bootstrap.servers"] = o.stringValueOf(opts.bootstrapServerOpt) as string;
    const runtime = ctx.runtime();
    const admin = Admin.create(props, runtime, { logger: (e) => {
      if (e.level !== "INFO") io.err(log4jLine(runtime.now(), e.level, e.message, e.logger));
    } });
    const service = new ConsumerGroupService(opts, admin, ctx);
    try {
      if (o.has(opts.listOpt)) await service.listGroups();
      else if (o.has(opts.describeOpt)) await service.describeGroups();
      else if (o.has(opts.deleteOpt)) await service.deleteGroups();
      else if (o.has(opts.resetOffsetsOpt)) {
        const plan = await service.resetOffsets();
        if (o.has(opts.exportOpt)) {
          let csv = "";
          for (const [g, m] of plan) for (const [tp, om] of m) csv += (plan.size === 1 ? "" : g + ",") + `${tp.topic},${tp.partition},${om.offset}\n`;
          io.println(csv);
        } else {
          io.out(formatOffsetsToReset(plan));
        }
      } else if (o.has(opts.deleteOffsetsOpt)) {
        io.println("\nError: Executing consumer group command failed due to --delete-offsets is not supported by this engine yet");
      }
    } catch (e) {
      if (e instanceof ToolExit) throw e;
      if (e instanceof IllegalArgumentException) printUsageAndExit(io, opts.parser, e.message);
      io.println("\nError: Executing consumer group command failed due to " + javaToString(e));
      io.eprintln(stackTraceWithoutFrames(e));
    } finally {
      admin.close();
    }
    return 0;
  } catch (e) {
    if (e instanceof ToolExit) return e.code;
    if (e instanceof OptionException) {
      printUsageAndExitSafe(io, opts, e.message);
      return 1;
    }
    throw e;
  }
}

function printUsageAndExitSafe(io: ToolContext["io"], opts: ConsumerGroupCommandOptions, message: string): void {
  try {
    printUsageAndExit(io, opts.parser, message);
  } catch {
    // ToolExit: the usage is written
  }
}
