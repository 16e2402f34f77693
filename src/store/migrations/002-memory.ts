// Migration 2: the memory store. One row per item of LangGraph's BaseStore model: a namespace (its labels
// joined by "." — labels may not contain "."), a key, a JSON value, and the item's provenance (the fixture
// hash it was seeded from, the episode that wrote it).
export const sql = `
CREATE TABLE memories (
  namespace     TEXT NOT NULL,
  key           TEXT NOT NULL,
  value_json    TEXT NOT NULL,
  fixture_hash  TEXT,
  episode_id    TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (namespace, key)
);
CREATE INDEX memories_by_episode ON memories(episode_id);
`;
