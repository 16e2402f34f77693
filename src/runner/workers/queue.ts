// The episode-queue port: what a worker asks of wherever a run's episodes wait to be run. A worker
// finds runs with work (`openRuns`), and an episode's claim is a lease it renews while it works and
// gives back when done (complete) or interrupted (release); a lease that expires (its worker was killed
// or stopped) makes the episode claimable again, and the next claimant continues it from its recorded
// prefix. On SQLite the queue is the store's own claims (src/store/claims.ts); on PostgreSQL it is a
// pg-boss queue (pgboss-queue.ts). Times come from the caller's clock.
import type { ClaimCandidate, ClaimOutcome, Store } from "../../store/index.js";

export interface OpenRun {
  id: string;
  name: string;
  /** Episodes neither done nor failed whose claim is free or expired: the work a worker could take. */
  open: number;
}

export interface QueueClaim {
  owner: string;
  runId: string;
  now: number;
  leaseMs: number;
}

export interface EpisodeQueue {
  readonly kind: "sqlite" | "pg-boss";
  /** Running runs with open work, oldest first. A stopped, done or failed run is never listed. */
  openRuns(now: number): Promise<OpenRun[]>;
  /** Claim one episode (lanes keep their order, so the caller names it). */
  claim(candidate: ClaimCandidate, req: QueueClaim): Promise<ClaimOutcome>;
  /** Renew the owner's leases; returns the episodes it has lost. */
  renew(owner: string, episodeIds: readonly string[], now: number, leaseMs: number): Promise<string[]>;
  /** Give an unfinished episode back: claimable at once. */
  release(owner: string, episodeId: string): Promise<void>;
  /** The episode's attempt ended: drop the claim. False when the owner had lost it. */
  complete(owner: string, episodeId: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Episodes a worker could take now: neither done nor failed (failures wait for `resume`), and not held by a live claim. */
export function openEpisodes(store: Store, runId: string, now: number): number {
  const held = new Set(store.liveClaims(runId, now).map((c) => c.episode_id));
  return store.runEpisodes(runId).filter((e) => e.status !== "done" && e.status !== "failed" && !held.has(e.id)).length;
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
    claim: async (candidate, req) => {
      const { claimed, passed } = store.claimNext([candidate], { owner: req.owner, runId: req.runId, now: req.now, leaseMs: req.leaseMs });
      return claimed ?? passed[0]?.outcome ?? { kind: "missing" };
    },
    renew: async (owner, ids, now, leaseMs) => store.heartbeat(owner, ids, now, leaseMs),
    release: async (owner, id) => store.release(owner, id),
    complete: async (owner, id) => store.complete(owner, id),
    close: async () => undefined,
  };
}
