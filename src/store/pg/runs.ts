// Runs, cells and the run-cell links on PostgreSQL (the SQLite statements: ../sqlite/runs.ts).
import { CELL_FACTORS, factorColumnValue } from "../../spec/index.js";
import type { RunStatus } from "../records.js";
import { cellFromRow, json, runFromRow } from "../rows.js";
import { COUNTING_EPISODE } from "../sqlite/membership.js";
import type { CellRows, RunRows } from "../store.js";
import type { PgSql } from "./connection.js";

export function pgRunRows(sql: PgSql): RunRows {
  const getRun: RunRows["getRun"] = (id) => {
    const row = sql.get(`SELECT * FROM runs WHERE id = $1`, [id]);
    return row ? runFromRow(row) : undefined;
  };
  return {
    putRun(run) {
      const now = sql.now();
      sql.write("putRun", [
        {
          text: `INSERT INTO runs (id, name, spec_hash, spec_json, source_file, status, created_at, updated_at, provenance_json)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) ON CONFLICT (id) DO NOTHING`,
          values: [run.id, run.name, run.spec_hash, json(run.spec), run.source_file, run.status, now, json(run.provenance)],
        },
      ]);
      return getRun(run.id)!;
    },
    setRunStatus(id, status, provenance) {
      if (provenance)
        sql.write("setRunStatus", [
          { text: `UPDATE runs SET status = $1, updated_at = $2, provenance_json = $3 WHERE id = $4`, values: [status, sql.now(), json(provenance), id] },
        ]);
      else sql.write("setRunStatus", [{ text: `UPDATE runs SET status = $1, updated_at = $2 WHERE id = $3`, values: [status, sql.now(), id] }]);
    },
    getRun,
    findRuns(prefix) {
      return sql.all(`SELECT * FROM runs WHERE id = $1 OR starts_with(id, $1) OR name = $1 ORDER BY created_at DESC, id`, [prefix]).map(runFromRow);
    },
    listRuns() {
      const rows = sql.all(
        `SELECT r.id, r.name, r.status, r.created_at,
                COUNT(e.id) AS episodes,
                COALESCE(SUM(CASE WHEN e.status = 'done' THEN 1 ELSE 0 END), 0) AS done,
                COALESCE(SUM(CASE WHEN e.status = 'failed' THEN 1 ELSE 0 END), 0) AS failed
           FROM runs r
           LEFT JOIN run_cells rc ON rc.run_id = r.id
           LEFT JOIN episodes e ON ${COUNTING_EPISODE}
          GROUP BY r.id, r.name, r.status, r.created_at, r.rowid ORDER BY r.created_at, r.rowid`,
      );
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

const FACTOR_COLUMNS = CELL_FACTORS.map((f) => f.column);

export function pgCellRows(sql: PgSql): CellRows {
  const n = FACTOR_COLUMNS.length;
  const insertCell = `INSERT INTO cells (id, key_json, ${FACTOR_COLUMNS.join(", ")}, created_at)
     VALUES ($1, $2, ${FACTOR_COLUMNS.map((_, i) => `$${i + 3}`).join(", ")}, $${n + 3}) ON CONFLICT (id) DO NOTHING`;
  return {
    putCell(cell) {
      sql.write("putCell", [{ text: insertCell, values: [cell.id, json(cell.key), ...CELL_FACTORS.map((f) => factorColumnValue(f, cell)), sql.now()] }]);
    },
    getCell(id) {
      const row = sql.get(`SELECT * FROM cells WHERE id = $1`, [id]);
      return row ? cellFromRow(row) : undefined;
    },
    linkRunCell(runId, cellId, position, trials) {
      sql.write("linkRunCell", [
        {
          text: `INSERT INTO run_cells (run_id, cell_id, position, trials) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (run_id, cell_id) DO UPDATE SET position = excluded.position, trials = excluded.trials`,
          values: [runId, cellId, position, trials],
        },
      ]);
    },
    runCells(runId) {
      const rows = sql.all(
        `SELECT c.*, rc.position AS rc_position, rc.trials AS rc_trials FROM run_cells rc JOIN cells c ON c.id = rc.cell_id
          WHERE rc.run_id = $1 ORDER BY rc.position`,
        [runId],
      );
      return rows.map((r) => ({ cell: cellFromRow(r), position: Number(r.rc_position), trials: Number(r.rc_trials) }));
    },
  };
}
