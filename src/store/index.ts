// The store: runs, cells, episodes, events, model calls, judgments, fixtures and memories, behind the
// `Store` interface (store.ts). openStore opens the PostgreSQL implementation for a postgres:// URL and
// the SQLite one for anything else (a file path or ":memory:").
export type { Store, StoreOptions, RunSummary, RunCell } from "./store.js";
export type { RunRows, CellRows, EpisodeRows, AttemptRows, EventRows, ModelCallRows, JudgmentRows, FixtureRows, SearchRows } from "./store.js";
export { FAULT_WRITES_ENV, parseWriteFaults, writeFaultHook, writeFaultsFromEnv, type WriteFaultRule } from "./write-faults.js";
export { SEARCH_MARK, type SearchHit } from "./search.js";
export { SCHEMA_VERSION } from "./migrations/index.js";
export * from "./records.js";
export { MemoryRow, namespaceKey, type MemoryPut, type MemoryRows } from "./memory-rows.js";

import { openPgStore } from "./pg-store.js";
import { isPostgresUrl } from "../util/index.js";
import { openSqliteStore } from "./sqlite-store.js";
import type { Store, StoreOptions } from "./store.js";

export const DEFAULT_DB = "runs/peerlab.db";

export function openStore(file: string, opts: StoreOptions): Store {
  return isPostgresUrl(file) ? openPgStore(file, opts) : openSqliteStore(file, opts);
}
export { eventHash, GENESIS } from "./chain.js";
export { judgmentBinding, putBoundJudgment, UNBOUND_PREFIX } from "./judgment-binding.js";
export type { EpisodeClaims, ClaimRequest, ClaimCandidate, ClaimOutcome, ClaimNextResult, LiveClaim } from "./claims.js";
export { isPostgresUrl, parsePgUrl, scrubUrl, type PgTarget } from "../util/index.js";
export { MIN_SERVER_VERSION } from "./pg/connection.js";
export { type AttemptCheck, describeProblems, describeUnbound, verifyAttempt } from "./verify-log.js";
export { checkDatabase, integrityCheck } from "./verify-db.js";
export type { BudgetLedger, LedgerLimits, LedgerLimit, LedgerSpend, ReserveOutcome, ReserveRequest } from "./reservations.js";
export type { LimitRows, LimitAsk, LimitAnswer, LimitBlock, LimitEnd, LimitsOfKey } from "./limits.js";
export { copyRuns, type CopiedRun } from "./copy.js";
