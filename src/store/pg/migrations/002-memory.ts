// Migration 2 on PostgreSQL (../../migrations/002-memory.ts): the memory store's items.
export const sql = `
CREATE TABLE memories (
  namespace     TEXT COLLATE "C" NOT NULL,
  key           TEXT COLLATE "C" NOT NULL,
  value_json    TEXT NOT NULL,
  fixture_hash  TEXT,
  episode_id    TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (namespace, key)
);
CREATE INDEX memories_by_episode ON memories(episode_id);
`;
