// org.apache.kafka.connect.json.JsonSerializer (Kafka's JSON serializer, from connect-json): a value as
// UTF-8 JSON text. Values JSON cannot represent (a BigInt, a cycle) fail with SerializationException.
import type { Serializer } from "./Serializer";
import { SerializationException } from "./SerializationException";

export class JsonSerializer implements Serializer<unknown> {
  static readonly className = "org.apache.kafka.connect.json.JsonSerializer";

  serialize(_topic: string, data: unknown): Uint8Array | null {
    if (data === null || data === undefined) return null;
    try {
      return Buffer.from(JSON.stringify(data), "utf8");
    } catch (e) {
      throw new SerializationException("Error serializing JSON message", { cause: e });
    }
  }
}
