// org.apache.kafka.common.serialization.ByteArraySerializer: the bytes as they are (Buffer / Uint8Array).
import type { Serializer } from "./Serializer";
import { ClassCastException, javaClassOf } from "./SerializationException";

export class ByteArraySerializer implements Serializer<Uint8Array> {
  static readonly className = "org.apache.kafka.common.serialization.ByteArraySerializer";

  serialize(_topic: string, data: Uint8Array | null): Uint8Array | null {
    if (data === null || data === undefined) return null;
    if (!(data instanceof Uint8Array)) throw new ClassCastException(`class ${javaClassOf(data)} cannot be cast to class [B`);
    return data;
  }
}
