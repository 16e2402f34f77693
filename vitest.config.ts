import { defineConfig } from "vitest/config";

// `npm test` runs the fast suites; `npm run test:reliability` adds the long fault and crash runs.
const full = process.env.PEERLAB_FULL_SUITE === "1";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: full ? [] : ["test/**/*.slow.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: ".vitest.json" },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: { LANGSMITH_TRACING: "", LANGCHAIN_TRACING_V2: "" },
  },
});
