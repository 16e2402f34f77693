// Migration 8: the party and variants cell factors (who the peer is, and the stimulus variant levels).
// Cells stored before them had neither: no party (the fixture's own kind) and no variant levels.
export const sql = `
ALTER TABLE cells ADD COLUMN party TEXT;
ALTER TABLE cells ADD COLUMN variants_json TEXT NOT NULL DEFAULT '{}';
`;
