// Lint rules that carry the project's contracts (../shared/DESIGN.md).
// Determinism: engine code gets time, timers and randomness from the runtime (kernel-lib/src/sim/)
// only, so that the same seed gives the same outputs and every notebook cell can be checked.
import tseslint from "typescript-eslint";

const determinism = "Engine code must not read the wall clock, start timers or draw randomness directly: ask the runtime (kernel-lib/src/sim/) so that simulated time and seeds stay in charge.";

export default tseslint.config(
  { ignores: ["**/dist/**", "node_modules/**", ".venv/**", "notes/**"] },
  {
    files: ["**/*.ts"],
    languageOptions: { parser: tseslint.parser },
    plugins: { "@typescript-eslint": tseslint.plugin },
  },
  {
    files: ["kernel-lib/src/**/*.ts"],
    ignores: ["kernel-lib/src/sim/**"],
    rules: {
      "no-restricted-properties": ["error",
        { object: "Date", property: "now", message: determinism },
        { object: "Math", property: "random", message: determinism },
        { object: "performance", property: "now", message: determinism },
        { object: "crypto", property: "randomUUID", message: determinism },
        { object: "crypto", property: "getRandomValues", message: determinism },
        { object: "crypto", property: "randomBytes", message: determinism },
        { object: "process", property: "hrtime", message: determinism },
      ],
      "no-restricted-globals": ["error",
        { name: "setTimeout", message: determinism },
        { name: "setInterval", message: determinism },
        { name: "setImmediate", message: determinism },
        { name: "queueMicrotask", message: determinism },
        { name: "performance", message: determinism },
      ],
      "no-restricted-syntax": ["error",
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: determinism },
      ],
      "no-restricted-imports": ["error", {
        paths: [
          { name: "node:timers", message: determinism }, { name: "timers", message: determinism },
          { name: "node:timers/promises", message: determinism }, { name: "timers/promises", message: determinism },
          { name: "node:perf_hooks", message: determinism }, { name: "perf_hooks", message: determinism },
          { name: "node:crypto", importNames: ["randomUUID", "randomBytes", "randomInt", "getRandomValues"], message: determinism },
          { name: "crypto", importNames: ["randomUUID", "randomBytes", "randomInt", "getRandomValues"], message: determinism },
        ],
      }],
    },
  },
);
