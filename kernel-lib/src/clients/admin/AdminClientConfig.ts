// org.apache.kafka.clients.admin.AdminClientConfig: the admin client's configs, their 3.9 defaults and
// Kafka's validation wording ("Invalid value abc for configuration request.timeout.ms: Not a number of type INT").
import { ConfigException } from "../../protocol/HostPort";
import { ConfigDef, INT_MAX_VALUE, Range, ValidString, type ConfigValue, type RawConfigValue } from "../../storage/log/ConfigDef";

export const BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
export const BOOTSTRAP_CONTROLLERS_CONFIG = "bootstrap.controllers";
export const CLIENT_ID_CONFIG = "client.id";
export const REQUEST_TIMEOUT_MS_CONFIG = "request.timeout.ms";
export const DEFAULT_API_TIMEOUT_MS_CONFIG = "default.api.timeout.ms";
export const RETRIES_CONFIG = "retries";
export const RETRY_BACKOFF_MS_CONFIG = "retry.backoff.ms";
export const RETRY_BACKOFF_MAX_MS_CONFIG = "retry.backoff.max.ms";
export const METADATA_MAX_AGE_CONFIG = "metadata.max.age.ms";

const CONFIG = new ConfigDef()
  .define(BOOTSTRAP_SERVERS_CONFIG, "LIST", [], null, "HIGH")
  .define(BOOTSTRAP_CONTROLLERS_CONFIG, "LIST", [], null, "HIGH")
  .define(CLIENT_ID_CONFIG, "STRING", "", null, "MEDIUM")
  .define(METADATA_MAX_AGE_CONFIG, "LONG", 300000, Range.atLeast(0), "LOW")
  .define("send.buffer.bytes", "INT", 128 * 1024, Range.atLeast(-1), "MEDIUM")
  .define("receive.buffer.bytes", "INT", 64 * 1024, Range.atLeast(-1), "MEDIUM")
  .define("reconnect.backoff.ms", "LONG", 50, Range.atLeast(0), "LOW")
  .define("reconnect.backoff.max.ms", "LONG", 1000, Range.atLeast(0), "LOW")
  .define(RETRY_BACKOFF_MS_CONFIG, "LONG", 100, Range.atLeast(0), "LOW")
  .define(RETRY_BACKOFF_MAX_MS_CONFIG, "LONG", 1000, Range.atLeast(0), "LOW")
  .define(REQUEST_TIMEOUT_MS_CONFIG, "INT", 30000, Range.atLeast(0), "MEDIUM")
  .define("socket.connection.setup.timeout.ms", "LONG", 10000, null, "MEDIUM")
  .define("socket.connection.setup.timeout.max.ms", "LONG", 30000, null, "MEDIUM")
  .define("connections.max.idle.ms", "LONG", 300000, null, "MEDIUM")
  .define(RETRIES_CONFIG, "INT", INT_MAX_VALUE, Range.between(0, INT_MAX_VALUE), "LOW")
  .define(DEFAULT_API_TIMEOUT_MS_CONFIG, "INT", 60000, Range.atLeast(0), "MEDIUM")
  .define("client.dns.lookup", "STRING", "use_all_dns_ips", ValidString.in("use_all_dns_ips", "resolve_canonical_bootstrap_servers_only"), "MEDIUM")
  .define("security.protocol", "STRING", "PLAINTEXT", ValidString.in("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"), "MEDIUM")
  .define("metrics.sample.window.ms", "LONG", 30000, Range.atLeast(0), "LOW")
  .define("metrics.num.samples", "INT", 2, Range.atLeast(1), "LOW")
  .define("metrics.recording.level", "STRING", "INFO", ValidString.in("INFO", "DEBUG", "TRACE"), "LOW")
  .define("enable.metrics.push", "BOOLEAN", true, null, "LOW");

/** The admin client's parsed configuration. */
export class AdminClientConfig {
  readonly bootstrapServers: string[];
  readonly clientId: string;
  readonly requestTimeoutMs: number;
  readonly defaultApiTimeoutMs: number;
  readonly retries: number;
  readonly retryBackoffMs: number;
  readonly retryBackoffMaxMs: number;
  readonly metadataMaxAgeMs: number;
  /** Supplied keys this client does not know (Kafka logs them: "These configurations '[x]' were supplied but are not used yet."). */
  readonly unused: string[];
  /** Warnings Kafka would log while reading the configs. */
  readonly warnings: string[] = [];
  private readonly values: Map<string, ConfigValue>;

  constructor(props: Readonly<Record<string, RawConfigValue>>) {
    this.values = CONFIG.parse(props);
    this.unused = Object.keys(props).filter((k) => !CONFIG.configKeys().has(k)).sort();
    const servers = this.values.get(BOOTSTRAP_SERVERS_CONFIG) as string[];
    const controllers = this.values.get(BOOTSTRAP_CONTROLLERS_CONFIG) as string[];
    // AdminBootstrapAddresses.fromConfig
    if (servers.length === 0 && controllers.length === 0) {
      throw new ConfigException("You must set either " + BOOTSTRAP_SERVERS_CONFIG + " or " + BOOTSTRAP_CONTROLLERS_CONFIG);
    }
    if (servers.length > 0 && controllers.length > 0) {
      throw new ConfigException("You cannot set both " + BOOTSTRAP_SERVERS_CONFIG + " and " + BOOTSTRAP_CONTROLLERS_CONFIG);
    }
    if (controllers.length > 0) {
      // The engine runs ZooKeeper-mode clusters: there is no KRaft controller quorum to bootstrap from.
      throw new ConfigException(BOOTSTRAP_CONTROLLERS_CONFIG + " is not supported: this cluster runs in ZooKeeper mode; use " + BOOTSTRAP_SERVERS_CONFIG);
    }
    this.bootstrapServers = servers;
    this.clientId = this.values.get(CLIENT_ID_CONFIG) as string;
    this.requestTimeoutMs = this.values.get(REQUEST_TIMEOUT_MS_CONFIG) as number;
    let apiTimeout = this.values.get(DEFAULT_API_TIMEOUT_MS_CONFIG) as number;
    // KafkaAdminClient.configureDefaultApiTimeoutMs
    if (apiTimeout < this.requestTimeoutMs) {
      if (props[DEFAULT_API_TIMEOUT_MS_CONFIG] !== undefined && props[DEFAULT_API_TIMEOUT_MS_CONFIG] !== null) {
        throw new ConfigException("The specified value of " + DEFAULT_API_TIMEOUT_MS_CONFIG + " must be no smaller than the value of " +
          REQUEST_TIMEOUT_MS_CONFIG + ".");
      }
      this.warnings.push("Overriding the default value for " + DEFAULT_API_TIMEOUT_MS_CONFIG + " (" + apiTimeout + ") with the explicitly configured request timeout " +
        this.requestTimeoutMs);
      apiTimeout = this.requestTimeoutMs;
    }
    this.defaultApiTimeoutMs = apiTimeout;
    this.retries = this.values.get(RETRIES_CONFIG) as number;
    this.retryBackoffMs = this.values.get(RETRY_BACKOFF_MS_CONFIG) as number;
    this.retryBackoffMaxMs = this.values.get(RETRY_BACKOFF_MAX_MS_CONFIG) as number;
    this.metadataMaxAgeMs = this.values.get(METADATA_MAX_AGE_CONFIG) as number;
    if (this.unused.length > 0) this.warnings.push("These configurations '[" + this.unused.join(", ") + "]' were supplied but are not used yet.");
  }

  /** A parsed value by name (undefined for names this client does not define). */
  get(name: string): ConfigValue | undefined {
    return this.values.get(name);
  }

  /** Every config name the admin client defines. */
  static configNames(): string[] {
    return CONFIG.names();
  }
}
