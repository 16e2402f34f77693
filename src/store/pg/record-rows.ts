// The stored record exactly as written, for verification, on PostgreSQL (SQLite: ../sqlite/record-rows.ts).
// There is no file to check: the integrity check confirms the schema's tables answer, and the records
// themselves are checked by the hash chain and digests as on SQLite.
import { judgmentBinding, type StoredJudgmentBinding } from "../judgment-binding.js";
import { judgmentFromRow } from "../rows.js";
import type { RecordRows } from "../store.js";
import type { PgSql } from "./connection.js";

const TABLES = [
  "runs",
  "cells",
  "run_cells",
  "episodes",
  "attempts",
  "events",
  "model_calls",
  "judgments",
  "memories",
  "event_text",
  "fixtures",
  "response_cache",
  "episode_claims",
  "run_workers",
  "budget_spend",
  "budget_reservations",
  "rate_limit_keys",
  "rate_limit_calls",
];

export function pgRecordRows(sql: PgSql): RecordRows {
  return {
    storedEvents(episodeId, attempt) {
      return sql.all(`SELECT seq, kind, role, payload_json, meta_json, hash FROM events WHERE episode_id = $1 AND attempt = $2 ORDER BY seq`, [
        episodeId,
        attempt,
      ]);
    },
    storedModelCalls(episodeId, attempt) {
      return sql.all(`SELECT * FROM model_calls WHERE episode_id = $1 AND attempt = $2 ORDER BY seq`, [episodeId, attempt]);
    },
    judgmentBindings(episodeId, attempt): StoredJudgmentBinding[] {
      const rows = sql.all(`SELECT * FROM judgments WHERE episode_id = $1 AND attempt = $2 ORDER BY scorer, version`, [episodeId, attempt]);
      return rows.map((r) => ({ judgment: judgmentFromRow(r), digest: (r.digest as string | null) ?? null, binding: (r.binding as string | null) ?? null }));
    },
    bindJudgment(episodeId, attempt, scorer, version) {
      const row = sql.get(`SELECT * FROM judgments WHERE episode_id = $1 AND attempt = $2 AND scorer = $3 AND version = $4`, [
        episodeId,
        attempt,
        scorer,
        version,
      ]);
      if (!row) return;
      const att = sql.get(`SELECT digest FROM attempts WHERE episode_id = $1 AND attempt = $2`, [episodeId, attempt]);
      const digest = (att?.digest as string | null | undefined) ?? null;
      sql.write("bindJudgment", [
        {
          text: `UPDATE judgments SET digest = $1, binding = $2 WHERE episode_id = $3 AND attempt = $4 AND scorer = $5 AND version = $6`,
          values: [digest, judgmentBinding(judgmentFromRow(row), digest), episodeId, attempt, scorer, version],
        },
      ]);
    },
    integrityCheck() {
      const missing = TABLES.filter((t) => sql.get(`SELECT to_regclass($1) IS NULL AS missing`, [t])?.missing === true);
      return missing.length ? missing.map((t) => `table ${t} is missing`) : ["ok"];
    },
    episodeIds() {
      return sql.all("SELECT id FROM episodes ORDER BY id").map((r) => String(r.id));
    },
  };
}
