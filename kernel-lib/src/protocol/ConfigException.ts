// org.apache.kafka.common.config.ConfigException: a config key or value was rejected.
// One home for it in the lowest Kafka layer, because brokers, topics and clients all validate configs.
import { KafkaException, nameErrorClasses } from "./KafkaException";

/** Java's String.valueOf for values in messages: null prints as "null", lists as [a, b]. */
function javaToString(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "[" + value.map(javaToString).join(", ") + "]";
  return String(value);
}

/**
 * config.ConfigException with Kafka's two constructors: `ConfigException(message)` and
 * `ConfigException(name, value, message)`, which reads "Invalid value <v> for configuration <name>: <why>".
 */
export class ConfigException extends KafkaException {
  constructor(nameOrMessage: string, value?: unknown, message?: string) {
    super(arguments.length === 1
      ? nameOrMessage
      : "Invalid value " + javaToString(value) + " for configuration " + nameOrMessage +
        (message === undefined ? "" : ": " + message));
  }
}
nameErrorClasses({ ConfigException });
