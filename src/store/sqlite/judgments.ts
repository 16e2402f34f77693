// Scorers' judgments of attempts (table judgments).
import { json, judgmentFromRow } from "../rows.js";
import type { JudgmentRows } from "../store.js";
import type { Row, Sql } from "./connection.js";
import { RUN_EPISODES } from "./membership.js";

export function sqliteJudgmentRows(sql: Sql): JudgmentRows {
  return {
    putJudgment(j) {
      sql.write("putJudgment", () =>
        sql
          .stmt(
            `INSERT INTO judgments (episode_id, attempt, scorer, version, outcomes_json, evidence_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT(episode_id, attempt, scorer, version) DO UPDATE SET ` +
              `outcomes_json = excluded.outcomes_json, evidence_json = excluded.evidence_json, created_at = excluded.created_at`,
          )
          .run(j.episode_id, j.attempt, j.scorer, j.version, json(j.outcomes), json(j.evidence), sql.now()),
      );
    },
    listJudgments(episodeId, attempt) {
      const rows = sql.stmt(`SELECT * FROM judgments WHERE episode_id = ? AND attempt = ? ORDER BY scorer, version`).all(episodeId, attempt) as Row[];
      return rows.map(judgmentFromRow);
    },
    runJudgments(runId) {
      const rows = sql
        .stmt(
          `SELECT j.* FROM ${RUN_EPISODES} JOIN judgments j ON j.episode_id = e.id AND j.attempt = e.attempt
            WHERE rc.run_id = ? ORDER BY rc.position, e.trial, j.scorer, j.version`,
        )
        .all(runId) as Row[];
      return rows.map(judgmentFromRow);
    },
  };
}
