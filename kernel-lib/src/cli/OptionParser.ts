// The command-line parser Kafka's tools use (joptsimple 5.0.4, as configured by Kafka's CommandDefaultOptions:
// no abbreviations), with its exception messages word for word ("zookeeper is not a recognized option",
// "Option topic requires an argument", "Cannot parse argument 'abc' of option partitions") and its help table
// (BuiltinHelpFormatter: 80 columns, "Option / Description" headers, sorted options).
//
// As in joptsimple: `--name value`, `--name=value`, single-hyphen long options (`-topic x`), `--` ends the options
// (everything after it is a non-option argument), arguments of required-argument options are taken even when they
// look like options, and typed values are converted when read (valueOf), not when parsed.

/** joptsimple.OptionException and subclasses, named as joptsimple names them. */
export class OptionException extends Error {
  constructor(message: string, readonly javaClass: string) {
    super(message);
    this.name = javaClass.substring(javaClass.lastIndexOf(".") + 1);
  }
}

const unrecognized = (option: string): OptionException =>
  new OptionException(`${option} is not a recognized option`, "joptsimple.UnrecognizedOptionException");

export type ArgType = "String" | "Integer" | "Long" | "Double";

/** An option declared with parser.accepts(...). */
export class OptionSpec {
  argument: "none" | "required" | "optional" = "none";
  argDescription = "";
  type: ArgType = "String";
  isForHelp = false;

  constructor(readonly name: string, readonly description: string) {}

  withRequiredArg(): this {
    this.argument = "required";
    return this;
  }

  withOptionalArg(): this {
    this.argument = "optional";
    return this;
  }

  describedAs(description: string): this {
    this.argDescription = description;
    return this;
  }

  ofType(type: ArgType): this {
    this.type = type;
    return this;
  }

  forHelp(): this {
    this.isForHelp = true;
    return this;
  }

  /** joptsimple's AbstractOptionSpec.toString: the option names in brackets, e.g. `[topic]`. */
  toString(): string {
    return `[${this.name}]`;
  }
}

/** The parsed command line (joptsimple.OptionSet). */
export class OptionSet {
  constructor(private readonly values: ReadonlyMap<OptionSpec, readonly string[]>, readonly nonOptionArguments: readonly string[]) {}

  has(spec: OptionSpec): boolean {
    return this.values.has(spec);
  }

  /** All raw values of an option (repeated `--config a=1 --config b=2`). */
  valuesOf(spec: OptionSpec): string[] {
    return [...(this.values.get(spec) ?? [])];
  }

  /** The option's single value converted to its type; null when absent. */
  valueOf(spec: OptionSpec): string | number | null {
    const vs = this.values.get(spec);
    if (vs === undefined || vs.length === 0) return null;
    if (vs.length > 1) {
      throw new OptionException(`Found multiple arguments for option ${spec.name}, but you asked for only one`, "joptsimple.MultipleArgumentsForOptionException");
    }
    return convert(spec, vs[0]);
  }

  /** valueOf for an Integer option. */
  intValueOf(spec: OptionSpec): number | null {
    return this.valueOf(spec) as number | null;
  }

  /** valueOf for a String option. */
  stringValueOf(spec: OptionSpec): string | null {
    return this.valueOf(spec) as string | null;
  }
}

function convert(spec: OptionSpec, raw: string): string | number {
  if (spec.type === "String") return raw;
  const fail = (): OptionException =>
    new OptionException(`Cannot parse argument '${raw}' of option ${spec.name}`, "joptsimple.OptionArgumentConversionException");
  if (spec.type === "Double") {
    if (!/^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?)$/.test(raw)) throw fail();
    return Number(raw.replace(/[dDfF]$/, ""));
  }
  // Integer.valueOf / Long.valueOf: optional sign and decimal digits, within range.
  if (!/^[+-]?\d+$/.test(raw)) throw fail();
  const big = BigInt(raw);
  const [min, max] = spec.type === "Integer" ? [-(2n ** 31n), 2n ** 31n - 1n] : [-(2n ** 63n), 2n ** 63n - 1n];
  if (big < min || big > max) throw fail();
  return Number(big);
}

export class OptionParser {
  private readonly specs = new Map<string, OptionSpec>();

  accepts(name: string, description = ""): OptionSpec {
    const spec = new OptionSpec(name, description);
    this.specs.set(name, spec);
    return spec;
  }

  parse(args: readonly string[]): OptionSet {
    const values = new Map<OptionSpec, string[]>();
    const nonOptions: string[] = [];
    const add = (spec: OptionSpec, value?: string): void => {
      let vs = values.get(spec);
      if (vs === undefined) values.set(spec, (vs = []));
      if (value !== undefined) vs.push(value);
    };
    let i = 0;
    const handle = (name: string, inline: string | undefined): void => {
      const spec = this.specs.get(name);
      if (spec === undefined) throw unrecognized(name);
      if (spec.argument === "none") {
        if (inline !== undefined) {
          throw new OptionException(`Option ${name} does not take an argument`, "joptsimple.UnexpectedArgumentException");
        }
        add(spec);
      } else if (inline !== undefined) {
        add(spec, inline);
      } else if (spec.argument === "required") {
        if (i >= args.length) throw new OptionException(`Option ${name} requires an argument`, "joptsimple.OptionMissingRequiredArgumentException");
        add(spec, args[i++]);
      } else if (i < args.length && !args[i].startsWith("-")) {
        add(spec, args[i++]);
      } else {
        add(spec);
      }
    };
    while (i < args.length) {
      const arg = args[i++];
      if (arg === "--") {
        nonOptions.push(...args.slice(i));
        break;
      }
      if (arg.startsWith("--")) {
        const eq = arg.indexOf("=");
        handle(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? undefined : arg.substring(eq + 1));
      } else if (arg.startsWith("-") && arg.length > 1) {
        // A single hyphen: a long option if the whole name is one, else a cluster of short options (none here).
        const eq = arg.indexOf("=");
        const name = eq < 0 ? arg.substring(1) : arg.substring(1, eq);
        if (this.specs.has(name)) handle(name, eq < 0 ? undefined : arg.substring(eq + 1));
        else throw unrecognized(arg.charAt(1));
      } else {
        nonOptions.push(arg);
      }
    }
    return new OptionSet(values, nonOptions);
  }

  /** joptsimple's BuiltinHelpFormatter output (printHelpOn). */
  formatHelp(): string {
    const sorted = [...this.specs.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const rows: [string, string][] = [["Option", "Description"], ["------", "-----------"]];
    for (const s of sorted) {
      let left = (s.name.length > 1 ? "--" : "-") + s.name;
      if (s.argument !== "none" || s.argDescription !== "") {
        const [open, close] = s.argument === "required" ? ["<", ">"] : ["[", "]"];
        left += " " + open + s.type + (s.argDescription !== "" ? ": " + s.argDescription : "") + close;
      }
      rows.push([left, s.description]);
    }
    return renderRows(rows, 80, 2);
  }
}

// joptsimple.internal.Rows / Columns: fit each column, wrap words, indent continuation lines by 2.
function renderRows(rows: [string, string][], overallWidth: number, separator: number): string {
  const widest = (col: 0 | 1, rs: [string, string][]): number => Math.max(0, ...rs.map((r) => r[col].length));
  const optionWidth = (rs: [string, string][]): number => Math.min(Math.floor((overallWidth - separator) / 2), widest(0, rs));
  const descriptionWidth = (rs: [string, string][]): number => Math.min(overallWidth - optionWidth(rs) - separator, widest(1, rs));
  const ow = optionWidth(rows);
  const dw = descriptionWidth(rows);
  const fitted: [string, string][] = [];
  for (const [o, d] of rows) {
    const os = piecesOf(o, ow);
    const ds = piecesOf(d, dw);
    for (let i = 0; i < Math.max(os.length, ds.length); i++) fitted.push([os[i] ?? "", ds[i] ?? ""]);
  }
  const fow = optionWidth(fitted);
  const fdw = descriptionWidth(fitted);
  let out = "";
  for (const [o, d] of fitted) out += o.padEnd(fow) + " ".repeat(separator) + d.padEnd(fdw) + "\n";
  return out;
}

function piecesOf(raw: string, width: number): string[] {
  const pieces: string[] = [];
  for (const line of raw.trim().split("\n")) {
    let next = "";
    // java.text.BreakIterator.getLineInstance, approximately: break after spaces and after a hyphen inside a word.
    for (const word of line.match(/[^\s-]*-(?=[A-Za-z0-9])|\S+\s*|\s+/g) ?? []) {
      if (next.length + word.length > width) {
        pieces.push(next.replace(/\s+$/, ""));
        next = "  " + word;
      } else {
        next += word;
      }
    }
    if (next.length > 0) pieces.push(next);
  }
  return pieces;
}
