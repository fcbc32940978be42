import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultSanitizeFile } from "./paths";
import { parseSanitizeConfig, pythonRegex, sanitizeText } from "./Sanitizer";

describe("nbval sanitizer files", () => {
  it("reads regex/replace pairs in file order, sections being labels only", () => {
    const rules = parseSanitizeConfig(
      ["[regex1]", "regex: \\d{1,2}/\\d{1,2}/\\d{2,4}", "replace: DATE-STAMP", "", "[regex2]", "regex: \\d{2}:\\d{2}:\\d{2}", "replace: TIME-STAMP"].join("\n"),
    );
    expect(rules.map((r) => [r.pattern, r.replacement])).toEqual([
      ["\\d{1,2}/\\d{1,2}/\\d{2,4}", "DATE-STAMP"],
      ["\\d{2}:\\d{2}:\\d{2}", "TIME-STAMP"],
    ]);
    expect(sanitizeText("The time is: 15:28:30\nToday's date is: 21/12/16\n", rules)).toBe("The time is: TIME-STAMP\nToday's date is: DATE-STAMP\n");
  });

  it("ignores a regex line not directly followed by its replace line, and commented rules", () => {
    expect(parseSanitizeConfig("regex: a\n\nreplace: b\n# regex: c\n# replace: d\n")).toEqual([]);
  });

  it("accepts CRLF files and an empty replacement", () => {
    const rules = parseSanitizeConfig("[x]\r\nregex: \\s+$\r\nreplace: \r\n");
    expect(sanitizeText("trailing   ", rules)).toBe("trailing");
  });

  it("translates Python regex and replacement syntax", () => {
    const rules = parseSanitizeConfig("[n]\nregex: (?P<topic>\\w+)-(\\d+)\nreplace: \\g<topic>/\\2 ($ stays)\n");
    expect(sanitizeText("orders-3 and logs-12", rules)).toBe("orders/3 ($ stays) and logs/12 ($ stays)");
    expect(sanitizeText("ab", parseSanitizeConfig("regex: (a)(b)\nreplace: \\2\\1\\n\n"))).toBe("ba\n");
    expect(pythonRegex("(?i)kafka").test("KAFKA")).toBe(true);
    // Python's `.` matches \r (JavaScript's does not).
    expect(sanitizeText("x\ry\nz", parseSanitizeConfig("regex: x.y\nreplace: _\n"))).toBe("_\nz");
    expect(sanitizeText("a]b", parseSanitizeConfig("regex: []]\nreplace: !\n"))).toBe("a!b");
  });

  it("names the file and the pattern when a regex is invalid", () => {
    expect(() => parseSanitizeConfig("regex: (unclosed\nreplace: x\n", "my.cfg")).toThrow(/my.cfg: bad regex "\(unclosed"/);
  });

  it("the default sanitizer has no active rule (outputs are deterministic)", () => {
    expect(parseSanitizeConfig(readFileSync(defaultSanitizeFile, "utf8"))).toEqual([]);
  });
});
