// Runs, cells and the run-cell links (tables runs, cells, run_cells).
import { CELL_FACTORS, factorColumnValue } from "../../spec/index.js";
import type { RunStatus } from "../records.js";
import { cellFromRow, json, runFromRow } from "../rows.js";
import type { CellRows, RunRows } from "../store.js";
import type { Row, Sql } from "./connection.js";
import { COUNTING_EPISODE } from "./membership.js";

export function sqliteRunRows(sql: Sql): RunRows {
  const getRun: RunRows["getRun"] = (id) => {
    const row = sql.stmt(`SELECT * FROM runs WHERE id = ?`).get(id) as Row | undefined;
    return row ? runFromRow(row) : undefined;
  };
  return {
    putRun(run) {
      const now = sql.now();
      sql.write("putRun", () =>
        sql
          .stmt(
            `INSERT INTO runs (id, name, spec_hash, spec_json, source_file, status, created_at, updated_at, provenance_json)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
          )
          .run(run.id, run.name, run.spec_hash, json(run.spec), run.source_file, run.status, now, now, json(run.provenance)),
      );
      return getRun(run.id)!;
    },
    setRunStatus(id, status, provenance) {
      sql.write("setRunStatus", () => {
        if (provenance) sql.stmt(`UPDATE runs SET status = ?, updated_at = ?, provenance_json = ? WHERE id = ?`).run(status, sql.now(), json(provenance), id);
        else sql.stmt(`UPDATE runs SET status = ?, updated_at = ? WHERE id = ?`).run(status, sql.now(), id);
      });
    },
    getRun,
    findRuns(prefix) {
      const rows = sql
        .stmt(`SELECT * FROM runs WHERE id = ? OR substr(id, 1, length(?)) = ? OR name = ? ORDER BY created_at DESC, id`)
        .all(prefix, prefix, prefix, prefix) as Row[];
      return rows.map(runFromRow);
    },
    listRuns() {
      const rows = sql
        .stmt(
          `SELECT r.id, r.name, r.status, r.created_at,
                  COUNT(e.id) AS episodes,
                  COALESCE(SUM(CASE WHEN e.status = 'done' THEN 1 ELSE 0 END), 0) AS done,
                  COALESCE(SUM(CASE WHEN e.status = 'failed' THEN 1 ELSE 0 END), 0) AS failed
             FROM runs r
             LEFT JOIN run_cells rc ON rc.run_id = r.id
             LEFT JOIN episodes e ON ${COUNTING_EPISODE}
            GROUP BY r.id, r.name, r.status, r.created_at ORDER BY r.created_at, r.rowid`,
        )
        .all() as Row[];
      return rows.map((r) => ({
        id: String(r.id),
        name: String(r.name),
        status: r.status as RunStatus,
        created: String(r.created_at),
        episodes: Number(r.episodes),
        done: Number(r.done),
        failed: Number(r.failed),
      }));
    },
  };
}

/** The cells table's factor columns, one per factor of the tuple, in its order. */
const FACTOR_COLUMNS = CELL_FACTORS.map((f) => f.column);

export function sqliteCellRows(sql: Sql): CellRows {
  const insertCell = `INSERT INTO cells (id, key_json, ${FACTOR_COLUMNS.join(", ")}, created_at)
     VALUES (?, ?, ${FACTOR_COLUMNS.map(() => "?").join(", ")}, ?) ON CONFLICT(id) DO NOTHING`;
  return {
    putCell(cell) {
      sql.write("putCell", () => sql.stmt(insertCell).run(cell.id, json(cell.key), ...CELL_FACTORS.map((f) => factorColumnValue(f, cell)), sql.now()));
    },
    getCell(id) {
      const row = sql.stmt(`SELECT * FROM cells WHERE id = ?`).get(id) as Row | undefined;
      return row ? cellFromRow(row) : undefined;
    },
    linkRunCell(runId, cellId, position, trials) {
      sql.write("linkRunCell", () =>
        sql
          .stmt(
            `INSERT INTO run_cells (run_id, cell_id, position, trials) VALUES (?, ?, ?, ?)
             ON CONFLICT(run_id, cell_id) DO UPDATE SET position = excluded.position, trials = excluded.trials`,
          )
          .run(runId, cellId, position, trials),
      );
    },
    runCells(runId) {
      const rows = sql
        .stmt(
          `SELECT c.*, rc.position AS rc_position, rc.trials AS rc_trials FROM run_cells rc JOIN cells c ON c.id = rc.cell_id
            WHERE rc.run_id = ? ORDER BY rc.position`,
        )
        .all(runId) as Row[];
      return rows.map((r) => ({ cell: cellFromRow(r), position: Number(r.rc_position), trials: Number(r.rc_trials) }));
    },
  };
}
