// Vitest for the whole project: unit and scenario tests, and the workbook tests that drive a real
// Jupyter server, tslab kernels and Chromium (those set longer timeouts per file).
// An .mts file: the root package is CommonJS, and Vite warns about ESM syntax in a .ts config there.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["**/node_modules/**", ".venv/**", ".jupyter/**", ".vitest-tmp/**", "notes/**", "kernel-lib/dist/**"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
