// A Ctrl-C on `run --workers` that lands while the other worker is still starting: the worker is
// ended by the signal before its handler exists, or stops what it has just begun to serve. Either way
// the run reads stopped, nothing is left running, and no worker is reported as crashed.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { crashSpec, startCli, writeSpec } from "../support/crash.js";
import { tempDir } from "../support/tmp.js";
import { until } from "../support/until.js";

function workerOf(pid: number): boolean {
  try {
    execFileSync("pgrep", ["-P", String(pid), "-f", "peerlab.js worker"]);
    return true;
  } catch {
    return false;
  }
}

describe("run --workers and an early Ctrl-C", () => {
  it("stops the run when Ctrl-C comes as the other worker starts", async () => {
    const dir = tempDir("peerlab-workers-early-");
    const db = join(dir, "w.db");
    const spec = writeSpec(dir, crashSpec(40, 8));
    const run = startCli(["run", spec, "--db", db, "--workers", "2"], dir, { PEERLAB_SIM_DELAY_MS: "400" });
    try {
      expect(await until(() => workerOf(run.child.pid!), 60_000, 10)).toBe(true);
      run.child.kill("SIGINT");
      const exit = await run.exited;
      expect(exit.code, exit.stderr).toBe(3);
      expect(exit.stderr).not.toContain("stopped unexpectedly");
      const d = new Database(db, { readonly: true });
      try {
        expect((d.prepare("SELECT status FROM runs").get() as { status: string }).status).toBe("stopped");
        expect((d.prepare("SELECT COUNT(*) AS n FROM episodes WHERE status = 'running'").get() as { n: number }).n).toBe(0);
        expect((d.prepare("SELECT COUNT(*) AS n FROM episodes WHERE status = 'done'").get() as { n: number }).n).toBeLessThan(160);
      } finally {
        d.close();
      }
    } finally {
      run.child.kill("SIGKILL");
    }
  }, 120_000);
});
