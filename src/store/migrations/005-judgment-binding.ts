// Migration 5: every judgment is bound to the digest of the attempt it scored. `digest` is that digest
// and `binding` the hash of the judgment's content with it, so an edited outcome, an edited digest or a
// judgment moved to another attempt no longer verifies. Judgments stored before this migration cannot be
// bound after the fact: they are marked `unbound:<schema they were recorded under>` and reported as such.
export const BINDING_SCHEMA = 5;

export const sql = `
ALTER TABLE judgments ADD COLUMN digest TEXT;
ALTER TABLE judgments ADD COLUMN binding TEXT;
UPDATE judgments SET binding = 'unbound:4';
`;
