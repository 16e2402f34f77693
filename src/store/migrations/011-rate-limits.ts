// Migration 11: provider-key limits shared by every process on the database (the governor's shared
// limiter, src/store/limits.ts). rate_limit_keys holds one row per provider key, named by a fingerprint
// (a SHA-256 prefix of provider, endpoint and a hash of the key; never the key), with the end of the
// Retry-After pause a 429 put on it. rate_limit_calls holds the calls started on a key: in flight until
// released (or until expires_at, when their process died), and counted in the requests and tokens of
// their window. Times are the callers' clocks, in milliseconds. Numbered 11: it does not depend on 10.
export const sql = `
CREATE TABLE rate_limit_keys (
  key            TEXT PRIMARY KEY,
  provider       TEXT NOT NULL,
  blocked_until  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE rate_limit_calls (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL REFERENCES rate_limit_keys(key),
  started_at  INTEGER NOT NULL,
  tokens      INTEGER NOT NULL,
  in_flight   INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX rate_limit_calls_by_key ON rate_limit_calls(key, started_at);
`;
