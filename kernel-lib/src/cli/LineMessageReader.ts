// kafka-console-producer.sh's default record reader (kafka.tools.ConsoleProducer$LineMessageReader in 3.9, a
// RecordReader): one record per input line, `[h1:v1,h2:v2<headers.delimiter>][key<key.separator>]value`.
// Properties (`--property k=v`): parse.key (false), key.separator (\t), parse.headers (false), headers.delimiter
// (\t), headers.separator (, — a regular expression, as Pattern.split), headers.key.separator (:), ignore.error
// (false), null.marker (unset: fields equal to it become null). Errors are Kafka's KafkaException messages, e.g.
// `No key separator found on line number 2: 'abc'`.
//
// Kafka prints a `>` prompt before each line only when System.console() exists (a terminal). A notebook cell is
// not a terminal, so nothing is printed per line here.
import { KafkaException } from "../protocol/KafkaException";
import type { RecordHeader } from "../storage/DefaultRecordBatch";

/** One record the reader made from a line (key/value as UTF-8 bytes, null for the null marker). */
export interface LineRecord {
  topic: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

export class LineMessageReader {
  topic = "";
  parseKey = false;
  keySeparator = "\t";
  parseHeaders = false;
  headersDelimiter = "\t";
  headersSeparator = ",";
  headersKeySeparator = ":";
  ignoreError = false;
  nullMarker: string | null = null;
  private lineNumber = 0;
  private headersSeparatorPattern = /,/;

  /** RecordReader.configure(props), with Kafka's checks that the separators differ. */
  configure(props: Readonly<Record<string, string>>): void {
    const has = (k: string): boolean => props[k] !== undefined;
    this.topic = props.topic ?? "";
    if (has("parse.key")) this.parseKey = props["parse.key"].trim().toLowerCase() === "true";
    if (has("key.separator")) this.keySeparator = props["key.separator"];
    if (has("parse.headers")) this.parseHeaders = props["parse.headers"].trim().toLowerCase() === "true";
    if (has("headers.delimiter")) this.headersDelimiter = props["headers.delimiter"];
    if (has("headers.separator")) this.headersSeparator = props["headers.separator"];
    this.headersSeparatorPattern = new RegExp(this.headersSeparator);
    if (has("headers.key.separator")) this.headersKeySeparator = props["headers.key.separator"];
    if (has("ignore.error")) this.ignoreError = props["ignore.error"].trim().toLowerCase() === "true";
    if (this.headersDelimiter === this.headersSeparator) throw new KafkaException("headers.delimiter and headers.separator may not be equal");
    if (this.headersDelimiter === this.headersKeySeparator) throw new KafkaException("headers.delimiter and headers.key.separator may not be equal");
    if (this.headersSeparator === this.headersKeySeparator) throw new KafkaException("headers.separator and headers.key.separator may not be equal");
    if (has("null.marker")) this.nullMarker = props["null.marker"];
    const m = this.nullMarker;
    if (m === this.keySeparator) throw new KafkaException("null.marker and key.separator may not be equal");
    if (m === this.headersSeparator) throw new KafkaException("null.marker and headers.separator may not be equal");
    if (m === this.headersDelimiter) throw new KafkaException("null.marker and headers.delimiter may not be equal");
    if (m === this.headersKeySeparator) throw new KafkaException("null.marker and headers.key.separator may not be equal");
  }

  /** The records of the input, one per line (BufferedReader.readLine: \n, \r\n or \r end a line). */
  *readRecords(input: string): Generator<LineRecord> {
    for (const line of readLines(input)) {
      this.lineNumber++;
      yield this.parseLine(line);
    }
  }

  private parseLine(line: string): LineRecord {
    const headers = this.parse(this.parseHeaders, line, 0, this.headersDelimiter, "headers delimiter");
    const headerOffset = headers === null ? 0 : headers.length + this.headersDelimiter.length;
    const key = this.parse(this.parseKey, line, headerOffset, this.keySeparator, "key separator");
    const keyOffset = key === null ? 0 : key.length + this.keySeparator.length;
    const value = line.substring(headerOffset + keyOffset);
    return {
      topic: this.topic,
      key: key !== null && key !== this.nullMarker ? Buffer.from(key, "utf8") : null,
      value: value !== this.nullMarker ? Buffer.from(value, "utf8") : null,
      headers: headers !== null && headers !== this.nullMarker ? this.splitHeaders(headers) : [],
    };
  }

  private parse(enabled: boolean, line: string, startIndex: number, demarcation: string, name: string): string | null {
    if (!enabled) return null;
    const index = line.indexOf(demarcation, startIndex);
    if (index < 0) {
      if (this.ignoreError) return null;
      throw new KafkaException(`No ${name} found on line number ${this.lineNumber}: '${line}'`);
    }
    return line.substring(startIndex, index);
  }

  private splitHeaders(headers: string): RecordHeader[] {
    return javaPatternSplit(headers, this.headersSeparatorPattern).map((pair) => {
      const i = pair.indexOf(this.headersKeySeparator);
      if (i < 0) {
        if (!this.ignoreError) throw new KafkaException(`No header key separator found in pair '${pair}' on line number ${this.lineNumber}`);
        return { key: pair, value: null };
      }
      const headerKey = pair.substring(0, i);
      if (headerKey === this.nullMarker) {
        throw new KafkaException(`Header keys should not be equal to the null marker '${this.nullMarker}' as they can't be null`);
      }
      const v = pair.substring(i + this.headersKeySeparator.length);
      return { key: headerKey, value: v === this.nullMarker ? null : Buffer.from(v, "utf8") };
    });
  }
}

/** BufferedReader.readLine over a whole input: the last line needs no terminator; a final terminator adds no line. */
export function readLines(input: string): string[] {
  if (input === "") return [];
  const lines = input.split(/\r\n|\n|\r/);
  if (/(\r\n|\n|\r)$/.test(input)) lines.pop();
  return lines;
}

/** Pattern.split(input): trailing empty strings removed; no match gives the whole input. */
function javaPatternSplit(input: string, pattern: RegExp): string[] {
  const parts = input.split(new RegExp(pattern.source, "g"));
  while (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}
