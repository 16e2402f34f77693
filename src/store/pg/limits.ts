// The shared limiter's rows (../limits.ts) on PostgreSQL, over migration 11's tables. Each decision is one
// transaction that first locks the key's row (SELECT … FOR UPDATE), so the calls on one key are decided
// one at a time across every process and machine, as SQLite's IMMEDIATE transaction does; keys do not
// wait for each other. The same rules as SQLite's (limitWait).
import { limitWait, windowStart, type LimitAnswer, type LimitAsk, type LimitRows } from "../limits.js";
import type { PgSql } from "./connection.js";

const SQL = {
  key: `INSERT INTO rate_limit_keys (key, provider) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
  lock: `SELECT blocked_until FROM rate_limit_keys WHERE key = $1 FOR UPDATE`,
  prune: `DELETE FROM rate_limit_calls WHERE key = $1 AND started_at <= $2 AND (in_flight = 0 OR expires_at <= $3)`,
  counts: `SELECT COUNT(*) FILTER (WHERE in_flight = 1 AND expires_at > $1) AS live,
                  COUNT(*) FILTER (WHERE started_at > $2) AS started,
                  COALESCE(SUM(tokens) FILTER (WHERE started_at > $2), 0) AS used,
                  MIN(started_at) FILTER (WHERE started_at > $2) AS oldest
             FROM rate_limit_calls WHERE key = $3`,
  nextId: `SELECT nextval(pg_get_serial_sequence('rate_limit_calls', 'id')) AS id`,
  insert: `INSERT INTO rate_limit_calls (id, key, started_at, tokens, in_flight, expires_at) VALUES ($1, $2, $3, $4, 1, $5)`,
  release: `UPDATE rate_limit_calls SET in_flight = 0 WHERE id = $1`,
  block: `UPDATE rate_limit_keys SET blocked_until = GREATEST(blocked_until, $1) WHERE key = $2`,
} as const;

export function pgLimits(sql: PgSql): LimitRows {
  return {
    acquire: (req: LimitAsk) =>
      sql.transaction((): LimitAnswer => {
        sql.write("limit", [{ text: SQL.key, values: [req.key, req.provider] }]);
        const blocked = Number(sql.get(SQL.lock, [req.key])!.blocked_until);
        const since = windowStart(req);
        sql.write("limit", [{ text: SQL.prune, values: [req.key, since, req.now] }]);
        const c = sql.get(SQL.counts, [req.now, since, req.key])!;
        const counts = { live: Number(c.live), started: Number(c.started), used: Number(c.used), oldest: c.oldest === null ? null : Number(c.oldest) };
        const wait = limitWait(req, blocked, counts);
        if (wait) return wait;
        const id = Number(sql.get(SQL.nextId)!.id);
        sql.write("limit", [{ text: SQL.insert, values: [id, req.key, req.now, req.tokens, req.now + req.ttlMs] }]);
        return { kind: "granted", id };
      }),
    release: (id) => {
      sql.write("limit", [{ text: SQL.release, values: [id] }]);
    },
    block: (key, provider, until) =>
      sql.transaction(() => {
        sql.write("limit", [
          { text: SQL.key, values: [key, provider] },
          { text: SQL.block, values: [until, key] },
        ]);
      }),
  };
}
