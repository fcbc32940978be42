// org.apache.kafka.clients.consumer.ConsumerConfig: the consumer's configs with Kafka 3.9's names, defaults and
// validation wording (through ConfigDef: "Invalid value x for configuration auto.offset.reset: String must be
// one of: latest, earliest, none"), plus ConsumerConfig's post-processing: enable.auto.commit is forced false
// without a group.id (and rejected if set true explicitly), key/value deserializers are required.
import { ConfigException } from "../../protocol/ConfigException";
import { InvalidConfigurationException } from "../../protocol/ApiExceptions";
import { IllegalArgumentException } from "../../sim/errors";
import { ConfigDef, Range, ValidString, type ConfigValue, type RawConfigValue } from "../../storage/log/ConfigDef";

export const BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
export const CLIENT_DNS_LOOKUP_CONFIG = "client.dns.lookup";
export const GROUP_ID_CONFIG = "group.id";
export const GROUP_INSTANCE_ID_CONFIG = "group.instance.id";
export const GROUP_PROTOCOL_CONFIG = "group.protocol";
export const GROUP_REMOTE_ASSIGNOR_CONFIG = "group.remote.assignor";
export const MAX_POLL_RECORDS_CONFIG = "max.poll.records";
export const MAX_POLL_INTERVAL_MS_CONFIG = "max.poll.interval.ms";
export const SESSION_TIMEOUT_MS_CONFIG = "session.timeout.ms";
export const HEARTBEAT_INTERVAL_MS_CONFIG = "heartbeat.interval.ms";
export const PARTITION_ASSIGNMENT_STRATEGY_CONFIG = "partition.assignment.strategy";
export const METADATA_MAX_AGE_CONFIG = "metadata.max.age.ms";
export const ENABLE_AUTO_COMMIT_CONFIG = "enable.auto.commit";
export const AUTO_COMMIT_INTERVAL_MS_CONFIG = "auto.commit.interval.ms";
export const CLIENT_ID_CONFIG = "client.id";
export const CLIENT_RACK_CONFIG = "client.rack";
export const MAX_PARTITION_FETCH_BYTES_CONFIG = "max.partition.fetch.bytes";
export const SEND_BUFFER_CONFIG = "send.buffer.bytes";
export const RECEIVE_BUFFER_CONFIG = "receive.buffer.bytes";
export const FETCH_MIN_BYTES_CONFIG = "fetch.min.bytes";
export const FETCH_MAX_BYTES_CONFIG = "fetch.max.bytes";
export const FETCH_MAX_WAIT_MS_CONFIG = "fetch.max.wait.ms";
export const RECONNECT_BACKOFF_MS_CONFIG = "reconnect.backoff.ms";
export const RECONNECT_BACKOFF_MAX_MS_CONFIG = "reconnect.backoff.max.ms";
export const RETRY_BACKOFF_MS_CONFIG = "retry.backoff.ms";
export const RETRY_BACKOFF_MAX_MS_CONFIG = "retry.backoff.max.ms";
export const AUTO_OFFSET_RESET_CONFIG = "auto.offset.reset";
export const CHECK_CRCS_CONFIG = "check.crcs";
export const METRICS_SAMPLE_WINDOW_MS_CONFIG = "metrics.sample.window.ms";
export const METRICS_NUM_SAMPLES_CONFIG = "metrics.num.samples";
export const METRICS_RECORDING_LEVEL_CONFIG = "metrics.recording.level";
export const METRIC_REPORTER_CLASSES_CONFIG = "metric.reporters";
export const KEY_DESERIALIZER_CLASS_CONFIG = "key.deserializer";
export const VALUE_DESERIALIZER_CLASS_CONFIG = "value.deserializer";
export const SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG = "socket.connection.setup.timeout.ms";
export const SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG = "socket.connection.setup.timeout.max.ms";
export const CONNECTIONS_MAX_IDLE_MS_CONFIG = "connections.max.idle.ms";
export const REQUEST_TIMEOUT_MS_CONFIG = "request.timeout.ms";
export const DEFAULT_API_TIMEOUT_MS_CONFIG = "default.api.timeout.ms";
export const INTERCEPTOR_CLASSES_CONFIG = "interceptor.classes";
export const EXCLUDE_INTERNAL_TOPICS_CONFIG = "exclude.internal.topics";
export const LEAVE_GROUP_ON_CLOSE_CONFIG = "internal.leave.group.on.close";
export const ISOLATION_LEVEL_CONFIG = "isolation.level";
export const ALLOW_AUTO_CREATE_TOPICS_CONFIG = "allow.auto.create.topics";
export const SECURITY_PROTOCOL_CONFIG = "security.protocol";
export const ENABLE_METRICS_PUSH_CONFIG = "enable.metrics.push";

export const DEFAULT_ISOLATION_LEVEL = "read_uncommitted";
/** 3.x default: eager Range first, CooperativeSticky listed to allow a rolling upgrade (KIP-429). */
export const DEFAULT_PARTITION_ASSIGNMENT_STRATEGY = [
  "org.apache.kafka.clients.consumer.RangeAssignor",
  "org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
];

const CONFIG = new ConfigDef()
  .define(BOOTSTRAP_SERVERS_CONFIG, "LIST", [], null, "HIGH")
  .define(CLIENT_DNS_LOOKUP_CONFIG, "STRING", "use_all_dns_ips", ValidString.in("use_all_dns_ips", "resolve_canonical_bootstrap_servers_only"), "MEDIUM")
  .define(GROUP_ID_CONFIG, "STRING", null, null, "HIGH")
  .define(GROUP_INSTANCE_ID_CONFIG, "STRING", null, null, "MEDIUM")
  .define(GROUP_PROTOCOL_CONFIG, "STRING", "classic", ValidString.in("classic", "consumer"), "HIGH")
  .define(GROUP_REMOTE_ASSIGNOR_CONFIG, "STRING", null, null, "MEDIUM")
  .define(SESSION_TIMEOUT_MS_CONFIG, "INT", 45000, null, "HIGH")
  .define(HEARTBEAT_INTERVAL_MS_CONFIG, "INT", 3000, null, "HIGH")
  .define(PARTITION_ASSIGNMENT_STRATEGY_CONFIG, "LIST", DEFAULT_PARTITION_ASSIGNMENT_STRATEGY, null, "MEDIUM")
  .define(METADATA_MAX_AGE_CONFIG, "LONG", 300000, Range.atLeast(0), "LOW")
  .define(ENABLE_AUTO_COMMIT_CONFIG, "BOOLEAN", true, null, "MEDIUM")
  .define(AUTO_COMMIT_INTERVAL_MS_CONFIG, "INT", 5000, Range.atLeast(0), "LOW")
  .define(CLIENT_ID_CONFIG, "STRING", "", null, "LOW")
  .define(CLIENT_RACK_CONFIG, "STRING", "", null, "LOW")
  .define(MAX_PARTITION_FETCH_BYTES_CONFIG, "INT", 1048576, Range.atLeast(0), "HIGH")
  .define(SEND_BUFFER_CONFIG, "INT", 128 * 1024, Range.atLeast(-1), "MEDIUM")
  .define(RECEIVE_BUFFER_CONFIG, "INT", 64 * 1024, Range.atLeast(-1), "MEDIUM")
  .define(FETCH_MIN_BYTES_CONFIG, "INT", 1, Range.atLeast(0), "HIGH")
  .define(FETCH_MAX_BYTES_CONFIG, "INT", 52428800, Range.atLeast(0), "MEDIUM")
  .define(FETCH_MAX_WAIT_MS_CONFIG, "INT", 500, Range.atLeast(0), "LOW")
  .define(RECONNECT_BACKOFF_MS_CONFIG, "LONG", 50, Range.atLeast(0), "LOW")
  .define(RECONNECT_BACKOFF_MAX_MS_CONFIG, "LONG", 1000, Range.atLeast(0), "LOW")
  .define(RETRY_BACKOFF_MS_CONFIG, "LONG", 100, Range.atLeast(0), "LOW")
  .define(RETRY_BACKOFF_MAX_MS_CONFIG, "LONG", 1000, Range.atLeast(0), "LOW")
  .define(AUTO_OFFSET_RESET_CONFIG, "STRING", "latest", ValidString.in("latest", "earliest", "none"), "MEDIUM")
  .define(CHECK_CRCS_CONFIG, "BOOLEAN", true, null, "LOW")
  .define(METRICS_SAMPLE_WINDOW_MS_CONFIG, "LONG", 30000, Range.atLeast(0), "LOW")
  .define(METRICS_NUM_SAMPLES_CONFIG, "INT", 2, Range.atLeast(1), "LOW")
  .define(METRICS_RECORDING_LEVEL_CONFIG, "STRING", "INFO", ValidString.in("INFO", "DEBUG", "TRACE"), "LOW")
  .define(METRIC_REPORTER_CLASSES_CONFIG, "LIST", [], null, "LOW")
  .define(KEY_DESERIALIZER_CLASS_CONFIG, "CLASS", null, null, "HIGH")
  .define(VALUE_DESERIALIZER_CLASS_CONFIG, "CLASS", null, null, "HIGH")
  .define(SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, "LONG", 10000, null, "MEDIUM")
  .define(SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, "LONG", 30000, null, "MEDIUM")
  .define(CONNECTIONS_MAX_IDLE_MS_CONFIG, "LONG", 540000, null, "MEDIUM")
  .define(REQUEST_TIMEOUT_MS_CONFIG, "INT", 30000, Range.atLeast(0), "MEDIUM")
  .define(DEFAULT_API_TIMEOUT_MS_CONFIG, "INT", 60000, Range.atLeast(0), "MEDIUM")
  .define(INTERCEPTOR_CLASSES_CONFIG, "LIST", [], null, "LOW")
  .define(MAX_POLL_RECORDS_CONFIG, "INT", 500, Range.atLeast(1), "MEDIUM")
  .define(MAX_POLL_INTERVAL_MS_CONFIG, "INT", 300000, Range.atLeast(1), "MEDIUM")
  .define(EXCLUDE_INTERNAL_TOPICS_CONFIG, "BOOLEAN", true, null, "MEDIUM")
  .define(LEAVE_GROUP_ON_CLOSE_CONFIG, "BOOLEAN", true, null, "LOW")
  .define(ISOLATION_LEVEL_CONFIG, "STRING", DEFAULT_ISOLATION_LEVEL, ValidString.in("read_committed", "read_uncommitted"), "MEDIUM")
  .define(ALLOW_AUTO_CREATE_TOPICS_CONFIG, "BOOLEAN", true, null, "MEDIUM")
  .define(SECURITY_PROTOCOL_CONFIG, "STRING", "PLAINTEXT", ValidString.in("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"), "MEDIUM")
  .define(ENABLE_METRICS_PUSH_CONFIG, "BOOLEAN", true, null, "LOW");

/** What a consumer config value may be: properties-file strings, typed values, or (for class configs) objects. */
export type ConsumerConfigValue = RawConfigValue | object | readonly object[];

export class ConsumerConfig {
  private readonly values: Map<string, ConfigValue>;
  /** Keys supplied that the consumer does not define (Kafka logs them as unused). */
  readonly unused: string[];
  /** Objects given directly for class configs (deserializer or assignor instances), by config name. */
  readonly instances = new Map<string, unknown>();

  constructor(readonly originals: Readonly<Record<string, ConsumerConfigValue>>, opts: { keyDeserializerGiven?: boolean; valueDeserializerGiven?: boolean } = {}) {
    const raw: Record<string, RawConfigValue> = {};
    for (const [k, v] of Object.entries(originals)) {
      if (v !== null && typeof v === "object" && !Array.isArray(v)) {
        this.instances.set(k, v);
        raw[k] = "<instance>";
      } else if (Array.isArray(v) && v.some((x) => typeof x === "object" && x !== null)) {
        this.instances.set(k, v);
        raw[k] = [];
      } else {
        raw[k] = v as RawConfigValue;
      }
    }
    this.values = CONFIG.parse(raw);
    this.unused = Object.keys(originals).filter((k) => !CONFIG.configKeys().has(k)).sort();
    // ConfigDef: a key without a default must be supplied (deserializers passed to the constructor count).
    if (this.values.get(KEY_DESERIALIZER_CLASS_CONFIG) === null && opts.keyDeserializerGiven !== true) {
      throw new ConfigException(`Missing required configuration "${KEY_DESERIALIZER_CLASS_CONFIG}" which has no default value.`);
    }
    if (this.values.get(VALUE_DESERIALIZER_CLASS_CONFIG) === null && opts.valueDeserializerGiven !== true) {
      throw new ConfigException(`Missing required configuration "${VALUE_DESERIALIZER_CLASS_CONFIG}" which has no default value.`);
    }
    // ConsumerConfig.maybeOverrideEnableAutoCommit
    if (this.values.get(GROUP_ID_CONFIG) === null) {
      const explicit = originals[ENABLE_AUTO_COMMIT_CONFIG];
      if (explicit !== undefined && this.values.get(ENABLE_AUTO_COMMIT_CONFIG) === true) {
        throw new InvalidConfigurationException(`${ENABLE_AUTO_COMMIT_CONFIG} cannot be set to true when default group id (null) is used.`);
      }
      this.values.set(ENABLE_AUTO_COMMIT_CONFIG, false);
    }
    // Heartbeat's constructor check (GroupRebalanceConfig)
    if (this.values.get(GROUP_ID_CONFIG) !== null && this.getInt(HEARTBEAT_INTERVAL_MS_CONFIG) >= this.getInt(SESSION_TIMEOUT_MS_CONFIG)) {
      throw new IllegalArgumentException("Heartbeat must be set lower than the session timeout");
    }
    if (this.getString(GROUP_PROTOCOL_CONFIG) === "consumer") {
      throw new ConfigException(GROUP_PROTOCOL_CONFIG, "consumer", "the KIP-848 consumer protocol is not emulated; use classic");
    }
  }

  get(name: string): ConfigValue | undefined {
    return this.values.get(name);
  }

  getInt(name: string): number {
    return this.values.get(name) as number;
  }

  getLong(name: string): number {
    return this.values.get(name) as number;
  }

  getBoolean(name: string): boolean {
    return this.values.get(name) as boolean;
  }

  getString(name: string): string {
    return this.values.get(name) as string;
  }

  getNullableString(name: string): string | null {
    return this.values.get(name) as string | null;
  }

  getList(name: string): string[] {
    return this.values.get(name) as string[];
  }

  static configNames(): string[] {
    return CONFIG.names();
  }
}
