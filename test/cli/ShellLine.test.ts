import { describe, expect, it } from "vitest";
import { parseShellScript, scriptName, ShellSyntaxError } from "../../kernel-lib/src/cli/ShellLine";
import { OptionParser } from "../../kernel-lib/src/cli/OptionParser";
import { javaHashMapOrder, javaStringHashCode } from "../../kernel-lib/src/cli/JavaHashMapOrder";
import { readProperties } from "../../kernel-lib/src/cli/Properties";

describe("parseShellScript", () => {
  it("splits the notes' command lines into words", () => {
    expect(parseShellScript("bin/kafka-topics.sh --bootstrap-server hadoop102:9092 --topic first --create --partitions 1 --replication-factor 3"))
      .toEqual([{ argv: ["bin/kafka-topics.sh", "--bootstrap-server", "hadoop102:9092", "--topic", "first", "--create", "--partitions", "1",
        "--replication-factor", "3"], after: ";" }]);
  });

  it("handles quotes, escapes, continuations and comments", () => {
    const [c] = parseShellScript("kafka-topics.sh \\\n  --topic \"my topic\" \\\n  --config 'cleanup.policy=compact' --x a\\ b # a comment");
    expect(c.argv).toEqual(["kafka-topics.sh", "--topic", "my topic", "--config", "cleanup.policy=compact", "--x", "a b"]);
    expect(parseShellScript(`echo "a \\"q\\" \\$X $Y" ''`)[0].argv).toEqual(["echo", "a \"q\" $X $Y", ""]);
  });

  it("runs several commands: newlines, ;, && and ||", () => {
    const cmds = parseShellScript("a 1\n\nb 2; c 3 && d 4 || e 5");
    expect(cmds.map((c) => [c.argv[0], c.after])).toEqual([["a", ";"], ["b", ";"], ["c", ";"], ["d", "&&"], ["e", "||"]]);
  });

  it("reports unbalanced quotes as bash does", () => {
    expect(() => parseShellScript("a \"b")).toThrow(ShellSyntaxError);
    expect(() => parseShellScript("a 'b")).toThrow("unexpected EOF while looking for matching `''");
  });

  it("names the script whatever path it is called by", () => {
    for (const s of ["kafka-topics.sh", "bin/kafka-topics.sh", "./bin/kafka-topics.sh", "/opt/module/kafka/bin/kafka-topics.sh"]) {
      expect(scriptName(s)).toBe("kafka-topics.sh");
    }
  });
});

describe("OptionParser (joptsimple)", () => {
  const parser = (): OptionParser => {
    const p = new OptionParser();
    p.accepts("topic", "t").withRequiredArg().describedAs("topic");
    p.accepts("partitions", "p").withRequiredArg().ofType("Integer");
    p.accepts("config", "c").withRequiredArg();
    p.accepts("create", "c");
    return p;
  };

  it("parses --opt v, --opt=v, single-hyphen long options and repeated options", () => {
    const p = parser();
    const o = p.parse(["--topic", "first", "--partitions=3", "-create", "--config", "a=1", "--config", "b=2", "stray"]);
    const spec = (n: string) => (p as unknown as { specs: Map<string, never> }).specs.get(n)!;
    expect(o.stringValueOf(spec("topic"))).toBe("first");
    expect(o.intValueOf(spec("partitions"))).toBe(3);
    expect(o.has(spec("create"))).toBe(true);
    expect(o.valuesOf(spec("config"))).toEqual(["a=1", "b=2"]);
    expect(o.nonOptionArguments).toEqual(["stray"]);
  });

  it("gives joptsimple's messages", () => {
    expect(() => parser().parse(["--zookeeper", "hadoop102:2181"])).toThrow("zookeeper is not a recognized option");
    expect(() => parser().parse(["--replication-facor", "3"])).toThrow("replication-facor is not a recognized option");
    expect(() => parser().parse(["--topic"])).toThrow("Option topic requires an argument");
    const p = parser();
    const o = p.parse(["--partitions", "abc", "--topic", "a", "--topic", "b"]);
    const spec = (n: string) => (p as unknown as { specs: Map<string, never> }).specs.get(n)!;
    // Conversion happens when the value is read, as in joptsimple.
    expect(() => o.intValueOf(spec("partitions"))).toThrow("Cannot parse argument 'abc' of option partitions");
    expect(() => o.stringValueOf(spec("topic"))).toThrow("Found multiple arguments for option topic, but you asked for only one");
  });

  it("stops at -- (the rest are non-option arguments)", () => {
    const p = parser();
    const o = p.parse(["--topic", "x", "--", "replication-factor", "--create"]);
    expect(o.nonOptionArguments).toEqual(["replication-factor", "--create"]);
  });

  it("formats help as BuiltinHelpFormatter does", () => {
    const p = new OptionParser();
    p.accepts("list", "List all available topics.");
    p.accepts("bootstrap-server", "REQUIRED: The Kafka server to connect to.").withRequiredArg().describedAs("server to connect to");
    // Columns: option 37 wide (its widest piece), 2 spaces, description 37 wide; continuation pieces indented by 2.
    const row = (a: string, b: string): string => a.padEnd(37) + "  " + b.padEnd(37) + "\n";
    expect(p.formatHelp()).toBe(
      row("Option", "Description") +
      row("------", "-----------") +
      row("--bootstrap-server <String: server to", "REQUIRED: The Kafka server to connect") +
      row("  connect to>", "  to.") +
      row("--list", "List all available topics."));
  });
});

describe("Java collection orders", () => {
  it("String.hashCode", () => {
    expect(javaStringHashCode("hello")).toBe(99162322);
    expect(javaStringHashCode("Aa")).toBe(javaStringHashCode("BB"));
    expect(javaStringHashCode("")).toBe(0);
  });

  it("HashMap iteration: by bucket, insertion order within a bucket", () => {
    expect(javaHashMapOrder(["c", "b", "a"], (s) => s)).toEqual(["a", "b", "c"]);
    expect(javaHashMapOrder(["BB", "Aa"], (s) => s)).toEqual(["BB", "Aa"]);
    // 17 (hash 1617 -> bucket 1 of 16) comes before "a" (97 -> bucket 1? no: 97 & 15 = 1) in insertion order
    expect(javaHashMapOrder(["a", "q"], (s) => s)).toEqual(["a", "q"]); // 97&15=1, 113&15=1: same bucket
    expect(javaHashMapOrder(["q", "a"], (s) => s)).toEqual(["q", "a"]);
  });
});

describe("readProperties", () => {
  it("reads java.util.Properties syntax", () => {
    expect(readProperties("# c\nrequest.timeout.ms=1000\nclient.id : me\n! x\na\\\n  b=c\n")).toEqual({ "request.timeout.ms": "1000", "client.id": "me", "ab": "c" });
  });
});
