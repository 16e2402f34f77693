// Full-text search over the text of events: SQLite FTS5 (migration 3 keeps the index as events are
// written). This file is SQLite-only by nature; another store answers the same query its own way.
import { ftsQuery } from "../search.js";
import type { SearchRows } from "../store.js";
import type { Row, Sql } from "./connection.js";
import { RUN_EPISODES } from "./membership.js";

export function sqliteSearchRows(sql: Sql): SearchRows {
  return {
    searchEvents(query, opts = {}) {
      const match = ftsQuery(query);
      if (!match) return [];
      const run = opts.runId ?? null;
      const rows = sql
        .stmt(
          `SELECT t.episode_id, t.attempt, t.seq, ev.kind, ev.role, snippet(event_search, 0, char(2), char(3), '…', 24) AS snippet
             FROM event_search JOIN event_text t ON t.id = event_search.rowid
             JOIN events ev ON ev.episode_id = t.episode_id AND ev.attempt = t.attempt AND ev.seq = t.seq
            WHERE event_search MATCH ?
              AND (? IS NULL OR t.episode_id IN (SELECT e.id FROM ${RUN_EPISODES} WHERE rc.run_id = ?))
            ORDER BY rank LIMIT ?`,
        )
        .all(match, run, run, Math.min(Math.max(Math.trunc(opts.limit ?? 50), 1), 1000)) as Row[];
      return rows.map((r) => ({
        episode_id: String(r.episode_id),
        attempt: Number(r.attempt),
        seq: Number(r.seq),
        kind: String(r.kind),
        role: (r.role as string | null) ?? null,
        snippet: String(r.snippet),
      }));
    },
  };
}
