// The body of test/e2e/run-pg-queue.test.ts (`npm test`, a small run) and
// test/reliability/run-pg-queue.slow.test.ts (`npm run test:reliability`, the full-size run): a one-process
// `peerlab run` on PostgreSQL (no --workers) works through the run's pg-boss queue, as `run --workers N`
// and `peerlab worker` do: every episode is a job in the run's queue, completed once, and a worker
// started while the run is under way takes part of the same pending work. The episodes' digests equal a
// single-process SQLite run's. Skipped, with the reason, without PostgreSQL.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN } from "../../support/cli.js";
import { crashSpec, referenceDigests, startCli, writeSpec } from "../../support/crash.js";
import { pgFinished, pgJobStates, pgRunCheck } from "../../support/pg-run-check.js";
import { postgresUnavailable, startPostgres, type TestPostgres } from "../../support/postgres.js";
import { tempDir } from "../../support/tmp.js";
import { until } from "../../support/until.js";

/**
 * `trials` per cell (4 cells), each sim call answered after `delayMs`: the run must last long enough for
 * the worker, started once two episodes are done, to take a share.
 */
export function runPgQueueSuite(trials: number, delayMs: number): void {
  describe.skipIf(postgresUnavailable !== null)(`run on PostgreSQL${postgresUnavailable ? ` (skipped: ${postgresUnavailable})` : ""}`, () => {
    let server: TestPostgres;
    beforeAll(async () => {
      server = await startPostgres();
    }, 120_000);
    afterAll(() => server?.stop());

    it("without --workers takes every episode from the pg-boss queue, and a worker started beside it shares the work", async () => {
      const text = crashSpec(trials, 4);
      const total = trials * 4;
      const dir = tempDir("peerlab-run-pg-queue-");
      const url = server.freshUrl();
      const run = startCli(["run", writeSpec(dir, text), "--db", url, "--workers", "1", "--quiet"], dir, { PEERLAB_SIM_DELAY_MS: String(delayMs) });
      const worker = { child: null as ReturnType<typeof spawn> | null };
      try {
        expect(await until(async () => (await pgFinished(url)) >= 2, 120_000, 200)).toBe(true);
        const child = spawn(process.execPath, [BIN, "worker", "--db", url, "--until-idle", "--json", "--concurrency", "4", "--poll-ms", "200"], {
          cwd: dir,
          env: { ...process.env, LANGSMITH_TRACING: "", PEERLAB_SIM_DELAY_MS: String(delayMs) },
          stdio: ["ignore", "pipe", "pipe"],
        });
        worker.child = child;
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += String(d)));
        child.stderr.on("data", (d) => (stderr += String(d)));
        const workerExit = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
        const [code, r] = await Promise.all([workerExit, run.exited]);
        expect(code, stderr).toBe(0);
        expect(r.code, r.stderr).toBe(0);
        // The worker took episodes of this run from the same queue, not only what `run` left over.
        const summary = JSON.parse(stdout) as { served: { run_id: string; ran: number }[] };
        expect(summary.served).toHaveLength(1);
        expect(summary.served[0]!.ran).toBeGreaterThan(0);
        const c = pgRunCheck(url)!;
        expect(c.status).toBe("done");
        expect(c.doneAttempts).toEqual(Array.from({ length: total }, () => 1));
        expect(c.digests).toEqual(await referenceDigests(text));
        // Every episode went through the queue: one completed job per episode (a job put back and taken
        // again is the same job, retried), none left waiting or active.
        const byState = await pgJobStates(url, c.id);
        expect(byState.get("completed")?.episodes).toBe(total);
        expect([...byState.keys()].filter((s) => s !== "completed")).toEqual([]);
      } finally {
        run.child.kill("SIGKILL");
        worker.child?.kill("SIGKILL");
      }
    }, 300_000);
  });
}
