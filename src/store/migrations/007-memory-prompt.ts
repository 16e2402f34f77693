// Migration 7: the memory_prompt cell factor (how the memory and live deliveries ask the agent to read
// its memory). Cells stored before it read their memory, if at all, with the standard sentence: those
// of a delivery that reads memory (the built-in memory and live) get 'standard', every other cell
// none, as a new run would store them.
export const sql = `
ALTER TABLE cells ADD COLUMN memory_prompt TEXT;
UPDATE cells SET memory_prompt = 'standard' WHERE delivery IN ('memory', 'live');
`;
