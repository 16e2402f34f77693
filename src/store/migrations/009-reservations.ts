// Migration 9: budget reservations. Several processes (workers) spend one run's budget: each reserves
// before a model call and settles when it returns, inside the database, so together they cannot run
// past a limit that one process would have stopped at. budget_spend holds what each role of a run has
// spent (seeded from the run's recorded model calls the first time it is used) and the largest single
// call seen, which is what a reservation holds; budget_reservations holds the calls in flight, each
// with an expiry so a killed process's reservations stop counting. Numbered 9 on purpose: it does not
// depend on migration 8.
export const sql = `
CREATE TABLE budget_spend (
  run_id      TEXT NOT NULL REFERENCES runs(id),
  role        TEXT NOT NULL,
  tokens      INTEGER NOT NULL DEFAULT 0,
  usd         REAL NOT NULL DEFAULT 0,
  max_tokens  INTEGER NOT NULL DEFAULT 0,
  max_usd     REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, role)
);

CREATE TABLE budget_reservations (
  id          INTEGER PRIMARY KEY,
  run_id      TEXT NOT NULL REFERENCES runs(id),
  role        TEXT NOT NULL,
  owner       TEXT NOT NULL,
  tokens      INTEGER NOT NULL,
  usd         REAL NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX budget_reservations_by_run ON budget_reservations(run_id, expires_at);
`;
