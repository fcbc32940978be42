// Cluster-free checks of the console tools: DefaultMessageFormatter byte for byte, the line reader's parsing and
// Kafka's error wording, usage errors, here-documents.
import { afterEach, describe, expect, it } from "vitest";
import { Shell } from "../../kernel-lib/src/cli/Shell";
import { parseShellScript } from "../../kernel-lib/src/cli/ShellLine";
import { DefaultMessageFormatter } from "../../kernel-lib/src/cli/DefaultMessageFormatter";
import { LineMessageReader } from "../../kernel-lib/src/cli/LineMessageReader";
import { formatOffsetsToReset, parseDateTime } from "../../kernel-lib/src/cli/ConsumerGroupCommand";
import { ConsumerRecord } from "../../kernel-lib/src/clients/consumer/ConsumerRecord";
import { OffsetAndMetadata } from "../../kernel-lib/src/clients/consumer/OffsetAndMetadata";
import { TopicPartition } from "../../kernel-lib/src/protocol/TopicPartition";
import { Runtime } from "../../kernel-lib/src/sim/Runtime";

const runtimes: Runtime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.close();
});
function shell(): Shell {
  const rt = new Runtime({ seed: 1 });
  runtimes.push(rt);
  return new Shell({ cluster: rt, print: false });
}

const rec = (key: string | null, value: string | null, headers: { key: string; value: string | null }[] = []): ConsumerRecord<Uint8Array, Uint8Array> =>
  new ConsumerRecord<Uint8Array, Uint8Array>("first", 0, 42, 1700000000000, "CreateTime", -1, -1, key === null ? null : Buffer.from(key),
    value === null ? null : Buffer.from(value), headers.map((h) => ({ key: h.key, value: h.value === null ? null : Buffer.from(h.value) })), 0);

describe("DefaultMessageFormatter (Kafka 3.9 field order and labels)", () => {
  it("prints only the value by default", () => {
    const f = new DefaultMessageFormatter();
    f.configure({});
    expect(f.format(rec("k", "hello"))).toBe("hello\n");
    expect(f.format(rec("k", null))).toBe("null\n");
  });

  it("prints every field with the default separators", () => {
    const f = new DefaultMessageFormatter();
    f.configure({ "print.timestamp": "true", "print.partition": "true", "print.offset": "true", "print.headers": "true", "print.key": "true" });
    expect(f.format(rec("k1", "v", [{ key: "h1", value: "v1" }, { key: "h2", value: null }])))
      .toBe("CreateTime:1700000000000\tPartition:0\tOffset:42\th1:v1,h2:null\tk1\tv\n");
    expect(f.format(rec(null, "v"))).toBe("CreateTime:1700000000000\tPartition:0\tOffset:42\tNO_HEADERS\tnull\tv\n");
  });

  it("honours key/line/headers separators, null.literal and print.value=false", () => {
    const f = new DefaultMessageFormatter();
    f.configure({ "print.key": " TRUE ", "print.value": "false", "key.separator": " | ", "line.separator": ";", "null.literal": "<none>",
      "print.headers": "true", "headers.separator": "/" });
    expect(f.format(rec(null, "v", [{ key: "a", value: "1" }, { key: "b", value: "2" }]))).toBe("a:1/b:2 | <none>;");
    const g = new DefaultMessageFormatter();
    g.configure({ "print.offset": "true", "print.value": "false" });
    expect(g.format(rec("k", "v"))).toBe("Offset:42\n");
  });
});

describe("LineMessageReader (kafka-console-producer.sh line parsing)", () => {
  it("splits key and headers; null.marker gives nulls", () => {
    const r = new LineMessageReader();
    r.configure({ topic: "first", "parse.key": "true", "key.separator": ":", "parse.headers": "true", "headers.delimiter": "|", "null.marker": "NULL" });
    const out = [...r.readRecords("h1:v1,h2:NULL|k1:hello\nNULL|NULL:NULL\n")];
    expect(out.map((x) => [x.key?.toString() ?? null, x.value?.toString() ?? null, x.headers.map((h) => `${h.key}=${h.value?.toString() ?? "null"}`).join(",")]))
      .toEqual([["k1", "hello", "h1=v1,h2=null"], [null, null, ""]]);
  });

  it("fails a line without the key separator with Kafka's message, unless ignore.error", () => {
    const r = new LineMessageReader();
    r.configure({ topic: "first", "parse.key": "true", "key.separator": ":" });
    const it = r.readRecords("k1:a\nabc\n");
    expect(it.next().value?.key?.toString()).toBe("k1");
    expect(() => it.next()).toThrow("No key separator found on line number 2: 'abc'");
    const lenient = new LineMessageReader();
    lenient.configure({ topic: "first", "parse.key": "true", "ignore.error": "true" });
    const [only] = [...lenient.readRecords("no-tab-here")];
    expect(only.key).toBeNull();
    expect(only.value?.toString()).toBe("no-tab-here");
  });

  it("rejects equal separators", () => {
    const r = new LineMessageReader();
    expect(() => r.configure({ topic: "t", "headers.delimiter": ",", "headers.separator": "," })).toThrow("headers.delimiter and headers.separator may not be equal");
  });
});

describe("here-documents and stdin", () => {
  it("gives a command the lines up to the delimiter", () => {
    const cmds = parseShellScript("kafka-console-producer.sh --topic first <<EOF\nhello\nworld\nEOF\nkafka-topics.sh --list");
    expect(cmds.map((c) => [c.argv[0], c.stdin])).toEqual([["kafka-console-producer.sh", "hello\nworld\n"], ["kafka-topics.sh", undefined]]);
    expect(parseShellScript("cat <<-'END'\n\tx\n\tEND")[0].stdin).toBe("x\n");
  });
});

describe("usage errors in Kafka's words", () => {
  it("kafka-console-producer.sh", async () => {
    const sh = shell();
    let r = await sh.run("kafka-console-producer.sh");
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe("Missing required option(s) [bootstrap-server]");
    r = await sh.run("kafka-console-producer.sh --bootstrap-server hadoop102:9092");
    expect(r.stderr.split("\n")[0]).toBe("Missing required argument \"[topic]\"");
    r = await sh.run("kafka-console-producer.sh --broker-list hadoop102 --topic first");
    expect(r.stderr.split("\n").slice(0, 2)).toEqual(["Please provide valid host:port like host1:9091,host2:9092", " "]);
    expect(r.stderr).toContain("--timeout <Long: timeout_ms>");
    expect(r.stderr).toContain("(default: 1000)");
  });

  it("kafka-console-producer.sh: a line without the key separator ends the tool with the KafkaException", async () => {
    const sh = shell();
    const r = await sh.run("kafka-console-producer.sh --bootstrap-server hadoop102:9092 --topic first --property parse.key=true", { stdin: "" });
    expect(r.exitCode).toBe(0);
    const bad = await sh.run("kafka-console-producer.sh --bootstrap-server hadoop102:9092 --topic first --property parse.key=true --max-block-ms 100 <<EOF\nno-separator\nEOF");
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe("org.apache.kafka.common.KafkaException: No key separator found on line number 1: 'no-separator'\n");
  });

  it("kafka-console-consumer.sh", async () => {
    const sh = shell();
    let r = await sh.run("kafka-console-consumer.sh --topic first --zookeeper hadoop102:2181");
    expect(r.stderr.split("\n")[0]).toBe("zookeeper is not a recognized option");
    r = await sh.run("kafka-console-consumer.sh --bootstrap-server hadoop102:9092");
    expect(r.stderr.split("\n")[0]).toBe("Exactly one of --include/--topic is required. ");
    r = await sh.run("kafka-console-consumer.sh --bootstrap-server hadoop102:9092 --topic first --offset 3");
    expect(r.stderr.split("\n")[0]).toBe("The partition is required when offset is specified.");
    r = await sh.run("kafka-console-consumer.sh --bootstrap-server hadoop102:9092 --topic first --partition 0 --offset -3");
    expect(r.stderr.split("\n")[0]).toBe("The provided offset value '-3' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.");
    r = await sh.run("kafka-console-consumer.sh --bootstrap-server hadoop102:9092 --topic first --partition 0 --group g");
    expect(r.stderr.split("\n")[0]).toBe("Options group and partition cannot be specified together.");
    r = await sh.run("kafka-console-consumer.sh --topic first");
    expect(r.stderr.split("\n")[0]).toBe("Missing required argument \"[bootstrap-server]\"");
  });

  it("kafka-consumer-groups.sh", async () => {
    const sh = shell();
    let r = await sh.run("kafka-consumer-groups.sh --bootstrap-server hadoop102:9092 --describe");
    expect(r.stderr.split("\n")[0]).toBe("Option [describe] takes one of these options: [group], [all-groups]");
    r = await sh.run("kafka-consumer-groups.sh --bootstrap-server hadoop102:9092 --group g");
    expect(r.stderr.split("\n")[0]).toBe("Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets");
    r = await sh.run("kafka-consumer-groups.sh --bootstrap-server hadoop102:9092 --reset-offsets --group g --topic t --to-earliest --dry-run --execute");
    expect(r.stderr.split("\n")[0]).toBe("Option [reset-offsets] only accepts one of [execute] and [dry-run]");
  });
});

describe("kafka-consumer-groups.sh helpers", () => {
  it("formats the reset plan", () => {
    const plan = new Map([["g1", new Map([[new TopicPartition("first", 0), new OffsetAndMetadata(3)]])]]);
    expect(formatOffsetsToReset(plan)).toBe("\nGROUP                          TOPIC                          PARTITION  NEW-OFFSET     " +
      "\ng1                             first                          0          3              \n");
  });

  it("reads --to-datetime as Kafka's format", () => {
    expect(parseDateTime("2023-11-14T22:13:20.000")).toBe(1700000000000);
    expect(parseDateTime("2023-11-14T23:13:20.000+01:00")).toBe(1700000000000);
  });
});
