// The SQLite store: one file, WAL, foreign keys, numbered migrations applied on open. All access to the
// database goes through this class so that a PostgreSQL store can implement the same interface later.
import Database from "better-sqlite3";
import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PeerlabError } from "../errors.js";
import type { Clock } from "../util/clock.js";
import * as claims from "./claims.js";
import { MemoryRows } from "./memory-rows.js";
import { attemptFromRow, cellFromRow, episodeFromRow, eventFromRow, json, judgmentFromRow, modelCallFromRow, parse, runFromRow, type Row } from "./rows.js";
import { ftsQuery, type SearchHit } from "./search.js";
import { MIGRATIONS, SCHEMA_VERSION } from "./migrations/index.js";
import type {
  AttemptRecord,
  AttemptStatus,
  CellRecord,
  EpisodeRecord,
  EpisodeStatus,
  EventRecord,
  JudgmentRecord,
  ModelCallRecord,
  RunRecord,
  RunStatus,
  UsageRow,
} from "./records.js";

export interface StoreOptions {
  clock: Clock;
  readonly?: boolean;
  /** Called before every write with the operation's name; throw to simulate a storage fault. */
  beforeWrite?: (op: string) => void;
  /** How long one write waits for another process's write to finish before failing (default 30 s). */
  busyTimeoutMs?: number;
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
 * SQLite opens a file it may not write read-only without a word, and the first write then fails deep
 * inside a run; say so at open instead, naming the file.
 */
function checkWritable(file: string): void {
  if (!existsSync(file)) return;
  try {
    accessSync(file, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "EROFS" ? "the file system is read-only" : code === "EACCES" || code === "EPERM" ? "permission denied" : (e as Error).message;
    throw new PeerlabError("STORAGE_FAILED", `cannot open database ${file} for writing: ${why} (${code ?? "error"})`);
  }
}

/** One event whose text matches a search; `snippet` marks each match with SEARCH_MARK. */
export class SqliteStore implements claims.EpisodeClaims {
  readonly db: Database.Database;
  readonly file: string;
  private readonly clock: Clock;
  private readonly beforeWrite?: (op: string) => void;
  private readonly stmts = new Map<string, Database.Statement>();

  private constructor(db: Database.Database, file: string, opts: StoreOptions) {
    this.db = db;
    this.file = file;
    this.clock = opts.clock;
    this.beforeWrite = opts.beforeWrite;
  }

  static open(file: string, opts: StoreOptions): SqliteStore {
    let db: Database.Database;
    try {
      if (file !== ":memory:" && !opts.readonly) {
        mkdirSync(dirname(file), { recursive: true });
        checkWritable(file);
      }
      db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
    } catch (e) {
      if (e instanceof PeerlabError) throw e;
      throw new PeerlabError("STORAGE_FAILED", `cannot open database ${file}: ${(e as Error).message}`);
    }
    try {
      // Other processes may write the same file: a write waits this long for theirs before failing.
      db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 30_000))}`);
      if (!opts.readonly) {
        db.pragma("journal_mode = WAL");
        db.pragma("synchronous = NORMAL");
      }
      db.pragma("foreign_keys = ON");
      const store = new SqliteStore(db, file, opts);
      store.migrate(opts.readonly ?? false);
      return store;
    } catch (e) {
      db.close();
      if (e instanceof PeerlabError) throw e;
      throw new PeerlabError("STORAGE_FAILED", `cannot open database ${file}: ${(e as Error).message}`);
    }
  }

  private migrate(readonly: boolean): void {
    const current = this.db.pragma("user_version", { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new PeerlabError("STORAGE_FAILED", `database ${this.file} has schema version ${current}, newer than this peerlab (${SCHEMA_VERSION}); upgrade peerlab`);
    }
    if (current === SCHEMA_VERSION) return;
    if (readonly) {
      throw new PeerlabError("STORAGE_FAILED", `database ${this.file} has schema version ${current} and is opened read-only; open it once writable to migrate to ${SCHEMA_VERSION}`);
    }
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      // IMMEDIATE, and the version read again inside: another process may have migrated meanwhile.
      this.db.transaction(() => {
        if ((this.db.pragma("user_version", { simple: true }) as number) >= m.version) return;
        this.db.exec(m.sql);
        this.db.pragma(`user_version = ${m.version}`);
      }).immediate();
    }
  }

  get schemaVersion(): number {
    return this.db.pragma("user_version", { simple: true }) as number;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /** Run a write, translating SQLite failures into STORAGE_FAILED. */
  private write<T>(op: string, fn: () => T): T {
    try {
      this.beforeWrite?.(op);
      return fn();
    } catch (e) {
      if (e instanceof PeerlabError) throw e;
      throw this.storageError(op, e);
    }
  }

  private storageError(op: string, e: unknown): PeerlabError {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("SQLITE_BUSY")) {
      return new PeerlabError("STORAGE_FAILED", `another process holds the database ${this.file}: a write (${op}) waited ${this.db.pragma("busy_timeout", { simple: true })} ms for it`, { op, code, busy: true });
    }
    return new PeerlabError("STORAGE_FAILED", `cannot write to the database ${this.file} (${op}): ${(e as Error).message}`, { op, code: typeof code === "string" ? code : null });
  }

  /**
   * Run `fn` in one transaction. A failing COMMIT (a full disk, a device error) surfaces as
   * STORAGE_FAILED, like a failing statement; errors that `fn` throws itself pass through unchanged.
   */
  transaction<T>(fn: () => T): T {
    // Past `fn`, what fails is the COMMIT (or the seam standing in for it).
    let committing = false;
    const body = () => {
      const value = fn();
      committing = true;
      this.beforeWrite?.("commit");
      return value;
    };
    try {
      // IMMEDIATE: take the write lock at BEGIN, where SQLite waits for another process's write; a
      // deferred transaction that reads first fails at once with "database is locked" when it upgrades.
      return this.db.transaction(body).immediate();
    } catch (e) {
      if (e instanceof Database.SqliteError) throw this.storageError(committing ? "commit" : "transaction", e);
      throw e;
    }
  }

  // ---- runs ---------------------------------------------------------------------------------------

  /** Insert the run if it is new; an existing run with the same id is left as it is. */
  putRun(run: Omit<RunRecord, "created_at" | "updated_at">): RunRecord {
    const now = this.now();
    this.write("putRun", () =>
      this.stmt(
        `INSERT INTO runs (id, name, spec_hash, spec_json, source_file, status, created_at, updated_at, provenance_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
      ).run(run.id, run.name, run.spec_hash, json(run.spec), run.source_file, run.status, now, now, json(run.provenance)),
    );
    return this.getRun(run.id)!;
  }

  setRunStatus(id: string, status: RunStatus, provenance?: Record<string, unknown>): void {
    this.write("setRunStatus", () => {
      if (provenance) {
        this.stmt(`UPDATE runs SET status = ?, updated_at = ?, provenance_json = ? WHERE id = ?`).run(status, this.now(), json(provenance), id);
      } else {
        this.stmt(`UPDATE runs SET status = ?, updated_at = ? WHERE id = ?`).run(status, this.now(), id);
      }
    });
  }

  getRun(id: string): RunRecord | undefined {
    const row = this.stmt(`SELECT * FROM runs WHERE id = ?`).get(id) as Row | undefined;
    return row ? runFromRow(row) : undefined;
  }

  /** Runs whose id starts with `prefix` (or whose name equals it), newest first. */
  findRuns(prefix: string): RunRecord[] {
    const rows = this.stmt(`SELECT * FROM runs WHERE id = ? OR substr(id, 1, length(?)) = ? OR name = ? ORDER BY created_at DESC, id`).all(prefix, prefix, prefix, prefix) as Row[];
    return rows.map(runFromRow);
  }

  listRuns(): RunSummary[] {
    const rows = this.stmt(
      `SELECT r.id, r.name, r.status, r.created_at,
              COUNT(e.id) AS episodes,
              COALESCE(SUM(e.status = 'done'), 0) AS done,
              COALESCE(SUM(e.status = 'failed'), 0) AS failed
         FROM runs r
         LEFT JOIN run_cells rc ON rc.run_id = r.id
         LEFT JOIN episodes e ON e.cell_id = rc.cell_id AND e.trial < rc.trials AND e.parent_id IS NULL
        GROUP BY r.id ORDER BY r.created_at, r.rowid`,
    ).all() as Row[];
    return rows.map((r) => ({
      id: String(r.id),
      name: String(r.name),
      status: r.status as RunStatus,
      created: String(r.created_at),
      episodes: Number(r.episodes),
      done: Number(r.done),
      failed: Number(r.failed),
    }));
  }

  // ---- cells --------------------------------------------------------------------------------------

  putCell(cell: Omit<CellRecord, "created_at">): void {
    this.write("putCell", () =>
      this.stmt(
        `INSERT INTO cells (id, key_json, scenario, evaluator, target, peer, threat, delivery, oversight, scratchpad, harness, params_json, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
      ).run(
        cell.id,
        json(cell.key),
        cell.scenario,
        cell.evaluator,
        cell.target,
        cell.peer,
        cell.threat,
        cell.delivery,
        cell.oversight,
        cell.scratchpad,
        cell.harness,
        json(cell.params),
        this.now(),
      ),
    );
  }

  getCell(id: string): CellRecord | undefined {
    const row = this.stmt(`SELECT * FROM cells WHERE id = ?`).get(id) as Row | undefined;
    return row ? cellFromRow(row) : undefined;
  }

  linkRunCell(runId: string, cellId: string, position: number, trials: number): void {
    this.write("linkRunCell", () =>
      this.stmt(
        `INSERT INTO run_cells (run_id, cell_id, position, trials) VALUES (?, ?, ?, ?)
         ON CONFLICT(run_id, cell_id) DO UPDATE SET position = excluded.position, trials = excluded.trials`,
      ).run(runId, cellId, position, trials),
    );
  }

  runCells(runId: string): RunCell[] {
    const rows = this.stmt(
      `SELECT c.*, rc.position AS rc_position, rc.trials AS rc_trials FROM run_cells rc JOIN cells c ON c.id = rc.cell_id
        WHERE rc.run_id = ? ORDER BY rc.position`,
    ).all(runId) as Row[];
    return rows.map((r) => ({ cell: cellFromRow(r), position: Number(r.rc_position), trials: Number(r.rc_trials) }));
  }

  // ---- episodes -----------------------------------------------------------------------------------

  /** Create the episode as pending unless it exists; returns the stored record. */
  ensureEpisode(ep: { id: string; cell_id: string; trial: number; seed: number; parent_id?: string | null; branch_step?: number | null }): EpisodeRecord {
    const now = this.now();
    this.write("ensureEpisode", () =>
      this.stmt(
        `INSERT INTO episodes (id, cell_id, trial, seed, status, attempt, parent_id, branch_step, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
      ).run(ep.id, ep.cell_id, ep.trial, ep.seed, ep.parent_id ?? null, ep.branch_step ?? null, now, now),
    );
    return this.getEpisode(ep.id)!;
  }

  getEpisode(id: string): EpisodeRecord | undefined {
    const row = this.stmt(`SELECT * FROM episodes WHERE id = ?`).get(id) as Row | undefined;
    return row ? episodeFromRow(row) : undefined;
  }

  findEpisodes(prefix: string): EpisodeRecord[] {
    const rows = this.stmt(`SELECT * FROM episodes WHERE id = ? OR substr(id, 1, length(?)) = ? ORDER BY id LIMIT 20`).all(prefix, prefix, prefix) as Row[];
    return rows.map(episodeFromRow);
  }

  /** The episodes a run consists of (not its branches), in cell order then trial order. */
  runEpisodes(runId: string): EpisodeRecord[] {
    const rows = this.stmt(
      `SELECT e.* FROM run_cells rc JOIN episodes e ON e.cell_id = rc.cell_id AND e.trial < rc.trials AND e.parent_id IS NULL
        WHERE rc.run_id = ? ORDER BY rc.position, e.trial`,
    ).all(runId) as Row[];
    return rows.map(episodeFromRow);
  }

  cellEpisodes(cellId: string): EpisodeRecord[] {
    const rows = this.stmt(`SELECT * FROM episodes WHERE cell_id = ? AND parent_id IS NULL ORDER BY trial`).all(cellId) as Row[];
    return rows.map(episodeFromRow);
  }

  branchesOf(episodeId: string): EpisodeRecord[] {
    const rows = this.stmt(`SELECT * FROM episodes WHERE parent_id = ? ORDER BY created_at, id`).all(episodeId) as Row[];
    return rows.map(episodeFromRow);
  }

  // ---- attempts -----------------------------------------------------------------------------------

  /** Start a new attempt of an episode: the attempt number goes up by one and the episode is running. */
  beginAttempt(episodeId: string, runId: string | null): number {
    return this.write("beginAttempt", () =>
      this.transaction(() => {
        const ep = this.getEpisode(episodeId);
        if (!ep) throw new PeerlabError("NOT_FOUND", `no episode ${episodeId}`);
        const attempt = ep.attempt + 1;
        const now = this.now();
        this.stmt(`INSERT INTO attempts (episode_id, attempt, run_id, status, started_at) VALUES (?, ?, ?, 'running', ?)`).run(episodeId, attempt, runId, now);
        this.stmt(`UPDATE episodes SET status = 'running', attempt = ?, updated_at = ? WHERE id = ?`).run(attempt, now, episodeId);
        return attempt;
      }),
    );
  }

  /** Mark an attempt that is being continued (after a crash) as running again. */
  reopenAttempt(episodeId: string, attempt: number): void {
    this.write("reopenAttempt", () =>
      this.transaction(() => {
        const now = this.now();
        this.stmt(`UPDATE attempts SET status = 'running', ended_at = NULL WHERE episode_id = ? AND attempt = ?`).run(episodeId, attempt);
        this.stmt(`UPDATE episodes SET status = 'running', updated_at = ? WHERE id = ?`).run(now, episodeId);
      }),
    );
  }

  endAttempt(
    episodeId: string,
    attempt: number,
    end: { status: Exclude<AttemptStatus, "running">; turns?: number | null; end_reason?: string | null; error?: unknown; digest?: string | null },
  ): void {
    this.write("endAttempt", () =>
      this.transaction(() => {
        const now = this.now();
        this.stmt(`UPDATE attempts SET status = ?, ended_at = ?, turns = ?, end_reason = ?, error_json = ?, digest = ? WHERE episode_id = ? AND attempt = ?`).run(
          end.status,
          now,
          end.turns ?? null,
          end.end_reason ?? null,
          end.error === undefined ? null : json(end.error),
          end.digest ?? null,
          episodeId,
          attempt,
        );
        this.stmt(`UPDATE episodes SET status = ?, updated_at = ? WHERE id = ? AND attempt = ?`).run(end.status as EpisodeStatus, now, episodeId, attempt);
      }),
    );
  }

  getAttempt(episodeId: string, attempt: number): AttemptRecord | undefined {
    const row = this.stmt(`SELECT * FROM attempts WHERE episode_id = ? AND attempt = ?`).get(episodeId, attempt) as Row | undefined;
    return row ? attemptFromRow(row) : undefined;
  }

  listAttempts(episodeId: string): AttemptRecord[] {
    const rows = this.stmt(`SELECT * FROM attempts WHERE episode_id = ? ORDER BY attempt`).all(episodeId) as Row[];
    return rows.map(attemptFromRow);
  }

  // ---- events -------------------------------------------------------------------------------------

  appendEvents(events: readonly Omit<EventRecord, "created_at">[]): void {
    if (events.length === 0) return;
    const now = this.now();
    const ins = this.stmt(
      `INSERT INTO events (episode_id, attempt, seq, kind, role, payload_json, meta_json, hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.write("appendEvents", () =>
      this.transaction(() => {
        for (const e of events) ins.run(e.episode_id, e.attempt, e.seq, e.kind, e.role, json(e.payload), e.meta == null ? null : json(e.meta), e.hash, now);
      }),
    );
  }

  listEvents(episodeId: string, attempt: number): EventRecord[] {
    const rows = this.stmt(`SELECT * FROM events WHERE episode_id = ? AND attempt = ? ORDER BY seq`).all(episodeId, attempt) as Row[];
    return rows.map(eventFromRow);
  }

  countEvents(episodeId: string, attempt: number): number {
    return Number((this.stmt(`SELECT COUNT(*) AS n FROM events WHERE episode_id = ? AND attempt = ?`).get(episodeId, attempt) as Row).n);
  }

  /** Remove the events and model calls of an attempt past `seq` (an unfinished tail that will be re-recorded). */
  truncateEvents(episodeId: string, attempt: number, keepThroughSeq: number): void {
    this.write("truncateEvents", () =>
      this.transaction(() => {
        this.stmt(`DELETE FROM events WHERE episode_id = ? AND attempt = ? AND seq > ?`).run(episodeId, attempt, keepThroughSeq);
        this.stmt(`DELETE FROM model_calls WHERE episode_id = ? AND attempt = ? AND seq > ?`).run(episodeId, attempt, keepThroughSeq);
      }),
    );
  }

  // ---- model calls --------------------------------------------------------------------------------

  putModelCall(call: Omit<ModelCallRecord, "created_at">): void {
    this.write("putModelCall", () =>
      this.stmt(
        `INSERT INTO model_calls (episode_id, attempt, seq, role, provider, model, request_hash, response_json, input_tokens, output_tokens, latency_ms, cost_usd, cache_hit, retries, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        call.episode_id,
        call.attempt,
        call.seq,
        call.role,
        call.provider,
        call.model,
        call.request_hash,
        json(call.response),
        call.input_tokens,
        call.output_tokens,
        call.latency_ms,
        call.cost_usd,
        call.cache_hit ? 1 : 0,
        call.retries,
        this.now(),
      ),
    );
  }

  listModelCalls(episodeId: string, attempt: number): ModelCallRecord[] {
    const rows = this.stmt(`SELECT * FROM model_calls WHERE episode_id = ? AND attempt = ? ORDER BY seq`).all(episodeId, attempt) as Row[];
    return rows.map(modelCallFromRow);
  }

  /**
   * What a run's episodes spent, over every attempt, per role, provider and model: calls made and their
   * tokens and cost. Answers served from the response cache cost nothing and are counted apart.
   */
  runUsage(runId: string): UsageRow[] {
    const rows = this.stmt(
      `SELECT m.role, m.provider, m.model, SUM(m.cache_hit = 0) AS calls,
              SUM(CASE WHEN m.cache_hit = 0 THEN m.input_tokens ELSE 0 END) AS input_tokens,
              SUM(CASE WHEN m.cache_hit = 0 THEN m.output_tokens ELSE 0 END) AS output_tokens,
              SUM(m.cost_usd) AS cost_usd, SUM(m.cache_hit) AS cache_hits, SUM(m.retries) AS retries
         FROM run_cells rc JOIN episodes e ON e.cell_id = rc.cell_id AND e.trial < rc.trials AND e.parent_id IS NULL
         JOIN model_calls m ON m.episode_id = e.id
        WHERE rc.run_id = ?
        GROUP BY m.role, m.provider, m.model ORDER BY m.role, m.provider, m.model`,
    ).all(runId) as Row[];
    return rows.map((r) => ({
      role: String(r.role),
      provider: String(r.provider),
      model: String(r.model),
      calls: Number(r.calls),
      input_tokens: Number(r.input_tokens),
      output_tokens: Number(r.output_tokens),
      cost_usd: Number(r.cost_usd),
      cache_hits: Number(r.cache_hits),
      retries: Number(r.retries),
    }));
  }

  // ---- fixtures ---------------------------------------------------------------------------------

  /** Keep a fixture's content under its hash (idempotent). */
  putFixture(hash: string, fixtureId: string, content: unknown): void {
    this.write("putFixture", () =>
      this.stmt(`INSERT INTO fixtures (hash, fixture_id, content_json, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(hash) DO NOTHING`).run(hash, fixtureId, json(content), this.now()),
    );
  }

  getFixture(hash: string): { hash: string; fixture_id: string; content: unknown } | undefined {
    const row = this.stmt(`SELECT * FROM fixtures WHERE hash = ?`).get(hash) as Row | undefined;
    return row ? { hash: String(row.hash), fixture_id: String(row.fixture_id), content: parse(row.content_json) } : undefined;
  }

  // ---- response cache ---------------------------------------------------------------------------

  getCachedResponse(key: string): unknown {
    const row = this.stmt(`SELECT response_json FROM response_cache WHERE key = ?`).get(key) as Row | undefined;
    return row ? parse(row.response_json) : undefined;
  }

  putCachedResponse(key: string, response: unknown): void {
    this.write("putCachedResponse", () =>
      this.stmt(`INSERT INTO response_cache (key, response_json, created_at) VALUES (?, ?, ?) ON CONFLICT(key) DO NOTHING`).run(key, json(response), this.now()),
    );
  }

  // ---- search -----------------------------------------------------------------------------------

  /**
   * Full-text search over the text of events (migration 3 keeps the index as events are written), best
   * matches first, optionally within one run's episodes. The query is words and "quoted phrases", all
   * required; `word*` is a prefix and `OR` joins alternatives. No input is a syntax error.
   */
  searchEvents(query: string, opts: { runId?: string; limit?: number } = {}): SearchHit[] {
    const match = ftsQuery(query);
    if (!match) return [];
    const run = opts.runId ?? null;
    const rows = this.stmt(
      `SELECT t.episode_id, t.attempt, t.seq, e.kind, e.role, snippet(event_search, 0, char(2), char(3), '…', 24) AS snippet
         FROM event_search JOIN event_text t ON t.id = event_search.rowid
         JOIN events e ON e.episode_id = t.episode_id AND e.attempt = t.attempt AND e.seq = t.seq
        WHERE event_search MATCH ?
          AND (? IS NULL OR t.episode_id IN (SELECT ep.id FROM run_cells rc JOIN episodes ep ON ep.cell_id = rc.cell_id AND ep.trial < rc.trials WHERE rc.run_id = ?))
        ORDER BY rank LIMIT ?`,
    ).all(match, run, run, Math.min(Math.max(Math.trunc(opts.limit ?? 50), 1), 1000)) as Row[];
    return rows.map((r) => ({ episode_id: String(r.episode_id), attempt: Number(r.attempt), seq: Number(r.seq), kind: String(r.kind), role: (r.role as string | null) ?? null, snippet: String(r.snippet) }));
  }

  // ---- judgments ----------------------------------------------------------------------------------

  putJudgment(j: Omit<JudgmentRecord, "created_at">): void {
    this.write("putJudgment", () =>
      this.stmt(
        `INSERT INTO judgments (episode_id, attempt, scorer, version, outcomes_json, evidence_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(episode_id, attempt, scorer, version) DO UPDATE SET outcomes_json = excluded.outcomes_json, evidence_json = excluded.evidence_json, created_at = excluded.created_at`,
      ).run(j.episode_id, j.attempt, j.scorer, j.version, json(j.outcomes), json(j.evidence), this.now()),
    );
  }

  listJudgments(episodeId: string, attempt: number): JudgmentRecord[] {
    const rows = this.stmt(`SELECT * FROM judgments WHERE episode_id = ? AND attempt = ? ORDER BY scorer, version`).all(episodeId, attempt) as Row[];
    return rows.map(judgmentFromRow);
  }

  /** All judgments of the counting attempts of a run's episodes. */
  runJudgments(runId: string): JudgmentRecord[] {
    const rows = this.stmt(
      `SELECT j.* FROM run_cells rc JOIN episodes e ON e.cell_id = rc.cell_id AND e.trial < rc.trials AND e.parent_id IS NULL
         JOIN judgments j ON j.episode_id = e.id AND j.attempt = e.attempt
        WHERE rc.run_id = ? ORDER BY rc.position, e.trial, j.scorer, j.version`,
    ).all(runId) as Row[];
    return rows.map(judgmentFromRow);
  }

  // ---- claims (the claim port; its SQL lives in claims.ts) -------------------------------------

  claimNext(candidates: readonly claims.ClaimCandidate[], req: claims.ClaimRequest): claims.ClaimNextResult {
    return this.write("claimNext", () => claims.claimNext(this.db, candidates, req));
  }
  heartbeat(owner: string, episodeIds: readonly string[], now: number, leaseMs: number): string[] {
    return this.write("heartbeat", () => claims.heartbeat(this.db, owner, episodeIds, now, leaseMs));
  }
  release(owner: string, episodeId: string): void {
    this.write("release", () => claims.release(this.db, owner, episodeId));
  }
  complete(owner: string, episodeId: string): boolean {
    return this.write("complete", () => claims.complete(this.db, owner, episodeId));
  }
  claimHolder(episodeId: string): string | null {
    return claims.claimHolder(this.db, episodeId);
  }
  liveClaims(runId: string, now: number, except?: string): claims.LiveClaim[] {
    return claims.liveClaims(this.db, runId, now, except);
  }
  joinRun(owner: string, runId: string, now: number, leaseMs: number): void {
    this.write("joinRun", () => claims.joinRun(this.db, owner, runId, now, leaseMs));
  }
  leaveRun(owner: string, runId: string): void {
    this.write("leaveRun", () => claims.leaveRun(this.db, owner, runId));
  }
  runWorkers(runId: string, now: number, except?: string): string[] {
    return claims.runWorkers(this.db, runId, now, except);
  }

  // ---- memories (the memory store; its SQL lives in memory-rows.ts) ------------------------------

  private memoryRows?: MemoryRows;

  /** The memory store's rows (LangGraph BaseStore items with provenance). */
  get memories(): MemoryRows {
    return (this.memoryRows ??= new MemoryRows({ stmt: (sql) => this.stmt(sql), write: (op, fn) => this.write(op, fn), now: () => this.now() }));
  }
}

