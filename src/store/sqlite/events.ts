// The events of an attempt (table events; truncation also drops the model calls past the kept tail).
// The batch that ends an attempt (its episode_end) also brings the full-text index up to date, in the
// same transaction (./search.ts): one FTS5 write per episode instead of one per committed batch.
import { eventFromRow, json } from "../rows.js";
import type { EventRows } from "../store.js";
import type { Row, Sql } from "./connection.js";
import { indexPendingEvents } from "./search.js";

/** `indexOnEnd` false (benchmarks only): the writer leaves indexing to the next search. */
export function sqliteEventRows(sql: Sql, opts: { indexOnEnd: boolean } = { indexOnEnd: true }): EventRows {
  return {
    appendEvents(events) {
      if (events.length === 0) return;
      const now = sql.now();
      const ins = sql.stmt(
        `INSERT INTO events (episode_id, attempt, seq, kind, role, payload_json, meta_json, hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      sql.write("appendEvents", () =>
        sql.transaction(() => {
          for (const e of events) ins.run(e.episode_id, e.attempt, e.seq, e.kind, e.role, json(e.payload), e.meta == null ? null : json(e.meta), e.hash, now);
          if (opts.indexOnEnd && events.some((e) => e.kind === "episode_end")) indexPendingEvents(sql);
        }),
      );
    },
    listEvents(episodeId, attempt) {
      const rows = sql.stmt(`SELECT * FROM events WHERE episode_id = ? AND attempt = ? ORDER BY seq`).all(episodeId, attempt) as Row[];
      return rows.map(eventFromRow);
    },
    countEvents(episodeId, attempt) {
      return Number((sql.stmt(`SELECT COUNT(*) AS n FROM events WHERE episode_id = ? AND attempt = ?`).get(episodeId, attempt) as Row).n);
    },
    truncateEvents(episodeId, attempt, keepThroughSeq) {
      sql.write("truncateEvents", () =>
        sql.transaction(() => {
          sql.stmt(`DELETE FROM events WHERE episode_id = ? AND attempt = ? AND seq > ?`).run(episodeId, attempt, keepThroughSeq);
          sql.stmt(`DELETE FROM model_calls WHERE episode_id = ? AND attempt = ? AND seq > ?`).run(episodeId, attempt, keepThroughSeq);
        }),
      );
    },
  };
}
