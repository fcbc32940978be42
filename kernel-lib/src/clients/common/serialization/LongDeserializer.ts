// org.apache.kafka.common.serialization.LongDeserializer: 8 big-endian bytes to a Java long (a number when it
// is a safe integer, else a bigint).
import type { Deserializer } from "./Deserializer";
import { SerializationException } from "./SerializationException";

export class LongDeserializer implements Deserializer<number | bigint> {
  static readonly className = "org.apache.kafka.common.serialization.LongDeserializer";

  deserialize(_topic: string, data: Uint8Array | null): number | bigint | null {
    if (data === null || data === undefined) return null;
    if (data.length !== 8) throw new SerializationException("Size of data received by LongDeserializer is not 8");
    const v = Buffer.from(data.buffer, data.byteOffset, 8).readBigInt64BE(0);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }
}
