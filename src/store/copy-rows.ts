// What copying runs between databases needs of a store (copy.ts does the copying): a run's record as
// raw rows, table by table in the order they can be inserted; the rows a store already has under the
// same keys; and inserting raw rows as they are (timestamps included, nothing recomputed). The SQL that
// selects a run's rows is written once here; each store runs it with its own parameter syntax.
import { PeerlabError } from "../errors.js";
import type { Row } from "./rows.js";
import { RUN_EPISODES } from "./sqlite/membership.js";

export interface TableRows {
  table: CopyTable;
  rows: Row[];
}

export type CopyTable = (typeof COPY_TABLES)[number]["table"];

/** The tables a run's record spans, parents first, with each table's key columns (text unless listed as integers). */
export const COPY_TABLES = [
  { table: "fixtures", key: ["hash"], ints: [] },
  { table: "runs", key: ["id"], ints: [] },
  { table: "cells", key: ["id"], ints: [] },
  { table: "run_cells", key: ["run_id", "cell_id"], ints: [] },
  { table: "episodes", key: ["id"], ints: [] },
  { table: "attempts", key: ["episode_id", "attempt"], ints: ["attempt"] },
  { table: "events", key: ["episode_id", "attempt", "seq"], ints: ["attempt", "seq"] },
  { table: "model_calls", key: ["episode_id", "attempt", "seq"], ints: ["attempt", "seq"] },
  { table: "judgments", key: ["episode_id", "attempt", "scorer", "version"], ints: ["attempt"] },
  { table: "memories", key: ["namespace", "key"], ints: [] },
] as const satisfies readonly { table: string; key: readonly string[]; ints: readonly string[] }[];

/** The run's episodes and, recursively, the branches taken from them (parameter :run). */
const EPISODES = `WITH RECURSIVE eps(id, depth) AS (
    SELECT e.id, 0 FROM ${RUN_EPISODES} WHERE rc.run_id = :run
    UNION SELECT b.id, eps.depth + 1 FROM episodes b JOIN eps ON b.parent_id = eps.id)`;

/** One SELECT per table for a run's rows (parameter :run), in insertion order. Fixtures are content-addressed: every one is copied. */
export const RUN_ROWS_SQL: Readonly<Record<CopyTable, string>> = {
  fixtures: `SELECT * FROM fixtures ORDER BY hash`,
  runs: `SELECT * FROM runs WHERE id = :run`,
  cells: `SELECT * FROM cells WHERE id IN (SELECT cell_id FROM run_cells WHERE run_id = :run) ORDER BY id`,
  run_cells: `SELECT * FROM run_cells WHERE run_id = :run ORDER BY position, cell_id`,
  episodes: `${EPISODES} SELECT x.* FROM episodes x JOIN (SELECT id, MIN(depth) AS depth FROM eps GROUP BY id) d ON d.id = x.id ORDER BY d.depth, x.id`,
  attempts: `${EPISODES} SELECT * FROM attempts WHERE episode_id IN (SELECT id FROM eps) ORDER BY episode_id, attempt`,
  events: `${EPISODES} SELECT * FROM events WHERE episode_id IN (SELECT id FROM eps) ORDER BY episode_id, attempt, seq`,
  model_calls: `${EPISODES} SELECT * FROM model_calls WHERE episode_id IN (SELECT id FROM eps) ORDER BY episode_id, attempt, seq`,
  judgments: `${EPISODES} SELECT * FROM judgments WHERE episode_id IN (SELECT id FROM eps) ORDER BY episode_id, attempt, scorer, version`,
  memories: `${EPISODES} SELECT * FROM memories WHERE episode_id IN (SELECT id FROM eps) ORDER BY namespace, key`,
};

/** Columns a store keeps for itself and a copy leaves out (PostgreSQL's insertion order of runs). */
export const LOCAL_COLUMNS: ReadonlySet<string> = new Set(["rowid"]);

export interface CopyRows {
  /** A run's record as raw rows, table by table in insertion order (empty tables included). */
  runRows(runId: string): TableRows[];
  /** The rows of `table` this store holds under the keys of `rows` (in no particular order). */
  existingRows(table: CopyTable, rows: readonly Row[]): Row[];
  /** Insert raw rows into `table` as they are. */
  insertRows(table: CopyTable, rows: readonly Row[]): void;
}

/** A column name as the schema writes them: copies insert by column name, so nothing else may pass (a crafted source file). */
const COLUMN = /^[a-z_][a-z0-9_]{0,62}$/;

export function stripLocal(row: Row): Row {
  const out: Row = Object.create(null) as Row;
  for (const [k, v] of Object.entries(row)) {
    if (LOCAL_COLUMNS.has(k)) continue;
    if (!COLUMN.test(k))
      throw new PeerlabError("STORAGE_FAILED", `the source database has a column ${JSON.stringify(k)} that no peerlab schema has; nothing was copied`);
    out[k] = v;
  }
  return out;
}
