// The charset option of StringSerializer/StringDeserializer: `key.serializer.encoding`,
// `value.serializer.encoding` or `serializer.encoding` (likewise for deserializers), default UTF8.
import { SerializationException } from "./SerializationException";

const ENCODINGS: Readonly<Record<string, BufferEncoding>> = {
  "UTF8": "utf8", "UTF-8": "utf8", "US-ASCII": "ascii", "ASCII": "ascii", "ISO-8859-1": "latin1", "LATIN1": "latin1",
  "UTF-16LE": "utf16le", "UTF16LE": "utf16le",
};

/** The Node encoding for a Java charset name from the configs (utf8 when none is set). */
export function encodingFrom(configs: Readonly<Record<string, unknown>>, isKey: boolean, kind: "serializer" | "deserializer"): BufferEncoding {
  const name = configs[(isKey ? "key." : "value.") + kind + ".encoding"] ?? configs[kind + ".encoding"];
  if (name === undefined || name === null) return "utf8";
  const enc = ENCODINGS[String(name).toUpperCase()];
  if (enc === undefined) throw new SerializationException("Unsupported encoding " + String(name));
  return enc;
}
