// org.apache.kafka.connect.json.JsonDeserializer: UTF-8 JSON text to a value.
import type { Deserializer } from "./Deserializer";
import { SerializationException } from "./SerializationException";

export class JsonDeserializer implements Deserializer<unknown> {
  static readonly className = "org.apache.kafka.connect.json.JsonDeserializer";

  deserialize(_topic: string, data: Uint8Array | null): unknown {
    if (data === null || data === undefined) return null;
    try {
      return JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("utf8")) as unknown;
    } catch (e) {
      throw new SerializationException(e instanceof Error ? e.message : String(e), { cause: e });
    }
  }
}
