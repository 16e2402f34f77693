// `run --workers 2` and `peerlab worker` on PostgreSQL, in real processes against a real PostgreSQL 15:
// the episodes are handed out through the pg-boss queue (a job per episode), every episode finishes
// exactly once with the digests of a single-process SQLite run of the same spec, and a worker started
// while the run is under way joins it and runs part of it. One run proves all of it (each real process
// costs seconds of CPU); test/reliability/workers-pg.slow.test.ts (`npm run test:reliability`) also runs
// `run --workers 2` alone. Skipped, with the reason, without PostgreSQL.
import "../../src/runner/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { BIN } from "../support/cli.js";
import { crashSpec, referenceDigests, writeSpec } from "../support/crash.js";
import { pgFinished, pgRunCheck } from "../support/pg-run-check.js";
import { postgresUnavailable, startPostgres, type TestPostgres } from "../support/postgres.js";
import { tempDir } from "../support/tmp.js";
import { until } from "../support/until.js";

/** `peerlab …` in its own process, its stdout kept (its JSON summary). */
function start(args: string[], cwd: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, LANGSMITH_TRACING: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += String(d)));
  child.stderr.on("data", (d) => (stderr += String(d)));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => child.on("exit", (code) => done({ code, stdout, stderr })));
  return { child, exited };
}

describe.skipIf(postgresUnavailable !== null)(`workers on PostgreSQL${postgresUnavailable ? ` (skipped: ${postgresUnavailable})` : ""}`, () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startPostgres();
  }, 120_000);
  afterAll(() => pg?.stop());

  it("run --workers 2 finishes every episode exactly once, with a single SQLite process's digests, and a `peerlab worker --until-idle` started during it joins it", async () => {
    // 60 episodes, 4 at a time per worker, each call answered after 100 ms: the run lasts at least 5 s
    // of sleep (more of work on a busy machine), long enough for the worker to start and take a share.
    const text = crashSpec(15, 4);
    const dir = tempDir("peerlab-workers-pg-join-");
    const url = pg.freshUrl();
    const spec = writeSpec(dir, text);
    // The password reaches the workers as it reaches `run`: PGPASSWORD (set by startPostgres).
    const run = start(["run", spec, "--db", url, "--workers", "2", "--json"], dir, { PEERLAB_SIM_DELAY_MS: "100" });
    let worker: ReturnType<typeof start> | null = null;
    try {
      expect(await until(async () => (await pgFinished(url)) >= 1, 120_000, 200)).toBe(true);
      worker = start(["worker", "--db", url, "--until-idle", "--json", "--concurrency", "4", "--poll-ms", "200"], dir, { PEERLAB_SIM_DELAY_MS: "100" });
      const [w, rr] = await Promise.all([worker.exited, run.exited]);
      expect(w.code, w.stderr).toBe(0);
      // It served the run, and ran episodes of it (taken from the queue, not left to `run`'s worker).
      const summary = JSON.parse(w.stdout) as { served: { run_id: string; ran: number }[] };
      expect(summary.served).toHaveLength(1);
      expect(summary.served[0]!.ran).toBeGreaterThan(0);
      expect(rr.code, rr.stderr).toBe(0);
      expect(JSON.parse(rr.stdout)).toMatchObject({ status: "done", episodes: 60, done: 60 });
      const c = pgRunCheck(url)!;
      expect(c.status).toBe("done");
      expect(c.doneAttempts).toEqual(Array.from({ length: 60 }, () => 1));
      expect(c.digests).toEqual(await referenceDigests(text));
    } finally {
      run.child.kill("SIGKILL");
      worker?.child.kill("SIGKILL");
    }
  }, 300_000);
});
