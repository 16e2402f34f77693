// The store: runs, cells, episodes, events, model calls, judgments, fixtures and memories, behind the
// `Store` interface (store.ts). openStore opens the SQLite implementation.
export type { Store, StoreOptions, RunSummary, RunCell } from "./store.js";
export type { RunRows, CellRows, EpisodeRows, AttemptRows, EventRows, ModelCallRows, JudgmentRows, FixtureRows, SearchRows } from "./store.js";
export { FAULT_WRITES_ENV, parseWriteFaults, writeFaultHook, writeFaultsFromEnv, type WriteFaultRule } from "./write-faults.js";
export { SEARCH_MARK, type SearchHit } from "./search.js";
export { SCHEMA_VERSION } from "./migrations/index.js";
export * from "./records.js";
export { MemoryRow, namespaceKey, type MemoryPut, type MemoryRows } from "./memory-rows.js";

import { openSqliteStore } from "./sqlite-store.js";
import type { Store, StoreOptions } from "./store.js";

export const DEFAULT_DB = "runs/peerlab.db";

export function openStore(file: string, opts: StoreOptions): Store {
  return openSqliteStore(file, opts);
}
export { eventHash, GENESIS } from "./chain.js";
export { judgmentBinding, putBoundJudgment, UNBOUND_PREFIX } from "./judgment-binding.js";
export type { EpisodeClaims, ClaimRequest, ClaimCandidate, ClaimOutcome, ClaimNextResult, LiveClaim } from "./claims.js";
export { type AttemptCheck, describeProblems, describeUnbound, verifyAttempt } from "./verify-log.js";
