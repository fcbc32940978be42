// org.apache.kafka.common.serialization.StringSerializer: UTF-8 (or the configured charset) bytes of a string.
import type { Serializer } from "./Serializer";
import { ClassCastException, javaClassOf } from "./SerializationException";
import { encodingFrom } from "./StringEncoding";

export class StringSerializer implements Serializer<string> {
  static readonly className = "org.apache.kafka.common.serialization.StringSerializer";
  private encoding: BufferEncoding = "utf8";

  configure(configs: Readonly<Record<string, unknown>>, isKey: boolean): void {
    this.encoding = encodingFrom(configs, isKey, "serializer");
  }

  serialize(_topic: string, data: string | null): Uint8Array | null {
    if (data === null || data === undefined) return null;
    if (typeof data !== "string") throw new ClassCastException(`class ${javaClassOf(data)} cannot be cast to class java.lang.String`);
    return Buffer.from(data, this.encoding);
  }
}
