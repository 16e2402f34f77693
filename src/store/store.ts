// The `Store` interface: everything the rest of peerlab asks of storage, grouped by table. The SQLite
// store (sqlite-store.ts, its row modules under sqlite/) implements it today; a PostgreSQL store will
// implement the same groups. The interface is synchronous because every caller is; see
// docs/ARCHITECTURE.md for how an asynchronous database client fits behind it.
import type { Clock } from "../util/index.js";
import type { MemoryRows } from "./memory-rows.js";
import type {
  AttemptRecord,
  AttemptStatus,
  CellRecord,
  EpisodeRecord,
  EventRecord,
  JudgmentRecord,
  ModelCallRecord,
  RunRecord,
  RunStatus,
  UsageRow,
} from "./records.js";
import type { SearchHit } from "./search.js";
import type { StoredJudgmentBinding } from "./judgment-binding.js";
import type { EpisodeClaims } from "./claims.js";
import type { BudgetLedger } from "./reservations.js";
import type { LimitRows } from "./limits.js";
import type { CopyRows } from "./copy-rows.js";

export interface StoreOptions {
  clock: Clock;
  /**
   * Open for reading only: the database must exist and be migrated, and no statement can write (the
   * connection is read-only and query-only), so a reader such as the viewer cannot write even by mistake.
   */
  readonly?: boolean;
  /** Called before every write with the operation's name; throw to simulate a storage fault. */
  beforeWrite?: (op: string) => void;
  /**
   * False: this connection's writes leave events out of the full-text index (SQLite: the next search
   * indexes them; PostgreSQL: search will not find them). Only the benchmarks use it, to measure what
   * the index costs; the default keeps it.
   */
  searchIndex?: boolean;
  /** How long one write waits for another process's write to finish before failing (default 30 s). */
  busyTimeoutMs?: number;
  /**
   * PostgreSQL only: the server password when the caller was given one (the CLI takes it from the
   * PEERLAB_DB variable's URL, never from the command line); without it the client reads PGPASSWORD, then ~/.pgpass.
   */
  password?: string;
}

export interface RunSummary {
  id: string;
  name: string;
  status: RunStatus;
  created: string;
  episodes: number;
  done: number;
  failed: number;
}

export interface RunCell {
  cell: CellRecord;
  position: number;
  trials: number;
}

/**
 * A run's episodes are the trials its cells ask for (`trial < trials` of the run's link to the cell),
 * never their branches. Every "of a run" method below (listRuns' counts, runEpisodes, runUsage,
 * runJudgments, searchEvents with a run) counts exactly these.
 */
export interface RunRows {
  /** Insert the run if it is new; an existing run with the same id is left as it is. */
  putRun(run: Omit<RunRecord, "created_at" | "updated_at">): RunRecord;
  setRunStatus(id: string, status: RunStatus, provenance?: Record<string, unknown>): void;
  getRun(id: string): RunRecord | undefined;
  /** Runs whose id starts with `prefix` (or whose name equals it), newest first. */
  findRuns(prefix: string): RunRecord[];
  /** Every run, oldest first, with its episodes counted by status. */
  listRuns(): RunSummary[];
}

export interface CellRows {
  /** Insert the cell if it is new; an existing cell with the same id is left as it is. */
  putCell(cell: Omit<CellRecord, "created_at">): void;
  getCell(id: string): CellRecord | undefined;
  /** Make the cell part of the run at `position` with `trials` trials (updating an existing link). */
  linkRunCell(runId: string, cellId: string, position: number, trials: number): void;
  /** The run's cells in position order. */
  runCells(runId: string): RunCell[];
}

export interface EpisodeRows {
  /** Create the episode as pending unless it exists; returns the stored record. */
  ensureEpisode(ep: { id: string; cell_id: string; trial: number; seed: number; parent_id?: string | null; branch_step?: number | null }): EpisodeRecord;
  getEpisode(id: string): EpisodeRecord | undefined;
  /** Episodes whose id is or starts with `prefix` (at most 20), by id. */
  findEpisodes(prefix: string): EpisodeRecord[];
  /** The episodes a run consists of (not its branches), in cell order then trial order. */
  runEpisodes(runId: string): EpisodeRecord[];
  /** A cell's episodes (not branches), by trial. */
  cellEpisodes(cellId: string): EpisodeRecord[];
  /** The branches taken from an episode, oldest first. */
  branchesOf(episodeId: string): EpisodeRecord[];
}

export interface AttemptRows {
  /** Start a new attempt of an episode: the attempt number goes up by one and the episode is running. */
  beginAttempt(episodeId: string, runId: string | null): number;
  /** Mark an attempt that is being continued (after a crash) as running again. */
  reopenAttempt(episodeId: string, attempt: number): void;
  /** End an attempt; the episode takes its status when this is its latest attempt. */
  endAttempt(
    episodeId: string,
    attempt: number,
    end: { status: Exclude<AttemptStatus, "running">; turns?: number | null; end_reason?: string | null; error?: unknown; digest?: string | null },
  ): void;
  getAttempt(episodeId: string, attempt: number): AttemptRecord | undefined;
  listAttempts(episodeId: string): AttemptRecord[];
}

export interface EventRows {
  /** Append events (one transaction); a duplicate (episode, attempt, seq) fails the whole batch. */
  appendEvents(events: readonly Omit<EventRecord, "created_at">[]): void;
  listEvents(episodeId: string, attempt: number): EventRecord[];
  countEvents(episodeId: string, attempt: number): number;
  /** Remove the events and model calls of an attempt past `seq` (an unfinished tail that will be re-recorded). */
  truncateEvents(episodeId: string, attempt: number, keepThroughSeq: number): void;
}

export interface AttemptUsage {
  calls: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
}

/** Sums in `seq` order, as adding up listModelCalls's records does (the same floating-point cost). */
export function sumUsage(rows: readonly Record<string, unknown>[]): AttemptUsage {
  const u: AttemptUsage = { calls: rows.length, input_tokens: 0, output_tokens: 0, cost_usd: 0 };
  for (const r of rows) {
    u.input_tokens += Number(r.input_tokens);
    u.output_tokens += Number(r.output_tokens);
    u.cost_usd += Number(r.cost_usd);
  }
  return u;
}

export interface ModelCallRows {
  putModelCall(call: Omit<ModelCallRecord, "created_at">): void;
  listModelCalls(episodeId: string, attempt: number): ModelCallRecord[];
  /** An attempt's calls and what they spent: the sums listModelCalls's rows give, without reading the answers. */
  attemptUsage(episodeId: string, attempt: number): AttemptUsage;
  /**
   * What a run's episodes spent, over every attempt, per role, provider and model: calls made and their
   * tokens and cost. Answers served from the response cache cost nothing and are counted apart.
   */
  runUsage(runId: string): UsageRow[];
}

export interface JudgmentRows {
  /** Store a scorer's judgment of an attempt, replacing the same scorer and version's earlier one. */
  putJudgment(j: Omit<JudgmentRecord, "created_at">): void;
  listJudgments(episodeId: string, attempt: number): JudgmentRecord[];
  /** All judgments of the counting attempts of a run's episodes. */
  runJudgments(runId: string): JudgmentRecord[];
}

export interface FixtureRows {
  /** Keep a fixture's content under its hash (idempotent). */
  putFixture(hash: string, fixtureId: string, content: unknown): void;
  getFixture(hash: string): { hash: string; fixture_id: string; content: unknown } | undefined;
  /** A cached model response by its request key, or undefined. */
  getCachedResponse(key: string): unknown;
  /** Cache a response under its request key (the first answer stays). */
  putCachedResponse(key: string, response: unknown): void;
}

export interface SearchRows {
  /**
   * Full-text search over the text of events, best matches first, optionally within one run's
   * episodes. The query is words and "quoted phrases", all required; `word*` is a prefix and `OR` joins
   * alternatives. No input is a syntax error.
   */
  searchEvents(query: string, opts?: { runId?: string; limit?: number }): SearchHit[];
}

/** The stored record exactly as written, for verification (verify-log.ts): never parsed into records first. */
export interface RecordRows {
  /** An attempt's events as stored: seq, kind, role, payload_json and meta_json as text, hash. */
  storedEvents(episodeId: string, attempt: number): Record<string, unknown>[];
  /** An attempt's model-call rows as stored. */
  storedModelCalls(episodeId: string, attempt: number): Record<string, unknown>[];
  /** An attempt's judgments with the digest each scored and its binding (migration 5). */
  judgmentBindings(episodeId: string, attempt: number): StoredJudgmentBinding[];
  /** Bind a stored judgment to its attempt's current digest (after the digest is written, in its transaction). */
  bindJudgment(episodeId: string, attempt: number, scorer: string, version: string): void;
  /** The database's own consistency check: ["ok"] when the file is sound. */
  integrityCheck(): string[];
  /** Every episode id in the database, runs' and branches' alike. */
  episodeIds(): string[];
}

export interface Store
  extends RunRows,
    CellRows,
    EpisodeRows,
    AttemptRows,
    EventRows,
    ModelCallRows,
    JudgmentRows,
    FixtureRows,
    SearchRows,
    RecordRows,
    EpisodeClaims,
    CopyRows {
  /** Where the database is (a path, or ":memory:"): for messages. */
  readonly file: string;
  /** The schema version the database is at (the newest migration applied). */
  readonly schemaVersion: number;
  /** The memory store's rows (LangGraph BaseStore items with provenance). */
  readonly memories: MemoryRows;
  /**
   * Budget reservations shared by every process working on a run (migration 9). A store without one
   * keeps each process's budget to itself (the runner then counts only its own calls).
   */
  readonly ledger?: BudgetLedger;
  /**
   * Provider-key limits and Retry-After pauses shared by every process on the database (migration 11):
   * the governor's shared limiter. A store without one leaves each process its own limits.
   */
  readonly limiter?: LimitRows;
  /**
   * Run `fn` in one transaction. A failing commit (a full disk, a device error) surfaces as
   * STORAGE_FAILED, like a failing statement; errors that `fn` throws itself pass through unchanged.
   */
  transaction<T>(fn: () => T): T;
  /** Bytes the database occupies once pending writes are folded in (benchmarks measure growth with it). */
  storageBytes(): number;
  close(): void;
}
