// org.apache.kafka.common.config.ConfigResource: what a config belongs to (a topic, a broker, ...). The type
// ids are the protocol's resourceType numbers.

export enum ConfigResourceType {
  BROKER_LOGGER = 8,
  BROKER = 4,
  TOPIC = 2,
  CLIENT_METRICS = 16,
  UNKNOWN = 0,
}

export class ConfigResource {
  /** ConfigResource.Type, as Kafka spells it: `ConfigResource.Type.TOPIC`. */
  static readonly Type = ConfigResourceType;

  constructor(readonly type: ConfigResourceType, readonly name: string) {}

  /** A key for maps (Kafka compares ConfigResources by type and name). */
  get key(): string {
    return `${this.type}:${this.name}`;
  }

  equals(other: ConfigResource): boolean {
    return this.type === other.type && this.name === other.name;
  }

  /** Kafka's ConfigResource.toString: `ConfigResource(type=TOPIC, name='first')`. */
  toString(): string {
    return `ConfigResource(type=${ConfigResourceType[this.type]}, name='${this.name}')`;
  }
}
