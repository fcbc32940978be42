// kafka-console-producer.sh (kafka.tools.ConsoleProducer, Kafka 3.9): reads lines from standard input and sends
// each as a record through a KafkaProducer<byte[], byte[]> (client.id console-producer unless set).
//
// In a notebook the "typed" lines come from the cell: `sh(line, { stdin: "hello\nworld" })` or a here-document
// (`kafka-console-producer.sh ... <<EOF` ... `EOF`). End of input is Ctrl-D: the tool closes the producer —
// which waits until every record has been sent and acknowledged — and exits 0. No `>` prompt is printed (Kafka
// prints it only on a terminal). Without any input the tool ends at once, as it would on an immediate Ctrl-D.
//
// Option handling as 3.9: joptsimple errors print the message and the help table (exit 1); --broker-list is the
// deprecated alias, ignored when --bootstrap-server is given (3.9 prints no warning for it; the help says so);
// --timeout/--request-required-acks/... override the same keys given with --producer-property, their defaults fill
// only unset keys (CommandLineUtils.maybeMergeOptions). Errors while running (a line without the key separator,
// a bad producer config) are printed as printStackTrace would (the exception line, frames left out), exit 1 —
// after the records already read have been sent (the producer is closed in a finally block).
// The producer's WARN/ERROR log lines go to stderr in the tools' log4j format (config/tools-log4j.properties).
import { KafkaProducer } from "../clients/producer/KafkaProducer";
import { ProducerRecord } from "../clients/producer/ProducerRecord";
import type { ClientLogEvent } from "../clients/common/ClientLogEvent";
import {
  acceptHelpAndVersion, checkRequiredUnless, executionExceptionText, loadProps, maybeMergeOptions, maybePrintHelpOrVersion,
  parseKeyValueArgs, validatePortOrDie, valueOrDefault, withDefault,
} from "./CommandDefaultOptions";
import { checkRequiredArgs, printUsageAndExit } from "./CommandLineUtils";
import { javaToString, stackTraceWithoutFrames } from "./JavaNames";
import { LineMessageReader } from "./LineMessageReader";
import { log4jLine } from "./Log4jLine";
import { OptionException, OptionParser, type OptionSet, type OptionSpec } from "./OptionParser";
import { ToolExit, type ToolContext } from "./Tool";

const LINE_READER = "kafka.tools.ConsoleProducer$LineMessageReader";

/** ConsoleProducer.ProducerConfig: the tool's options. */
export class ConsoleProducerOptions {
  readonly parser = new OptionParser();
  readonly options: OptionSet;
  readonly topicOpt = this.parser.accepts("topic", "REQUIRED: The topic id to produce messages to.").withRequiredArg().describedAs("topic");
  readonly brokerListOpt = this.parser.accepts("broker-list", "DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified.  " +
    "The broker list string in the form HOST1:PORT1,HOST2:PORT2.").withRequiredArg().describedAs("broker-list");
  readonly bootstrapServerOpt = this.parser.accepts("bootstrap-server", "REQUIRED unless --broker-list(deprecated) is specified. The server(s) to connect to. " +
    "The broker list string in the form HOST1:PORT1,HOST2:PORT2.").withRequiredArg().describedAs("server to connect to");
  readonly syncOpt = this.parser.accepts("sync", "If set message send requests to the brokers are synchronously, one at a time as they arrive.");
  readonly compressionCodecOpt = this.parser.accepts("compression-codec", "The compression codec: either 'none', 'gzip', 'snappy', 'lz4', or 'zstd'." +
    "If specified without value, then it defaults to 'gzip'").withOptionalArg().describedAs("compression-codec");
  readonly batchSizeOpt = this.parser.accepts("batch-size", withDefault("Number of messages to send in a single batch if they are not being sent synchronously. " +
    "please note that this option will be replaced if max-partition-memory-bytes is also set", 16384)).withRequiredArg().describedAs("size").ofType("Integer");
  readonly messageSendMaxRetriesOpt = this.parser.accepts("message-send-max-retries", withDefault("Brokers can fail receiving the message for multiple reasons, " +
    "and being unavailable transiently is just one of them. This property specifies the number of retries before the producer give up and drop this message. " +
    "This is the option to control `retries` in producer configs.", 3)).withRequiredArg().ofType("Integer");
  readonly retryBackoffMsOpt = this.parser.accepts("retry-backoff-ms", withDefault("Before each retry, the producer refreshes the metadata of relevant topics. " +
    "Since leader election takes a bit of time, this property specifies the amount of time that the producer waits before refreshing the metadata. " +
    "This is the option to control `retry.backoff.ms` in producer configs.", 100)).withRequiredArg().ofType("Long");
  readonly sendTimeoutOpt = this.parser.accepts("timeout", withDefault("If set and the producer is running in asynchronous mode, this gives the maximum amount of time" +
    " a message will queue awaiting sufficient batch size. The value is given in ms. This is the option to control `linger.ms` in producer configs.", 1000))
    .withRequiredArg().describedAs("timeout_ms").ofType("Long");
  readonly requestRequiredAcksOpt = this.parser.accepts("request-required-acks", withDefault("The required `acks` of the producer requests", "-1"))
    .withRequiredArg().describedAs("request required acks");
  readonly requestTimeoutMsOpt = this.parser.accepts("request-timeout-ms", withDefault("The ack timeout of the producer requests. Value must be non-negative and non-zero.", 1500))
    .withRequiredArg().describedAs("request timeout ms").ofType("Integer");
  readonly metadataExpiryMsOpt = this.parser.accepts("metadata-expiry-ms", withDefault("The period of time in milliseconds after which we force a refresh of metadata " +
    "even if we haven't seen any leadership changes. This is the option to control `metadata.max.age.ms` in producer configs.", 300000))
    .withRequiredArg().describedAs("metadata expiration interval").ofType("Long");
  readonly maxBlockMsOpt = this.parser.accepts("max-block-ms", withDefault("The max time that the producer will block for during a send request.", 60000))
    .withRequiredArg().describedAs("max block on send").ofType("Long");
  readonly maxMemoryBytesOpt = this.parser.accepts("max-memory-bytes", withDefault("The total memory used by the producer to buffer records waiting to be sent to the server. " +
    "This is the option to control `buffer.memory` in producer configs.", 33554432)).withRequiredArg().describedAs("total memory in bytes").ofType("Long");
  readonly maxPartitionMemoryBytesOpt = this.parser.accepts("max-partition-memory-bytes", withDefault("The buffer size allocated for a partition. When records are received which " +
    "are smaller than this size the producer will attempt to optimistically group them together until this size is reached. " +
    "This is the option to control `batch.size` in producer configs.", 16384)).withRequiredArg().describedAs("memory in bytes per partition").ofType("Integer");
  readonly messageReaderOpt = this.parser.accepts("line-reader", withDefault("The class name of the class to use for reading lines from standard in. " +
    "By default each line is read as a separate message.", LINE_READER)).withRequiredArg().describedAs("reader_class");
  readonly socketBufferSizeOpt = this.parser.accepts("socket-buffer-size", withDefault("The size of the tcp RECV size. " +
    "This is the option to control `send.buffer.bytes` in producer configs.", 102400)).withRequiredArg().describedAs("size").ofType("Integer");
  readonly propertyOpt = this.parser.accepts("property", "A mechanism to pass user-defined properties in the form key=value to the message reader. " +
    "This allows custom configuration for a user-defined message reader.\nDefault properties include:\n parse.key=false\n parse.headers=false\n ignore.error=false\n" +
    " key.separator=\\t\n headers.delimiter=\\t\n headers.separator=,\n headers.key.separator=:\n" +
    " null.marker=   When set, any fields (key, value and headers) equal to this will be replaced by null\nDefault parsing pattern when:\n" +
    " parse.headers=true and parse.key=true:\n  \"h1:v1,h2:v2...\\tkey\\tvalue\"\n parse.key=true:\n  \"key\\tvalue\"\n parse.headers=true:\n  \"h1:v1,h2:v2...\\tvalue\"")
    .withRequiredArg().describedAs("prop");
  readonly readerConfigOpt = this.parser.accepts("reader-config", "Config properties file for the message reader. Note that [property] takes precedence over this config.")
    .withRequiredArg().describedAs("config file");
  readonly producerPropertyOpt = this.parser.accepts("producer-property", "A mechanism to pass user-defined properties in the form key=value to the producer. ")
    .withRequiredArg().describedAs("producer_prop");
  readonly producerConfigOpt = this.parser.accepts("producer.config", "Producer config properties file. Note that [producer-property] takes precedence over this config.")
    .withRequiredArg().describedAs("config file");
  readonly helpOpt: OptionSpec;
  readonly versionOpt: OptionSpec;

  constructor(readonly args: readonly string[], private readonly ctx: ToolContext) {
    ({ helpOpt: this.helpOpt, versionOpt: this.versionOpt } = acceptHelpAndVersion(this.parser));
    const io = ctx.io;
    let options: OptionSet | null = null;
    try {
      options = this.parser.parse(args);
      checkRequiredUnless(options, this.bootstrapServerOpt, this.brokerListOpt, [this.helpOpt, this.versionOpt]);
    } catch (e) {
      if (e instanceof OptionException) printUsageAndExit(io, this.parser, e.message);
      throw e;
    }
    this.options = options;
    maybePrintHelpOrVersion(io, this.parser, options, args, this.helpOpt, this.versionOpt,
      "This tool helps to read data from standard input and publish it to Kafka.");
    checkRequiredArgs(io, this.parser, options, this.topicOpt);
    validatePortOrDie(io, this.parser, this.brokerHostsAndPorts());
  }

  topic(): string {
    return this.options.stringValueOf(this.topicOpt) as string;
  }

  brokerHostsAndPorts(): string | null {
    return this.options.stringValueOf(this.options.has(this.bootstrapServerOpt) ? this.bootstrapServerOpt : this.brokerListOpt);
  }

  sync(): boolean {
    return this.options.has(this.syncOpt);
  }

  compressionCodec(): string {
    if (!this.options.has(this.compressionCodecOpt)) return "none";
    const v = this.options.stringValueOf(this.compressionCodecOpt);
    return v === null || v === "" ? "gzip" : v;
  }

  readerClass(): string {
    return valueOrDefault(this.options, this.messageReaderOpt, LINE_READER);
  }

  /** getReaderProps: --reader-config file, then topic, then --property pairs. */
  readerProps(): Record<string, string> {
    const props: Record<string, string> = this.options.has(this.readerConfigOpt)
      ? loadProps(this.ctx, this.options.stringValueOf(this.readerConfigOpt) as string) : {};
    props.topic = this.topic();
    return { ...props, ...parseKeyValueArgs(this.options.valuesOf(this.propertyOpt)) };
  }

  /** ConsoleProducer.producerProps. */
  producerProps(): Record<string, string> {
    const o = this.options;
    const props: Record<string, string> = o.has(this.producerConfigOpt) ? loadProps(this.ctx, o.stringValueOf(this.producerConfigOpt) as string) : {};
    Object.assign(props, parseKeyValueArgs(o.valuesOf(this.producerPropertyOpt)));
    props["bootstrap.servers"] = this.brokerHostsAndPorts() as string;
    props["compression.type"] = this.compressionCodec();
    if (props["client.id"] === undefined) props["client.id"] = "console-producer";
    props["key.serializer"] = "org.apache.kafka.common.serialization.ByteArraySerializer";
    props["value.serializer"] = "org.apache.kafka.common.serialization.ByteArraySerializer";
    maybeMergeOptions(props, "linger.ms", o, this.sendTimeoutOpt, 1000);
    maybeMergeOptions(props, "acks", o, this.requestRequiredAcksOpt, "-1");
    maybeMergeOptions(props, "request.timeout.ms", o, this.requestTimeoutMsOpt, 1500);
    maybeMergeOptions(props, "retries", o, this.messageSendMaxRetriesOpt, 3);
    maybeMergeOptions(props, "retry.backoff.ms", o, this.retryBackoffMsOpt, 100);
    maybeMergeOptions(props, "send.buffer.bytes", o, this.socketBufferSizeOpt, 102400);
    maybeMergeOptions(props, "buffer.memory", o, this.maxMemoryBytesOpt, 33554432);
    // Two options set batch.size (KIP-717 will remove one): the later one wins when both are given.
    maybeMergeOptions(props, "batch.size", o, this.batchSizeOpt, 16384);
    maybeMergeOptions(props, "batch.size", o, this.maxPartitionMemoryBytesOpt, 16384);
    maybeMergeOptions(props, "metadata.max.age.ms", o, this.metadataExpiryMsOpt, 300000);
    maybeMergeOptions(props, "max.block.ms", o, this.maxBlockMsOpt, 60000);
    return props;
  }
}

/** Kafka's client log lines the tools show (tools-log4j.properties: WARN and above), not the engine's own notes. */
export function toolLogFilter(e: ClientLogEvent): boolean {
  if (e.level !== "WARN" && e.level !== "ERROR") return false;
  return !e.message.includes("this engine does not");
}

/** kafka-console-producer.sh: ConsoleProducer.main — the exit code. */
export async function runConsoleProducer(args: string[], ctx: ToolContext): Promise<number> {
  const io = ctx.io;
  let opts: ConsoleProducerOptions;
  try {
    opts = new ConsoleProducerOptions(args, ctx);
  } catch (e) {
    if (e instanceof ToolExit) return e.code;
    throw e;
  }
  let producer: KafkaProducer<Uint8Array, Uint8Array> | null = null;
  try {
    const runtime = ctx.runtime();
    const log = (e: ClientLogEvent): void => {
      if (toolLogFilter(e)) io.err(log4jLine(runtime.now(), e.level, e.message, e.logger));
    };
    producer = new KafkaProducer<Uint8Array, Uint8Array>(opts.producerProps(), runtime, { logger: log });
    if (opts.readerClass() !== LINE_READER && opts.readerClass() !== "org.apache.kafka.tools.LineMessageReader") {
      const e = new Error(opts.readerClass());
      e.name = "ClassNotFoundException";
      throw e;
    }
    const reader = new LineMessageReader();
    reader.configure(opts.readerProps());
    const input = ctx.readStdin?.() ?? "";
    const sync = opts.sync();
    for (const r of reader.readRecords(input)) {
      const record = new ProducerRecord<Uint8Array, Uint8Array>(r.topic, null, r.key, r.value, r.headers);
      if (sync) {
        try {
          await producer.send(record).get();
        } catch (e) {
          throw new SyncSendFailure(e);
        }
      } else {
        // ErrorLoggingCallback(topic, key, value, logAsString = false)
        const keyBytes = r.key;
        const valueBytes = r.value;
        producer.send(record, (_m, exception) => {
          if (exception === null) return;
          const keyString = keyBytes === null ? "null" : `${keyBytes.length} bytes`;
          const valueString = valueBytes === null ? "null" : `${valueBytes.length} bytes`;
          io.err(log4jLine(runtime.now(), "ERROR", `Error when sending message to topic ${r.topic} with key: ${keyString}, value: ${valueString} with error:`,
            "org.apache.kafka.clients.producer.internals.ErrorLoggingCallback") + stackTraceWithoutFrames(exception) + "\n");
        });
      }
    }
    await producer.close();
    producer = null;
    return 0;
  } catch (e) {
    if (e instanceof ToolExit) return e.code;
    if (producer !== null) await producer.close();
    if (e instanceof OptionException) {
      io.eprintln(e.message);
      return 1;
    }
    // e.printStackTrace()
    io.eprintln(e instanceof SyncSendFailure ? executionExceptionText(javaToString(e.cause), stackTraceWithoutFrames(e.cause)) : stackTraceWithoutFrames(e));
    return 1;
  }
}

/** A `--sync` send whose future failed: Future.get() throws ExecutionException around the cause. */
class SyncSendFailure extends Error {
  constructor(cause: unknown) {
    super("ExecutionException", { cause });
  }
}
