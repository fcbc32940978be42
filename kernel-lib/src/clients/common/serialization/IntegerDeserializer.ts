// org.apache.kafka.common.serialization.IntegerDeserializer: 4 big-endian bytes to a Java int.
import type { Deserializer } from "./Deserializer";
import { SerializationException } from "./SerializationException";

export class IntegerDeserializer implements Deserializer<number> {
  static readonly className = "org.apache.kafka.common.serialization.IntegerDeserializer";

  deserialize(_topic: string, data: Uint8Array | null): number | null {
    if (data === null || data === undefined) return null;
    if (data.length !== 4) throw new SerializationException("Size of data received by IntegerDeserializer is not 4");
    return Buffer.from(data.buffer, data.byteOffset, 4).readInt32BE(0);
  }
}
