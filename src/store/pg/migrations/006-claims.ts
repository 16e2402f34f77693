// Migration 6 on PostgreSQL (../../migrations/006-claims.ts): episode claims and run registrations.
export const sql = `
CREATE TABLE episode_claims (
  episode_id   TEXT COLLATE "C" PRIMARY KEY REFERENCES episodes(id),
  owner        TEXT COLLATE "C" NOT NULL,
  run_id       TEXT,
  claimed_at   BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL
);
CREATE INDEX episode_claims_by_owner ON episode_claims(owner);

CREATE TABLE run_workers (
  run_id       TEXT COLLATE "C" NOT NULL REFERENCES runs(id),
  owner        TEXT COLLATE "C" NOT NULL,
  joined_at    BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL,
  PRIMARY KEY (run_id, owner)
);
`;
