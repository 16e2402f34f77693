// Copying runs (../copy-rows.ts) on PostgreSQL: the shared SELECTs with $1, lookups by key in one
// statement per table (the keys passed as one JSON array), inserts as multi-row INSERTs.
import { COPY_TABLES, RUN_ROWS_SQL, stripLocal, type CopyRows } from "../copy-rows.js";
import type { PgSql } from "./connection.js";

const CHUNK = 500;

export function pgCopyRows(sql: PgSql): CopyRows {
  return {
    runRows(runId) {
      return COPY_TABLES.map(({ table }) => {
        // Fixtures are selected whole (no parameter): PostgreSQL refuses a value bound to no placeholder.
        const text = RUN_ROWS_SQL[table].replaceAll(":run", "$1::text");
        return { table, rows: sql.all(text, text.includes("$1") ? [runId] : []).map(stripLocal) };
      });
    },
    existingRows(table, rows) {
      if (rows.length === 0) return [];
      const spec = COPY_TABLES.find((t) => t.table === table)!;
      const ints: readonly string[] = spec.ints;
      const cols = spec.key.map((k) => `${k} ${ints.includes(k) ? "integer" : 'text COLLATE "C"'}`).join(", ");
      const keys = rows.map((r) => Object.fromEntries(spec.key.map((k) => [k, r[k]])));
      return sql
        .all(`SELECT t.* FROM ${table} t JOIN json_to_recordset($1::json) AS k(${cols}) USING (${spec.key.join(", ")})`, [JSON.stringify(keys)])
        .map(stripLocal);
    },
    insertRows(table, rows) {
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        const cols = Object.keys(chunk[0]!);
        const values: unknown[] = [];
        const tuples = chunk.map((r) => {
          const marks = cols.map((c) => {
            values.push(r[c]);
            return `$${values.length}`;
          });
          return `(${marks.join(", ")})`;
        });
        sql.write("copyRows", [{ text: `INSERT INTO ${table} (${cols.join(", ")}) VALUES ${tuples.join(", ")}`, values }]);
      }
    },
  };
}
