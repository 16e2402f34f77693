// Migration 5: the memory fixtures runs used, content-addressed, so a run can be continued, replayed
// or shown without the fixture files it was started from; and the response cache.
export const sql = `
CREATE TABLE fixtures (
  hash         TEXT PRIMARY KEY,
  fixture_id   TEXT NOT NULL,
  content_json TEXT NOT NULL,
  created_at   TEXT NOT NULL
);

CREATE TABLE response_cache (
  key           TEXT PRIMARY KEY,
  response_json TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
`;
