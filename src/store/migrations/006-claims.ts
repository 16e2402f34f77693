// Migration 6: episode claims. A process claims an episode before it runs it and holds the claim by a
// lease it renews (heartbeat); a claim whose lease has expired belongs to a process that died and may
// be taken over. A process also registers itself on the run it works for (run_workers, renewed with
// the same heartbeat), so a process that stops can tell whether another one still works on the run.
// Times are milliseconds since the epoch from the claiming process's injected clock.
export const sql = `
CREATE TABLE episode_claims (
  episode_id   TEXT PRIMARY KEY REFERENCES episodes(id),
  owner        TEXT NOT NULL,
  run_id       TEXT,
  claimed_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
);
CREATE INDEX episode_claims_by_owner ON episode_claims(owner);

CREATE TABLE run_workers (
  run_id       TEXT NOT NULL REFERENCES runs(id),
  owner        TEXT NOT NULL,
  joined_at    INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  PRIMARY KEY (run_id, owner)
);
`;
