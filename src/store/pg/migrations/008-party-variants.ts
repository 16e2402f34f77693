// Migration 8 on PostgreSQL (../../migrations/008-party-variants.ts): the party and variants cell factors.
export const sql = `
ALTER TABLE cells ADD COLUMN party TEXT;
ALTER TABLE cells ADD COLUMN variants_json TEXT NOT NULL DEFAULT '{}';
`;
