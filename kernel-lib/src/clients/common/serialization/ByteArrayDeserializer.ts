// org.apache.kafka.common.serialization.ByteArrayDeserializer: the bytes as they are (a Buffer view, no copy).
import type { Deserializer } from "./Deserializer";

export class ByteArrayDeserializer implements Deserializer<Buffer> {
  static readonly className = "org.apache.kafka.common.serialization.ByteArrayDeserializer";

  deserialize(_topic: string, data: Uint8Array | null): Buffer | null {
    if (data === null || data === undefined) return null;
    return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }
}
