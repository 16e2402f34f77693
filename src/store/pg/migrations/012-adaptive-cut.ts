// Migration 12 on PostgreSQL (../../migrations/012-adaptive-cut.ts): the adaptive cut after a 429, shared by every process.
export const sql = `
ALTER TABLE rate_limit_keys
  ADD COLUMN cut_limit INTEGER,
  ADD COLUMN cut_from INTEGER,
  ADD COLUMN streak INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN cut_at BIGINT NOT NULL DEFAULT 0;
`;
