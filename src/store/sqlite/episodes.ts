// Episodes and their attempts (tables episodes, attempts).
import { PeerlabError } from "../../errors.js";
import type { EpisodeStatus } from "../records.js";
import { attemptFromRow, episodeFromRow, json } from "../rows.js";
import type { AttemptRows, EpisodeRows } from "../store.js";
import type { Row, Sql } from "./connection.js";
import { RUN_EPISODES } from "./membership.js";

export function sqliteEpisodeRows(sql: Sql): EpisodeRows {
  const getEpisode: EpisodeRows["getEpisode"] = (id) => {
    const row = sql.stmt(`SELECT * FROM episodes WHERE id = ?`).get(id) as Row | undefined;
    return row ? episodeFromRow(row) : undefined;
  };
  return {
    ensureEpisode(ep) {
      const now = sql.now();
      sql.write("ensureEpisode", () =>
        sql
          .stmt(
            `INSERT INTO episodes (id, cell_id, trial, seed, status, attempt, parent_id, branch_step, created_at, updated_at)
             VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
          )
          .run(ep.id, ep.cell_id, ep.trial, ep.seed, ep.parent_id ?? null, ep.branch_step ?? null, now, now),
      );
      return getEpisode(ep.id)!;
    },
    getEpisode,
    findEpisodes(prefix) {
      const rows = sql.stmt(`SELECT * FROM episodes WHERE id = ? OR substr(id, 1, length(?)) = ? ORDER BY id LIMIT 20`).all(prefix, prefix, prefix) as Row[];
      return rows.map(episodeFromRow);
    },
    runEpisodes(runId) {
      const rows = sql.stmt(`SELECT e.* FROM ${RUN_EPISODES} WHERE rc.run_id = ? ORDER BY rc.position, e.trial`).all(runId) as Row[];
      return rows.map(episodeFromRow);
    },
    cellEpisodes(cellId) {
      const rows = sql.stmt(`SELECT * FROM episodes WHERE cell_id = ? AND parent_id IS NULL ORDER BY trial`).all(cellId) as Row[];
      return rows.map(episodeFromRow);
    },
    branchesOf(episodeId) {
      const rows = sql.stmt(`SELECT * FROM episodes WHERE parent_id = ? ORDER BY created_at, id`).all(episodeId) as Row[];
      return rows.map(episodeFromRow);
    },
  };
}

export function sqliteAttemptRows(sql: Sql, episodes: Pick<EpisodeRows, "getEpisode">): AttemptRows {
  return {
    beginAttempt(episodeId, runId) {
      return sql.write("beginAttempt", () =>
        sql.transaction(() => {
          const ep = episodes.getEpisode(episodeId);
          if (!ep) throw new PeerlabError("NOT_FOUND", `no episode ${episodeId}`);
          const attempt = ep.attempt + 1;
          const now = sql.now();
          sql.stmt(`INSERT INTO attempts (episode_id, attempt, run_id, status, started_at) VALUES (?, ?, ?, 'running', ?)`).run(episodeId, attempt, runId, now);
          sql.stmt(`UPDATE episodes SET status = 'running', attempt = ?, updated_at = ? WHERE id = ?`).run(attempt, now, episodeId);
          return attempt;
        }),
      );
    },
    reopenAttempt(episodeId, attempt) {
      sql.write("reopenAttempt", () =>
        sql.transaction(() => {
          const now = sql.now();
          sql.stmt(`UPDATE attempts SET status = 'running', ended_at = NULL WHERE episode_id = ? AND attempt = ?`).run(episodeId, attempt);
          sql.stmt(`UPDATE episodes SET status = 'running', updated_at = ? WHERE id = ?`).run(now, episodeId);
        }),
      );
    },
    endAttempt(episodeId, attempt, end) {
      sql.write("endAttempt", () =>
        sql.transaction(() => {
          const now = sql.now();
          sql
            .stmt(`UPDATE attempts SET status = ?, ended_at = ?, turns = ?, end_reason = ?, error_json = ?, digest = ? WHERE episode_id = ? AND attempt = ?`)
            .run(
              end.status,
              now,
              end.turns ?? null,
              end.end_reason ?? null,
              end.error === undefined ? null : json(end.error),
              end.digest ?? null,
              episodeId,
              attempt,
            );
          sql.stmt(`UPDATE episodes SET status = ?, updated_at = ? WHERE id = ? AND attempt = ?`).run(end.status as EpisodeStatus, now, episodeId, attempt);
        }),
      );
    },
    getAttempt(episodeId, attempt) {
      const row = sql.stmt(`SELECT * FROM attempts WHERE episode_id = ? AND attempt = ?`).get(episodeId, attempt) as Row | undefined;
      return row ? attemptFromRow(row) : undefined;
    },
    listAttempts(episodeId) {
      const rows = sql.stmt(`SELECT * FROM attempts WHERE episode_id = ? ORDER BY attempt`).all(episodeId) as Row[];
      return rows.map(attemptFromRow);
    },
  };
}
