// Migration 1 on PostgreSQL (../../migrations/001-core.ts): the same tables and columns. Text is
// compared bytewise (COLLATE "C") as SQLite does, so every ORDER BY agrees with the SQLite store; JSON
// stays text, so the stored bytes (and the hash chain over them) are the same in both stores.
export const sql = `
CREATE TABLE runs (
  id            TEXT COLLATE "C" PRIMARY KEY,
  name          TEXT COLLATE "C" NOT NULL,
  spec_hash     TEXT NOT NULL,
  spec_json     TEXT NOT NULL,
  source_file   TEXT,
  status        TEXT NOT NULL CHECK (status IN ('pending','running','done','failed','stopped')),
  created_at    TEXT COLLATE "C" NOT NULL,
  updated_at    TEXT NOT NULL,
  provenance_json TEXT NOT NULL,
  rowid         BIGSERIAL NOT NULL
);

CREATE TABLE cells (
  id          TEXT COLLATE "C" PRIMARY KEY,
  key_json    TEXT NOT NULL,
  scenario    TEXT NOT NULL,
  evaluator   TEXT NOT NULL,
  target      TEXT NOT NULL,
  peer        TEXT NOT NULL,
  threat      TEXT NOT NULL,
  delivery    TEXT,
  oversight   TEXT,
  scratchpad  TEXT NOT NULL,
  harness     TEXT NOT NULL,
  params_json TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE run_cells (
  run_id   TEXT COLLATE "C" NOT NULL REFERENCES runs(id),
  cell_id  TEXT COLLATE "C" NOT NULL REFERENCES cells(id),
  position INTEGER NOT NULL,
  trials   INTEGER NOT NULL,
  PRIMARY KEY (run_id, cell_id)
);

CREATE TABLE episodes (
  id          TEXT COLLATE "C" PRIMARY KEY,
  cell_id     TEXT COLLATE "C" NOT NULL REFERENCES cells(id),
  trial       INTEGER NOT NULL,
  seed        BIGINT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('pending','running','done','failed','cancelled')),
  attempt     INTEGER NOT NULL DEFAULT 0,
  parent_id   TEXT COLLATE "C" REFERENCES episodes(id),
  branch_step INTEGER,
  created_at  TEXT COLLATE "C" NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX episodes_by_cell ON episodes(cell_id, trial);
CREATE INDEX episodes_by_parent ON episodes(parent_id);

CREATE TABLE attempts (
  episode_id  TEXT COLLATE "C" NOT NULL REFERENCES episodes(id),
  attempt     INTEGER NOT NULL,
  run_id      TEXT,
  status      TEXT NOT NULL CHECK (status IN ('running','done','failed','cancelled')),
  started_at  TEXT NOT NULL,
  ended_at    TEXT,
  turns       INTEGER,
  end_reason  TEXT,
  error_json  TEXT,
  digest      TEXT,
  PRIMARY KEY (episode_id, attempt)
);

CREATE TABLE events (
  episode_id   TEXT COLLATE "C" NOT NULL,
  attempt      INTEGER NOT NULL,
  seq          INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  role         TEXT,
  payload_json TEXT NOT NULL,
  meta_json    TEXT,
  hash         TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (episode_id, attempt, seq),
  FOREIGN KEY (episode_id, attempt) REFERENCES attempts(episode_id, attempt)
);

CREATE TABLE model_calls (
  episode_id     TEXT COLLATE "C" NOT NULL,
  attempt        INTEGER NOT NULL,
  seq            INTEGER NOT NULL,
  role           TEXT COLLATE "C" NOT NULL,
  provider       TEXT COLLATE "C" NOT NULL,
  model          TEXT COLLATE "C" NOT NULL,
  request_hash   TEXT NOT NULL,
  response_json  TEXT NOT NULL,
  input_tokens   BIGINT NOT NULL DEFAULT 0,
  output_tokens  BIGINT NOT NULL DEFAULT 0,
  latency_ms     DOUBLE PRECISION NOT NULL DEFAULT 0,
  cost_usd       DOUBLE PRECISION NOT NULL DEFAULT 0,
  cache_hit      INTEGER NOT NULL DEFAULT 0,
  retries        INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL,
  PRIMARY KEY (episode_id, attempt, seq),
  FOREIGN KEY (episode_id, attempt) REFERENCES attempts(episode_id, attempt)
);

CREATE TABLE judgments (
  episode_id    TEXT COLLATE "C" NOT NULL,
  attempt       INTEGER NOT NULL,
  scorer        TEXT COLLATE "C" NOT NULL,
  version       TEXT COLLATE "C" NOT NULL,
  outcomes_json TEXT NOT NULL,
  evidence_json TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (episode_id, attempt, scorer, version),
  FOREIGN KEY (episode_id, attempt) REFERENCES attempts(episode_id, attempt)
);
`;
