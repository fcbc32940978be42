// Builds the kafkalab library for the tslab kernel:
// - one CommonJS bundle (tslab transpiles cells to CommonJS and require()s packages);
// - .d.ts declarations that tslab's bundled TypeScript 5.0.4 reads through `types`.
// Native addons and the ESM-only vega/vega-lite/arquero stay external: vega and vega-lite are
// loaded lazily with a dynamic import() that esbuild keeps as is in a CJS file (toolchain facts).
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
rmSync(join(here, "dist"), { recursive: true, force: true });

await build({
  entryPoints: [join(here, "src/index.ts")],
  outfile: join(here, "dist/index.js"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: true,
  external: ["vega", "vega-lite", "arquero", "@node-rs/crc32", "snappy", "lz4-napi", "@bokuweb/zstd-wasm", "tslab"],
  logLevel: "warning",
});

// Our own TypeScript (not tslab's 5.0.4, which `npx tsc` may find first).
const tsc = join(dirname(require.resolve("typescript/package.json")), "bin/tsc");
execFileSync(process.execPath, [tsc, "-p", join(here, "tsconfig.json")], { stdio: "inherit" });
