// The shared limiter's rows (../limits.ts) on PostgreSQL, over migrations 11 and 12's tables. Each decision
// is one transaction that first locks the key's row (SELECT … FOR UPDATE), so the calls on one key are
// decided one at a time across every process and machine, as SQLite's IMMEDIATE transaction does; keys do
// not wait for each other. The same rules as SQLite's (limitWait, cutAfter, RECOVER_SQL).
import {
  cutAfter,
  countsOf,
  cutInForce,
  keyRowOf,
  limitWait,
  needsCounts,
  UNCOUNTED,
  RECOVER_SQL,
  windowStart,
  type LimitAnswer,
  type LimitAsk,
  type LimitBlock,
  type LimitRows,
} from "../limits.js";
import type { PgSql } from "./connection.js";

const SQL = {
  key: `INSERT INTO rate_limit_keys (key, provider) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
  lock: `SELECT blocked_until, cut_limit, cut_from, cut_at FROM rate_limit_keys WHERE key = $1 FOR UPDATE`,
  forget: `UPDATE rate_limit_keys SET cut_limit = NULL, cut_from = NULL, streak = 0 WHERE key = $1`,
  prune: `DELETE FROM rate_limit_calls WHERE key = $1 AND started_at <= $2 AND (in_flight = 0 OR expires_at <= $3)`,
  counts: `SELECT COUNT(*) FILTER (WHERE in_flight = 1 AND expires_at > $1) AS live,
                  COUNT(*) FILTER (WHERE started_at > $2) AS started,
                  COALESCE(SUM(tokens) FILTER (WHERE started_at > $2), 0) AS used,
                  COALESCE(SUM(tokens) FILTER (WHERE started_at > $2 AND in_flight = 1 AND expires_at > $1), 0) AS reserved,
                  MIN(started_at) FILTER (WHERE started_at > $2) AS oldest
             FROM rate_limit_calls WHERE key = $3`,
  live: `SELECT COUNT(*) AS live FROM rate_limit_calls WHERE key = $1 AND in_flight = 1 AND expires_at > $2`,
  nextId: `SELECT nextval(pg_get_serial_sequence('rate_limit_calls', 'id')) AS id`,
  insert: `INSERT INTO rate_limit_calls (id, key, started_at, tokens, in_flight, expires_at) VALUES ($1, $2, $3, $4, 1, $5)`,
  release: `UPDATE rate_limit_calls SET in_flight = 0, tokens = COALESCE($1::bigint, tokens) WHERE id = $2`,
  recover: RECOVER_SQL.replaceAll("@r", "$1").replaceAll("@now", "$2::bigint").replaceAll("@id", "$3"),
  block: `UPDATE rate_limit_keys SET blocked_until = GREATEST(blocked_until, $1) WHERE key = $2`,
  cut: `UPDATE rate_limit_keys SET blocked_until = GREATEST(blocked_until, $1), cut_limit = $2, cut_from = $3, streak = 0, cut_at = $4 WHERE key = $5`,
} as const;

export function pgLimits(sql: PgSql): LimitRows {
  return {
    acquire: (req: LimitAsk) =>
      sql.transaction((): LimitAnswer => {
        sql.write("limit", [{ text: SQL.key, values: [req.key, req.provider] }]);
        const row = keyRowOf(sql.get(SQL.lock, [req.key])!);
        const cut = cutInForce(row, req.now, req.ttlMs);
        if (cut === null && row.cut_limit !== null) sql.write("limit", [{ text: SQL.forget, values: [req.key] }]);
        const since = windowStart(req);
        sql.write("limit", [{ text: SQL.prune, values: [req.key, since, req.now] }]);
        const counts = needsCounts(req, cut) ? countsOf(sql.get(SQL.counts, [req.now, since, req.key])!) : UNCOUNTED;
        const wait = limitWait(req, row.blocked_until, cut, counts);
        if (wait) return wait;
        const id = Number(sql.get(SQL.nextId)!.id);
        sql.write("limit", [{ text: SQL.insert, values: [id, req.key, req.now, req.tokens, req.now + req.ttlMs] }]);
        return { kind: "granted", id, cut };
      }),
    // One round trip: the call's row settled, then (a success on a cut key) the key's recovery counted.
    release: (id, now, end) => {
      sql.write("limit", [
        { text: SQL.release, values: [end.tokens, id] },
        ...(end.recoverAfter === null ? [] : [{ text: SQL.recover, values: [end.recoverAfter, now, id] }]),
      ]);
    },
    block: (b: LimitBlock) =>
      sql.transaction(() => {
        sql.write("limit", [{ text: SQL.key, values: [b.key, b.provider] }]);
        if (b.cut === null) {
          sql.write("limit", [{ text: SQL.block, values: [b.until, b.key] }]);
          return;
        }
        const row = keyRowOf(sql.get(SQL.lock, [b.key])!);
        const live = Number(sql.get(SQL.live, [b.key, b.now])!.live);
        const next = cutAfter(row, live, { ...b, cut: b.cut });
        sql.write("limit", [{ text: SQL.cut, values: [b.until, next.limit, next.from, b.now, b.key] }]);
      }),
  };
}
