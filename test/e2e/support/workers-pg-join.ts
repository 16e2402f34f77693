// The body of test/e2e/workers-pg.test.ts (`npm test`, a small run) and of the full-size run in
// test/reliability/workers-pg.slow.test.ts (`npm run test:reliability`): `run --workers 2` and `peerlab
// worker` on PostgreSQL, in real processes against a real PostgreSQL 15: the episodes are handed out
// through the pg-boss queue (a job per episode), every episode finishes exactly once with the digests of a
// single-process SQLite run of the same spec, and a worker started while the run is under way joins it
// and runs part of it. Skipped, with the reason, without PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { BIN } from "../../support/cli.js";
import { crashSpec, referenceDigests, writeSpec } from "../../support/crash.js";
import { pgFinished, pgRunCheck } from "../../support/pg-run-check.js";
import { postgresUnavailable, startPostgres, type TestPostgres } from "../../support/postgres.js";
import { tempDir } from "../../support/tmp.js";
import { until } from "../../support/until.js";

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

/**
 * `trials` per cell (4 cells), 4 at a time per worker, each sim call answered after `delayMs`: the run
 * must last long enough for the extra worker, started once an episode is done, to take a share.
 */
export function workersPgJoinSuite(trials: number, delayMs: number): void {
  describe.skipIf(postgresUnavailable !== null)(`workers on PostgreSQL${postgresUnavailable ? ` (skipped: ${postgresUnavailable})` : ""}`, () => {
    let pg: TestPostgres;
    beforeAll(async () => {
      pg = await startPostgres();
    }, 120_000);
    afterAll(() => pg?.stop());

    const title =
      "run --workers 2 finishes every episode exactly once, with a single SQLite process's digests, " +
      "and a `peerlab worker --until-idle` started during it joins it";
    it(title, async () => {
      const text = crashSpec(trials, 4);
      const total = trials * 4;
      const dir = tempDir("peerlab-workers-pg-join-");
      const url = pg.freshUrl();
      const spec = writeSpec(dir, text);
      // The password reaches the workers as it reaches `run`: PGPASSWORD (set by startPostgres).
      const run = start(["run", spec, "--db", url, "--workers", "2", "--json"], dir, { PEERLAB_SIM_DELAY_MS: String(delayMs) });
      let worker: ReturnType<typeof start> | null = null;
      try {
        expect(await until(async () => (await pgFinished(url)) >= 1, 120_000, 200)).toBe(true);
        worker = start(["worker", "--db", url, "--until-idle", "--json", "--concurrency", "4", "--poll-ms", "200"], dir, {
          PEERLAB_SIM_DELAY_MS: String(delayMs),
        });
        const [w, rr] = await Promise.all([worker.exited, run.exited]);
        expect(w.code, w.stderr).toBe(0);
        // It served the run, and ran episodes of it (taken from the queue, not left to `run`'s worker).
        const summary = JSON.parse(w.stdout) as { served: { run_id: string; ran: number }[] };
        expect(summary.served).toHaveLength(1);
        expect(summary.served[0]!.ran).toBeGreaterThan(0);
        expect(rr.code, rr.stderr).toBe(0);
        // Its summary counts the whole run, done, even when the joining worker ended the last episodes:
        // `run` waits for them (which of the episodes it calls its own depends on who took them).
        expect(JSON.parse(rr.stdout), rr.stdout).toMatchObject({ status: "done", episodes: total, done: total, failed: 0, cancelled: 0 });
        const c = pgRunCheck(url)!;
        expect(c.status).toBe("done");
        expect(c.doneAttempts).toEqual(Array.from({ length: total }, () => 1));
        expect(c.digests).toEqual(await referenceDigests(text));
      } finally {
        run.child.kill("SIGKILL");
        worker?.child.kill("SIGKILL");
      }
    }, 300_000);
  });
}
