// org.apache.kafka.common.serialization.StringDeserializer: bytes to a string in UTF-8 (or the configured charset).
import type { Deserializer } from "./Deserializer";
import { encodingFrom } from "./StringEncoding";

export class StringDeserializer implements Deserializer<string> {
  static readonly className = "org.apache.kafka.common.serialization.StringDeserializer";
  private encoding: BufferEncoding = "utf8";

  configure(configs: Readonly<Record<string, unknown>>, isKey: boolean): void {
    this.encoding = encodingFrom(configs, isKey, "deserializer");
  }

  deserialize(_topic: string, data: Uint8Array | null): string | null {
    if (data === null || data === undefined) return null;
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString(this.encoding);
  }
}
