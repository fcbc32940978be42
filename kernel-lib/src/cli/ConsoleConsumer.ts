// kafka-console-consumer.sh (org.apache.kafka.tools.consumer.ConsoleConsumer + ConsoleConsumerOptions, Kafka 3.9):
// a KafkaConsumer<byte[], byte[]> (client.id console-consumer unless set) that prints every record with
// DefaultMessageFormatter and, at exit, `Processed a total of N messages` on stderr.
//
//   --topic t            subscribe (group management) — a consumer without --from-beginning starts at the log
//                        end (auto.offset.reset=latest): records produced before it joined are not shown
//   --include regex      subscribe to the matching topics (resolved once, at start, with a topic listing)
//   --partition p [--offset earliest|latest|n]   assign one partition and seek (default latest)
//   --group g            default console-consumer-<0..99999> (drawn from the runtime's seeded random), with
//                        enable.auto.commit=false unless set
//   --max-messages N / --timeout-ms T (virtual ms; exit when no record arrived for T: Kafka logs
//                        `ERROR Error processing message, terminating consumer process: ` with a TimeoutException)
//
// The real tool runs until Ctrl-C when neither bounds it. A notebook cell must end, so here, without --timeout-ms,
// the user "presses Ctrl-C" once no record has arrived for 10000 virtual ms (NOTEBOOK_IDLE_STOP_MS): the output then
// ends like a terminal session interrupted by Ctrl-C — `^C` followed by `Processed a total of N messages`.
// (poll is given the remaining wait; Kafka's own check `elapsed > timeoutMs` becomes `>=` in virtual time, where a
// poll returns exactly when its timeout is due, not a few milliseconds later.)
import { Admin } from "../clients/admin/Admin";
import type { ClientLogEvent } from "../clients/common/ClientLogEvent";
import { ByteArrayDeserializer } from "../clients/common/serialization/ByteArrayDeserializer";
import type { ConsumerRecord } from "../clients/consumer/ConsumerRecord";
import { KafkaConsumer } from "../clients/consumer/KafkaConsumer";
import { TimeoutException } from "../protocol/ApiExceptions";
import { TopicPartition } from "../protocol/TopicPartition";
import type { Runtime } from "../sim/Runtime";
import {
  acceptHelpAndVersion, loadProps, maybeMergeOptions, maybePrintHelpOrVersion, parseKeyValueArgs, valueOrDefault, withDefault,
} from "./CommandDefaultOptions";
import { checkRequiredArgs, printUsageAndExit } from "./CommandLineUtils";
import { toolLogFilter } from "./ConsoleProducer";
import { DefaultMessageFormatter } from "./DefaultMessageFormatter";
import { stackTraceWithoutFrames } from "./JavaNames";
import { log4jLine } from "./Log4jLine";
import { OptionException, OptionParser, type OptionSet, type OptionSpec } from "./OptionParser";
import { ToolExit, type ToolContext } from "./Tool";

const LOGGER = "org.apache.kafka.tools.consumer.ConsoleConsumer";
const DEFAULT_FORMATTER = "org.apache.kafka.tools.consumer.DefaultMessageFormatter";
/** ListOffsetsRequest.EARLIEST_TIMESTAMP / LATEST_TIMESTAMP */
const EARLIEST = -2;
const LATEST = -1;
/** Without --timeout-ms: stop as if Ctrl-C was pressed after this long (virtual ms) without a record. */
export const NOTEBOOK_IDLE_STOP_MS = 10000;

/** ConsoleConsumerOptions: the options and their checks, in 3.9's order and wording. */
export class ConsoleConsumerOptions {
  readonly parser = new OptionParser();
  readonly options: OptionSet;
  readonly topicOpt = this.parser.accepts("topic", "The topic to consume on.").withRequiredArg().describedAs("topic");
  readonly whitelistOpt = this.parser.accepts("whitelist", "DEPRECATED, use --include instead; ignored if --include specified. " +
    "Regular expression specifying list of topics to include for consumption.").withRequiredArg().describedAs("Java regex (String)");
  readonly includeOpt = this.parser.accepts("include", "Regular expression specifying list of topics to include for consumption.")
    .withRequiredArg().describedAs("Java regex (String)");
  readonly partitionIdOpt = this.parser.accepts("partition", "The partition to consume from. Consumption starts from the end of the partition " +
    "unless '--offset' is specified.").withRequiredArg().describedAs("partition").ofType("Integer");
  readonly offsetOpt = this.parser.accepts("offset", withDefault("The offset to consume from (a non-negative number), or 'earliest' which means from " +
    "beginning, or 'latest' which means from end", "latest")).withRequiredArg().describedAs("consume offset");
  readonly consumerPropertyOpt = this.parser.accepts("consumer-property", "A mechanism to pass user-defined properties in the form key=value to the consumer.")
    .withRequiredArg().describedAs("consumer_prop");
  readonly consumerConfigOpt = this.parser.accepts("consumer.config", "Consumer config properties file. Note that [consumer-property] takes precedence over this config.")
    .withRequiredArg().describedAs("config file");
  readonly messageFormatterOpt = this.parser.accepts("formatter", withDefault("The name of a class to use for formatting kafka messages for display.", DEFAULT_FORMATTER))
    .withRequiredArg().describedAs("class");
  readonly messageFormatterArgOpt = this.parser.accepts("property", "The properties to initialize the message formatter. Default properties include: \n" +
    " print.timestamp=true|false\n print.key=true|false\n print.offset=true|false\n print.partition=true|false\n print.headers=true|false\n" +
    " print.value=true|false\n key.separator=<key.separator>\n line.separator=<line.separator>\n headers.separator=<line.separator>\n" +
    " null.literal=<null.literal>\n key.deserializer=<key.deserializer>\n value.deserializer=<value.deserializer>\n header.deserializer=<header.deserializer>\n" +
    "\nUsers can also pass in customized properties for their formatter; more specifically, users can pass in properties keyed with 'key.deserializer.', " +
    "'value.deserializer.' and 'headers.deserializer.' prefixes to configure their deserializers.").withRequiredArg().describedAs("prop");
  readonly messageFormatterConfigOpt = this.parser.accepts("formatter-config", "Config properties file to initialize the message formatter. Note that [property] " +
    "takes precedence over this config.").withRequiredArg().describedAs("config file");
  readonly resetBeginningOpt = this.parser.accepts("from-beginning", "If the consumer does not already have an established offset to consume from, " +
    "start with the earliest message present in the log rather than the latest message.");
  readonly maxMessagesOpt = this.parser.accepts("max-messages", "The maximum number of messages to consume before exiting. If not set, consumption is continual.")
    .withRequiredArg().describedAs("num_messages").ofType("Integer");
  readonly timeoutMsOpt = this.parser.accepts("timeout-ms", "If specified, exit if no message is available for consumption for the specified interval.")
    .withRequiredArg().describedAs("timeout_ms").ofType("Long");
  readonly skipMessageOnErrorOpt = this.parser.accepts("skip-message-on-error", "If there is an error when processing a message, skip it instead of halt.");
  readonly bootstrapServerOpt = this.parser.accepts("bootstrap-server", "REQUIRED: The server(s) to connect to.").withRequiredArg().describedAs("server to connect to");
  readonly keyDeserializerOpt = this.parser.accepts("key-deserializer", "").withRequiredArg().describedAs("deserializer for key");
  readonly valueDeserializerOpt = this.parser.accepts("value-deserializer", "").withRequiredArg().describedAs("deserializer for values");
  readonly enableSystestEventsLoggingOpt = this.parser.accepts("enable-systest-events", "Log lifecycle events of the consumer in addition to logging consumed " +
    "messages. (This is specific for system tests.)");
  readonly isolationLevelOpt = this.parser.accepts("isolation-level", withDefault("Set to read_committed in order to filter out transactional messages which are " +
    "not committed. Set to read_uncommitted to read all messages.", "read_uncommitted")).withRequiredArg();
  readonly groupIdOpt = this.parser.accepts("group", "The consumer group id of the consumer.").withRequiredArg().describedAs("consumer group id");
  readonly helpOpt: OptionSpec;
  readonly versionOpt: OptionSpec;

  readonly topicArg: string | null;
  readonly includedTopicsArg: string | null;
  readonly partitionArg: number | null;
  readonly offsetArg: number;
  readonly maxMessages: number;
  readonly timeoutMs: number;
  readonly formatter = new DefaultMessageFormatter();
  readonly consumerProps: Record<string, string>;
  readonly extraConsumerProps: Record<string, string>;
  groupIdPassed = true;

  constructor(readonly args: readonly string[], private readonly ctx: ToolContext) {
    ({ helpOpt: this.helpOpt, versionOpt: this.versionOpt } = acceptHelpAndVersion(this.parser));
    const io = ctx.io;
    const p = this.parser;
    let options: OptionSet;
    try {
      options = p.parse(args);
    } catch (e) {
      if (e instanceof OptionException) printUsageAndExit(io, p, e.message);
      throw e;
    }
    this.options = options;
    maybePrintHelpOrVersion(io, p, options, args, this.helpOpt, this.versionOpt, "This tool helps to read data from Kafka topics and outputs it to standard output.");

    this.extraConsumerProps = parseKeyValueArgs(options.valuesOf(this.consumerPropertyOpt));
    this.consumerProps = options.has(this.consumerConfigOpt) ? loadProps(ctx, options.stringValueOf(this.consumerConfigOpt) as string) : {};
    const fromBeginning = options.has(this.resetBeginningOpt);
    this.partitionArg = options.has(this.partitionIdOpt) ? options.intValueOf(this.partitionIdOpt) : null;
    const formatterClass = valueOrDefault(options, this.messageFormatterOpt, DEFAULT_FORMATTER);
    if (formatterClass !== DEFAULT_FORMATTER && formatterClass !== "kafka.tools.DefaultMessageFormatter") {
      const e = new Error(formatterClass);
      e.name = "ClassNotFoundException";
      throw e;
    }
    const formatterArgs: Record<string, string> = options.has(this.messageFormatterConfigOpt)
      ? loadProps(ctx, options.stringValueOf(this.messageFormatterConfigOpt) as string) : {};
    Object.assign(formatterArgs, parseKeyValueArgs(options.valuesOf(this.messageFormatterArgOpt)));
    this.maxMessages = options.has(this.maxMessagesOpt) ? options.intValueOf(this.maxMessagesOpt) as number : -1;
    this.timeoutMs = options.has(this.timeoutMsOpt) ? options.intValueOf(this.timeoutMsOpt) as number : -1;
    const keyDeserializer = options.stringValueOf(this.keyDeserializerOpt);
    const valueDeserializer = options.stringValueOf(this.valueDeserializerOpt);
    if (keyDeserializer !== null && keyDeserializer !== "") formatterArgs["key.deserializer"] = keyDeserializer;
    if (valueDeserializer !== null && valueDeserializer !== "") formatterArgs["value.deserializer"] = valueDeserializer;
    this.formatter.configure(formatterArgs);

    this.topicArg = options.stringValueOf(this.topicOpt);
    this.includedTopicsArg = options.has(this.includeOpt) ? options.stringValueOf(this.includeOpt) : options.stringValueOf(this.whitelistOpt);
    if ([this.topicArg, this.includedTopicsArg].filter((x) => x !== null).length !== 1) {
      printUsageAndExit(io, p, "Exactly one of --include/--topic is required. " +
        (options.has(this.whitelistOpt) ? "--whitelist is DEPRECATED use --include instead; ignored if --include specified." : ""));
    }
    if (this.partitionArg !== null) {
      if (!options.has(this.topicOpt)) printUsageAndExit(io, p, "The topic is required when partition is specified.");
      if (fromBeginning && options.has(this.offsetOpt)) printUsageAndExit(io, p, "Options from-beginning and offset cannot be specified together.");
    } else if (options.has(this.offsetOpt)) {
      printUsageAndExit(io, p, "The partition is required when offset is specified.");
    }
    this.offsetArg = this.parseOffset(fromBeginning);
    checkRequiredArgs(io, p, options, this.bootstrapServerOpt);

    // The group id may come from --group, --consumer-property or --consumer.config: all given must agree.
    const groupIds = [...new Set([options.stringValueOf(this.groupIdOpt), this.consumerProps["group.id"] ?? null, this.extraConsumerProps["group.id"] ?? null]
      .filter((g): g is string => g !== null))];
    if (groupIds.length > 1) {
      printUsageAndExit(io, p, "The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') " +
        `do not match. Detected group ids: ${groupIds.map((g) => `'${g}'`).join(", ")}`);
    }
    if (groupIds.length === 1) {
      this.consumerProps["group.id"] = groupIds[0];
    } else {
      this.consumerProps["group.id"] = `console-consumer-${ctx.runtime().random.nextIntBelow(100000)}`;
      // The generated group is not meant to be reused: no commits that would only fill the coordinator's cache.
      if (this.consumerProps["enable.auto.commit"] === undefined) this.consumerProps["enable.auto.commit"] = "false";
      this.groupIdPassed = false;
    }
    if (this.groupIdPassed && this.partitionArg !== null) printUsageAndExit(io, p, "Options group and partition cannot be specified together.");
  }

  private parseOffset(fromBeginning: boolean): number {
    if (!this.options.has(this.offsetOpt)) return fromBeginning ? EARLIEST : LATEST;
    const raw = this.options.stringValueOf(this.offsetOpt) as string;
    const s = raw.toLowerCase();
    if (s === "earliest") return EARLIEST;
    if (s === "latest") return LATEST;
    const invalid = (): never => printUsageAndExit(this.ctx.io, this.parser, `The provided offset value '${s}' is incorrect. Valid values are ` +
      "'earliest', 'latest', or a non-negative long.");
    if (!/^[+-]?\d+$/.test(s) || BigInt(s) > 2n ** 63n - 1n || BigInt(s) < -(2n ** 63n)) return invalid();
    const n = Number(s);
    if (n < 0) return invalid();
    return n;
  }

  /** ConsoleConsumer.consumerProps: file, --consumer-property, auto.offset.reset, bootstrap, client.id, isolation.level. */
  buildConsumerProps(): Record<string, string> | "conflict" {
    const props: Record<string, string> = { ...this.consumerProps, ...this.extraConsumerProps };
    if (props["auto.offset.reset"] !== undefined) {
      if (this.options.has(this.resetBeginningOpt) && props["auto.offset.reset"] !== "earliest") return "conflict";
    } else {
      props["auto.offset.reset"] = this.options.has(this.resetBeginningOpt) ? "earliest" : "latest";
    }
    props["bootstrap.servers"] = this.options.stringValueOf(this.bootstrapServerOpt) as string;
    if (props["client.id"] === undefined) props["client.id"] = "console-consumer";
    maybeMergeOptions(props, "isolation.level", this.options, this.isolationLevelOpt, "read_uncommitted");
    return props;
  }
}

/** Why receive() ended without a record. */
class Interrupted extends Error {}

/** ConsoleConsumer.ConsumerWrapper: positions the consumer, then hands out records one by one. */
class ConsumerWrapper {
  private iter: ConsumerRecord<Uint8Array, Uint8Array>[] = [];
  private next = 0;

  constructor(private readonly runtime: Runtime, readonly consumer: KafkaConsumer<Uint8Array, Uint8Array>, private readonly timeoutMs: number,
    private readonly idleStopMs: number) {}

  async receive(): Promise<ConsumerRecord<Uint8Array, Uint8Array>> {
    const start = this.runtime.now();
    const limit = this.timeoutMs >= 0 ? this.timeoutMs : this.idleStopMs;
    while (this.next >= this.iter.length) {
      const remaining = Math.max(0, limit - (this.runtime.now() - start));
      this.iter = (await this.consumer.poll(remaining)).toArray();
      this.next = 0;
      if (this.iter.length === 0 && this.runtime.now() - start >= limit) {
        if (this.timeoutMs >= 0) throw new TimeoutException("");
        throw new Interrupted("^C");
      }
    }
    return this.iter[this.next++];
  }

  /** resetUnconsumedOffsets: records fetched but not printed are not committed (seek back to the first of each). */
  resetUnconsumedOffsets(): void {
    const seen = new Set<string>();
    for (let i = this.next; i < this.iter.length; i++) {
      const r = this.iter[i];
      const key = `${r.topic}-${r.partition}`;
      if (seen.has(key)) continue;
      seen.add(key);
      this.consumer.seek(new TopicPartition(r.topic, r.partition), r.offset);
    }
  }
}

/** kafka-console-consumer.sh: ConsoleConsumer.main — the exit code. */
export async function runConsoleConsumer(args: string[], ctx: ToolContext): Promise<number> {
  const io = ctx.io;
  let opts: ConsoleConsumerOptions;
  try {
    opts = new ConsoleConsumerOptions(args, ctx);
  } catch (e) {
    if (e instanceof ToolExit) return e.code;
    if (e instanceof OptionException) {
      io.eprintln(e.message);
      return 1;
    }
    io.eprintln(stackTraceWithoutFrames(e));
    return 1;
  }
  const runtime = ctx.runtime();
  const error = (message: string, e: unknown): void => io.err(log4jLine(runtime.now(), "ERROR", message, LOGGER) + stackTraceWithoutFrames(e) + "\n");
  const props = opts.buildConsumerProps();
  if (props === "conflict") {
    io.eprintln(`Can't simultaneously specify --from-beginning and 'auto.offset.reset=${({ ...opts.consumerProps, ...opts.extraConsumerProps })["auto.offset.reset"]}', ` +
      "please remove one option");
    return 1;
  }
  for (const msg of opts.formatter.errors) io.err(log4jLine(runtime.now(), "ERROR", msg, "org.apache.kafka.tools.consumer.DefaultMessageFormatter"));
  const log = (e: ClientLogEvent): void => {
    if (toolLogFilter(e)) io.err(log4jLine(runtime.now(), e.level, e.message, e.logger));
  };
  let consumer: KafkaConsumer<Uint8Array, Uint8Array>;
  try {
    consumer = new KafkaConsumer<Uint8Array, Uint8Array>(props, runtime,
      { keyDeserializer: new ByteArrayDeserializer(), valueDeserializer: new ByteArrayDeserializer(), logger: log });
  } catch (e) {
    error("Unknown error when running consumer: ", e);
    return 1;
  }
  let messageCount = 0;
  const wrapper = new ConsumerWrapper(runtime, consumer, opts.timeoutMs, NOTEBOOK_IDLE_STOP_MS);
  try {
    try {
      await positionConsumer(opts, consumer, props, runtime);
      while (messageCount < opts.maxMessages || opts.maxMessages === -1) {
        let msg: ConsumerRecord<Uint8Array, Uint8Array>;
        try {
          msg = await wrapper.receive();
        } catch (e) {
          if (e instanceof Interrupted) io.err("^C");
          else error("Error processing message, terminating consumer process: ", e);
          break;
        }
        messageCount++;
        try {
          io.out(opts.formatter.format(msg));
        } catch (e) {
          if (!opts.options.has(opts.skipMessageOnErrorOpt)) throw e;
          error("Error processing message, skipping this message: ", e);
        }
      }
    } finally {
      wrapper.resetUnconsumedOffsets();
      await consumer.close();
      io.eprintln(`Processed a total of ${messageCount} messages`);
    }
    return 0;
  } catch (e) {
    error("Unknown error when running consumer: ", e);
    return 1;
  }
}

/** ConsumerWrapper's constructor: assign + seek for --partition, subscribe for --topic / --include. */
async function positionConsumer(opts: ConsoleConsumerOptions, consumer: KafkaConsumer<Uint8Array, Uint8Array>, props: Record<string, string>,
  runtime: Runtime): Promise<void> {
  if (opts.partitionArg !== null) {
    const tp = new TopicPartition(opts.topicArg as string, opts.partitionArg);
    consumer.assign([tp]);
    if (opts.offsetArg === EARLIEST) consumer.seekToBeginning([tp]);
    else if (opts.offsetArg === LATEST) consumer.seekToEnd([tp]);
    else consumer.seek(tp, opts.offsetArg);
  } else if (opts.topicArg !== null) {
    consumer.subscribe([opts.topicArg]);
  } else {
    // subscribe(Pattern): the topics matching now (exclude.internal.topics=true leaves out the internal ones).
    const pattern = new RegExp("^(?:" + (opts.includedTopicsArg as string) + ")$");
    const admin = Admin.create({ "bootstrap.servers": props["bootstrap.servers"] }, runtime);
    try {
      const names = [...await admin.listTopics({ listInternal: props["exclude.internal.topics"] === "false" }).names()].sort();
      const matching = names.filter((t) => pattern.test(t));
      if (matching.length > 0) consumer.subscribe(matching);
      else consumer.subscribe([]);
    } finally {
      admin.close();
    }
  }
}
