// Migration 7 on PostgreSQL (../../migrations/007-memory-prompt.ts): the memory_prompt cell factor.
export const sql = `
ALTER TABLE cells ADD COLUMN memory_prompt TEXT;
UPDATE cells SET memory_prompt = 'standard' WHERE delivery IN ('memory', 'live');
`;
