// Episode claims: the port through which any number of processes share one database's episodes, and
// its SQLite implementation. A process claims an episode before it runs it; the claim is a lease that
// its owner renews (heartbeat) while it works and gives back when it is done (complete) or stops
// (release). A lease that has expired belongs to a process that died: the next claimant takes the
// episode over and continues its interrupted attempt. Times come from the caller (its injected clock);
// nothing here reads the wall clock. Every claim decision is made inside one IMMEDIATE transaction, so
// two processes never both hold an episode.
import type Database from "better-sqlite3";
import { prepared } from "./prepared.js";
import { episodeFromRow, type Row } from "./rows.js";
import type { EpisodeRecord } from "./records.js";

export interface ClaimRequest {
  /** Who claims: unique per process (or worker), stable for its lifetime. */
  owner: string;
  /** The run the claim is made for (kept for operators; episodes may be shared by runs). */
  runId: string | null;
  /** The current time (ms since the epoch) and the lease's length. */
  now: number;
  leaseMs: number;
  /**
   * Owners the caller knows to be gone although their lease has not expired (a process on this host
   * that no longer exists): their claims are taken over at once instead of after the lease.
   */
  gone?: (owner: string) => boolean;
}

export interface ClaimCandidate {
  episodeId: string;
  /**
   * The attempt number the caller saw when it planned the work. An episode that has ended a later
   * attempt since and failed (another process ran it) is not claimed again: reported `moved`.
   * An episode left running by a process whose lease expired is always claimable.
   */
  seenAttempt?: number;
}

export type ClaimOutcome =
  | { kind: "claimed"; episode: EpisodeRecord; expiresAt: number; takenOver: string | null }
  | { kind: "done"; episode: EpisodeRecord }
  | { kind: "moved"; episode: EpisodeRecord }
  | { kind: "held"; owner: string; expiresAt: number }
  | { kind: "missing" };

export interface ClaimNextResult {
  /** The claimed episode, or null when no candidate could be claimed. */
  claimed: Extract<ClaimOutcome, { kind: "claimed" }> | null;
  /** The candidates passed over before it, in order, with why. */
  passed: { episodeId: string; outcome: Exclude<ClaimOutcome, { kind: "claimed" }> }[];
}

export interface LiveClaim {
  episode_id: string;
  owner: string;
  run_id: string | null;
  claimed_at: number;
  expires_at: number;
}

/**
 * The claim port. A PostgreSQL store implements the same five calls (SELECT … FOR UPDATE SKIP LOCKED,
 * or a job queue's lock table); the runner only ever uses these.
 */
export interface EpisodeClaims {
  /** Claim the first candidate, in order, that is neither done, moved, nor held by a live lease of another owner. */
  claimNext(candidates: readonly ClaimCandidate[], req: ClaimRequest): ClaimNextResult;
  /** Extend the owner's leases on these episodes; returns the episodes it no longer holds. */
  heartbeat(owner: string, episodeIds: readonly string[], now: number, leaseMs: number): string[];
  /** Give an episode back unfinished (cancelled, interrupted): anyone may claim it at once. */
  release(owner: string, episodeId: string): void;
  /** The episode's attempt has ended: drop the claim. False when the owner had lost it meanwhile. */
  complete(owner: string, episodeId: string): boolean;
  /** Who holds the claim on an episode now (expired or not), or null. Writes check it: a fence. */
  claimHolder(episodeId: string): string | null;
  /** Unexpired claims on a run's episodes held by owners other than `except`. */
  liveClaims(runId: string, now: number, except?: string): LiveClaim[];
  /** Register the owner as working on the run (renewed by heartbeat, dropped by leaveRun). */
  joinRun(owner: string, runId: string, now: number, leaseMs: number): void;
  leaveRun(owner: string, runId: string): void;
  /** Owners other than `except` whose registration on the run has not expired. */
  runWorkers(runId: string, now: number, except?: string): string[];
}

const CLAIM_SQL = {
  episode: `SELECT * FROM episodes WHERE id = ?`,
  claim: `SELECT owner, expires_at FROM episode_claims WHERE episode_id = ?`,
  upsert:
    `INSERT INTO episode_claims (episode_id, owner, run_id, claimed_at, expires_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(episode_id) DO UPDATE SET owner = excluded.owner, run_id = excluded.run_id, ` +
    `claimed_at = excluded.claimed_at, expires_at = excluded.expires_at`,
  renew: `UPDATE episode_claims SET expires_at = ? WHERE episode_id = ? AND owner = ?`,
  renewWorker: `UPDATE run_workers SET expires_at = ? WHERE owner = ?`,
  join: `INSERT INTO run_workers (run_id, owner, joined_at, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(run_id, owner) DO UPDATE SET expires_at = excluded.expires_at`,
  leave: `DELETE FROM run_workers WHERE run_id = ? AND owner = ?`,
  workers: `SELECT owner FROM run_workers WHERE run_id = ? AND expires_at > ? AND owner != ? ORDER BY owner`,
  drop: `DELETE FROM episode_claims WHERE episode_id = ? AND owner = ?`,
  dropAny: `DELETE FROM episode_claims WHERE episode_id = ?`,
  live: `SELECT c.* FROM run_cells rc JOIN episodes e ON e.cell_id = rc.cell_id AND e.trial < rc.trials AND e.parent_id IS NULL
           JOIN episode_claims c ON c.episode_id = e.id
          WHERE rc.run_id = ? AND c.expires_at > ? AND c.owner != ? AND e.status != 'done' ORDER BY c.episode_id`,
} as const;

function decide(db: Database.Database, c: ClaimCandidate, req: ClaimRequest): ClaimOutcome {
  const row = prepared(db, CLAIM_SQL.episode).get(c.episodeId) as Row | undefined;
  if (!row) return { kind: "missing" };
  const episode = episodeFromRow(row);
  const held = prepared(db, CLAIM_SQL.claim).get(c.episodeId) as { owner: string; expires_at: number } | undefined;
  if (episode.status === "done") {
    // A process killed between finishing the episode and dropping its claim leaves the claim behind.
    if (held && (held.expires_at <= req.now || req.gone?.(held.owner) === true)) prepared(db, CLAIM_SQL.dropAny).run(c.episodeId);
    return { kind: "done", episode };
  }
  if (held && held.owner !== req.owner && held.expires_at > req.now && req.gone?.(held.owner) !== true)
    return { kind: "held", owner: held.owner, expiresAt: held.expires_at };
  if (held && held.owner === req.owner) return { kind: "held", owner: held.owner, expiresAt: held.expires_at };
  // Someone ran it since the caller looked and it failed: that attempt is its verdict for now (a later
  // resume retries it). A cancelled or interrupted attempt is continued from its prefix.
  if (c.seenAttempt !== undefined && episode.attempt > c.seenAttempt && episode.status === "failed") return { kind: "moved", episode };
  const expiresAt = req.now + req.leaseMs;
  prepared(db, CLAIM_SQL.upsert).run(c.episodeId, req.owner, req.runId, req.now, expiresAt);
  return { kind: "claimed", episode, expiresAt, takenOver: held ? held.owner : null };
}

/**
 * The outcomes that write nothing, read without the write lock: an episode done with no claim left on
 * it (done is final), or one a live lease of another owner holds (the caller waits and asks again). Null
 * when the candidate may be claimable: the IMMEDIATE transaction decides. Processes sharing a run walk
 * over each other's finished episodes; this spares each of those visits a write transaction.
 */
function decideWithoutWriting(db: Database.Database, c: ClaimCandidate, req: ClaimRequest): Exclude<ClaimOutcome, { kind: "claimed" }> | null {
  const row = prepared(db, CLAIM_SQL.episode).get(c.episodeId) as Row | undefined;
  if (!row) return null;
  const held = prepared(db, CLAIM_SQL.claim).get(c.episodeId) as { owner: string; expires_at: number } | undefined;
  const episode = episodeFromRow(row);
  if (episode.status === "done") return held ? null : { kind: "done", episode };
  if (held && held.owner !== req.owner && held.expires_at > req.now && req.gone?.(held.owner) !== true)
    return { kind: "held", owner: held.owner, expiresAt: held.expires_at };
  return null;
}

/**
 * Claim the first claimable candidate; one IMMEDIATE transaction, so the decision cannot race. When a
 * read (one snapshot, no write lock) shows that no candidate can be claimed, no write transaction is
 * begun at all.
 */
export function claimNext(db: Database.Database, candidates: readonly ClaimCandidate[], req: ClaimRequest): ClaimNextResult {
  if (!(req.leaseMs > 0)) throw new RangeError(`a lease must be positive, got ${req.leaseMs}`);
  const settled = db
    .transaction((): ClaimNextResult["passed"] | null => {
      const passed: ClaimNextResult["passed"] = [];
      for (const c of candidates) {
        const outcome = decideWithoutWriting(db, c, req);
        if (!outcome) return null;
        passed.push({ episodeId: c.episodeId, outcome });
      }
      return passed;
    })
    .deferred();
  if (settled) return { claimed: null, passed: settled };
  const run = db.transaction((): ClaimNextResult => {
    const passed: ClaimNextResult["passed"] = [];
    for (const c of candidates) {
      const outcome = decide(db, c, req);
      if (outcome.kind === "claimed") return { claimed: outcome, passed };
      passed.push({ episodeId: c.episodeId, outcome });
    }
    return { claimed: null, passed };
  });
  return run.immediate();
}

/** Renew the owner's claims on these episodes and its run registrations; returns the episodes it lost. */
export function heartbeat(db: Database.Database, owner: string, episodeIds: readonly string[], now: number, leaseMs: number): string[] {
  const renew = prepared(db, CLAIM_SQL.renew);
  const run = db.transaction(() => {
    prepared(db, CLAIM_SQL.renewWorker).run(now + leaseMs, owner);
    return episodeIds.filter((id) => renew.run(now + leaseMs, id, owner).changes === 0);
  });
  return run.immediate();
}

export function joinRun(db: Database.Database, owner: string, runId: string, now: number, leaseMs: number): void {
  prepared(db, CLAIM_SQL.join).run(runId, owner, now, now + leaseMs);
}

export function leaveRun(db: Database.Database, owner: string, runId: string): void {
  prepared(db, CLAIM_SQL.leave).run(runId, owner);
}

export function runWorkers(db: Database.Database, runId: string, now: number, except = ""): string[] {
  return (prepared(db, CLAIM_SQL.workers).all(runId, now, except) as { owner: string }[]).map((r) => r.owner);
}

export function release(db: Database.Database, owner: string, episodeId: string): void {
  prepared(db, CLAIM_SQL.drop).run(episodeId, owner);
}

export function complete(db: Database.Database, owner: string, episodeId: string): boolean {
  return prepared(db, CLAIM_SQL.drop).run(episodeId, owner).changes > 0;
}

export function claimHolder(db: Database.Database, episodeId: string): string | null {
  const row = prepared(db, CLAIM_SQL.claim).get(episodeId) as { owner: string } | undefined;
  return row ? row.owner : null;
}

export function liveClaims(db: Database.Database, runId: string, now: number, except = ""): LiveClaim[] {
  return (prepared(db, CLAIM_SQL.live).all(runId, now, except) as Row[]).map((r) => ({
    episode_id: String(r.episode_id),
    owner: String(r.owner),
    run_id: r.run_id == null ? null : String(r.run_id),
    claimed_at: Number(r.claimed_at),
    expires_at: Number(r.expires_at),
  }));
}
