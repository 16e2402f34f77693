// Full-text search over the text of events: SQLite FTS5. The index is filled in batches (migration
// 10): `indexPendingEvents` adds every event past the `search_progress` mark in one statement, inside
// the caller's transaction. The store calls it when an attempt's episode_end is written and before a
// writable search; a read-only reader instead searches the events past the mark through a scratch
// in-memory index of its own, so it finds running, crashed and copied episodes without writing.
// This file is SQLite-only by nature; another store answers the same query its own way.
import Database from "better-sqlite3";
import { textOf } from "../migrations/003-search.js";
import { ftsQuery, searchHitOf, type SearchHit } from "../search.js";
import type { SearchRows } from "../store.js";
import type { Row, SqliteConnection, Sql } from "./connection.js";
import { RUN_EPISODES } from "./membership.js";

const TOKENIZE = `tokenize = 'unicode61 remove_diacritics 2'`;
/** `col` names an episode of the run given twice as parameters (or any episode when it is null). */
const inRun = (col: string) => `(? IS NULL OR ${col} IN (SELECT e.id FROM ${RUN_EPISODES} WHERE rc.run_id = ?))`;
/** The events past the mark that carry text and are not indexed yet, with that text. */
const PENDING = `SELECT e.rowid AS id, e.episode_id, e.attempt, e.seq, ${textOf("e")} AS t FROM events e WHERE e.rowid > ?`;

const markOf = (sql: Sql): number => Number((sql.stmt(`SELECT indexed_through AS n FROM search_progress`).get() as Row).n);
const lastEvent = (sql: Sql): number => Number((sql.stmt(`SELECT coalesce(max(rowid), 0) AS n FROM events`).get() as Row).n);

/** Whether events were written past the index's mark. */
export function searchIndexBehind(sql: Sql): boolean {
  return lastEvent(sql) > markOf(sql);
}

/** Index every event past the mark in one statement and move the mark; call inside a write transaction. */
export function indexPendingEvents(sql: Sql): void {
  const from = markOf(sql);
  const to = lastEvent(sql);
  if (to <= from) return;
  sql
    .stmt(
      `INSERT OR IGNORE INTO event_text (episode_id, attempt, seq, text)
       SELECT episode_id, attempt, seq, t FROM (${PENDING} AND e.rowid <= ? ORDER BY e.rowid) WHERE t IS NOT NULL AND t <> ''`,
    )
    .run(from, to);
  sql.stmt(`UPDATE search_progress SET indexed_through = ?`).run(to);
}

type RankedHit = SearchHit & { rank: number };

const hitOf = (r: Row): RankedHit => ({ ...searchHitOf(r), rank: Number(r.rank) });

function indexedHits(sql: Sql, match: string, run: string | null, limit: number): RankedHit[] {
  const rows = sql
    .stmt(
      `SELECT t.episode_id, t.attempt, t.seq, ev.kind, ev.role, snippet(event_search, 0, char(2), char(3), '…', 24) AS snippet, rank
         FROM event_search JOIN event_text t ON t.id = event_search.rowid
         JOIN events ev ON ev.episode_id = t.episode_id AND ev.attempt = t.attempt AND ev.seq = t.seq
        WHERE event_search MATCH ? AND ${inRun("ev.episode_id")}
        ORDER BY rank LIMIT ?`,
    )
    .all(match, run, run, limit) as Row[];
  return rows.map(hitOf);
}

/**
 * Hits among the events past the mark, for a reader that may not index them: their text goes into a
 * scratch in-memory FTS5 table with the same tokenizer (same matching and snippets). Its bm25 ranks
 * them among themselves; they are merged with the indexed hits by that score.
 */
function pendingHits(sql: Sql, match: string, run: string | null, limit: number): RankedHit[] {
  const pending = sql
    .stmt(
      `SELECT p.id, p.t FROM (${PENDING}) p
        WHERE p.t IS NOT NULL AND p.t <> ''
          AND NOT EXISTS (SELECT 1 FROM event_text x WHERE x.episode_id = p.episode_id AND x.attempt = p.attempt AND x.seq = p.seq)
          AND ${inRun("p.episode_id")}`,
    )
    .all(markOf(sql), run, run) as Row[];
  if (pending.length === 0) return [];
  const scratch = new Database(":memory:");
  try {
    scratch.exec(`CREATE VIRTUAL TABLE pending USING fts5(text, ${TOKENIZE})`);
    const ins = scratch.prepare(`INSERT INTO pending (rowid, text) VALUES (?, ?)`);
    scratch.transaction(() => {
      for (const r of pending) ins.run(r.id, r.t);
    })();
    const found = scratch
      .prepare(`SELECT rowid AS id, snippet(pending, 0, char(2), char(3), '…', 24) AS snippet, rank FROM pending WHERE pending MATCH ? ORDER BY rank LIMIT ?`)
      .all(match, limit) as Row[];
    const ev = sql.stmt(`SELECT episode_id, attempt, seq, kind, role FROM events WHERE rowid = ?`);
    return found.map((f) => hitOf({ ...(ev.get(f.id) as Row), snippet: f.snippet, rank: f.rank }));
  } finally {
    scratch.close();
  }
}

export function sqliteSearchRows(conn: SqliteConnection): SearchRows {
  return {
    searchEvents(query, opts = {}) {
      const match = ftsQuery(query);
      if (!match) return [];
      const run = opts.runId ?? null;
      const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 50), 1), 1000);
      const strip = ({ rank: _, ...h }: RankedHit): SearchHit => h;
      if (!conn.db.readonly) {
        // A writer indexes what is pending first; the search is then the index's alone.
        if (searchIndexBehind(conn)) conn.write("indexSearch", () => conn.transaction(() => indexPendingEvents(conn)));
        return indexedHits(conn, match, run, limit).map(strip);
      }
      // One snapshot for both parts: the mark and the events past it are read together.
      return conn.transaction(() => {
        const indexed = indexedHits(conn, match, run, limit);
        const pending = pendingHits(conn, match, run, limit);
        if (pending.length === 0) return indexed.map(strip);
        // Stable: at an equal score the indexed hit (the older event) comes first.
        return [...indexed, ...pending]
          .sort((a, b) => a.rank - b.rank)
          .slice(0, limit)
          .map(strip);
      });
    },
  };
}
