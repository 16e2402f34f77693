// Budget reservations: the port through which every process working on a run spends one budget, and
// its SQLite implementation. Before a model call a process reserves the largest single call its role
// has made so far; the reservation is refused when what the run (or the role) has spent plus every
// reservation still in flight, any process's, has reached a limit. When the call returns, the
// reservation is settled: dropped, and the call's real cost added. One IMMEDIATE transaction decides,
// so N processes cannot together pass a limit that one process would have stopped at. Times come from
// the caller's injected clock.
import type Database from "better-sqlite3";

export interface LedgerLimit {
  usd?: number;
  tokens?: number;
}

export interface LedgerLimits extends LedgerLimit {
  roles?: Readonly<Record<string, LedgerLimit | undefined>>;
}

export interface ReserveRequest {
  runId: string;
  role: string;
  owner: string;
  limits: LedgerLimits;
  now: number;
  /** How long the reservation counts if its process never settles it (killed). */
  ttlMs: number;
}

export type ReserveOutcome =
  | { kind: "reserved"; id: number; tokens: number; usd: number }
  | { kind: "refused"; scope: string; limit: "usd" | "tokens"; spent: number; allowed: number };

export interface LedgerSpend {
  role: string;
  tokens: number;
  usd: number;
}

export interface BudgetLedger {
  reserve(req: ReserveRequest): ReserveOutcome;
  /** Drop the reservation and add the call's real spend to its run and role. */
  settle(id: number, spend: { runId: string; role: string; tokens: number; usd: number }): void;
  /** Drop a reservation whose call was not made or failed without spending. */
  cancel(id: number): void;
  /** What each role of the run has spent, as the ledger counts it (seeded from recorded calls). */
  spent(runId: string): LedgerSpend[];
}

/** Rounding in sums of per-call costs must not keep a reached dollar limit from counting as reached. */
const USD_EPSILON = 1e-9;

const SQL = {
  seeded: `SELECT 1 FROM budget_spend WHERE run_id = ? LIMIT 1`,
  usage: `SELECT m.role, SUM(CASE WHEN m.cache_hit = 0 THEN m.input_tokens + m.output_tokens ELSE 0 END) AS tokens, SUM(m.cost_usd) AS usd,
                 MAX(CASE WHEN m.cache_hit = 0 THEN m.input_tokens + m.output_tokens ELSE 0 END) AS max_tokens, MAX(m.cost_usd) AS max_usd
            FROM run_cells rc JOIN episodes e ON e.cell_id = rc.cell_id AND e.trial < rc.trials AND e.parent_id IS NULL
            JOIN model_calls m ON m.episode_id = e.id
           WHERE rc.run_id = ? GROUP BY m.role`,
  seed: `INSERT OR IGNORE INTO budget_spend (run_id, role, tokens, usd, max_tokens, max_usd) VALUES (?, ?, ?, ?, ?, ?)`,
  spend: `SELECT role, tokens, usd, max_tokens, max_usd FROM budget_spend WHERE run_id = ? ORDER BY role`,
  held: `SELECT role, SUM(tokens) AS tokens, SUM(usd) AS usd FROM budget_reservations WHERE run_id = ? AND expires_at > ? GROUP BY role`,
  insert: `INSERT INTO budget_reservations (run_id, role, owner, tokens, usd, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
  drop: `DELETE FROM budget_reservations WHERE id = ?`,
  expired: `DELETE FROM budget_reservations WHERE run_id = ? AND expires_at <= ?`,
  add: `UPDATE budget_spend SET tokens = tokens + ?, usd = usd + ?, max_tokens = MAX(max_tokens, ?), max_usd = MAX(max_usd, ?) WHERE run_id = ? AND role = ?`,
} as const;

interface SpendRow {
  role: string;
  tokens: number;
  usd: number;
  max_tokens: number;
  max_usd: number;
}

/** The first use of a run's ledger counts what its recorded calls spent (earlier invocations, other versions). */
function seed(db: Database.Database, runId: string, role: string): void {
  if (db.prepare(SQL.seeded).get(runId) === undefined) {
    for (const r of db.prepare(SQL.usage).all(runId) as SpendRow[]) {
      db.prepare(SQL.seed).run(runId, r.role, Number(r.tokens), Number(r.usd), Number(r.max_tokens), Number(r.max_usd));
    }
  }
  db.prepare(SQL.seed).run(runId, role, 0, 0, 0, 0);
}

function breach(scope: string, limit: LedgerLimit | undefined, tokens: number, usd: number): ReserveOutcome | null {
  if (limit?.tokens !== undefined && tokens >= limit.tokens) return { kind: "refused", scope, limit: "tokens", spent: tokens, allowed: limit.tokens };
  if (limit?.usd !== undefined && usd >= limit.usd - USD_EPSILON) return { kind: "refused", scope, limit: "usd", spent: usd, allowed: limit.usd };
  return null;
}

export function reserve(db: Database.Database, req: ReserveRequest): ReserveOutcome {
  const run = db.transaction((): ReserveOutcome => {
    seed(db, req.runId, req.role);
    db.prepare(SQL.expired).run(req.runId, req.now);
    const spend = db.prepare(SQL.spend).all(req.runId) as SpendRow[];
    const held = new Map((db.prepare(SQL.held).all(req.runId, req.now) as LedgerSpend[]).map((h) => [h.role, h]));
    const of = (role: string) => {
      const s = spend.find((r) => r.role === role);
      const h = held.get(role);
      return { tokens: (s?.tokens ?? 0) + Number(h?.tokens ?? 0), usd: (s?.usd ?? 0) + Number(h?.usd ?? 0) };
    };
    const total = spend.map((r) => of(r.role)).reduce((a, b) => ({ tokens: a.tokens + b.tokens, usd: a.usd + b.usd }), { tokens: 0, usd: 0 });
    const refused = breach("run", req.limits, total.tokens, total.usd) ?? breach(req.role, req.limits.roles?.[req.role], of(req.role).tokens, of(req.role).usd);
    if (refused) return refused;
    const mine = spend.find((r) => r.role === req.role)!;
    const id = Number(db.prepare(SQL.insert).run(req.runId, req.role, req.owner, mine.max_tokens, mine.max_usd, req.now + req.ttlMs).lastInsertRowid);
    return { kind: "reserved", id, tokens: mine.max_tokens, usd: mine.max_usd };
  });
  return run.immediate();
}

export function settle(db: Database.Database, id: number, s: { runId: string; role: string; tokens: number; usd: number }): void {
  const run = db.transaction(() => {
    db.prepare(SQL.drop).run(id);
    seed(db, s.runId, s.role);
    db.prepare(SQL.add).run(s.tokens, s.usd, s.tokens, s.usd, s.runId, s.role);
  });
  run.immediate();
}

export function cancel(db: Database.Database, id: number): void {
  db.prepare(SQL.drop).run(id);
}

export function spent(db: Database.Database, runId: string): LedgerSpend[] {
  return (db.prepare(SQL.spend).all(runId) as SpendRow[]).map((r) => ({ role: r.role, tokens: Number(r.tokens), usd: Number(r.usd) }));
}
