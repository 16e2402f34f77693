// A one-process `peerlab run` on PostgreSQL (no --workers) works through the run's pg-boss queue, as
// `run --workers N` and `peerlab worker` do: every episode is a job in the run's queue, completed once,
// and a worker started while the run is under way takes part of the same pending work. The episodes'
// digests equal a single-process SQLite run's. Skipped, with the reason, without PostgreSQL.
import "../../src/runner/index.js";
import { spawn } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueNameOf } from "../../src/runner/workers/pgboss-queue.js";
import { openStore } from "../../src/store/index.js";
import { BIN } from "../support/cli.js";
import { crashSpec, referenceDigests, startCli, writeSpec } from "../support/crash.js";
import { postgresUnavailable, startPostgres, type TestPostgres } from "../support/postgres.js";
import { tempDir } from "../support/tmp.js";
import { until } from "../support/until.js";

function runOf(url: string) {
  let store: ReturnType<typeof openStore>;
  try {
    // Not yet created by the run: nothing to read.
    store = openStore(url, { clock: { now: () => new Date() }, readonly: true });
  } catch {
    return null;
  }
  try {
    const run = store.listRuns()[0];
    if (!run) return null;
    const episodes = store.runEpisodes(run.id);
    const digests: Record<string, string> = {};
    const doneAttempts = episodes.map((e) => {
      let n = 0;
      for (let a = 1; a <= e.attempt; a++) if (store.getAttempt(e.id, a)?.status === "done") n++;
      if (e.status === "done") digests[e.id] = store.getAttempt(e.id, e.attempt)!.digest!;
      return n;
    });
    return { id: run.id, status: run.status, doneAttempts, digests };
  } finally {
    store.close();
  }
}

describe.skipIf(postgresUnavailable !== null)(`run on PostgreSQL${postgresUnavailable ? ` (skipped: ${postgresUnavailable})` : ""}`, () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(() => server?.stop());

  it("without --workers takes every episode from the pg-boss queue, and a worker started beside it shares the work", async () => {
    const text = crashSpec(16, 4);
    const dir = tempDir("peerlab-run-pg-queue-");
    const url = server.freshUrl();
    const run = startCli(["run", writeSpec(dir, text), "--db", url, "--workers", "1", "--quiet"], dir, { PEERLAB_SIM_DELAY_MS: "20" });
    const worker = { child: null as ReturnType<typeof spawn> | null };
    try {
      expect(await until(() => (runOf(url)?.doneAttempts.filter((n) => n > 0).length ?? 0) >= 2, 120_000, 200)).toBe(true);
      const child = spawn(process.execPath, [BIN, "worker", "--db", url, "--until-idle", "--json", "--concurrency", "4", "--poll-ms", "200"], {
        cwd: dir,
        env: { ...process.env, LANGSMITH_TRACING: "", PEERLAB_SIM_DELAY_MS: "20" },
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
      const c = runOf(url)!;
      expect(c.status).toBe("done");
      expect(c.doneAttempts).toEqual(Array.from({ length: 64 }, () => 1));
      expect(c.digests).toEqual(await referenceDigests(text));
      // Every episode went through the queue: one completed job per episode (a job put back and taken
      // again is the same job, retried), none left waiting or active.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const jobs = await client.query<{ state: string; n: string; episodes: string }>(
          "SELECT state, count(*) AS n, count(DISTINCT data->>'episodeId') AS episodes FROM pgboss.job WHERE name = $1 GROUP BY state",
          [queueNameOf(c.id)],
        );
        const byState = new Map(jobs.rows.map((row) => [row.state, { n: Number(row.n), episodes: Number(row.episodes) }]));
        expect(byState.get("completed")?.episodes).toBe(64);
        expect([...byState.keys()].filter((s) => s !== "completed")).toEqual([]);
      } finally {
        await client.end();
      }
    } finally {
      run.child.kill("SIGKILL");
      worker.child?.kill("SIGKILL");
    }
  }, 300_000);
});
