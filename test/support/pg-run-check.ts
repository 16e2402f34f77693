// What a PostgreSQL database holds of the one run in it, read through the store: its status, how many
// attempts of each episode ended done (exactly once is 1 each) and the digests of the done episodes, to
// compare with a single-process SQLite run. Shared by the PostgreSQL e2e tests of `run`, `resume` and
// the workers.
import pg from "pg";
import { queueNameOf } from "../../src/runner/workers/pgboss-queue.js";
import { openStore } from "../../src/store/index.js";

export interface PgRunCheck {
  id: string;
  status: string;
  episodes: number;
  /** Per episode, how many of its attempts ended done. */
  doneAttempts: number[];
  digests: Record<string, string>;
  /** Episodes with no done attempt yet. */
  unfinished: string[];
}

/** The database's one run, or null while the run (or the database) is not there yet. */
export function pgRunCheck(url: string): PgRunCheck | null {
  let store: ReturnType<typeof openStore>;
  try {
    store = openStore(url, { clock: { now: () => new Date() }, readonly: true });
  } catch {
    return null; // not yet created by the run
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
    const unfinished = episodes.filter((_, i) => doneAttempts[i] === 0).map((e) => e.id);
    return { id: run.id, status: run.status, episodes: episodes.length, doneAttempts, digests, unfinished };
  } finally {
    store.close();
  }
}

/**
 * Episodes of the database's run that have a done attempt (each test's database holds one run); 0 while
 * there is none or the tables are not there yet. One plain query on a connection of its own, not through
 * the store: a test polls this every 100–200 ms while its child processes run, and opening a store each
 * time (a worker thread loading the driver, the store's setup statements) cost more CPU than the episodes.
 */
export async function pgFinished(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const r = await client.query<{ n: string }>("SELECT count(DISTINCT episode_id) AS n FROM attempts WHERE status = 'done'");
    return Number(r.rows[0]?.n ?? 0);
  } catch {
    return 0;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The run's pg-boss jobs by state: how many jobs, how many distinct episodes and which, in each state. */
export async function pgJobStates(url: string, runId: string): Promise<Map<string, { n: number; episodes: number; ids: Set<string> }>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const jobs = await client.query<{ state: string; n: string; episodes: string; ids: string[] }>(
      "SELECT state, count(*) AS n, count(DISTINCT data->>'episodeId') AS episodes, array_agg(DISTINCT data->>'episodeId') AS ids " +
        "FROM pgboss.job WHERE name = $1 GROUP BY state",
      [queueNameOf(runId)],
    );
    return new Map(jobs.rows.map((row) => [row.state, { n: Number(row.n), episodes: Number(row.episodes), ids: new Set(row.ids) }]));
  } finally {
    await client.end();
  }
}
