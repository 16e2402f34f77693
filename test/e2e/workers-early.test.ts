// `run --workers N` starts its other workers before it reads the spec. A run that is then refused (a
// missing key: exit 2) must end at once and take those workers with it: they end without serving
// anything, rather than waiting for a run that will never be registered.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startCli } from "../support/crash.js";
import { tempDir } from "../support/tmp.js";
import { until } from "../support/until.js";

/** Worker processes (any parent) started on this database. */
function workersOn(db: string): number {
  try {
    return execFileSync("pgrep", ["-f", `peerlab.js worker --db ${db}`], { encoding: "utf8" })
      .trim()
      .split("\n")
      .filter(Boolean).length;
  } catch {
    return 0;
  }
}

describe("run --workers and a run refused after its workers started", () => {
  it("exits 2 naming the missing key, and its early workers end without serving", async () => {
    const dir = tempDir("peerlab-workers-refused-");
    const db = join(dir, "w.db");
    const spec = join(dir, "s.yaml");
    writeFileSync(
      spec,
      "name: refused\nevaluator: openai:gpt-4o-mini\nscenarios: [tampering]\nparams:\n  tampering: { item_set: [factual], threshold: [80] }\n" +
        "seed: 1\ntrials: 2\nconcurrency: 4\n",
    );
    const run = startCli(["run", spec, "--db", db, "--workers", "3"], dir, { OPENAI_API_KEY: "" });
    try {
      const exit = await run.exited;
      expect(exit.code, exit.stderr).toBe(2);
      expect(exit.stderr).toContain("OPENAI_API_KEY");
      // The two early workers read the end of their stdin and leave (well inside their 300 s wait).
      expect(await until(() => workersOn(db) === 0, 30_000, 50)).toBe(true);
    } finally {
      run.child.kill("SIGKILL");
    }
  }, 60_000);
});
