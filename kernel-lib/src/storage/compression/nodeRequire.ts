import { createRequire } from "node:module";
import { join } from "node:path";

// Codec packages (native addons, a WebAssembly build) are loaded on first use with a synchronous require,
// so a notebook that never touches snappy never loads it, and a missing addon fails only the codec that
// needs it (Kafka does the same: CompressionType loads the snappy/lz4/zstd classes on demand).
// `__filename` exists in the CommonJS bundle, under tsx and under vitest; a pure ESM host falls back to
// resolving from the working directory.
let cached: NodeJS.Require | undefined;

export function nodeRequire(id: string): unknown {
  if (cached === undefined) {
    const base = typeof __filename === "string" ? __filename : join(process.cwd(), "noop.js");
    cached = createRequire(base);
  }
  return cached(id);
}
