// The stored record exactly as written, for verifying it (verify-log.ts, verify-db.ts): events and
// model calls as raw rows (their JSON text unparsed), judgments with their bindings (migration 5),
// SQLite's own integrity check, and every episode id.
import { judgmentBinding, type StoredJudgmentBinding } from "../judgment-binding.js";
import { judgmentFromRow } from "../rows.js";
import type { RecordRows } from "../store.js";
import type { Row, Sql } from "./connection.js";

export function sqliteRecordRows(sql: Sql): RecordRows {
  return {
    storedEvents(episodeId, attempt) {
      return sql
        .stmt(`SELECT seq, kind, role, payload_json, meta_json, hash FROM events WHERE episode_id = ? AND attempt = ? ORDER BY seq`)
        .all(episodeId, attempt) as Row[];
    },
    storedModelCalls(episodeId, attempt) {
      return sql.stmt(`SELECT * FROM model_calls WHERE episode_id = ? AND attempt = ? ORDER BY seq`).all(episodeId, attempt) as Row[];
    },
    judgmentBindings(episodeId, attempt): StoredJudgmentBinding[] {
      const rows = sql.stmt(`SELECT * FROM judgments WHERE episode_id = ? AND attempt = ? ORDER BY scorer, version`).all(episodeId, attempt) as Row[];
      return rows.map((r) => ({ judgment: judgmentFromRow(r), digest: (r.digest as string | null) ?? null, binding: (r.binding as string | null) ?? null }));
    },
    bindJudgment(episodeId, attempt, scorer, version) {
      sql.write("bindJudgment", () => {
        const row = sql
          .stmt(`SELECT * FROM judgments WHERE episode_id = ? AND attempt = ? AND scorer = ? AND version = ?`)
          .get(episodeId, attempt, scorer, version) as Row | undefined;
        if (!row) return;
        const att = sql.stmt(`SELECT digest FROM attempts WHERE episode_id = ? AND attempt = ?`).get(episodeId, attempt) as Row | undefined;
        const digest = (att?.digest as string | null | undefined) ?? null;
        sql
          .stmt(`UPDATE judgments SET digest = ?, binding = ? WHERE episode_id = ? AND attempt = ? AND scorer = ? AND version = ?`)
          .run(digest, judgmentBinding(judgmentFromRow(row), digest), episodeId, attempt, scorer, version);
      });
    },
    integrityCheck() {
      return (sql.stmt("PRAGMA integrity_check").all() as Row[]).map((r) => String(Object.values(r)[0]));
    },
    episodeIds() {
      return (sql.stmt("SELECT id FROM episodes ORDER BY id").all() as Row[]).map((r) => String(r.id));
    },
  };
}
