// Migration 12: the adaptive cut after a 429, shared by every process calling a provider key (the
// governor's shared limiter, src/store/limits.ts). A 429 cuts the calls the key may have in flight, in
// all processes together, to four fifths of what it had; `cut_limit` is that cut (NULL: none), `cut_from`
// the calls in flight when the first cut was made (recovery ends there), `streak` the successes since the
// last 429 or recovery step (each 20 raise the cut by one) and `cut_at` when the cut last changed (the
// caller's clock, in milliseconds): a cut nobody renewed for as long as a dead call's slot counts is
// forgotten. Older databases get no cut, as if no 429 had been seen.
export const sql = `
ALTER TABLE rate_limit_keys ADD COLUMN cut_limit INTEGER;
ALTER TABLE rate_limit_keys ADD COLUMN cut_from INTEGER;
ALTER TABLE rate_limit_keys ADD COLUMN streak INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rate_limit_keys ADD COLUMN cut_at INTEGER NOT NULL DEFAULT 0;
`;
