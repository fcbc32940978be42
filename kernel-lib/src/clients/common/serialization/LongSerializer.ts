// org.apache.kafka.common.serialization.LongSerializer: a Java long as 8 big-endian bytes (number or bigint).
import type { Serializer } from "./Serializer";
import { ClassCastException, javaClassOf } from "./SerializationException";

export class LongSerializer implements Serializer<number | bigint> {
  static readonly className = "org.apache.kafka.common.serialization.LongSerializer";

  serialize(_topic: string, data: number | bigint | null): Uint8Array | null {
    if (data === null || data === undefined) return null;
    let big: bigint;
    if (typeof data === "bigint") big = data;
    else if (typeof data === "number" && Number.isSafeInteger(data)) big = BigInt(data);
    else throw new ClassCastException(`class ${javaClassOf(data)} cannot be cast to class java.lang.Long`);
    const b = Buffer.allocUnsafe(8);
    b.writeBigInt64BE(BigInt.asIntN(64, big), 0);
    return b;
  }
}
