// Resolving `key.serializer` / `value.serializer` (and the deserializer configs) the way Kafka's
// AbstractConfig.getConfiguredInstance does: the value may be a class name (Kafka's full name or the simple
// name), a class, or a ready instance. An unknown name fails with ConfigException "Class x could not be found.".
import { ConfigException } from "../../../protocol/ConfigException";
import { ByteArrayDeserializer } from "./ByteArrayDeserializer";
import { ByteArraySerializer } from "./ByteArraySerializer";
import type { Deserializer } from "./Deserializer";
import { IntegerDeserializer } from "./IntegerDeserializer";
import { IntegerSerializer } from "./IntegerSerializer";
import { JsonDeserializer } from "./JsonDeserializer";
import { JsonSerializer } from "./JsonSerializer";
import { LongDeserializer } from "./LongDeserializer";
import { LongSerializer } from "./LongSerializer";
import type { Serializer } from "./Serializer";
import { StringDeserializer } from "./StringDeserializer";
import { StringSerializer } from "./StringSerializer";

type Ctor<T> = new () => T;

const SERIALIZERS: readonly (Ctor<Serializer> & { className: string })[] = [
  StringSerializer, ByteArraySerializer, JsonSerializer, IntegerSerializer, LongSerializer,
] as unknown as (Ctor<Serializer> & { className: string })[];
const DESERIALIZERS: readonly (Ctor<Deserializer> & { className: string })[] = [
  StringDeserializer, ByteArrayDeserializer, JsonDeserializer, IntegerDeserializer, LongDeserializer,
];

function byName<T>(list: readonly (Ctor<T> & { className: string })[], name: string): Ctor<T> | undefined {
  const simple = name.substring(name.lastIndexOf(".") + 1);
  return list.find((c) => c.className === name || c.className.endsWith("." + simple) && simple === name);
}

/** Java-style class name of a serializer config value (for messages: "... specified in value.serializer"). */
export function serdeClassName(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "function") return (value as { className?: string }).className ?? value.name;
  if (typeof value === "object" && value !== null) {
    const ctor = (value as object).constructor as { className?: string; name: string };
    return ctor.className ?? ctor.name;
  }
  return String(value);
}

function instantiate<T>(configName: string, value: unknown, known: readonly (Ctor<T> & { className: string })[],
  check: (o: unknown) => boolean): T {
  if (value === null || value === undefined || value === "") throw new ConfigException(configName, null, "must be non-null.");
  if (typeof value === "string") {
    const cls = byName(known, value.trim());
    if (cls === undefined) throw new ConfigException(configName, value, "Class " + value + " could not be found.");
    return new cls();
  }
  const instance = typeof value === "function" ? new (value as Ctor<unknown>)() : value;
  if (!check(instance)) throw new ConfigException(serdeClassName(value) + " is not an instance of " + kindOf(configName));
  return instance as T;
}

function kindOf(configName: string): string {
  return configName.includes("deserializer") ? "org.apache.kafka.common.serialization.Deserializer" : "org.apache.kafka.common.serialization.Serializer";
}

/** A configured Serializer from a config value (class name, class or instance). */
export function serializerFor(configName: string, value: unknown): Serializer {
  return instantiate<Serializer>(configName, value, SERIALIZERS, (o) => typeof (o as Serializer)?.serialize === "function");
}

/** A configured Deserializer from a config value (class name, class or instance). */
export function deserializerFor(configName: string, value: unknown): Deserializer {
  return instantiate<Deserializer>(configName, value, DESERIALIZERS, (o) => typeof (o as Deserializer)?.deserialize === "function");
}
