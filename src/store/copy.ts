// Copying runs between two databases (SQLite or PostgreSQL, either way): every row of each run's record
// as it is, in one transaction of the destination. A run already there with identical rows is skipped;
// any row the destination holds under the same key with other content is a conflict and nothing is
// copied. Before the transaction commits the copy is verified: the destination reads back exactly the
// source's rows and every attempt verifies there as it does in the source. The source is only read.
import { PeerlabError } from "../errors.js";
import { canonicalJson } from "../util/index.js";
import { COPY_TABLES, type TableRows } from "./copy-rows.js";
import type { Row } from "./rows.js";
import type { Store } from "./store.js";
import { verifyEpisode } from "./verify-log.js";

export interface CopiedRun {
  id: string;
  name: string;
  /** copied: rows were written; identical: the destination already held the same record. */
  outcome: "copied" | "identical";
  /** Rows written per table (zero for an identical run). */
  rows: number;
  episodes: number;
}

const keyText = (table: string, row: Row): string => {
  const spec = COPY_TABLES.find((t) => t.table === table)!;
  return canonicalJson(spec.key.map((k) => row[k]));
};

const same = (a: Row, b: Row): boolean => canonicalJson(a) === canonicalJson(b);

/** Which runs to copy: the given ids (each must name exactly one run of the source), or all of them. */
function pickRuns(from: Store, refs: readonly string[]): { id: string; name: string }[] {
  if (refs.length === 0) return from.listRuns().map((r) => ({ id: r.id, name: r.name }));
  return refs.map((ref) => {
    const found = from.findRuns(ref);
    if (found.length === 0) throw new PeerlabError("NOT_FOUND", `no run ${JSON.stringify(ref)} in the source database`);
    if (found.length > 1) throw new PeerlabError("ARGS_INVALID", `run ${JSON.stringify(ref)} is ambiguous: ${found.map((r) => r.id).join(", ")}`);
    return { id: found[0]!.id, name: found[0]!.name };
  });
}

const intactness = (store: Store, episodeIds: readonly string[]): string =>
  canonicalJson(episodeIds.flatMap((id) => verifyEpisode(store, id).map((c) => [c.episode_id, c.attempt, c.intact])));

export function copyRuns(from: Store, to: Store, refs: readonly string[] = []): CopiedRun[] {
  const runs = pickRuns(from, refs);
  const dumps = from.transaction(() => runs.map((r) => ({ run: r, tables: from.runRows(r.id) })));
  return to.transaction(() =>
    dumps.map(({ run, tables }) => {
      let written = 0;
      for (const { table, rows } of tables) {
        const held = new Map(to.existingRows(table, rows).map((r) => [keyText(table, r), r]));
        const missing: Row[] = [];
        for (const row of rows) {
          const there = held.get(keyText(table, row));
          if (!there) missing.push(row);
          else if (!same(there, row)) {
            throw new PeerlabError(
              "ARGS_INVALID",
              `run ${run.id} conflicts with the destination: its ${table} row ${keyText(table, row)} is there with other content; nothing was copied`,
            );
          }
        }
        to.insertRows(table, missing);
        written += missing.length;
      }
      const episodes = tables.find((t) => t.table === "episodes")!.rows.map((r) => String(r.id));
      verifyCopy(run.id, tables, to.runRows(run.id));
      if (intactness(from, episodes) !== intactness(to, episodes)) {
        throw new PeerlabError("STORAGE_FAILED", `run ${run.id}: the copy does not verify as the source does; nothing was copied`);
      }
      return { id: run.id, name: run.name, outcome: written === 0 ? "identical" : "copied", rows: written, episodes: episodes.length };
    }),
  );
}

/** The destination must read back every source row exactly (it may hold more fixtures than the source). */
function verifyCopy(runId: string, source: readonly TableRows[], copy: readonly TableRows[]): void {
  for (const { table, rows } of source) {
    const got = new Map(copy.find((t) => t.table === table)!.rows.map((r) => [keyText(table, r), r]));
    for (const row of rows) {
      const there = got.get(keyText(table, row));
      if (!there || !same(there, row))
        throw new PeerlabError(
          "STORAGE_FAILED",
          `run ${runId}: the copied ${table} row ${keyText(table, row)} does not read back as written; nothing was copied`,
        );
    }
  }
}
