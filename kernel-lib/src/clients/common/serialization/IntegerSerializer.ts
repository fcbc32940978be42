// org.apache.kafka.common.serialization.IntegerSerializer: a Java int as 4 big-endian bytes.
import type { Serializer } from "./Serializer";
import { ClassCastException, javaClassOf } from "./SerializationException";

export class IntegerSerializer implements Serializer<number> {
  static readonly className = "org.apache.kafka.common.serialization.IntegerSerializer";

  serialize(_topic: string, data: number | null): Uint8Array | null {
    if (data === null || data === undefined) return null;
    if (typeof data !== "number" || !Number.isInteger(data) || data < -2147483648 || data > 2147483647) {
      throw new ClassCastException(`class ${javaClassOf(data)} cannot be cast to class java.lang.Integer`);
    }
    const b = Buffer.allocUnsafe(4);
    b.writeInt32BE(data, 0);
    return b;
  }
}
