// The body of test/e2e/run-pg-resume.test.ts (`npm test`, a small run) and
// test/reliability/run-pg-resume.slow.test.ts (`npm run test:reliability`, the full-size run): `peerlab
// resume` on PostgreSQL takes the run's unfinished episodes from the run's pg-boss queue, as `run` and
// `peerlab worker` do there: a run killed with -9 part-way and then resumed by two `resume` processes at
// once ends with every episode done exactly once, each through a completed queue job, and the digests of
// a single-process SQLite run. Skipped, with the reason, without PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crashSpec, referenceDigests, startCli, writeSpec } from "../../support/crash.js";
import { pgFinished, pgJobStates, pgRunCheck } from "../../support/pg-run-check.js";
import { postgresUnavailable, startPostgres, type TestPostgres } from "../../support/postgres.js";
import { tempDir } from "../../support/tmp.js";
import { until } from "../../support/until.js";

// Short leases: the killed run's claims lapse within seconds.
const ENV = { PEERLAB_SIM_DELAY_MS: "20", PEERLAB_LEASE_MS: "2000" };

/** `trials` per cell (4 cells); the run is killed once 3 episodes are done. */
export function runPgResumeSuite(trials: number): void {
  describe.skipIf(postgresUnavailable !== null)(`resume on PostgreSQL${postgresUnavailable ? ` (skipped: ${postgresUnavailable})` : ""}`, () => {
    let server: TestPostgres;
    beforeAll(async () => {
      server = await startPostgres();
    }, 120_000);
    afterAll(() => server?.stop());

    it("two racing resumes of a run killed -9 take its episodes from the queue: each done once, bit for bit", async () => {
      const text = crashSpec(trials, 4);
      const total = trials * 4;
      const dir = tempDir("peerlab-pg-resume-");
      const url = server.freshUrl();
      const run = startCli(["run", writeSpec(dir, text), "--db", url, "--quiet"], dir, ENV);
      const resumes: ReturnType<typeof startCli>[] = [];
      try {
        expect(await until(async () => (await pgFinished(url)) >= 3, 120_000, 100)).toBe(true);
        run.child.kill("SIGKILL");
        await run.exited;
        const before = pgRunCheck(url)!;
        expect(before.status).toBe("running");
        expect(before.unfinished.length).toBeGreaterThan(0);
        resumes.push(...[0, 1].map(() => startCli(["resume", before.id, "--db", url, "--quiet"], dir, ENV)));
        const exits = await Promise.all(resumes.map((r) => r.exited));
        for (const e of exits) expect(e.code, e.stderr).toBe(0);
        const after = pgRunCheck(url)!;
        expect(after.status).toBe("done");
        expect(after.doneAttempts).toEqual(Array.from({ length: total }, () => 1));
        expect(after.digests).toEqual(await referenceDigests(text));
        // Every episode the resumes ran ended through a completed job of the run's queue (a resume that
        // ran episodes past the queue would leave their jobs waiting). (Episodes the killed run finished
        // may keep its active jobs until they expire: it completes its jobs per share.) A job offered
        // while its episode was being finished elsewhere may still wait, but only for a done episode,
        // which whoever takes it completes at once: no unfinished work is left in the queue.
        const jobs = await pgJobStates(url, after.id);
        const completed = jobs.get("completed")?.ids ?? new Set<string>();
        expect(before.unfinished.filter((id) => !completed.has(id))).toEqual([]);
        const waiting = [...(jobs.get("created")?.ids ?? []), ...(jobs.get("retry")?.ids ?? [])];
        expect(waiting.filter((id) => !(id in after.digests))).toEqual([]);
      } finally {
        run.child.kill("SIGKILL");
        for (const r of resumes) r.child.kill("SIGKILL");
      }
    }, 300_000);
  });
}
