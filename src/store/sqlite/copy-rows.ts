// Copying runs (../copy-rows.ts) on SQLite: the shared SELECTs with a named parameter, lookups and
// inserts one prepared statement per row (cheap in-process); copied events are indexed for search in one batch.
import { COPY_TABLES, RUN_ROWS_SQL, stripLocal, type CopyRows, type CopyTable } from "../copy-rows.js";
import type { Row } from "../rows.js";
import type { SqliteConnection } from "./connection.js";
import { indexPendingEvents } from "./search.js";

const keyOf = (table: CopyTable) => COPY_TABLES.find((t) => t.table === table)!.key;

export function sqliteCopyRows(conn: SqliteConnection): CopyRows {
  return {
    runRows(runId) {
      return COPY_TABLES.map(({ table }) => ({ table, rows: (conn.stmt(RUN_ROWS_SQL[table]).all({ run: runId }) as Row[]).map(stripLocal) }));
    },
    existingRows(table, rows) {
      const key = keyOf(table);
      const s = conn.stmt(`SELECT * FROM ${table} WHERE ${key.map((k) => `${k} = ?`).join(" AND ")}`);
      return rows.flatMap((r) => (s.all(...key.map((k) => r[k])) as Row[]).map(stripLocal));
    },
    insertRows(table, rows) {
      if (rows.length === 0) return;
      conn.write("copyRows", () => {
        for (const r of rows) {
          const cols = Object.keys(r);
          conn.stmt(`INSERT INTO ${table} (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`).run(...cols.map((c) => r[c]));
        }
        // Copied events are searchable at once, indexed in the copy's own transaction.
        if (table === "events") indexPendingEvents(conn);
      });
    },
  };
}
