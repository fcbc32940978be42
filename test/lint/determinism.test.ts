// The determinism contract (../shared/DESIGN.md §Contracts 1) is enforced by eslint.config.mjs.
// These tests lint small snippets as if they lived in engine folders, so the rule cannot rot silently.
import { describe, expect, it } from "vitest";
import { ESLint } from "eslint";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const eslint = new ESLint({ cwd: root });

async function problems(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe("determinism lint", () => {
  const forbidden: [string, string][] = [
    ["Date.now", "export const t = Date.now();"],
    ["new Date()", "export const t = new Date();"],
    ["Math.random", "export const r = Math.random();"],
    ["setTimeout", "setTimeout(() => {}, 10);"],
    ["setInterval", "setInterval(() => {}, 10);"],
    ["setImmediate", "setImmediate(() => {});"],
    ["performance.now", "export const t = performance.now();"],
    ["crypto.randomUUID", "export const id = crypto.randomUUID();"],
    ["node:crypto randomUUID import", 'import { randomUUID } from "node:crypto"; export const id = randomUUID();'],
    ["node:timers import", 'import { setTimeout as later } from "node:timers"; later(() => {}, 1);'],
  ];
  for (const [what, code] of forbidden) {
    it(`rejects ${what} in engine code`, async () => {
      const found = await problems(code, "kernel-lib/src/broker/Example.ts");
      expect(found.length).toBeGreaterThan(0);
      expect(found.join("\n")).toMatch(/runtime/);
    });
  }

  it("allows the runtime itself (kernel-lib/src/sim) to use the real clock and timers", async () => {
    expect(await problems("export const t = Date.now(); setTimeout(() => {}, 1);", "kernel-lib/src/sim/Example.ts")).toEqual([]);
  });

  it("allows dates built from a given time", async () => {
    expect(await problems("export const d = (ms: number) => new Date(ms).toISOString();", "kernel-lib/src/broker/Example.ts")).toEqual([]);
  });
});
