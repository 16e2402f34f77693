// The budget ledger (../reservations.ts) on PostgreSQL, over migration 9's tables. Each decision is one
// transaction that first locks the run's row (SELECT … FOR UPDATE), so reservations of one run are
// decided one at a time across every process, as SQLite's IMMEDIATE transaction does; runs do not wait
// for each other. The same rules as the SQLite ledger: reserve the role's largest call so far, refuse
// once spend plus live reservations reach a limit, seed from the run's recorded calls on first use.
import type { BudgetLedger, LedgerLimit, LedgerSpend, ReserveOutcome, ReserveRequest } from "../reservations.js";
import type { PgSql } from "./connection.js";

/** Rounding in sums of per-call costs must not keep a reached dollar limit from counting as reached. */
const USD_EPSILON = 1e-9;

const SQL = {
  lock: `SELECT id FROM runs WHERE id = $1 FOR UPDATE`,
  seeded: `SELECT 1 AS one FROM budget_spend WHERE run_id = $1 LIMIT 1`,
  usage: `SELECT m.role, SUM(CASE WHEN m.cache_hit = 0 THEN m.input_tokens + m.output_tokens ELSE 0 END) AS tokens, SUM(m.cost_usd) AS usd,
                 MAX(CASE WHEN m.cache_hit = 0 THEN m.input_tokens + m.output_tokens ELSE 0 END) AS max_tokens, MAX(m.cost_usd) AS max_usd
            FROM run_cells rc JOIN episodes e ON e.cell_id = rc.cell_id AND e.trial < rc.trials AND e.parent_id IS NULL
            JOIN model_calls m ON m.episode_id = e.id
           WHERE rc.run_id = $1 GROUP BY m.role`,
  seed: `INSERT INTO budget_spend (run_id, role, tokens, usd, max_tokens, max_usd) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (run_id, role) DO NOTHING`,
  spend: `SELECT role, tokens, usd, max_tokens, max_usd FROM budget_spend WHERE run_id = $1 ORDER BY role`,
  held: `SELECT role, SUM(tokens) AS tokens, SUM(usd) AS usd FROM budget_reservations WHERE run_id = $1 AND expires_at > $2 GROUP BY role`,
  nextId: `SELECT nextval(pg_get_serial_sequence('budget_reservations', 'id')) AS id`,
  insert: `INSERT INTO budget_reservations (id, run_id, role, owner, tokens, usd, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
  drop: `DELETE FROM budget_reservations WHERE id = $1`,
  expired: `DELETE FROM budget_reservations WHERE run_id = $1 AND expires_at <= $2`,
  add: `UPDATE budget_spend SET tokens = tokens + $1, usd = usd + $2, max_tokens = GREATEST(max_tokens, $3), max_usd = GREATEST(max_usd, $4)
         WHERE run_id = $5 AND role = $6`,
} as const;

interface SpendRow {
  role: string;
  tokens: number;
  usd: number;
  max_tokens: number;
  max_usd: number;
}

const spendRow = (r: Record<string, unknown>): SpendRow => ({
  role: String(r.role),
  tokens: Number(r.tokens),
  usd: Number(r.usd),
  max_tokens: Number(r.max_tokens),
  max_usd: Number(r.max_usd),
});

function seed(sql: PgSql, runId: string, role: string): void {
  const rows = sql.get(SQL.seeded, [runId]) === undefined ? sql.all(SQL.usage, [runId]).map(spendRow) : [];
  sql.write("reserve", [
    ...rows.map((r) => ({ text: SQL.seed, values: [runId, r.role, r.tokens, r.usd, r.max_tokens, r.max_usd] })),
    { text: SQL.seed, values: [runId, role, 0, 0, 0, 0] },
  ]);
}

function breach(scope: string, limit: LedgerLimit | undefined, tokens: number, usd: number): ReserveOutcome | null {
  if (limit?.tokens !== undefined && tokens >= limit.tokens) return { kind: "refused", scope, limit: "tokens", spent: tokens, allowed: limit.tokens };
  if (limit?.usd !== undefined && usd >= limit.usd - USD_EPSILON) return { kind: "refused", scope, limit: "usd", spent: usd, allowed: limit.usd };
  return null;
}

export function pgLedger(sql: PgSql): BudgetLedger {
  return {
    reserve: (req: ReserveRequest) =>
      sql.transaction((): ReserveOutcome => {
        sql.get(SQL.lock, [req.runId]);
        seed(sql, req.runId, req.role);
        sql.write("reserve", [{ text: SQL.expired, values: [req.runId, req.now] }]);
        const spend = sql.all(SQL.spend, [req.runId]).map(spendRow);
        const held = new Map(sql.all(SQL.held, [req.runId, req.now]).map((h) => [String(h.role), { tokens: Number(h.tokens), usd: Number(h.usd) }]));
        const of = (role: string) => {
          const s = spend.find((r) => r.role === role);
          const h = held.get(role);
          return { tokens: (s?.tokens ?? 0) + (h?.tokens ?? 0), usd: (s?.usd ?? 0) + (h?.usd ?? 0) };
        };
        const total = spend.map((r) => of(r.role)).reduce((a, b) => ({ tokens: a.tokens + b.tokens, usd: a.usd + b.usd }), { tokens: 0, usd: 0 });
        const refused =
          breach("run", req.limits, total.tokens, total.usd) ?? breach(req.role, req.limits.roles?.[req.role], of(req.role).tokens, of(req.role).usd);
        if (refused) return refused;
        const mine = spend.find((r) => r.role === req.role) ?? { max_tokens: 0, max_usd: 0 };
        const id = Number(sql.get(SQL.nextId)!.id);
        sql.write("reserve", [{ text: SQL.insert, values: [id, req.runId, req.role, req.owner, mine.max_tokens, mine.max_usd, req.now + req.ttlMs] }]);
        return { kind: "reserved", id, tokens: mine.max_tokens, usd: mine.max_usd };
      }),
    settle: (id, s) =>
      sql.transaction(() => {
        sql.get(SQL.lock, [s.runId]);
        sql.write("settle", [{ text: SQL.drop, values: [id] }]);
        seed(sql, s.runId, s.role);
        sql.write("settle", [{ text: SQL.add, values: [s.tokens, s.usd, s.tokens, s.usd, s.runId, s.role] }]);
      }),
    cancel: (id) => {
      sql.write("cancel", [{ text: SQL.drop, values: [id] }]);
    },
    spent: (runId): LedgerSpend[] => sql.all(SQL.spend, [runId]).map((r) => ({ role: String(r.role), tokens: Number(r.tokens), usd: Number(r.usd) })),
  };
}
