// The agents' memory: what a memory store holds (the fixture a lineage was seeded from, one record per
// agent per episode, with provenance) and LangGraph's BaseStore over the store's memory rows.
export { SqliteMemoryStore, checkNamespace, matchesFilter, type SearchItem } from "./sqlite-memory-store.js";
export * from "./records.js";
