// The episode-queue port: what a worker asks of wherever a run's episodes wait to be run. A worker
// finds runs with work (`openRuns`), takes a share of one run's episodes (`take`), runs them, and hands
// the share back (`finish`): what ended is gone from the queue, what did not waits again. Whatever the
// queue, every episode is still claimed in the store before it runs (src/store/claims.ts): the claim is
// the lease the worker renews while it works and the fence every write checks, so a share taken twice
// (an expired job put back while its worker still works) is never run twice. On SQLite the queue is
// the store's claims themselves (a share is the whole run; the claims split it); on PostgreSQL it is a
// pg-boss queue, one job per episode (pg-queue.ts). Times come from the caller's clock.
import type { Store } from "../../store/index.js";

export interface OpenRun {
  id: string;
  name: string;
  /** Episodes waiting to be taken: the work a worker could take. */
  open: number;
}

/** A worker's share of one run. */
export interface QueueShare {
  runId: string;
  /** The episodes taken; null: the whole run (the store's claims split it among workers). */
  episodeIds: readonly string[] | null;
}

export interface EpisodeQueue {
  readonly kind: "sqlite" | "pg-boss";
  /** Running runs with open work, oldest first. A stopped, done or failed run is never listed. */
  openRuns(now: number): Promise<OpenRun[]>;
  /** Take up to `n` of the run's waiting episodes; null when none waits. */
  take(runId: string, n: number, now: number): Promise<QueueShare | null>;
  /** Give the share back: the episodes in `ended` (done or failed) leave the queue, the others wait again. */
  finish(share: QueueShare, ended: ReadonlySet<string>): Promise<void>;
  close(): Promise<void>;
}

/**
 * Failed episodes a `resume` retries, each with the attempt that failed: retried once by this process
 * (an episode whose attempt has moved on was retried already, here or by another process).
 */
export type RetryFailed = ReadonlyMap<string, number>;

/** Whether the episode ended (done, or failed and not to be retried here): its job leaves the queue. */
export function hasEnded(e: { id: string; status: string; attempt: number }, retry?: RetryFailed): boolean {
  return e.status === "done" || (e.status === "failed" && retry?.get(e.id) !== e.attempt);
}

/**
 * Episodes a worker could take now: neither done nor failed (failures wait for `resume`, which passes
 * those it retries), and not held by a live claim.
 */
export function openEpisodeIds(store: Store, runId: string, now: number, retry?: RetryFailed): string[] {
  const held = new Set(store.liveClaims(runId, now).map((c) => c.episode_id));
  return store
    .runEpisodes(runId)
    .filter((e) => !hasEnded(e, retry) && !held.has(e.id))
    .map((e) => e.id);
}

export function openEpisodes(store: Store, runId: string, now: number): number {
  return openEpisodeIds(store, runId, now).length;
}

/** The SQLite queue: the store's episode claims, in the database file every worker opens. */
export function sqliteQueue(store: Store): EpisodeQueue {
  return {
    kind: "sqlite",
    openRuns: async (now) =>
      store
        .listRuns()
        .filter((r) => r.status === "running")
        .map((r) => ({ id: r.id, name: r.name, open: openEpisodes(store, r.id, now) }))
        .filter((r) => r.open > 0),
    take: async (runId, _n, now) => (openEpisodes(store, runId, now) > 0 ? { runId, episodeIds: null } : null),
    finish: async () => undefined,
    close: async () => undefined,
  };
}
