// The budget ledger (../reservations.ts) on a SQLite connection: its writes fail as STORAGE_FAILED like any other.
import * as ledger from "../reservations.js";
import type { SqliteConnection } from "./connection.js";

export function sqliteLedger(conn: SqliteConnection): ledger.BudgetLedger {
  return {
    reserve: (req) => conn.write("reserve", () => ledger.reserve(conn.db, req)),
    settle: (id, spend) => conn.write("settle", () => ledger.settle(conn.db, id, spend)),
    cancel: (id) => conn.write("cancel", () => ledger.cancel(conn.db, id)),
    spent: (runId) => ledger.spent(conn.db, runId),
  };
}
