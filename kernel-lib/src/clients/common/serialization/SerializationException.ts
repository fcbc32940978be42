// org.apache.kafka.common.errors.SerializationException: a key or value could not be (de)serialized. A
// KafkaException but not an ApiException: KafkaProducer.send throws it to the caller instead of failing the
// future. ClassCastException is java.lang's, thrown by a serializer handed a value of the wrong type; the
// producer turns it into "Can't convert value of class ... specified in value.serializer".
import { KafkaException, nameErrorClasses } from "../../../protocol/KafkaException";

export class SerializationException extends KafkaException {}

/** java.lang.ClassCastException: a serializer got data of a type it does not handle. */
export class ClassCastException extends Error {}

nameErrorClasses({ SerializationException, ClassCastException });

/** The Java class name a JS value would have on the JVM, for Kafka's serializer messages. */
export function javaClassOf(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string": return "java.lang.String";
    case "boolean": return "java.lang.Boolean";
    case "bigint": return "java.lang.Long";
    case "number": return Number.isInteger(value) && value >= -2147483648 && value <= 2147483647 ? "java.lang.Integer" : "java.lang.Double";
    default:
      if (value instanceof Uint8Array) return "[B";
      if (Array.isArray(value)) return "java.util.ArrayList";
      if (value instanceof Map) return "java.util.HashMap";
      return (value as object).constructor?.name ?? "java.lang.Object";
  }
}
