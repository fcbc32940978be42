// A definition of configuration keys (org.apache.kafka.common.config.ConfigDef): each key has a type, a default
// and an optional validator, and parsing a value gives Kafka's ConfigException wording:
//   Invalid value abc for configuration segment.bytes: Not a number of type INT
//   Invalid value 10 for configuration segment.ms: Value must be at least 1
import { ConfigException } from "./errors";

export type ConfigType = "BOOLEAN" | "STRING" | "INT" | "SHORT" | "LONG" | "DOUBLE" | "LIST" | "CLASS" | "PASSWORD";
export type Importance = "HIGH" | "MEDIUM" | "LOW";

/** A parsed config value. LONG values are JS numbers; Long.MAX_VALUE is represented by LONG_MAX_VALUE. */
export type ConfigValue = boolean | string | number | string[] | null;

/** Java's Long.MAX_VALUE as a JS number (2^63, the nearest double); printed back as 9223372036854775807. */
export const LONG_MAX_VALUE = 2 ** 63;
export const LONG_MIN_VALUE = -(2 ** 63);
export const INT_MAX_VALUE = 2147483647;
export const INT_MIN_VALUE = -2147483648;

/** ConfigDef.Validator */
export interface Validator {
  /** `type` is the key's type (a DOUBLE prints as 2.0 in messages, an INT as 2). */
  ensureValid(name: string, value: ConfigValue, type?: ConfigType): void;
  /** The "Valid Values" column of Kafka's docs. */
  toString(): string;
}

/** ConfigDef.Range.atLeast / between. */
export class Range implements Validator {
  private constructor(private readonly min: number | null, private readonly max: number | null) {}

  static atLeast(min: number): Range {
    return new Range(min, null);
  }

  static between(min: number, max: number): Range {
    return new Range(min, max);
  }

  ensureValid(name: string, value: ConfigValue, type?: ConfigType): void {
    if (value === null) throw new ConfigException(name, null, "Value must be non-null");
    const n = value as number;
    const shown = type === "DOUBLE" ? javaDoubleString(n) : javaNumberString(n);
    if (this.min !== null && n < this.min) throw new ConfigException(name, shown, "Value must be at least " + this.min);
    if (this.max !== null && n > this.max) throw new ConfigException(name, shown, "Value must be no more than " + this.max);
  }

  toString(): string {
    if (this.min === null) return "[...," + this.max + "]";
    if (this.max === null) return "[" + this.min + ",...]";
    return "[" + this.min + ",...," + this.max + "]";
  }
}

/** ConfigDef.ValidString.in */
export class ValidString implements Validator {
  private constructor(private readonly validStrings: readonly string[]) {}

  static in(...validStrings: string[]): ValidString {
    return new ValidString(validStrings);
  }

  ensureValid(name: string, value: ConfigValue): void {
    const s = value as string;
    if (!this.validStrings.includes(s)) throw new ConfigException(name, s, "String must be one of: " + this.validStrings.join(", "));
  }

  toString(): string {
    return "[" + this.validStrings.join(", ") + "]";
  }
}

/** ConfigDef.ValidList.in: every element of a LIST must be one of the strings. */
export class ValidList implements Validator {
  private readonly validString: ValidString;

  private constructor(validStrings: string[]) {
    this.validString = ValidString.in(...validStrings);
  }

  static in(...validStrings: string[]): ValidList {
    return new ValidList(validStrings);
  }

  ensureValid(name: string, value: ConfigValue): void {
    for (const s of (value as string[] | null) ?? []) this.validString.ensureValid(name, s);
  }

  toString(): string {
    return this.validString.toString();
  }
}

/** A validator from a function (Kafka's anonymous validators). */
export class LambdaValidator implements Validator {
  constructor(private readonly check: (name: string, value: ConfigValue) => void, private readonly description: string) {}

  ensureValid(name: string, value: ConfigValue): void {
    this.check(name, value);
  }

  toString(): string {
    return this.description;
  }
}

/** ConfigDef.ConfigKey */
export interface ConfigKey {
  readonly name: string;
  readonly type: ConfigType;
  readonly defaultValue: ConfigValue;
  readonly validator: Validator | null;
  readonly importance: Importance;
  readonly documentation: string;
}

/** What a raw value may be: a string as in a properties file, or an already typed value. */
export type RawConfigValue = string | number | boolean | string[] | null | undefined;

export class ConfigDef {
  private readonly keys = new Map<string, ConfigKey>();

  define(name: string, type: ConfigType, defaultValue: ConfigValue, validator: Validator | null, importance: Importance,
    documentation = ""): this {
    if (this.keys.has(name)) throw new ConfigException("Configuration " + name + " is defined twice.");
    const key: ConfigKey = { name, type, defaultValue, validator, importance, documentation };
    if (validator !== null && defaultValue !== null) validator.ensureValid(name, defaultValue, type);
    this.keys.set(name, key);
    return this;
  }

  configKeys(): ReadonlyMap<string, ConfigKey> {
    return this.keys;
  }

  names(): string[] {
    return [...this.keys.keys()];
  }

  /** Parses every defined key from `props` (defaults for absent ones), validating each (ConfigDef.parse). */
  parse(props: Readonly<Record<string, RawConfigValue>>): Map<string, ConfigValue> {
    const values = new Map<string, ConfigValue>();
    for (const key of this.keys.values()) values.set(key.name, this.parseValue(key, props[key.name], props[key.name] !== undefined));
    return values;
  }

  /** Parses and validates one value of a defined key. */
  parseValue(key: ConfigKey, value: RawConfigValue, isSet: boolean): ConfigValue {
    const parsed = isSet ? parseType(key.name, value ?? null, key.type) : key.defaultValue;
    if (key.validator !== null) key.validator.ensureValid(key.name, parsed, key.type);
    return parsed;
  }
}

/** ConfigDef.parseType: a raw value to the key's type, with Kafka's error for unparsable values. */
export function parseType(name: string, value: RawConfigValue, type: ConfigType): ConfigValue {
  if (value === null || value === undefined) return null;
  const trimmed = typeof value === "string" ? value.trim() : null;
  const notANumber = (): ConfigException => new ConfigException(name, value, "Not a number of type " + type);
  switch (type) {
    case "BOOLEAN":
      if (typeof value === "boolean") return value;
      if (trimmed !== null) {
        if (trimmed.toLowerCase() === "true") return true;
        if (trimmed.toLowerCase() === "false") return false;
      }
      throw new ConfigException(name, value, "Expected value to be either true or false");
    case "STRING":
    case "PASSWORD":
    case "CLASS":
      if (trimmed !== null) return trimmed;
      throw new ConfigException(name, value, "Expected value to be a string, but it was a " + javaClassName(value));
    case "INT":
    case "SHORT":
    case "LONG": {
      const [min, max] = type === "INT" ? [INT_MIN_VALUE, INT_MAX_VALUE] : type === "SHORT" ? [-32768, 32767] : [LONG_MIN_VALUE, LONG_MAX_VALUE];
      if (typeof value === "number") {
        if (!Number.isInteger(value) || value < min || value > max) throw notANumber();
        return value;
      }
      if (trimmed === null) {
        const what = type === "INT" ? "an integer" : type === "SHORT" ? "a short" : "a long";
        throw new ConfigException(name, value, "Expected value to be " + what + ", but it was a " + javaClassName(value));
      }
      if (!/^[+-]?\d+$/.test(trimmed)) throw notANumber();
      const big = BigInt(trimmed);
      if (big < BigInt(type === "LONG" ? "-9223372036854775808" : min) || big > BigInt(type === "LONG" ? "9223372036854775807" : max))
        throw notANumber();
      return Number(big);
    }
    case "DOUBLE": {
      if (typeof value === "number") return value;
      if (trimmed === null) throw new ConfigException(name, value, "Expected value to be a double, but it was a " + javaClassName(value));
      // Double.parseDouble: decimal or exponent notation, optional d/f suffix, NaN and Infinity.
      if (!/^[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[dDfF]?)$/.test(trimmed)) throw notANumber();
      return Number(trimmed.replace(/[dDfF]$/, ""));
    }
    case "LIST":
      if (Array.isArray(value)) return value;
      if (trimmed === null) throw new ConfigException(name, value, "Expected a comma separated list.");
      return trimmed.length === 0 ? [] : trimmed.split(/\s*,\s*/);
  }
}

/** ConfigDef.convertToString: a parsed value as Kafka prints it. */
export function convertToString(value: ConfigValue, type: ConfigType): string | null {
  if (value === null) return null;
  if (type === "LIST") return (value as string[]).join(",");
  if (type === "DOUBLE") return javaDoubleString(value as number);
  if (typeof value === "number") return javaNumberString(value);
  return String(value);
}

/** A LONG/INT as Java prints it (2^63 is Long.MAX_VALUE). */
export function javaNumberString(n: number): string {
  if (n >= LONG_MAX_VALUE) return "9223372036854775807";
  if (n <= LONG_MIN_VALUE) return "-9223372036854775808";
  return Number.isInteger(n) ? n.toFixed(0) : javaDoubleString(n);
}

/** Java's Double.toString for the values configs use (0.5 -> "0.5", 2 -> "2.0", 1e-5 -> "1.0E-5"). */
export function javaDoubleString(d: number): string {
  if (Number.isNaN(d)) return "NaN";
  if (d === Infinity) return "Infinity";
  if (d === -Infinity) return "-Infinity";
  const abs = Math.abs(d);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e7)) {
    const s = String(d);
    return s.includes(".") ? s : s + ".0";
  }
  const [mantissa, exp] = d.toExponential().split("e") as [string, string];
  return (mantissa.includes(".") ? mantissa : mantissa + ".0") + "E" + (exp.startsWith("+") ? exp.substring(1) : exp);
}

function javaClassName(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? "java.lang.Integer" : "java.lang.Double";
  if (typeof value === "boolean") return "java.lang.Boolean";
  if (Array.isArray(value)) return "java.util.List";
  return "java.lang.String";
}
