// Provider-key limits shared by every process on the database: the rows behind the governor's shared
// limiter (models' SharedLimiter port, which LimitRows matches shape for shape; the store cannot import
// models, so the runner hands one to the other and the compiler checks they agree). Before each attempt
// a process asks, in one transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: the key's row locked FOR
// UPDATE), whether the key is paused by a 429, is at its adaptive cut or its calls in flight, or has used
// its window's requests or tokens; if not, it records its call (with the tokens it reserves) and goes.
// When the call returns its row is settled to the tokens really used. Keys are named by a fingerprint,
// never the key. Times are the callers' clocks; `skewMs` widens every window and pause by how far clocks
// may disagree. The policy (how deep a cut, how many successes raise it) is the caller's.
import type Database from "better-sqlite3";
import { prepared } from "./prepared.js";

export interface LimitsOfKey {
  inFlight?: number;
  requests?: number;
  tokens?: number;
  windowMs: number;
}

export interface LimitAsk {
  key: string;
  provider: string;
  now: number;
  limits: LimitsOfKey;
  /** The tokens this call reserves in its window (its input and the most output it may get). */
  tokens: number;
  ttlMs: number;
  skewMs: number;
}

export type LimitAnswer =
  /** `cut`: the key's adaptive cut when the slot was granted (null: none). */
  { kind: "granted"; id: number; cut: number | null } | { kind: "wait"; until: number | null; reason: "paused" | "cut" | "in_flight" | "requests" | "tokens" };

/** How a granted call ended. */
export interface LimitEnd {
  /** The tokens it used, replacing its reservation (0 for a failed call; null keeps the reservation). */
  tokens: number | null;
  /** A success on a cut key: after this many in a row the cut grows by one (null: not counted). */
  recoverAfter: number | null;
}

/** A 429: nobody calls the key before `until`; with `cut`, its calls in flight are cut to that fraction. */
export interface LimitBlock {
  key: string;
  provider: string;
  now: number;
  until: number;
  cut: number | null;
  /** A cut nobody renewed for this long is forgotten (the slots' time to live). */
  ttlMs: number;
}

export interface LimitRows {
  acquire(req: LimitAsk): LimitAnswer;
  release(id: number, now: number, end: LimitEnd): void;
  block(b: LimitBlock): void;
}

/** A key's calls as one query sums them: in flight now, and started within the window (their tokens, and those of the ones in flight). */
export interface WindowCounts {
  live: number;
  started: number;
  used: number;
  reserved: number;
  oldest: number | null;
}

export const countsOf = (c: Record<string, unknown>): WindowCounts => ({
  live: Number(c.live),
  started: Number(c.started),
  used: Number(c.used),
  reserved: Number(c.reserved),
  oldest: c.oldest === null ? null : Number(c.oldest),
});

/** A key's row: its pause and its adaptive cut. */
export interface KeyRow {
  blocked_until: number;
  cut_limit: number | null;
  cut_from: number | null;
  cut_at: number;
}

export const keyRowOf = (r: Record<string, unknown>): KeyRow => ({
  blocked_until: Number(r.blocked_until),
  cut_limit: r.cut_limit === null ? null : Number(r.cut_limit),
  cut_from: r.cut_from === null ? null : Number(r.cut_from),
  cut_at: Number(r.cut_at),
});

/** The key's cut in force at `now` (null when none, or when nobody renewed it for `ttlMs`). */
export const cutInForce = (row: KeyRow, now: number, ttlMs: number): number | null =>
  row.cut_limit !== null && now - row.cut_at <= ttlMs ? row.cut_limit : null;

/** A 429's cut: the fraction of the cut in force, else of the calls in flight (this one's included); never under one. */
export function cutAfter(row: KeyRow, live: number, b: LimitBlock & { cut: number }): { limit: number; from: number } {
  const current = cutInForce(row, b.now, b.ttlMs);
  const base = current ?? Math.max(1, live);
  return { limit: Math.max(1, Math.floor(base * b.cut)), from: current === null ? base : (row.cut_from ?? base) };
}

/** Whether the call must wait (a pause first, then the cut, calls in flight, requests, tokens); null when it may go. */
export function limitWait(req: LimitAsk, blockedUntil: number, cut: number | null, c: WindowCounts): Exclude<LimitAnswer, { kind: "granted" }> | null {
  const { limits, skewMs } = req;
  if (req.now < blockedUntil + skewMs) return { kind: "wait", until: blockedUntil + skewMs, reason: "paused" };
  if (cut !== null && c.live >= cut) return { kind: "wait", until: null, reason: "cut" };
  if (limits.inFlight !== undefined && c.live >= limits.inFlight) return { kind: "wait", until: null, reason: "in_flight" };
  const reopens = (c.oldest ?? req.now) + limits.windowMs + skewMs;
  if (limits.requests !== undefined && c.started >= limits.requests) return { kind: "wait", until: reopens, reason: "requests" };
  // A call larger than the whole allowance still goes, alone in its window. Calls in flight hold more
  // than they may use: when their ending could make room, ask again as they end, not when the window moves.
  if (limits.tokens !== undefined && c.used > 0 && c.used + req.tokens > limits.tokens) {
    const settling = c.reserved > 0 && c.used - c.reserved + req.tokens <= limits.tokens;
    return { kind: "wait", until: settling ? null : reopens, reason: "tokens" };
  }
  return null;
}

/**
 * Whether the call's answer depends on the key's counts: only under a cut in force or a limit on calls
 * in flight, requests or tokens. Without them limitWait reads the pause alone, so the counts, a scan of
 * every call the key started in the last minute, are not queried (they grow with the throughput: at a
 * few hundred calls a second, tens of thousands of rows per call).
 */
export const needsCounts = (req: LimitAsk, cut: number | null): boolean =>
  cut !== null || req.limits.inFlight !== undefined || req.limits.requests !== undefined || req.limits.tokens !== undefined;

/** What limitWait is given when it reads no counts (needsCounts false): it then looks at none of them. */
export const UNCOUNTED: WindowCounts = { live: 0, started: 0, used: 0, reserved: 0, oldest: null };

/** The start of the window a call at `now` counts calls in (widened by the clock skew). */
export const windowStart = (req: LimitAsk) => req.now - req.limits.windowMs - req.skewMs;

/**
 * A success on a cut key, as one UPDATE (the same text on SQLite and PostgreSQL, with @r: successes per
 * step, @now, and @id: the call): every `@r` successes in a row raise the cut by one, and it is lifted
 * when it reaches the calls in flight it was cut from. Other keys' rows and uncut keys are untouched.
 */
export const RECOVER_SQL = `UPDATE rate_limit_keys SET
    streak = CASE WHEN streak + 1 >= @r THEN 0 ELSE streak + 1 END,
    cut_limit = CASE WHEN streak + 1 < @r THEN cut_limit WHEN cut_limit + 1 >= cut_from THEN NULL ELSE cut_limit + 1 END,
    cut_from = CASE WHEN streak + 1 >= @r AND cut_limit + 1 >= cut_from THEN NULL ELSE cut_from END,
    cut_at = CASE WHEN streak + 1 >= @r THEN @now ELSE cut_at END
  WHERE key = (SELECT key FROM rate_limit_calls WHERE id = @id) AND cut_limit IS NOT NULL`;

const SQL = {
  key: `INSERT OR IGNORE INTO rate_limit_keys (key, provider) VALUES (?, ?)`,
  row: `SELECT blocked_until, cut_limit, cut_from, cut_at FROM rate_limit_keys WHERE key = ?`,
  forget: `UPDATE rate_limit_keys SET cut_limit = NULL, cut_from = NULL, streak = 0 WHERE key = ?`,
  prune: `DELETE FROM rate_limit_calls WHERE key = ? AND started_at <= ? AND (in_flight = 0 OR expires_at <= ?)`,
  counts: `SELECT COALESCE(SUM(CASE WHEN in_flight = 1 AND expires_at > ? THEN 1 ELSE 0 END), 0) AS live,
                  COALESCE(SUM(CASE WHEN started_at > ? THEN 1 ELSE 0 END), 0) AS started,
                  COALESCE(SUM(CASE WHEN started_at > ? THEN tokens ELSE 0 END), 0) AS used,
                  COALESCE(SUM(CASE WHEN started_at > ? AND in_flight = 1 AND expires_at > ? THEN tokens ELSE 0 END), 0) AS reserved,
                  MIN(CASE WHEN started_at > ? THEN started_at END) AS oldest
             FROM rate_limit_calls WHERE key = ?`,
  live: `SELECT COUNT(*) AS live FROM rate_limit_calls WHERE key = ? AND in_flight = 1 AND expires_at > ?`,
  insert: `INSERT INTO rate_limit_calls (key, started_at, tokens, in_flight, expires_at) VALUES (?, ?, ?, 1, ?)`,
  release: `UPDATE rate_limit_calls SET in_flight = 0, tokens = COALESCE(?, tokens) WHERE id = ?`,
  block: `UPDATE rate_limit_keys SET blocked_until = MAX(blocked_until, ?) WHERE key = ?`,
  cut: `UPDATE rate_limit_keys SET blocked_until = MAX(blocked_until, ?), cut_limit = ?, cut_from = ?, streak = 0, cut_at = ? WHERE key = ?`,
} as const;

export function acquire(db: Database.Database, req: LimitAsk): LimitAnswer {
  const run = db.transaction((): LimitAnswer => {
    prepared(db, SQL.key).run(req.key, req.provider);
    const row = keyRowOf(prepared(db, SQL.row).get(req.key) as Record<string, unknown>);
    const cut = cutInForce(row, req.now, req.ttlMs);
    if (cut === null && row.cut_limit !== null) prepared(db, SQL.forget).run(req.key);
    const since = windowStart(req);
    prepared(db, SQL.prune).run(req.key, since, req.now);
    const c = needsCounts(req, cut)
      ? countsOf(prepared(db, SQL.counts).get(req.now, since, since, since, req.now, since, req.key) as Record<string, unknown>)
      : UNCOUNTED;
    const wait = limitWait(req, row.blocked_until, cut, c);
    if (wait) return wait;
    const id = Number(prepared(db, SQL.insert).run(req.key, req.now, req.tokens, req.now + req.ttlMs).lastInsertRowid);
    return { kind: "granted", id, cut };
  });
  return run.immediate();
}

export function release(db: Database.Database, id: number, now: number, end: LimitEnd): void {
  if (end.recoverAfter === null) {
    prepared(db, SQL.release).run(end.tokens, id);
    return;
  }
  const run = db.transaction(() => {
    prepared(db, SQL.release).run(end.tokens, id);
    prepared(db, RECOVER_SQL).run({ r: end.recoverAfter, now, id });
  });
  run.immediate();
}

export function block(db: Database.Database, b: LimitBlock): void {
  const run = db.transaction(() => {
    prepared(db, SQL.key).run(b.key, b.provider);
    if (b.cut === null) {
      prepared(db, SQL.block).run(b.until, b.key);
      return;
    }
    const row = keyRowOf(prepared(db, SQL.row).get(b.key) as Record<string, unknown>);
    const live = Number((prepared(db, SQL.live).get(b.key, b.now) as { live: number }).live);
    const next = cutAfter(row, live, { ...b, cut: b.cut });
    prepared(db, SQL.cut).run(b.until, next.limit, next.from, b.now, b.key);
  });
  run.immediate();
}
