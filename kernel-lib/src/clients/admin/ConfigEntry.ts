// org.apache.kafka.clients.admin.ConfigEntry / Config / AlterConfigOp: a config value as DescribeConfigs
// reports it (where it comes from, whether it is the default) and an incremental change to one.

/** ConfigEntry.ConfigSource, numbered as DescribeConfigsResponse carries it. */
export enum ConfigSource {
  UNKNOWN = 0,
  DYNAMIC_TOPIC_CONFIG = 1,
  DYNAMIC_BROKER_CONFIG = 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG = 3,
  STATIC_BROKER_CONFIG = 4,
  DEFAULT_CONFIG = 5,
  DYNAMIC_BROKER_LOGGER_CONFIG = 6,
  DYNAMIC_CLIENT_METRICS_CONFIG = 7,
}

/** ConfigEntry.ConfigSynonym: one place the value could come from, highest precedence first. */
export class ConfigSynonym {
  constructor(readonly name: string, readonly value: string | null, readonly source: ConfigSource) {}

  toString(): string {
    return `ConfigSynonym(name=${this.name}, value=${this.value}, source=${ConfigSource[this.source]})`;
  }
}

export class ConfigEntry {
  constructor(
    readonly name: string,
    readonly value: string | null,
    readonly source: ConfigSource = ConfigSource.UNKNOWN,
    readonly isSensitive = false,
    readonly isReadOnly = false,
    readonly synonyms: readonly ConfigSynonym[] = [],
    readonly documentation: string | null = null,
  ) {}

  /** ConfigEntry.isDefault(): the value is the built-in default (source DEFAULT_CONFIG). */
  get isDefault(): boolean {
    return this.source === ConfigSource.DEFAULT_CONFIG;
  }

  toString(): string {
    return `ConfigEntry(name=${this.name}, value=${this.isSensitive ? "Redacted" : this.value}, source=${ConfigSource[this.source]}, ` +
      `isSensitive=${this.isSensitive}, isReadOnly=${this.isReadOnly}, synonyms=[${this.synonyms.map(String).join(", ")}], type=UNKNOWN, documentation=${this.documentation})`;
  }
}

/** org.apache.kafka.clients.admin.Config: the entries of one resource. */
export class Config {
  private readonly byName = new Map<string, ConfigEntry>();

  constructor(entries: Iterable<ConfigEntry>) {
    for (const e of entries) this.byName.set(e.name, e);
  }

  entries(): ConfigEntry[] {
    return [...this.byName.values()];
  }

  /** The entry for a config name, or null. */
  get(name: string): ConfigEntry | null {
    return this.byName.get(name) ?? null;
  }

  toString(): string {
    return `Config(entries=[${this.entries().map(String).join(", ")}])`;
  }
}

/** AlterConfigOp.OpType, numbered as IncrementalAlterConfigsRequest carries it. */
export enum AlterConfigOpType {
  SET = 0,
  DELETE = 1,
  APPEND = 2,
  SUBTRACT = 3,
}

/** org.apache.kafka.clients.admin.AlterConfigOp */
export class AlterConfigOp {
  static readonly OpType = AlterConfigOpType;

  constructor(readonly configEntry: ConfigEntry, readonly opType: AlterConfigOpType) {}

  toString(): string {
    return `AlterConfigOp{opType=${AlterConfigOpType[this.opType]}, configEntry=${this.configEntry}}`;
  }
}
