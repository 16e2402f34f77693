// Migration 5 on PostgreSQL (../../migrations/005-judgment-binding.ts): judgments bound to digests.
export const sql = `
ALTER TABLE judgments ADD COLUMN digest TEXT;
ALTER TABLE judgments ADD COLUMN binding TEXT;
UPDATE judgments SET binding = 'unbound:4';
`;
