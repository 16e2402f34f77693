// The episode-queue port on PostgreSQL: the pg-boss queue (pgboss-queue.ts), one job per episode. A
// worker looking for work offers every running run's open episodes (an episode already waiting is not
// queued twice: its id is the job's singleton key), takes jobs, runs their episodes, completes the jobs
// of those that ended and fails the others back into the queue at once. A worker that dies holding jobs
// loses them when they expire (the queue's expiry is the lease) and another worker takes them. An
// episode offered again while its job is active elsewhere may be taken twice; the store's claim (the
// lease and write fence) makes the second taker wait and then find it done.
import type { Store } from "../../store/index.js";
import type { PgBossEpisodeQueue } from "./pgboss-queue.js";
import { hasEnded, openEpisodeIds, type EpisodeQueue, type QueueShare, type RetryFailed } from "./queue.js";
import type { EpisodeJob } from "./pgboss-queue.js";

/** `retry`: the failed episodes a `resume` offers again (once each); other workers leave failures to it. */
export function pgBossQueue(store: Store, boss: PgBossEpisodeQueue, retry?: RetryFailed): EpisodeQueue {
  // The jobs behind each share this worker holds.
  const held = new WeakMap<QueueShare, EpisodeJob[]>();
  return {
    kind: "pg-boss",
    openRuns: async (now) => {
      const out: { id: string; name: string; open: number }[] = [];
      for (const run of store.listRuns().filter((r) => r.status === "running")) {
        await boss.offer(run.id, openEpisodeIds(store, run.id, now, retry));
        const open = await boss.waiting(run.id);
        if (open > 0) out.push({ id: run.id, name: run.name, open });
      }
      return out;
    },
    take: async (runId, n) => {
      // A job whose episode already ended (a process that runs the run without the queue, such as a
      // one-process `run`, got there first) is completed at once, and another taken in its place.
      const jobs: EpisodeJob[] = [];
      for (;;) {
        const got = await boss.take(runId, Math.max(1, n) - jobs.length);
        if (got.length === 0) break;
        const ended = endedIds(store, runId, retry);
        for (const job of got) {
          if (ended.has(job.episodeId)) await boss.complete(job);
          else jobs.push(job);
        }
        if (jobs.length >= n) break;
      }
      if (jobs.length === 0) return null;
      const share: QueueShare = { runId, episodeIds: jobs.map((j) => j.episodeId) };
      held.set(share, jobs);
      return share;
    },
    finish: async (share, ended) => {
      for (const job of held.get(share) ?? []) {
        if (ended.has(job.episodeId)) await boss.complete(job);
        else await boss.release(job);
      }
      held.delete(share);
    },
    close: () => boss.close(),
  };
}

function endedIds(store: Store, runId: string, retry?: RetryFailed): Set<string> {
  return new Set(
    store
      .runEpisodes(runId)
      .filter((e) => hasEnded(e, retry))
      .map((e) => e.id),
  );
}
