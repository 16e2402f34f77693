// The store: one SQLite database holding runs, cells, episodes, events, model calls and judgments.
export { SqliteStore as Store, type StoreOptions, type RunSummary, type RunCell } from "./sqlite-store.js";
export { FAULT_WRITES_ENV, parseWriteFaults, writeFaultHook, writeFaultsFromEnv, type WriteFaultRule } from "./write-faults.js";
export { SEARCH_MARK, type SearchHit } from "./search.js";
export { SCHEMA_VERSION } from "./migrations/index.js";
export * from "./records.js";
export { MemoryRow, MemoryRows, namespaceKey, type MemoryPut } from "./memory-rows.js";

import { SqliteStore, type StoreOptions } from "./sqlite-store.js";

export const DEFAULT_DB = "runs/peerlab.db";

export function openStore(file: string, opts: StoreOptions): SqliteStore {
  return SqliteStore.open(file, opts);
}
export type { EpisodeClaims, ClaimRequest, ClaimCandidate, ClaimOutcome, ClaimNextResult, LiveClaim } from "./claims.js";
