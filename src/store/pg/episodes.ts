// Episodes and their attempts on PostgreSQL (the SQLite statements: ../sqlite/episodes.ts).
import { PeerlabError } from "../../errors.js";
import { attemptFromRow, episodeFromRow, json } from "../rows.js";
import { RUN_EPISODES } from "../sqlite/membership.js";
import type { AttemptRows, EpisodeRows } from "../store.js";
import type { PgSql } from "./connection.js";

export function pgEpisodeRows(sql: PgSql): EpisodeRows {
  const getEpisode: EpisodeRows["getEpisode"] = (id) => {
    const row = sql.get(`SELECT * FROM episodes WHERE id = $1`, [id]);
    return row ? episodeFromRow(row) : undefined;
  };
  return {
    ensureEpisode(ep) {
      const now = sql.now();
      sql.write("ensureEpisode", [
        {
          text: `INSERT INTO episodes (id, cell_id, trial, seed, status, attempt, parent_id, branch_step, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, 'pending', 0, $5, $6, $7, $7) ON CONFLICT (id) DO NOTHING`,
          values: [ep.id, ep.cell_id, ep.trial, ep.seed, ep.parent_id ?? null, ep.branch_step ?? null, now],
        },
      ]);
      return getEpisode(ep.id)!;
    },
    getEpisode,
    findEpisodes(prefix) {
      return sql.all(`SELECT * FROM episodes WHERE id = $1 OR starts_with(id, $1) ORDER BY id LIMIT 20`, [prefix]).map(episodeFromRow);
    },
    runEpisodes(runId) {
      return sql.all(`SELECT e.* FROM ${RUN_EPISODES} WHERE rc.run_id = $1 ORDER BY rc.position, e.trial`, [runId]).map(episodeFromRow);
    },
    cellEpisodes(cellId) {
      return sql.all(`SELECT * FROM episodes WHERE cell_id = $1 AND parent_id IS NULL ORDER BY trial`, [cellId]).map(episodeFromRow);
    },
    branchesOf(episodeId) {
      return sql.all(`SELECT * FROM episodes WHERE parent_id = $1 ORDER BY created_at, id`, [episodeId]).map(episodeFromRow);
    },
  };
}

export function pgAttemptRows(sql: PgSql): AttemptRows {
  return {
    beginAttempt(episodeId, runId) {
      return sql.transaction(() => {
        // The episode row is locked until commit: two sessions cannot both number the next attempt.
        const row = sql.get(`SELECT attempt FROM episodes WHERE id = $1 FOR UPDATE`, [episodeId]);
        if (!row) throw new PeerlabError("NOT_FOUND", `no episode ${episodeId}`);
        const attempt = Number(row.attempt) + 1;
        const now = sql.now();
        sql.write("beginAttempt", [
          {
            text: `INSERT INTO attempts (episode_id, attempt, run_id, status, started_at) VALUES ($1, $2, $3, 'running', $4)`,
            values: [episodeId, attempt, runId, now],
          },
          { text: `UPDATE episodes SET status = 'running', attempt = $1, updated_at = $2 WHERE id = $3`, values: [attempt, now, episodeId] },
        ]);
        return attempt;
      });
    },
    reopenAttempt(episodeId, attempt) {
      const now = sql.now();
      sql.transaction(() =>
        sql.write("reopenAttempt", [
          { text: `UPDATE attempts SET status = 'running', ended_at = NULL WHERE episode_id = $1 AND attempt = $2`, values: [episodeId, attempt] },
          { text: `UPDATE episodes SET status = 'running', updated_at = $1 WHERE id = $2`, values: [now, episodeId] },
        ]),
      );
    },
    endAttempt(episodeId, attempt, end) {
      const now = sql.now();
      sql.transaction(() =>
        sql.write("endAttempt", [
          {
            text:
              `UPDATE attempts SET status = $1, ended_at = $2, turns = $3, end_reason = $4, error_json = $5, digest = $6 ` +
              `WHERE episode_id = $7 AND attempt = $8`,
            values: [
              end.status,
              now,
              end.turns ?? null,
              end.end_reason ?? null,
              end.error === undefined ? null : json(end.error),
              end.digest ?? null,
              episodeId,
              attempt,
            ],
          },
          { text: `UPDATE episodes SET status = $1, updated_at = $2 WHERE id = $3 AND attempt = $4`, values: [end.status, now, episodeId, attempt] },
        ]),
      );
    },
    getAttempt(episodeId, attempt) {
      const row = sql.get(`SELECT * FROM attempts WHERE episode_id = $1 AND attempt = $2`, [episodeId, attempt]);
      return row ? attemptFromRow(row) : undefined;
    },
    listAttempts(episodeId) {
      return sql.all(`SELECT * FROM attempts WHERE episode_id = $1 ORDER BY attempt`, [episodeId]).map(attemptFromRow);
    },
  };
}
