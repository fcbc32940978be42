// How a tool prints an exception the way the JVM would: `org.apache.kafka.common.errors.TopicExistsException:
// Topic 'first' already exists.` — the fully qualified Java class name of each engine error.
import { ApiException } from "../protocol/ApiException";
import { OptionException } from "./OptionParser";

// Kafka's classes outside org.apache.kafka.common.errors, by simple name.
const PACKAGES: Record<string, string> = {
  KafkaException: "org.apache.kafka.common",
  ConfigException: "org.apache.kafka.common.config",
  InvalidRecordException: "org.apache.kafka.common",
  IllegalArgumentException: "java.lang",
  IllegalStateException: "java.lang",
  NumberFormatException: "java.lang",
  RuntimeException: "java.lang",
  AdminCommandFailedException: "org.apache.kafka.server.common",
  AdminOperationException: "org.apache.kafka.server.common",
  ZooKeeperClientTimeoutException: "kafka.zookeeper",
  InconsistentClusterIdException: "kafka.common",
  InconsistentBrokerIdException: "kafka.common",
};

/** The fully qualified class name Java would print for `e`. */
export function javaClassName(e: unknown): string {
  if (e instanceof OptionException) return e.javaClass;
  if (!(e instanceof Error)) return "java.lang.RuntimeException";
  const name = e.name === "Error" ? "RuntimeException" : e.name;
  if (PACKAGES[name] !== undefined) return `${PACKAGES[name]}.${name}`;
  if (e instanceof ApiException || name.endsWith("Exception")) return `org.apache.kafka.common.errors.${name}`;
  return `java.lang.${name}`;
}

/** Throwable.toString(): `class: message` (just the class when there is no message). */
export function javaToString(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg === "" ? javaClassName(e) : `${javaClassName(e)}: ${msg}`;
}

/**
 * Utils.stackTrace(e) without the frames (they would name JVM classes the engine does not have): the exception
 * line, then `Caused by:` lines for its causes.
 */
export function stackTraceWithoutFrames(e: unknown): string {
  let out = javaToString(e);
  let cause = e instanceof Error ? e.cause : undefined;
  for (let depth = 0; cause !== undefined && cause !== null && depth < 8; depth++) {
    out += "\nCaused by: " + javaToString(cause);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return out;
}
