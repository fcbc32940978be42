// nbval's output sanitizer (`--sanitize-with file`): a file of regex/replace pairs, each `regex:` line
// directly followed by its `replace:` line, usually in INI-style sections:
//
//   [timestamps]
//   regex: \d{2}:\d{2}:\d{2}
//   replace: TIME-STAMP
//
// nbval reads the pairs with re.findall('^regex: (.*)$\n^replace: (.*)$', MULTILINE) — section names are
// only labels — and applies them with Python's re.sub, in file order, to both the stored and the new
// text outputs. Patterns and replacements are written in Python's syntax; we translate the common
// differences ((?P<name>…), (?P=name), leading inline flags, \1 and \g<name> in replacements).
import { readFileSync } from "node:fs";

export interface SanitizeRule {
  /** The pattern as written in the file (Python syntax). */
  pattern: string;
  /** The replacement as written in the file (Python re.sub syntax). */
  replacement: string;
  regex: RegExp;
}

const PAIR = /^regex:[ \t]?(.*)$\n^replace:[ \t]?(.*)$/gm;

/** Parses a sanitizer file's text into rules (file order). */
export function parseSanitizeConfig(text: string, source = "sanitize file"): SanitizeRule[] {
  const rules: SanitizeRule[] = [];
  const normalized = text.replace(/\r\n?/g, "\n");
  for (const m of normalized.matchAll(PAIR)) {
    const pattern = m[1];
    const replacement = m[2];
    let regex: RegExp;
    try {
      regex = pythonRegex(pattern);
    } catch (e) {
      throw new Error(`${source}: bad regex ${JSON.stringify(pattern)}: ${(e as Error).message}`);
    }
    rules.push({ pattern, replacement, regex });
  }
  return rules;
}

export function loadSanitizeFile(path: string): SanitizeRule[] {
  return parseSanitizeConfig(readFileSync(path, "utf8"), path);
}

/** Python pattern syntax to a global JS RegExp (Python's `.` also matches \r; JS's does not). */
export function pythonRegex(pattern: string): RegExp {
  let source = pattern;
  let flags = "g";
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1]) if ((f === "i" || f === "m" || f === "s") && !flags.includes(f)) flags += f;
  }
  source = source
    .replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, "(?<$1>")
    .replace(/\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/g, "\\k<$1>")
    .replace(/\\A/g, "^")
    .replace(/\\Z/g, "$");
  return new RegExp(pythonDots(source, flags.includes("s")), flags);
}

/** Python's `.` matches anything but \n (JS's also refuses \r, \u2028, \u2029): rewrite bare dots. */
function pythonDots(source: string, dotAll: boolean): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === "\\") {
      out += ch + (source[i + 1] ?? "");
      i++;
    } else if (inClass) {
      if (ch === "]") inClass = false;
      out += ch;
    } else if (ch === "[") {
      inClass = true;
      out += ch;
      if (source[i + 1] === "^") out += source[++i];
      if (source[i + 1] === "]") {
        out += "\\]"; // a leading ] is a literal in Python; in JS `[]` would be an empty class
        i++;
      }
    } else if (ch === ".") {
      out += dotAll ? "[\\s\\S]" : "[^\\n]";
    } else {
      out += ch;
    }
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", f: "\f", v: "\v", a: "\x07", b: "\b", "\\": "\\" };

/** Python re.sub replacement template → a JS replacer function (no `$` surprises). */
function replacer(template: string): (match: string, ...rest: unknown[]) => string {
  return (match: string, ...rest: unknown[]) => {
    // rest = [...groups, offset, input, namedGroups?]
    const last = rest[rest.length - 1];
    const named = last && typeof last === "object" ? (last as Record<string, string | undefined>) : undefined;
    const groupCount = rest.length - (named ? 3 : 2);
    const group = (ref: string): string => {
      if (/^\d+$/.test(ref)) {
        const n = Number(ref);
        if (n === 0) return match;
        if (n > groupCount) throw new Error(`invalid group reference ${n}`);
        return (rest[n - 1] as string | undefined) ?? "";
      }
      if (!named || !(ref in named)) throw new Error(`unknown group name ${ref}`);
      return named[ref] ?? "";
    };
    let out = "";
    for (let i = 0; i < template.length; i++) {
      const ch = template[i];
      if (ch !== "\\" || i === template.length - 1) {
        out += ch;
        continue;
      }
      const next = template[i + 1];
      const g = /^g<([^>]+)>/.exec(template.slice(i + 1));
      const digits = /^\d{1,2}/.exec(template.slice(i + 1));
      if (g) {
        out += group(g[1]);
        i += g[0].length;
      } else if (digits) {
        out += group(digits[0]);
        i += digits[0].length;
      } else if (next in SIMPLE_ESCAPES) {
        out += SIMPLE_ESCAPES[next];
        i += 1;
      } else {
        out += ch; // Python keeps unknown escapes of non-letters as written
      }
    }
    return out;
  };
}

/** Applies every rule, in order, like nbval's IPyNbCell.sanitize. */
export function sanitizeText(text: string, rules: readonly SanitizeRule[]): string {
  let s = text;
  for (const rule of rules) {
    rule.regex.lastIndex = 0;
    s = s.replace(rule.regex, replacer(rule.replacement));
  }
  return s;
}
