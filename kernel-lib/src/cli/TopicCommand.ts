// kafka-topics.sh (org.apache.kafka.tools.TopicCommand, Kafka 3.9): create, delete, describe, list and alter
// topics through the Admin client. Options, checks, output and messages follow 3.9's TopicCommand:
//   - options parsed by joptsimple (OptionParser.ts); usage errors print the message and the help table to stderr, exit 1;
//   - errors before an action runs (an unknown option, --bootstrap-server missing, a bad bootstrap address) print
//     the message and the exception to stderr (mainNoExit), exit 1;
//   - errors of the action print `Error while executing topic command : <message>` to stdout and log the exception
//     at ERROR to stderr (printException), exit 1.
// Stack frames are left out (the engine has no JVM frames to show); the exception lines are Kafka's.
//
// kafkaVersion "3.7" prints --describe partition lines without the Elr/LastKnownElr columns (3.8 added them).
//
// kafkaVersion "2.x" is Kafka 2.8's kafka.admin.TopicCommand (the last one with `--zookeeper`, removed in 3.0 by
// KIP-604): exactly one of --bootstrap-server / --zookeeper (`Only one of --bootstrap-server or --zookeeper must be
// specified`); with --bootstrap-server the Admin client as above (2.8 printed TopicId but no Elr columns); with
// --zookeeper the tool talks to ZooKeeper itself (ZookeeperTopicService.ts): --create needs --partitions and
// --replication-factor (unless --replica-assignment), --list marks pending deletions, --describe reads the partition
// state znodes, --alter may change configs, --delete only marks the topic. Errors thrown before main's try (option
// parsing, checkArgs, the ZooKeeper connection) are uncaught in 2.8: `Exception in thread "main" <exception>`.
// Errors of an action print `Error while executing topic command : ...` and log at ERROR as
// `(kafka.admin.TopicCommand$)`.
//
// The chroot: `--zookeeper` is used exactly as typed. The EmbeddedCluster's brokers use
// `zookeeper.connect=hadoop102:2181/kafka`, so the notes' `--zookeeper hadoop102:2181` looks at the root of the tree,
// where no broker registered and no topic lives: --list prints nothing and --create fails with
// `Replication factor: 2 larger than available brokers: 0.`, as it would on a real cluster with a chroot. A notebook
// either types the chroot its cluster uses (`--zookeeper hadoop102:2181/kafka`) or starts the cluster as the notes'
// clusters were set up, without one (`EmbeddedCluster.start({ config: { "zookeeper.connect": "hadoop102:2181" } })`),
// and then the notes' lines work verbatim.
import { Admin } from "../clients/admin/Admin";
import type { Config } from "../clients/admin/ConfigEntry";
import { ConfigResource, ConfigResourceType } from "../clients/admin/ConfigResource";
import type { KafkaAdminClient } from "../clients/admin/KafkaAdminClient";
import { NewPartitions } from "../clients/admin/NewPartitions";
import { NewTopic } from "../clients/admin/NewTopic";
import type { TopicDescription, TopicPartitionInfo } from "../clients/admin/TopicDescription";
import { TopicExistsException } from "../protocol/ApiExceptions";
import { Uuid } from "../sim/Uuid";
import { LogConfig } from "../storage/log/LogConfig";
import { checkInvalidArgs, checkInvalidArgsSet, checkRequiredArgs, printUsageAndExit } from "./CommandLineUtils";
import { javaHashMapOrder, javaHashOrder, javaSingletonListHashCode } from "./JavaHashMapOrder";
import { javaToString, stackTraceWithoutFrames } from "./JavaNames";
import { log4jLine } from "./Log4jLine";
import { OptionException, OptionParser, type OptionSet, type OptionSpec } from "./OptionParser";
import { readProperties } from "./Properties";
import {
  AdminCommandFailedException, AdminOperationException, IllegalArgumentException, ToolExit, type ToolContext,
} from "./Tool";
import { ZookeeperTopicService } from "./ZookeeperTopicService";

const KAFKA_CONFIGS_CLI_SUPPORTS_ALTERING_TOPIC_CONFIGS = " (To alter topic configurations, the kafka-configs tool can be used.)";
const INTERNAL_TOPICS = new Set(["__consumer_offsets", "__transaction_state"]);
const LOGGER = "org.apache.kafka.tools.TopicCommand";
/** The logger of 2.8's TopicCommand (a Scala object: the class name ends in `$`). */
const LEGACY_LOGGER = "kafka.admin.TopicCommand$";
const LEGACY_KAFKA_CONFIGS_CLI_SUPPORTS_ALTERING_TOPIC_CONFIGS = " (the kafka-configs CLI supports altering topic configs with a --bootstrap-server option)";
/** The version `--version` prints. */
export const KAFKA_VERSION_STRING = "3.9.0";
/** The version 2.8's `--version` printed (AppInfoParser.getVersion of the last 2.8 release). */
export const LEGACY_KAFKA_VERSION_STRING = "2.8.2";

/** Whether the tools behave like Kafka 2.x (2.8): `--zookeeper` accepted. */
export function isLegacyTopicCommand(ctx: ToolContext): boolean {
  return ctx.kafkaVersion === "2.x";
}

/** org.apache.kafka.common.internals.Topic.isInternal */
export function isInternalTopic(topic: string): boolean {
  return INTERNAL_TOPICS.has(topic);
}

/** Topic.hasCollisionChars: '.' and '_' collide in metric names. */
export function hasCollisionChars(topic: string): boolean {
  return topic.includes(".") || topic.includes("_");
}

/** A Java HashSet of option specs in its iteration order (`new HashSet<>(Arrays.asList(...))`). */
function hashSetOf(specs: OptionSpec[]): OptionSpec[] {
  return javaHashOrder(specs, (s) => s.name, javaSingletonListHashCode, Math.max(Math.floor(specs.length / 0.75) + 1, 16));
}

/** TopicCommand.TopicCommandOptions: the options, parsed and checked (checkArgs). */
export class TopicCommandOptions {
  readonly parser = new OptionParser();
  readonly options: OptionSet;
  readonly helpOpt = this.parser.accepts("help", "Print usage information.").forHelp();
  readonly versionOpt = this.parser.accepts("version", "Display Kafka version.").forHelp();
  readonly bootstrapServerOpt = this.parser.accepts("bootstrap-server", "REQUIRED: The Kafka server to connect to.")
    .withRequiredArg().describedAs("server to connect to");
  readonly commandConfigOpt = this.parser.accepts("command-config", "Property file containing configs to be passed to Admin Client.")
    .withRequiredArg().describedAs("command config property file");
  readonly listOpt = this.parser.accepts("list", "List all available topics.");
  readonly createOpt = this.parser.accepts("create", "Create a new topic.");
  readonly deleteOpt = this.parser.accepts("delete", "Delete a topic.");
  readonly alterOpt = this.parser.accepts("alter", "Alter the number of partitions and replica assignment." + KAFKA_CONFIGS_CLI_SUPPORTS_ALTERING_TOPIC_CONFIGS);
  readonly describeOpt = this.parser.accepts("describe", "List details for the given topics.");
  readonly topicOpt = this.parser.accepts("topic", "The topic to create, alter, describe or delete. It also accepts a regular " +
    "expression, except for --create option. Put topic name in double quotes and use the '\\' prefix " +
    "to escape regular expression symbols; e.g. \"test\\.topic\".").withRequiredArg().describedAs("topic");
  readonly topicIdOpt = this.parser.accepts("topic-id", "The topic-id to describe.").withRequiredArg().describedAs("topic-id");
  readonly configOpt = this.parser.accepts("config", "A topic configuration override for the topic being created." +
    " The following is a list of valid configurations: \n" + LogConfig.configNames().map((c) => "\t" + c).join("\n") + "\n" +
    "See the Kafka documentation for full details on the topic configs." +
    " It is supported only in combination with --create." + KAFKA_CONFIGS_CLI_SUPPORTS_ALTERING_TOPIC_CONFIGS)
    .withRequiredArg().describedAs("name=value");
  readonly deleteConfigOpt = this.parser.accepts("delete-config", "This option is no longer supported and has been deprecated since 4.0")
    .withRequiredArg().describedAs("name");
  readonly partitionsOpt = this.parser.accepts("partitions", "The number of partitions for the topic being created or " +
    "altered. If not supplied with --create, the topic uses the cluster default. (WARNING: If partitions are increased for a topic that has a key, the partition logic or ordering of the messages will be affected).")
    .withRequiredArg().describedAs("# of partitions").ofType("Integer");
  readonly replicationFactorOpt = this.parser.accepts("replication-factor", "The replication factor for each partition in the topic being created. If not supplied, the topic uses the cluster default.")
    .withRequiredArg().describedAs("replication factor").ofType("Integer");
  readonly replicaAssignmentOpt = this.parser.accepts("replica-assignment", "A list of manual partition-to-broker assignments for the topic being created or altered.")
    .withRequiredArg().describedAs("broker_id_for_part1_replica1 : broker_id_for_part1_replica2 , broker_id_for_part2_replica1 : broker_id_for_part2_replica2 , ...");
  readonly reportUnderReplicatedPartitionsOpt = this.parser.accepts("under-replicated-partitions", "If set when describing topics, only show under-replicated partitions.");
  readonly reportUnavailablePartitionsOpt = this.parser.accepts("unavailable-partitions", "If set when describing topics, only show partitions whose leader is not available.");
  readonly reportUnderMinIsrPartitionsOpt = this.parser.accepts("under-min-isr-partitions", "If set when describing topics, only show partitions whose isr count is less than the configured minimum.");
  readonly reportAtMinIsrPartitionsOpt = this.parser.accepts("at-min-isr-partitions", "If set when describing topics, only show partitions whose isr count is equal to the configured minimum.");
  readonly topicsWithOverridesOpt = this.parser.accepts("topics-with-overrides", "If set when describing topics, only show topics that have overridden configs.");
  readonly ifExistsOpt = this.parser.accepts("if-exists", "If set when altering or deleting or describing topics, the action will only execute if the topic exists.");
  readonly ifNotExistsOpt = this.parser.accepts("if-not-exists", "If set when creating topics, the action will only execute if the topic does not already exist.");
  readonly excludeInternalTopicOpt = this.parser.accepts("exclude-internal", "Exclude internal topics when listing or describing topics. By default, the internal topics are included.");
  readonly partitionSizeLimitPerResponseOpt = this.parser.accepts("partition-size-limit-per-response", "The maximum partition size to be included in one DescribeTopicPartitions response.")
    .withRequiredArg().describedAs("maximum number of partitions per response").ofType("Integer");
  /** 2.x only: --zookeeper, --disable-rack-aware (null in 3.x, where they are not recognized options). */
  readonly zkConnectOpt: OptionSpec | null;
  readonly disableRackAwareOpt: OptionSpec | null;
  readonly legacy: boolean;
  private readonly allTopicLevelOpts: OptionSpec[];
  private readonly allReplicationReportOpts: OptionSpec[];

  constructor(readonly args: readonly string[], private readonly ctx: ToolContext) {
    this.legacy = isLegacyTopicCommand(ctx);
    if (this.legacy) {
      this.zkConnectOpt = this.parser.accepts("zookeeper", "DEPRECATED, The connection string for the zookeeper connection in the form " +
        "host:port. Multiple hosts can be given to allow fail-over.").withRequiredArg().describedAs("hosts");
      this.disableRackAwareOpt = this.parser.accepts("disable-rack-aware", "Disable rack aware replica assignment");
      // "This is not currently used, but we keep it for compatibility" (2.8)
      this.parser.accepts("force", "Suppress console prompts");
    } else {
      this.zkConnectOpt = null;
      this.disableRackAwareOpt = null;
    }
    this.options = this.parser.parse(args);
    if (this.legacy) {
      // Options 2.8 did not have yet.
      for (const spec of [this.topicIdOpt, this.partitionSizeLimitPerResponseOpt]) {
        if (this.options.has(spec)) throw new OptionException(`${spec.name} is not a recognized option`, "joptsimple.UnrecognizedOptionException");
      }
    }
    this.allTopicLevelOpts = hashSetOf([this.alterOpt, this.createOpt, this.describeOpt, this.listOpt, this.deleteOpt]);
    this.allReplicationReportOpts = hashSetOf([this.reportUnderReplicatedPartitionsOpt, this.reportUnderMinIsrPartitionsOpt,
      this.reportAtMinIsrPartitionsOpt, this.reportUnavailablePartitionsOpt]);
    this.checkArgs();
  }

  has(spec: OptionSpec): boolean {
    return this.options.has(spec);
  }

  bootstrapServer(): string | null {
    return this.options.stringValueOf(this.bootstrapServerOpt);
  }

  /** --zookeeper (2.x), or null. */
  zkConnect(): string | null {
    return this.zkConnectOpt === null ? null : this.options.stringValueOf(this.zkConnectOpt);
  }

  /** --delete-config names (2.x, with --zookeeper). */
  configsToDelete(): string[] {
    return this.options.valuesOf(this.deleteConfigOpt).map((s) => s.trim());
  }

  topic(): string | null {
    return this.options.stringValueOf(this.topicOpt);
  }

  topicId(): string | null {
    return this.options.stringValueOf(this.topicIdOpt);
  }

  partitions(): number | null {
    return this.options.intValueOf(this.partitionsOpt);
  }

  replicationFactor(): number | null {
    return this.options.intValueOf(this.replicationFactorOpt);
  }

  replicaAssignment(): Map<number, number[]> | null {
    const v = this.options.stringValueOf(this.replicaAssignmentOpt);
    return v !== null && v !== "" ? parseReplicaAssignment(v) : null;
  }

  topicConfig(): string[] {
    return this.options.valuesOf(this.configOpt);
  }

  /** Utils.loadProps(--command-config), or no properties. */
  commandConfig(): Record<string, string> {
    const file = this.options.stringValueOf(this.commandConfigOpt);
    if (file === null) return {};
    const text = this.ctx.readFile(file);
    if (text === null) {
      const e = new Error(file);
      e.name = "NoSuchFileException";
      throw e;
    }
    return readProperties(text);
  }

  private checkArgs(): void {
    const io = this.ctx.io;
    if (this.args.length === 0) printUsageAndExit(io, this.parser, "Create, delete, describe, or change a topic.");
    if (this.has(this.helpOpt)) printUsageAndExit(io, this.parser, "This tool helps to create, delete, describe, or change a topic.");
    if (this.has(this.versionOpt)) {
      io.println(this.legacy ? LEGACY_KAFKA_VERSION_STRING : KAFKA_VERSION_STRING);
      throw new ToolExit(0);
    }
    const actions = [this.createOpt, this.listOpt, this.alterOpt, this.describeOpt, this.deleteOpt].filter((o) => this.has(o)).length;
    if (actions !== 1) printUsageAndExit(io, this.parser, "Command must include exactly one action: --list, --describe, --create, --alter or --delete");
    if (this.has(this.deleteConfigOpt) && !this.legacy) {
      io.eprintln("delete-config option is no longer supported and deprecated since version 4.0. The config will be fully removed in future releases.");
    }
    this.checkRequiredArgs();
    this.checkInvalidArgs();
  }

  private checkRequiredArgs(): void {
    const io = this.ctx.io;
    if (this.legacy) return this.checkRequiredArgsLegacy();
    if (!this.has(this.bootstrapServerOpt)) throw new IllegalArgumentException("--bootstrap-server must be specified");
    if (this.has(this.describeOpt) && this.has(this.ifExistsOpt)) {
      if (!this.has(this.topicOpt) && !this.has(this.topicIdOpt)) printUsageAndExit(io, this.parser, "--topic or --topic-id is required to describe a topic");
      if (this.has(this.topicOpt) && this.has(this.topicIdOpt)) {
        io.println("Only topic id will be used when both --topic and --topic-id are specified and topicId is not Uuid.ZERO_UUID");
      }
    }
    if (!this.has(this.listOpt) && !this.has(this.describeOpt)) checkRequiredArgs(io, this.parser, this.options, this.topicOpt);
    if (this.has(this.alterOpt)) {
      checkInvalidArgsSet(io, this.parser, this.options, hashSetOf([this.bootstrapServerOpt, this.configOpt]), [this.alterOpt],
        KAFKA_CONFIGS_CLI_SUPPORTS_ALTERING_TOPIC_CONFIGS);
      checkRequiredArgs(io, this.parser, this.options, this.partitionsOpt);
    }
  }

  /** 2.8's required-argument checks: exactly one of --bootstrap-server / --zookeeper. */
  private checkRequiredArgsLegacy(): void {
    const io = this.ctx.io;
    const zk = this.zkConnectOpt as OptionSpec;
    if (this.has(this.bootstrapServerOpt) === this.has(zk)) {
      throw new IllegalArgumentException("Only one of --bootstrap-server or --zookeeper must be specified");
    }
    if (this.has(this.describeOpt) && this.has(this.ifExistsOpt)) checkRequiredArgs(io, this.parser, this.options, this.topicOpt);
    if (!this.has(this.listOpt) && !this.has(this.describeOpt)) checkRequiredArgs(io, this.parser, this.options, this.topicOpt);
    if (this.has(this.createOpt) && !this.has(this.replicaAssignmentOpt) && this.has(zk)) {
      checkRequiredArgs(io, this.parser, this.options, this.partitionsOpt, this.replicationFactorOpt);
    }
    if (this.has(this.bootstrapServerOpt) && this.has(this.alterOpt)) {
      checkInvalidArgsSet(io, this.parser, this.options, hashSetOf([this.bootstrapServerOpt, this.configOpt]), [this.alterOpt],
        LEGACY_KAFKA_CONFIGS_CLI_SUPPORTS_ALTERING_TOPIC_CONFIGS);
      checkRequiredArgs(io, this.parser, this.options, this.partitionsOpt);
    }
  }

  /** invalidOptions(add, remove): a LinkedHashSet of the action options (HashSet order) minus `remove`, plus `add`. */
  private invalidOptions(remove: OptionSpec[], add: OptionSpec[] = []): OptionSpec[] {
    const out = this.allTopicLevelOpts.filter((o) => !remove.includes(o));
    for (const a of add) if (!out.includes(a)) out.push(a);
    return out;
  }

  private checkInvalidArgs(): void {
    const io = this.ctx.io;
    const p = this.parser;
    const o = this.options;
    checkInvalidArgs(io, p, o, this.configOpt, this.invalidOptions([this.alterOpt, this.createOpt]));
    if (this.legacy) checkInvalidArgs(io, p, o, this.deleteConfigOpt, this.invalidOptions([this.alterOpt], [this.bootstrapServerOpt]));
    checkInvalidArgs(io, p, o, this.partitionsOpt, this.invalidOptions([this.alterOpt, this.createOpt]));
    checkInvalidArgs(io, p, o, this.replicationFactorOpt, this.invalidOptions([this.createOpt]));
    checkInvalidArgs(io, p, o, this.replicaAssignmentOpt, this.invalidOptions([this.alterOpt, this.createOpt]));
    if (o.has(this.createOpt)) checkInvalidArgs(io, p, o, this.replicaAssignmentOpt, [this.partitionsOpt, this.replicationFactorOpt]);
    for (const report of [this.reportUnderReplicatedPartitionsOpt, this.reportUnderMinIsrPartitionsOpt, this.reportAtMinIsrPartitionsOpt,
      this.reportUnavailablePartitionsOpt]) {
      // 2.8: the min-ISR reports need the Admin client's configs ("Not supported with the --zookeeper option").
      const zk = this.zkConnectOpt !== null && (report === this.reportUnderMinIsrPartitionsOpt || report === this.reportAtMinIsrPartitionsOpt)
        ? [this.zkConnectOpt] : [];
      checkInvalidArgs(io, p, o, report, this.invalidOptions([this.describeOpt, report], [this.topicsWithOverridesOpt, ...zk]));
    }
    checkInvalidArgs(io, p, o, this.topicsWithOverridesOpt, this.invalidOptions([this.describeOpt], this.allReplicationReportOpts));
    checkInvalidArgs(io, p, o, this.ifExistsOpt, this.invalidOptions([this.alterOpt, this.deleteOpt, this.describeOpt]));
    checkInvalidArgs(io, p, o, this.ifNotExistsOpt, this.invalidOptions([this.createOpt]));
    checkInvalidArgs(io, p, o, this.excludeInternalTopicOpt, this.invalidOptions([this.listOpt, this.describeOpt]));
  }
}

/** TopicCommand.parseReplicaAssignment: "1:2,2:3" -> {0: [1,2], 1: [2,3]}. */
export function parseReplicaAssignment(list: string): Map<number, number[]> {
  const ret = new Map<number, number[]>();
  const partitions = javaSplit(list, ",");
  for (let i = 0; i < partitions.length; i++) {
    const brokers = javaSplit(partitions[i], ":").map((s) => parseJavaInt(s.trim()));
    const seen = new Set<number>();
    const dups: number[] = [];
    for (const b of brokers) {
      if (seen.has(b) && !dups.includes(b)) dups.push(b);
      seen.add(b);
    }
    if (dups.length > 0) throw new AdminCommandFailedException("Partition replica lists may not contain duplicate entries: " + dups.join(","));
    ret.set(i, brokers);
    if (brokers.length !== (ret.get(0) as number[]).length) {
      throw new AdminOperationException("Partition " + i + " has different replication factor: [" + brokers.join(", ") + "]");
    }
  }
  return ret;
}

/** Java's String.split(regex) for a literal: trailing empty strings are removed. */
function javaSplit(s: string, sep: string | RegExp): string[] {
  const parts = s.split(sep);
  while (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  if (parts.length === 1 && parts[0] === "" && s === "") return [""];
  return parts;
}

/** Integer.parseInt, with java.lang.NumberFormatException's message. */
function parseJavaInt(s: string): number {
  if (/^[+-]?\d+$/.test(s)) {
    const n = Number(s);
    if (n >= -(2 ** 31) && n < 2 ** 31) return n;
  }
  const e = new Error(`For input string: "${s}"`);
  e.name = "NumberFormatException";
  throw e;
}

/** TopicCommand.parseTopicConfigsToBeAdded: `k=v` pairs, validated by LogConfig.validate. */
export function parseTopicConfigsToBeAdded(opts: TopicCommandOptions): Record<string, string> {
  const pairs = opts.topicConfig().map((s) => javaSplit(s, /\s*=\s*/));
  if (!pairs.every((p) => p.length === 2)) {
    throw new IllegalArgumentException("requirement failed: Invalid topic config: all configs to be added must be in the format \"key=val\".");
  }
  const props: Record<string, string> = {};
  for (const [k, v] of pairs) props[k.trim()] = v.trim();
  LogConfig.validate(props);
  return props;
}

/** TopicFilter.IncludeList: a regex (commas mean "or") matched against whole topic names. */
class IncludeList {
  private readonly regex: RegExp;

  constructor(rawRegex: string) {
    const r = rawRegex.trim().replaceAll(",", "|").replaceAll(" ", "").replace(/^["']+/, "").replace(/["']+$/, "");
    try {
      this.regex = new RegExp("^(?:" + r + ")$");
    } catch {
      throw new IllegalArgumentException(r + " is an invalid regex.");
    }
  }

  isTopicAllowed(topic: string, excludeInternalTopics: boolean): boolean {
    return this.regex.test(topic) && !(isInternalTopic(topic) && excludeInternalTopics);
  }
}

/** TopicCommand.doGetTopics: the sorted topic names, filtered by the --topic regex and --exclude-internal. */
export function filterTopics(sortedTopics: readonly string[], include: string | null, excludeInternal: boolean): string[] {
  if (include !== null) {
    const filter = new IncludeList(include);
    return sortedTopics.filter((t) => filter.isTopicAllowed(t, excludeInternal));
  }
  return sortedTopics.filter((t) => !(isInternalTopic(t) && excludeInternal));
}

/** TopicCommand.ensureTopicExists: a named topic (or regex) that matched nothing is an error unless --if-exists. */
export function ensureTopicExists(found: readonly string[], requested: string | null, requireTopicExists: boolean, ctx: ToolContext): void {
  if (requested !== null && requested !== "" && requireTopicExists && found.length === 0) {
    // 3.8 and 3.9 format the Optional itself into the message (fixed in 4.0): `Topic 'Optional[first]' ...`.
    const shown = ctx.kafkaVersion === "3.9" ? `Optional[${requested}]` : requested;
    throw new IllegalArgumentException(`Topic '${shown}' does not exist as expected`);
  }
}

/** TopicCommand.TopicService: the five actions, over an Admin client or (2.x) over ZooKeeper. */
export interface TopicCommandService {
  createTopic(opts: TopicCommandOptions): Promise<void>;
  alterTopic(opts: TopicCommandOptions): Promise<void>;
  listTopics(opts: TopicCommandOptions): Promise<void>;
  describeTopic(opts: TopicCommandOptions): Promise<void>;
  deleteTopic(opts: TopicCommandOptions): Promise<void>;
  close(): Promise<void>;
}

/** The TopicService of TopicCommand: each action over one Admin client. */
class TopicService implements TopicCommandService {
  constructor(private readonly admin: KafkaAdminClient, private readonly ctx: ToolContext) {}

  async createTopic(opts: TopicCommandOptions): Promise<void> {
    const name = opts.topic() as string;
    const partitions = opts.partitions();
    const replicationFactor = opts.replicationFactor();
    const assignment = opts.replicaAssignment();
    const configs = parseTopicConfigsToBeAdded(opts);
    if (hasCollisionChars(name)) {
      this.ctx.io.println("WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could " +
        "collide. To avoid issues it is best to use either, but not both.");
    }
    if (replicationFactor !== null && (replicationFactor > 32767 || replicationFactor < 1)) {
      throw new IllegalArgumentException("The replication factor must be between 1 and 32767 inclusive");
    }
    if (partitions !== null && partitions < 1) throw new IllegalArgumentException("The partitions must be greater than 0");
    const newTopic = assignment !== null ? new NewTopic(name, assignment) : new NewTopic(name, partitions, replicationFactor);
    newTopic.configs(configs);
    try {
      await this.admin.createTopics([newTopic], { retryOnQuotaViolation: false }).all();
      this.ctx.io.println("Created topic " + name + ".");
    } catch (e) {
      if (!(e instanceof TopicExistsException && opts.has(opts.ifNotExistsOpt))) throw e;
    }
  }

  async listTopics(opts: TopicCommandOptions): Promise<void> {
    this.ctx.io.println((await this.getTopics(opts.topic(), opts.has(opts.excludeInternalTopicOpt))).join("\n"));
  }

  async alterTopic(opts: TopicCommandOptions): Promise<void> {
    const assignment = opts.replicaAssignment();
    parseTopicConfigsToBeAdded(opts);
    const partitions = opts.partitions() as number;
    const topics = await this.getTopics(opts.topic(), opts.has(opts.excludeInternalTopicOpt));
    this.ensureTopicExists(topics, opts.topic(), !opts.has(opts.ifExistsOpt));
    if (topics.length === 0) return;
    const infos = assignment !== null ? await this.admin.describeTopics(topics).allTopicNames() : null;
    const newPartitions = new Map<string, NewPartitions>();
    for (const t of topics) {
      if (assignment !== null && infos !== null) {
        const start = (infos.get(t) as TopicDescription).partitions.length;
        const added = [...assignment].filter(([p]) => p >= start).map(([, r]) => r);
        newPartitions.set(t, NewPartitions.increaseTo(partitions, added));
      } else {
        newPartitions.set(t, NewPartitions.increaseTo(partitions));
      }
    }
    await this.admin.createPartitions(newPartitions, { retryOnQuotaViolation: false }).all();
  }

  async deleteTopic(opts: TopicCommandOptions): Promise<void> {
    const topics = await this.getTopics(opts.topic(), opts.has(opts.excludeInternalTopicOpt));
    this.ensureTopicExists(topics, opts.topic(), !opts.has(opts.ifExistsOpt));
    await this.admin.deleteTopics(topics, { retryOnQuotaViolation: false }).all();
  }

  async describeTopic(opts: TopicCommandOptions): Promise<void> {
    const exclude = opts.has(opts.excludeInternalTopicOpt);
    const rawId = opts.topicId();
    const inputTopicId = rawId === null ? null : Uuid.fromString(rawId);
    const useTopicId = inputTopicId !== null && !inputTopicId.equals(Uuid.ZERO_UUID);
    let topics: string[] = [];
    if (useTopicId) {
      const listings = await this.admin.listTopics({ listInternal: !exclude }).listings();
      const match = listings.find((l) => l.topicId.equals(inputTopicId));
      if (match === undefined && !opts.has(opts.ifExistsOpt)) throw new IllegalArgumentException(`TopicId '${inputTopicId}' does not exist as expected`);
      if (match !== undefined) topics = [match.name];
    } else {
      topics = await this.getTopics(opts.topic(), exclude);
      this.ensureTopicExists(topics, opts.topic(), !opts.has(opts.ifExistsOpt));
    }
    if (topics.length === 0) return;
    const described = await this.admin.describeTopics(topics).allTopicNames();
    // DescribeTopicsResult.allTopicNames is a HashMap: Kafka prints the topics in its order, not sorted.
    const descriptions = javaHashMapOrder([...described.values()], (d) => d.name, topics.length);
    const configResources = descriptions.map((d) => new ConfigResource(ConfigResourceType.TOPIC, d.name));
    const configs = this.admin.describeConfigs(configResources).values();
    const liveBrokers = new Set((await this.admin.describeCluster().nodes()).map((n) => n.id));
    const describeConfigs = !opts.has(opts.reportUnavailablePartitionsOpt) && !opts.has(opts.reportUnderReplicatedPartitionsOpt) &&
      !opts.has(opts.reportUnderMinIsrPartitionsOpt) && !opts.has(opts.reportAtMinIsrPartitionsOpt);
    const describePartitions = !opts.has(opts.topicsWithOverridesOpt);
    for (let i = 0; i < descriptions.length; i++) {
      const td = descriptions[i];
      const config = await (configs.get(configResources[i]) as Promise<Config>);
      const sorted = [...td.partitions].sort((a, b) => a.partition - b.partition);
      if (describeConfigs) {
        const hasNonDefault = config.entries().some((e) => !e.isDefault);
        if (!opts.has(opts.topicsWithOverridesOpt) || hasNonDefault) {
          this.ctx.io.out(formatTopicLine(td, sorted[0].replicas.length, config));
        }
      }
      if (describePartitions) {
        for (const p of sorted) {
          const minIsr = Number(config.get("min.insync.replicas")?.value ?? "1");
          const hasLeader = p.leader !== null;
          const print = describeConfigs ||
            (opts.has(opts.reportUnderReplicatedPartitionsOpt) && p.replicas.length - p.isr.length > 0) ||
            (opts.has(opts.reportUnavailablePartitionsOpt) && (!hasLeader || !liveBrokers.has((p.leader as { id: number }).id))) ||
            (opts.has(opts.reportUnderMinIsrPartitionsOpt) && (!hasLeader || p.isr.length < minIsr)) ||
            (opts.has(opts.reportAtMinIsrPartitionsOpt) && minIsr === p.isr.length);
          // The Elr/LastKnownElr columns came with 3.8 (KIP-966).
          if (print) this.ctx.io.out(formatPartitionLine(td.name, p, this.ctx.kafkaVersion === "3.9"));
        }
      }
    }
  }

  /** getTopics: every topic (internal ones unless excluded), sorted, filtered by the --topic regex. */
  async getTopics(include: string | null, excludeInternal: boolean): Promise<string[]> {
    const all = [...await this.admin.listTopics({ listInternal: !excludeInternal }).names()].sort();
    return filterTopics(all, include, excludeInternal);
  }

  private ensureTopicExists(found: string[], requested: string | null, requireTopicExists: boolean): void {
    ensureTopicExists(found, requested, requireTopicExists, this.ctx);
  }

  async close(): Promise<void> {
    this.admin.close();
  }
}

/** TopicCommand.TopicDescription.printDescription: the topic line of --describe. */
export function formatTopicLine(td: TopicDescription, replicationFactor: number, config: Config): string {
  // admin.Config keeps its entries in a HashMap: `Configs:` lists the non-default ones in that map's order.
  const configs = javaHashMapOrder(config.entries(), (e) => e.name).filter((e) => !e.isDefault).map((e) => `${e.name}=${e.value}`).join(",");
  let line = "Topic: " + td.name;
  if (!td.topicId.equals(Uuid.ZERO_UUID)) line += "\tTopicId: " + td.topicId.toString();
  line += "\tPartitionCount: " + td.partitions.length;
  line += "\tReplicationFactor: " + replicationFactor;
  line += "\tConfigs: " + configs;
  return line + "\n";
}

/** TopicCommand.PartitionDescription.printDescription: one partition line of --describe (starts with a tab). */
export function formatPartitionLine(topic: string, p: TopicPartitionInfo, withElr = true): string {
  const ids = (ns: readonly { id: number }[]): string => ns.map((n) => String(n.id)).join(",");
  let line = "\tTopic: " + topic;
  line += "\tPartition: " + p.partition;
  line += "\tLeader: " + (p.leader !== null ? String(p.leader.id) : "none");
  line += "\tReplicas: " + ids(p.replicas);
  line += "\tIsr: " + ids(p.isr);
  if (withElr) {
    line += p.elr !== null ? "\tElr: " + ids(p.elr) : "\tElr: N/A";
    line += p.lastKnownElr !== null ? "\tLastKnownElr: " + ids(p.lastKnownElr) : "\tLastKnownElr: N/A";
  }
  return line + "\n";
}

/** The exception as 2.8's tools printed it: their own AdminOperationException/AdminCommandFailedException packages. */
function legacyJavaToString(e: unknown): string {
  const name = e instanceof Error ? e.name : "";
  const pkg = name === "AdminOperationException" ? "kafka.admin" : name === "AdminCommandFailedException" ? "kafka.common" : null;
  if (pkg === null) return javaToString(e);
  const msg = (e as Error).message;
  return msg === "" ? `${pkg}.${name}` : `${pkg}.${name}: ${msg}`;
}

function legacyStackTrace(e: unknown): string {
  let out = legacyJavaToString(e);
  let cause = e instanceof Error ? e.cause : undefined;
  for (let depth = 0; cause !== undefined && cause !== null && depth < 8; depth++) {
    out += "\nCaused by: " + legacyJavaToString(cause);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return out;
}

/** AdminClientTopicService: an Admin client over --bootstrap-server (+ --command-config). */
function adminTopicService(opts: TopicCommandOptions, ctx: ToolContext): TopicService {
  const props: Record<string, string> = { ...opts.commandConfig() };
  const bootstrap = opts.bootstrapServer();
  if (bootstrap !== null) props["bootstrap.servers"] = bootstrap;
  const runtime = ctx.runtime();
  const admin = Admin.create(props, runtime, {
    logger: (e) => ctx.io.err(log4jLine(runtime.now(), e.level, e.message, e.logger)),
  });
  return new TopicService(admin, ctx);
}

/** kafka-topics.sh: TopicCommand.mainNoExit (3.x) or TopicCommand.main (2.x) — the exit code. */
export async function runTopicCommand(args: string[], ctx: ToolContext): Promise<number> {
  const io = ctx.io;
  const legacy = isLegacyTopicCommand(ctx);
  let opts: TopicCommandOptions;
  let service: TopicCommandService;
  try {
    opts = new TopicCommandOptions(args, ctx);
    const zkConnect = opts.zkConnect();
    service = zkConnect !== null ? await ZookeeperTopicService.connect(zkConnect, ctx) : adminTopicService(opts, ctx);
  } catch (e) {
    if (e instanceof ToolExit) return e.code;
    if (legacy) {
      // 2.8 parses, checks and connects outside main's try: the JVM reports the uncaught exception.
      io.eprintln(`Exception in thread "main" ${legacyJavaToString(e)}`);
      return 1;
    }
    io.eprintln(e instanceof Error ? e.message : String(e));
    io.eprintln(stackTraceWithoutFrames(e));
    return 1;
  }
  let exitCode = 0;
  try {
    if (opts.has(opts.createOpt)) await service.createTopic(opts);
    else if (opts.has(opts.alterOpt)) await service.alterTopic(opts);
    else if (opts.has(opts.listOpt)) await service.listTopics(opts);
    else if (opts.has(opts.describeOpt)) await service.describeTopic(opts);
    else if (opts.has(opts.deleteOpt)) await service.deleteTopic(opts);
  } catch (e) {
    if (e instanceof ToolExit) {
      exitCode = e.code;
    } else {
      // TopicCommand.printException
      io.println("Error while executing topic command : " + (e instanceof Error ? e.message : String(e)));
      // Utils.stackTrace ends with a line break: the logger name lands on a line of its own.
      const trace = legacy ? legacyStackTrace(e) : stackTraceWithoutFrames(e);
      io.err(log4jLine(ctx.runtime().now(), "ERROR", trace + "\n", legacy ? LEGACY_LOGGER : LOGGER));
      exitCode = 1;
    }
  } finally {
    await service.close();
  }
  return exitCode;
}
