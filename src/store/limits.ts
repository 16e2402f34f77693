// Provider-key limits shared by every process on the database: the rows behind the governor's shared
// limiter (models' SharedLimiter port, which LimitRows matches shape for shape; the store cannot import
// models, so the runner hands one to the other and the compiler checks they agree). Before each attempt
// a process asks, in one transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: the key's row locked FOR
// UPDATE), whether the key is paused by a 429, has its calls in flight, or has used its window's requests
// or tokens; if not, it records its call and goes. Keys are named by a fingerprint, never the key. Times
// are the callers' clocks; `skewMs` widens every window and pause by how far clocks may disagree.
import type Database from "better-sqlite3";

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
  tokens: number;
  ttlMs: number;
  skewMs: number;
}

export type LimitAnswer = { kind: "granted"; id: number } | { kind: "wait"; until: number | null; reason: "paused" | "in_flight" | "requests" | "tokens" };

export interface LimitRows {
  acquire(req: LimitAsk): LimitAnswer;
  release(id: number, now: number): void;
  block(key: string, provider: string, until: number): void;
}

/** A key's calls as one query sums them: in flight now, and started within the window. */
export interface WindowCounts {
  live: number;
  started: number;
  used: number;
  oldest: number | null;
}

/** Whether the call must wait (a pause first, then calls in flight, requests, tokens); null when it may go. */
export function limitWait(req: LimitAsk, blockedUntil: number, c: WindowCounts): LimitAnswer | null {
  const { limits, skewMs } = req;
  if (req.now < blockedUntil + skewMs) return { kind: "wait", until: blockedUntil + skewMs, reason: "paused" };
  if (limits.inFlight !== undefined && c.live >= limits.inFlight) return { kind: "wait", until: null, reason: "in_flight" };
  const reopens = (c.oldest ?? req.now) + limits.windowMs + skewMs;
  if (limits.requests !== undefined && c.started >= limits.requests) return { kind: "wait", until: reopens, reason: "requests" };
  // A call larger than the whole allowance still goes, alone in its window.
  if (limits.tokens !== undefined && c.used > 0 && c.used + req.tokens > limits.tokens) return { kind: "wait", until: reopens, reason: "tokens" };
  return null;
}

/** The start of the window a call at `now` counts calls in (widened by the clock skew). */
export const windowStart = (req: LimitAsk) => req.now - req.limits.windowMs - req.skewMs;

const SQL = {
  key: `INSERT OR IGNORE INTO rate_limit_keys (key, provider) VALUES (?, ?)`,
  blocked: `SELECT blocked_until FROM rate_limit_keys WHERE key = ?`,
  prune: `DELETE FROM rate_limit_calls WHERE key = ? AND started_at <= ? AND (in_flight = 0 OR expires_at <= ?)`,
  counts: `SELECT COALESCE(SUM(CASE WHEN in_flight = 1 AND expires_at > ? THEN 1 ELSE 0 END), 0) AS live,
                  COALESCE(SUM(CASE WHEN started_at > ? THEN 1 ELSE 0 END), 0) AS started,
                  COALESCE(SUM(CASE WHEN started_at > ? THEN tokens ELSE 0 END), 0) AS used,
                  MIN(CASE WHEN started_at > ? THEN started_at END) AS oldest
             FROM rate_limit_calls WHERE key = ?`,
  insert: `INSERT INTO rate_limit_calls (key, started_at, tokens, in_flight, expires_at) VALUES (?, ?, ?, 1, ?)`,
  release: `UPDATE rate_limit_calls SET in_flight = 0 WHERE id = ?`,
  block: `UPDATE rate_limit_keys SET blocked_until = MAX(blocked_until, ?) WHERE key = ?`,
} as const;

interface CountRow {
  live: number;
  started: number;
  used: number;
  oldest: number | null;
}

export function acquire(db: Database.Database, req: LimitAsk): LimitAnswer {
  const run = db.transaction((): LimitAnswer => {
    db.prepare(SQL.key).run(req.key, req.provider);
    const blocked = Number((db.prepare(SQL.blocked).get(req.key) as { blocked_until: number }).blocked_until);
    const since = windowStart(req);
    db.prepare(SQL.prune).run(req.key, since, req.now);
    const c = db.prepare(SQL.counts).get(req.now, since, since, since, req.key) as CountRow;
    const counts = { live: Number(c.live), started: Number(c.started), used: Number(c.used), oldest: c.oldest === null ? null : Number(c.oldest) };
    const wait = limitWait(req, blocked, counts);
    if (wait) return wait;
    const id = Number(db.prepare(SQL.insert).run(req.key, req.now, req.tokens, req.now + req.ttlMs).lastInsertRowid);
    return { kind: "granted", id };
  });
  return run.immediate();
}

export function release(db: Database.Database, id: number): void {
  db.prepare(SQL.release).run(id);
}

export function block(db: Database.Database, key: string, provider: string, until: number): void {
  const run = db.transaction(() => {
    db.prepare(SQL.key).run(key, provider);
    db.prepare(SQL.block).run(until, key);
  });
  run.immediate();
}
