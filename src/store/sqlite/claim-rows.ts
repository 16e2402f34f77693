// The claim port (../claims.ts) on a SQLite connection: each call's SQL is in claims.ts; here they run
// as the store's writes, so a failing one is STORAGE_FAILED like any other.
import * as claims from "../claims.js";
import type { SqliteConnection } from "./connection.js";

export function sqliteClaimRows(conn: SqliteConnection): claims.EpisodeClaims {
  return {
    claimNext: (candidates, req) => conn.write("claimNext", () => claims.claimNext(conn.db, candidates, req)),
    heartbeat: (owner, episodeIds, now, leaseMs) => conn.write("heartbeat", () => claims.heartbeat(conn.db, owner, episodeIds, now, leaseMs)),
    release: (owner, episodeId) => conn.write("release", () => claims.release(conn.db, owner, episodeId)),
    complete: (owner, episodeId) => conn.write("complete", () => claims.complete(conn.db, owner, episodeId)),
    claimHolder: (episodeId) => claims.claimHolder(conn.db, episodeId),
    liveClaims: (runId, now, except) => claims.liveClaims(conn.db, runId, now, except),
    joinRun: (owner, runId, now, leaseMs) => conn.write("joinRun", () => claims.joinRun(conn.db, owner, runId, now, leaseMs)),
    leaveRun: (owner, runId) => conn.write("leaveRun", () => claims.leaveRun(conn.db, owner, runId)),
    runWorkers: (runId, now, except) => claims.runWorkers(conn.db, runId, now, except),
  };
}
