// Migration 4 on PostgreSQL (../../migrations/004-runner.ts): fixtures by hash and the response cache.
export const sql = `
CREATE TABLE fixtures (
  hash         TEXT COLLATE "C" PRIMARY KEY,
  fixture_id   TEXT NOT NULL,
  content_json TEXT NOT NULL,
  created_at   TEXT NOT NULL
);

CREATE TABLE response_cache (
  key           TEXT COLLATE "C" PRIMARY KEY,
  response_json TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
`;
