// The claim port (../claims.ts) on PostgreSQL. Every claim decision is one transaction that first locks
// the candidate's episode row (SELECT … FOR UPDATE): two sessions deciding on the same episode take
// turns, so they never both hold it; sessions deciding on different episodes do not wait for each other.
import type { ClaimCandidate, ClaimNextResult, ClaimOutcome, ClaimRequest, EpisodeClaims, LiveClaim } from "../claims.js";
import { episodeFromRow } from "../rows.js";
import type { PgSql } from "./connection.js";

const LIVE = `SELECT c.* FROM run_cells rc JOIN episodes e ON e.cell_id = rc.cell_id AND e.trial < rc.trials AND e.parent_id IS NULL
                JOIN episode_claims c ON c.episode_id = e.id
               WHERE rc.run_id = $1 AND c.expires_at > $2 AND c.owner != $3 AND e.status != 'done' ORDER BY c.episode_id`;

function decide(sql: PgSql, c: ClaimCandidate, req: ClaimRequest): ClaimOutcome {
  const row = sql.get(`SELECT * FROM episodes WHERE id = $1 FOR UPDATE`, [c.episodeId]);
  if (!row) return { kind: "missing" };
  const episode = episodeFromRow(row);
  const claim = sql.get(`SELECT owner, expires_at FROM episode_claims WHERE episode_id = $1`, [c.episodeId]);
  const held = claim ? { owner: String(claim.owner), expires_at: Number(claim.expires_at) } : undefined;
  if (episode.status === "done") {
    // A process killed between finishing the episode and dropping its claim leaves the claim behind.
    if (held && (held.expires_at <= req.now || req.gone?.(held.owner) === true))
      sql.write("claimNext", [{ text: `DELETE FROM episode_claims WHERE episode_id = $1`, values: [c.episodeId] }]);
    return { kind: "done", episode };
  }
  if (held && held.owner !== req.owner && held.expires_at > req.now && req.gone?.(held.owner) !== true)
    return { kind: "held", owner: held.owner, expiresAt: held.expires_at };
  if (held && held.owner === req.owner) return { kind: "held", owner: held.owner, expiresAt: held.expires_at };
  if (c.seenAttempt !== undefined && episode.attempt > c.seenAttempt && episode.status === "failed") return { kind: "moved", episode };
  const expiresAt = req.now + req.leaseMs;
  sql.write("claimNext", [
    {
      text:
        `INSERT INTO episode_claims (episode_id, owner, run_id, claimed_at, expires_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (episode_id) DO UPDATE SET owner = excluded.owner, run_id = excluded.run_id, ` +
        `claimed_at = excluded.claimed_at, expires_at = excluded.expires_at`,
      values: [c.episodeId, req.owner, req.runId, req.now, expiresAt],
    },
  ]);
  return { kind: "claimed", episode, expiresAt, takenOver: held ? held.owner : null };
}

export function pgClaimRows(sql: PgSql): EpisodeClaims {
  return {
    claimNext(candidates, req) {
      if (!(req.leaseMs > 0)) throw new RangeError(`a lease must be positive, got ${req.leaseMs}`);
      return sql.transaction((): ClaimNextResult => {
        const passed: ClaimNextResult["passed"] = [];
        for (const c of candidates) {
          const outcome = decide(sql, c, req);
          if (outcome.kind === "claimed") return { claimed: outcome, passed };
          passed.push({ episodeId: c.episodeId, outcome });
        }
        return { claimed: null, passed };
      });
    },
    heartbeat(owner, episodeIds, now, leaseMs) {
      return sql.transaction(() => {
        const counts = sql.write("heartbeat", [
          { text: `UPDATE run_workers SET expires_at = $1 WHERE owner = $2`, values: [now + leaseMs, owner] },
          ...episodeIds.map((id) => ({
            text: `UPDATE episode_claims SET expires_at = $1 WHERE episode_id = $2 AND owner = $3`,
            values: [now + leaseMs, id, owner],
          })),
        ]);
        return episodeIds.filter((_, i) => counts[i + 1] === 0);
      });
    },
    release(owner, episodeId) {
      sql.write("release", [{ text: `DELETE FROM episode_claims WHERE episode_id = $1 AND owner = $2`, values: [episodeId, owner] }]);
    },
    complete(owner, episodeId) {
      return sql.write("complete", [{ text: `DELETE FROM episode_claims WHERE episode_id = $1 AND owner = $2`, values: [episodeId, owner] }])[0]! > 0;
    },
    claimHolder(episodeId) {
      const row = sql.get(`SELECT owner FROM episode_claims WHERE episode_id = $1`, [episodeId]);
      return row ? String(row.owner) : null;
    },
    liveClaims(runId, now, except = ""): LiveClaim[] {
      return sql.all(LIVE, [runId, now, except]).map((r) => ({
        episode_id: String(r.episode_id),
        owner: String(r.owner),
        run_id: r.run_id == null ? null : String(r.run_id),
        claimed_at: Number(r.claimed_at),
        expires_at: Number(r.expires_at),
      }));
    },
    joinRun(owner, runId, now, leaseMs) {
      sql.write("joinRun", [
        {
          text: `INSERT INTO run_workers (run_id, owner, joined_at, expires_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (run_id, owner) DO UPDATE SET expires_at = excluded.expires_at`,
          values: [runId, owner, now, now + leaseMs],
        },
      ]);
    },
    leaveRun(owner, runId) {
      sql.write("leaveRun", [{ text: `DELETE FROM run_workers WHERE run_id = $1 AND owner = $2`, values: [runId, owner] }]);
    },
    runWorkers(runId, now, except = "") {
      return sql
        .all(`SELECT owner FROM run_workers WHERE run_id = $1 AND expires_at > $2 AND owner != $3 ORDER BY owner`, [runId, now, except])
        .map((r) => String(r.owner));
    },
  };
}
