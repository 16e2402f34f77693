// The pg-boss episode queue against a real PostgreSQL 15: an episode offered twice waits once, two
// workers never take the same episode, a completed one is gone, a released one waits again, and one
// whose worker vanished past its lease comes back for another worker. Skipped, with the reason, where
// no PostgreSQL is installed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPgBossQueue } from "../../../src/runner/index.js";
import { postgresUnavailable, startPostgres, type TestPostgres } from "../../support/postgres.js";

const { PgBossEpisodeQueue, queueNameOf } = await loadPgBossQueue();

describe.skipIf(postgresUnavailable !== null)(`pg-boss episode queue${postgresUnavailable ? ` (skipped: ${postgresUnavailable})` : ""}`, () => {
  let pg: TestPostgres;
  let url: string;
  beforeAll(async () => {
    pg = await startPostgres();
    url = pg.freshUrl();
  }, 120_000);
  afterAll(() => pg?.stop());

  it("names queues within pg-boss's rules", () => {
    expect(queueNameOf("crash-fab7a37d")).toBe("pl_crash-fab7a37d");
    expect(queueNameOf(`${"x".repeat(40)}-0123abcd`)).toMatch(/^pl_[0-9a-f]{40}$/);
  });

  it("queues each episode once, hands it to one worker, and gives back what is released or expired", async () => {
    const a = await PgBossEpisodeQueue.open({ connectionString: url, leaseMs: 1000, maintenanceIntervalSeconds: 1 });
    const b = await PgBossEpisodeQueue.open({ connectionString: url, leaseMs: 1000, maintenanceIntervalSeconds: 1 });
    try {
      const run = "crash-fab7a37d";
      expect(await a.offer(run, ["e1", "e2", "e3"])).toBe(3);
      // Offered again by another worker while they wait: not queued twice.
      expect(await b.offer(run, ["e1", "e2", "e3"])).toBe(0);
      expect(await a.openRuns([run, "other-run"])).toEqual([{ id: run, open: 3 }]);
      const [ta, tb] = await Promise.all([a.take(run, 2), b.take(run, 2)]);
      const taken = [...ta, ...tb].map((j) => j.episodeId).sort();
      expect(taken).toEqual(["e1", "e2", "e3"]);
      const byWorker = (id: string) => [...ta, ...tb].find((j) => j.episodeId === id)!;
      // Done: gone for good. Released: waits again at once.
      await a.complete(byWorker("e1"));
      await a.release(byWorker("e2"));
      const again = await b.take(run, 5);
      expect(again.map((j) => j.episodeId)).toEqual(["e2"]);
      await b.complete(again[0]!);
      // e3's worker never answers: past the lease, pg-boss expires the job and it waits for another.
      let back: Awaited<ReturnType<typeof a.take>> = [];
      const until = Date.now() + 20_000;
      while (back.length === 0 && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 250));
        back = await a.take(run, 5);
      }
      expect(back.map((j) => j.episodeId)).toEqual(["e3"]);
      await a.complete(back[0]!);
      expect(await a.waiting(run)).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);
});
