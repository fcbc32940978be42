// org.apache.kafka.clients.producer.ProducerConfig: the producer's configs, their Kafka 3.9 defaults, Kafka's
// validation wording (through ConfigDef), and ProducerConfig.postProcessAndValidateIdempotenceConfigs plus
// KafkaProducer.configureDeliveryTimeout. Keys are Kafka's; the *_CONFIG constants are on the class, so
// `{ [ProducerConfig.BOOTSTRAP_SERVERS_CONFIG]: "hadoop102:9092" }` reads as in Java.
//
// key.serializer, value.serializer, partitioner.class and interceptor.classes accept, besides Kafka's class
// names, a class or an instance (the notebook has no classpath): those are kept aside as objects.
import { ConfigException } from "../../protocol/ConfigException";
import { GZIP_DEFAULT_LEVEL, GZIP_MAX_LEVEL, GZIP_MIN_LEVEL, LZ4_DEFAULT_LEVEL, LZ4_MAX_LEVEL, LZ4_MIN_LEVEL, ZSTD_DEFAULT_LEVEL, ZSTD_MAX_LEVEL, ZSTD_MIN_LEVEL } from "../../storage/compression";
import { ConfigDef, INT_MAX_VALUE, LambdaValidator, Range, ValidString, type ConfigValue, type RawConfigValue } from "../../storage/log/ConfigDef";
import type { ClientLogEvent } from "../common/ClientLogEvent";

/** What a producer config value may be: Kafka's string form, a typed value, or (for class configs) a class or an instance. */
export type ProducerConfigValue = RawConfigValue | object | readonly unknown[];
export type ProducerProps = Readonly<Record<string, ProducerConfigValue>>;

const GZIP_LEVEL = new LambdaValidator((name, value) => {
  // GzipCompression.LevelValidator
  if (value === null) throw new ConfigException(name, null, "Value must be non-null");
  const level = value as number;
  if (level > GZIP_MAX_LEVEL || (level < GZIP_MIN_LEVEL && level !== GZIP_DEFAULT_LEVEL)) {
    throw new ConfigException(name, level, `Value must be between ${GZIP_MIN_LEVEL} and ${GZIP_MAX_LEVEL} or equal to ${GZIP_DEFAULT_LEVEL}`);
  }
}, `[${GZIP_MIN_LEVEL},...,${GZIP_MAX_LEVEL}] or ${GZIP_DEFAULT_LEVEL}`);

const NON_NULL = new LambdaValidator((name, value) => {
  if (value === null) throw new ConfigException(name, null, "entry must be non null");
}, "non-null");

const NON_EMPTY_STRING = new LambdaValidator((name, value) => {
  // ConfigDef.NonEmptyString (null is allowed)
  if (value !== null && (value as string).length === 0) throw new ConfigException(name, value, "String must be non-empty");
}, "non-empty string");

/** Configs whose value may be an object (class or instance) instead of a class name. */
const CLASS_CONFIGS = new Set(["key.serializer", "value.serializer", "partitioner.class", "interceptor.classes"]);

const CONFIG = new ConfigDef()
  .define("bootstrap.servers", "LIST", [], NON_NULL, "HIGH")
  .define("client.dns.lookup", "STRING", "use_all_dns_ips", ValidString.in("use_all_dns_ips", "resolve_canonical_bootstrap_servers_only"), "MEDIUM")
  .define("buffer.memory", "LONG", 32 * 1024 * 1024, Range.atLeast(0), "HIGH")
  .define("retries", "INT", INT_MAX_VALUE, Range.between(0, INT_MAX_VALUE), "HIGH")
  .define("acks", "STRING", "all", ValidString.in("all", "-1", "0", "1"), "LOW")
  .define("compression.type", "STRING", "none", ValidString.in("none", "gzip", "snappy", "lz4", "zstd"), "HIGH")
  .define("compression.gzip.level", "INT", GZIP_DEFAULT_LEVEL, GZIP_LEVEL, "MEDIUM")
  .define("compression.lz4.level", "INT", LZ4_DEFAULT_LEVEL, Range.between(LZ4_MIN_LEVEL, LZ4_MAX_LEVEL), "MEDIUM")
  .define("compression.zstd.level", "INT", ZSTD_DEFAULT_LEVEL, Range.between(ZSTD_MIN_LEVEL, ZSTD_MAX_LEVEL), "MEDIUM")
  .define("batch.size", "INT", 16384, Range.atLeast(0), "MEDIUM")
  .define("partitioner.adaptive.partitioning.enable", "BOOLEAN", true, null, "LOW")
  .define("partitioner.availability.timeout.ms", "LONG", 0, Range.atLeast(0), "LOW")
  .define("partitioner.ignore.keys", "BOOLEAN", false, null, "MEDIUM")
  .define("linger.ms", "LONG", 0, Range.atLeast(0), "MEDIUM")
  .define("delivery.timeout.ms", "INT", 120 * 1000, Range.atLeast(0), "MEDIUM")
  .define("client.id", "STRING", "", null, "MEDIUM")
  .define("send.buffer.bytes", "INT", 128 * 1024, Range.atLeast(-1), "MEDIUM")
  .define("receive.buffer.bytes", "INT", 32 * 1024, Range.atLeast(-1), "MEDIUM")
  .define("max.request.size", "INT", 1024 * 1024, Range.atLeast(0), "MEDIUM")
  .define("reconnect.backoff.ms", "LONG", 50, Range.atLeast(0), "LOW")
  .define("reconnect.backoff.max.ms", "LONG", 1000, Range.atLeast(0), "LOW")
  .define("retry.backoff.ms", "LONG", 100, Range.atLeast(0), "LOW")
  .define("retry.backoff.max.ms", "LONG", 1000, Range.atLeast(0), "LOW")
  .define("enable.metrics.push", "BOOLEAN", true, null, "LOW")
  .define("max.block.ms", "LONG", 60 * 1000, Range.atLeast(0), "MEDIUM")
  .define("request.timeout.ms", "INT", 30 * 1000, Range.atLeast(0), "MEDIUM")
  .define("metadata.max.age.ms", "LONG", 5 * 60 * 1000, Range.atLeast(0), "LOW")
  .define("metadata.max.idle.ms", "LONG", 5 * 60 * 1000, Range.atLeast(5000), "LOW")
  .define("metrics.sample.window.ms", "LONG", 30000, Range.atLeast(0), "LOW")
  .define("metrics.num.samples", "INT", 2, Range.atLeast(1), "LOW")
  .define("metrics.recording.level", "STRING", "INFO", ValidString.in("INFO", "DEBUG", "TRACE"), "LOW")
  .define("metric.reporters", "LIST", [], null, "LOW")
  .define("max.in.flight.requests.per.connection", "INT", 5, Range.atLeast(1), "LOW")
  .define("key.serializer", "CLASS", null, null, "HIGH")
  .define("value.serializer", "CLASS", null, null, "HIGH")
  .define("socket.connection.setup.timeout.ms", "LONG", 10 * 1000, null, "MEDIUM")
  .define("socket.connection.setup.timeout.max.ms", "LONG", 30 * 1000, null, "MEDIUM")
  .define("connections.max.idle.ms", "LONG", 9 * 60 * 1000, null, "MEDIUM")
  .define("partitioner.class", "CLASS", null, null, "MEDIUM")
  .define("interceptor.classes", "LIST", [], null, "LOW")
  .define("security.protocol", "STRING", "PLAINTEXT", ValidString.in("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"), "MEDIUM")
  .define("security.providers", "STRING", null, null, "LOW")
  .define("enable.idempotence", "BOOLEAN", true, null, "LOW")
  .define("transaction.timeout.ms", "INT", 60000, null, "LOW")
  .define("transactional.id", "STRING", null, NON_EMPTY_STRING, "LOW")
  .define("metadata.recovery.strategy", "STRING", "none", ValidString.in("none", "rebootstrap"), "LOW");

/** Max in-flight requests per connection an idempotent producer allows (ProducerStateEntry.NUM_BATCHES_TO_RETAIN). */
const MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION_FOR_IDEMPOTENCE = 5;

// Client ids producer-1, producer-2, ... are numbered per runtime by KafkaProducer (Kafka: a JVM-wide counter).

export class ProducerConfig {
  static readonly BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
  static readonly CLIENT_DNS_LOOKUP_CONFIG = "client.dns.lookup";
  static readonly METADATA_MAX_AGE_CONFIG = "metadata.max.age.ms";
  static readonly METADATA_MAX_IDLE_CONFIG = "metadata.max.idle.ms";
  static readonly BATCH_SIZE_CONFIG = "batch.size";
  static readonly PARTITIONER_ADPATIVE_PARTITIONING_ENABLE_CONFIG = "partitioner.adaptive.partitioning.enable";
  static readonly PARTITIONER_AVAILABILITY_TIMEOUT_MS_CONFIG = "partitioner.availability.timeout.ms";
  static readonly PARTITIONER_IGNORE_KEYS_CONFIG = "partitioner.ignore.keys";
  static readonly ACKS_CONFIG = "acks";
  static readonly LINGER_MS_CONFIG = "linger.ms";
  static readonly REQUEST_TIMEOUT_MS_CONFIG = "request.timeout.ms";
  static readonly DELIVERY_TIMEOUT_MS_CONFIG = "delivery.timeout.ms";
  static readonly CLIENT_ID_CONFIG = "client.id";
  static readonly SEND_BUFFER_CONFIG = "send.buffer.bytes";
  static readonly RECEIVE_BUFFER_CONFIG = "receive.buffer.bytes";
  static readonly MAX_REQUEST_SIZE_CONFIG = "max.request.size";
  static readonly RECONNECT_BACKOFF_MS_CONFIG = "reconnect.backoff.ms";
  static readonly RECONNECT_BACKOFF_MAX_MS_CONFIG = "reconnect.backoff.max.ms";
  static readonly MAX_BLOCK_MS_CONFIG = "max.block.ms";
  static readonly BUFFER_MEMORY_CONFIG = "buffer.memory";
  static readonly RETRY_BACKOFF_MS_CONFIG = "retry.backoff.ms";
  static readonly RETRY_BACKOFF_MAX_MS_CONFIG = "retry.backoff.max.ms";
  static readonly COMPRESSION_TYPE_CONFIG = "compression.type";
  static readonly COMPRESSION_GZIP_LEVEL_CONFIG = "compression.gzip.level";
  static readonly COMPRESSION_LZ4_LEVEL_CONFIG = "compression.lz4.level";
  static readonly COMPRESSION_ZSTD_LEVEL_CONFIG = "compression.zstd.level";
  static readonly METRICS_SAMPLE_WINDOW_MS_CONFIG = "metrics.sample.window.ms";
  static readonly METRICS_NUM_SAMPLES_CONFIG = "metrics.num.samples";
  static readonly METRICS_RECORDING_LEVEL_CONFIG = "metrics.recording.level";
  static readonly METRIC_REPORTER_CLASSES_CONFIG = "metric.reporters";
  static readonly MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION = "max.in.flight.requests.per.connection";
  static readonly RETRIES_CONFIG = "retries";
  static readonly KEY_SERIALIZER_CLASS_CONFIG = "key.serializer";
  static readonly VALUE_SERIALIZER_CLASS_CONFIG = "value.serializer";
  static readonly SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG = "socket.connection.setup.timeout.ms";
  static readonly SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG = "socket.connection.setup.timeout.max.ms";
  static readonly CONNECTIONS_MAX_IDLE_MS_CONFIG = "connections.max.idle.ms";
  static readonly PARTITIONER_CLASS_CONFIG = "partitioner.class";
  static readonly INTERCEPTOR_CLASSES_CONFIG = "interceptor.classes";
  static readonly ENABLE_IDEMPOTENCE_CONFIG = "enable.idempotence";
  static readonly TRANSACTION_TIMEOUT_CONFIG = "transaction.timeout.ms";
  static readonly TRANSACTIONAL_ID_CONFIG = "transactional.id";
  static readonly SECURITY_PROVIDERS_CONFIG = "security.providers";
  static readonly ENABLE_METRICS_PUSH_CONFIG = "enable.metrics.push";

  readonly bootstrapServers: string[];
  readonly clientId: string;
  /** Whether client.id was given (else KafkaProducer numbers it producer-N). */
  readonly clientIdConfigured: boolean;
  /** -1 (all), 0 or 1. */
  readonly acks: number;
  readonly batchSize: number;
  readonly lingerMs: number;
  readonly bufferMemory: number;
  readonly compressionType: string;
  readonly compressionLevel: number | undefined;
  readonly retries: number;
  readonly retryBackoffMs: number;
  readonly retryBackoffMaxMs: number;
  readonly reconnectBackoffMs: number;
  readonly reconnectBackoffMaxMs: number;
  readonly requestTimeoutMs: number;
  /** After configureDeliveryTimeout (raised to linger.ms + request.timeout.ms when not set explicitly). */
  readonly deliveryTimeoutMs: number;
  readonly maxBlockMs: number;
  readonly maxRequestSize: number;
  readonly maxInFlightRequestsPerConnection: number;
  readonly metadataMaxAgeMs: number;
  readonly enableIdempotence: boolean;
  readonly transactionalId: string | null;
  readonly transactionTimeoutMs: number;
  readonly partitionerAdaptivePartitioningEnable: boolean;
  readonly partitionerAvailabilityTimeoutMs: number;
  readonly partitionerIgnoreKeys: boolean;
  /** The objects behind key.serializer, value.serializer, partitioner.class, interceptor.classes. */
  readonly keySerializer: unknown;
  readonly valueSerializer: unknown;
  readonly partitionerClass: unknown;
  readonly interceptorClasses: readonly unknown[];
  /** Supplied keys the producer does not define. */
  readonly unused: string[];
  /** Log lines Kafka writes while reading the configs (idempotence decisions, unused keys). */
  readonly logEvents: ClientLogEvent[] = [];
  /** The configs as given. */
  readonly originals: ProducerProps;
  private readonly values: Map<string, ConfigValue>;

  constructor(props: ProducerProps) {
    this.originals = { ...props };
    // Class-valued configs: objects are kept as they are; strings go through the ConfigDef like Kafka's CLASS type.
    const raw: Record<string, RawConfigValue> = {};
    for (const [k, v] of Object.entries(props)) {
      if (CLASS_CONFIGS.has(k) && v !== null && v !== undefined && typeof v !== "string") continue;
      raw[k] = v as RawConfigValue;
    }
    this.values = CONFIG.parse(raw);
    const val = (k: string): ConfigValue => this.values.get(k)!;
    const has = (k: string): boolean => props[k] !== undefined;
    const objectOr = (k: string): unknown => (has(k) && typeof props[k] !== "string" ? props[k] : val(k));

    // ProducerConfig.appendSerializerToConfig: the serializers are required.
    const keySerializer = objectOr("key.serializer");
    if (keySerializer === null || keySerializer === undefined) throw new ConfigException("key.serializer", null, "must be non-null.");
    const valueSerializer = objectOr("value.serializer");
    if (valueSerializer === null || valueSerializer === undefined) throw new ConfigException("value.serializer", null, "must be non-null.");
    this.keySerializer = keySerializer;
    this.valueSerializer = valueSerializer;
    this.partitionerClass = objectOr("partitioner.class");
    const interceptors = objectOr("interceptor.classes");
    this.interceptorClasses = Array.isArray(interceptors) ? interceptors : interceptors === null || interceptors === undefined ? [] : [interceptors];

    this.bootstrapServers = val("bootstrap.servers") as string[];
    this.clientIdConfigured = has("client.id");
    this.clientId = val("client.id") as string;
    this.batchSize = val("batch.size") as number;
    this.lingerMs = val("linger.ms") as number;
    this.bufferMemory = val("buffer.memory") as number;
    this.compressionType = val("compression.type") as string;
    this.compressionLevel = this.compressionType === "gzip" ? (val("compression.gzip.level") as number)
      : this.compressionType === "lz4" ? (val("compression.lz4.level") as number)
        : this.compressionType === "zstd" ? (val("compression.zstd.level") as number) : undefined;
    this.retries = val("retries") as number;
    this.retryBackoffMs = val("retry.backoff.ms") as number;
    this.retryBackoffMaxMs = val("retry.backoff.max.ms") as number;
    this.reconnectBackoffMs = val("reconnect.backoff.ms") as number;
    this.reconnectBackoffMaxMs = val("reconnect.backoff.max.ms") as number;
    this.requestTimeoutMs = val("request.timeout.ms") as number;
    this.maxBlockMs = val("max.block.ms") as number;
    this.maxRequestSize = val("max.request.size") as number;
    this.maxInFlightRequestsPerConnection = val("max.in.flight.requests.per.connection") as number;
    this.metadataMaxAgeMs = val("metadata.max.age.ms") as number;
    this.transactionalId = val("transactional.id") as string | null;
    this.transactionTimeoutMs = val("transaction.timeout.ms") as number;
    this.partitionerAdaptivePartitioningEnable = val("partitioner.adaptive.partitioning.enable") as boolean;
    this.partitionerAvailabilityTimeoutMs = val("partitioner.availability.timeout.ms") as number;
    this.partitionerIgnoreKeys = val("partitioner.ignore.keys") as boolean;

    // CommonClientConfigs.warnDisablingExponentialBackoff
    if (this.retryBackoffMaxMs < this.retryBackoffMs) {
      this.info("WARN", `Configuration '${ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG}' with value '${this.retryBackoffMaxMs}' is less than configuration ` +
        `'${ProducerConfig.RETRY_BACKOFF_MS_CONFIG}' with value '${this.retryBackoffMs}'. Using '${this.retryBackoffMaxMs}' as the value for both.`);
      this.retryBackoffMs = this.retryBackoffMaxMs;
    }

    // ProducerConfig.postProcessAndValidateIdempotenceConfigs (3.9 wording).
    this.acks = (val("acks") as string).trim().toLowerCase() === "all" ? -1 : Number(val("acks"));
    const userConfiguredIdempotence = has("enable.idempotence");
    let idempotence = val("enable.idempotence") as boolean;
    let disable = false;
    if (idempotence) {
      if (this.retries === 0) {
        if (userConfiguredIdempotence) throw new ConfigException("Must set retries to non-zero when using the idempotent producer.");
        this.info("INFO", "Idempotence will be disabled because retries is set to 0.");
        disable = true;
      }
      if (this.acks !== -1) {
        if (userConfiguredIdempotence) {
          throw new ConfigException("Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.");
        }
        this.info("INFO", `Idempotence will be disabled because acks is set to ${this.acks}, not set to 'all'.`);
        disable = true;
      }
      const inFlight = this.maxInFlightRequestsPerConnection;
      if (inFlight > MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION_FOR_IDEMPOTENCE) {
        if (userConfiguredIdempotence) {
          throw new ConfigException("Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer.");
        }
        this.info("WARN", `Idempotence will be disabled because max.in.flight.requests.per.connection is set to ${inFlight}, which is greater than 5. ` +
          "Please note that in v4.0.0 and onward, this will become an error.");
        disable = true;
      }
    }
    if (disable) idempotence = false;
    this.enableIdempotence = idempotence;
    if (!idempotence && has("transactional.id")) throw new ConfigException("Cannot set a transactional.id without also enabling idempotence.");

    // KafkaProducer.configureDeliveryTimeout
    let deliveryTimeoutMs = val("delivery.timeout.ms") as number;
    const lingerAndRequestTimeoutMs = Math.min(this.lingerMs + this.requestTimeoutMs, INT_MAX_VALUE);
    if (deliveryTimeoutMs < lingerAndRequestTimeoutMs) {
      if (has("delivery.timeout.ms")) {
        throw new ConfigException("delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms");
      }
      deliveryTimeoutMs = lingerAndRequestTimeoutMs;
      this.info("WARN", `delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms. Setting it to ${deliveryTimeoutMs}.`);
    }
    this.deliveryTimeoutMs = deliveryTimeoutMs;

    this.unused = Object.keys(props).filter((k) => props[k] !== undefined && !CONFIG.configKeys().has(k)).sort();
    if (this.unused.length > 0) this.info("INFO", `These configurations '[${this.unused.join(", ")}]' were supplied but are not used yet.`);
  }

  /** A parsed value by name (class configs give what was supplied). */
  get(name: string): unknown {
    if (CLASS_CONFIGS.has(name) && this.originals[name] !== undefined && typeof this.originals[name] !== "string") return this.originals[name];
    if (name === "enable.idempotence") return this.enableIdempotence;
    if (name === "delivery.timeout.ms") return this.deliveryTimeoutMs;
    if (name === "acks") return String(this.acks);
    return this.values.get(name);
  }

  /** Every config name the producer defines. */
  static configNames(): string[] {
    return CONFIG.names();
  }

  private info(level: "INFO" | "WARN", message: string): void {
    this.logEvents.push({ level, message, logger: "org.apache.kafka.clients.producer.ProducerConfig" });
  }
}
