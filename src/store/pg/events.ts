// Events, model calls and judgments on PostgreSQL (the SQLite statements: ../sqlite/events.ts,
// model-calls.ts, judgments.ts). A batch of events is one multi-row INSERT: one round trip, atomic.
import { eventFromRow, json, judgmentFromRow, modelCallFromRow } from "../rows.js";
import { RUN_EPISODES } from "../sqlite/membership.js";
import { sumUsage, type EventRows, type JudgmentRows, type ModelCallRows } from "../store.js";
import type { PgStatement } from "./bridge.js";
import type { PgSql } from "./connection.js";

const EVENT_CHUNK = 1000;

export function pgEventRows(sql: PgSql): EventRows {
  return {
    appendEvents(events) {
      if (events.length === 0) return;
      const now = sql.now();
      const cols = 9;
      // One INSERT per chunk (PostgreSQL takes at most 65535 parameters), all chunks in one transaction.
      const statements: PgStatement[] = [];
      for (let start = 0; start < events.length; start += EVENT_CHUNK) {
        const values: unknown[] = [];
        const tuples = events.slice(start, start + EVENT_CHUNK).map((e, i) => {
          values.push(e.episode_id, e.attempt, e.seq, e.kind, e.role, json(e.payload), e.meta == null ? null : json(e.meta), e.hash, now);
          return `(${Array.from({ length: cols }, (_, j) => `$${i * cols + j + 1}`).join(", ")})`;
        });
        statements.push({
          text: `INSERT INTO events (episode_id, attempt, seq, kind, role, payload_json, meta_json, hash, created_at) VALUES ${tuples.join(", ")}`,
          values,
        });
      }
      if (statements.length === 1) sql.write("appendEvents", statements);
      else sql.transaction(() => sql.write("appendEvents", statements));
    },
    listEvents(episodeId, attempt) {
      return sql.all(`SELECT * FROM events WHERE episode_id = $1 AND attempt = $2 ORDER BY seq`, [episodeId, attempt]).map(eventFromRow);
    },
    countEvents(episodeId, attempt) {
      return Number(sql.get(`SELECT COUNT(*) AS n FROM events WHERE episode_id = $1 AND attempt = $2`, [episodeId, attempt])?.n ?? 0);
    },
    truncateEvents(episodeId, attempt, keepThroughSeq) {
      sql.transaction(() =>
        sql.write("truncateEvents", [
          { text: `DELETE FROM events WHERE episode_id = $1 AND attempt = $2 AND seq > $3`, values: [episodeId, attempt, keepThroughSeq] },
          { text: `DELETE FROM model_calls WHERE episode_id = $1 AND attempt = $2 AND seq > $3`, values: [episodeId, attempt, keepThroughSeq] },
        ]),
      );
    },
  };
}

export function pgModelCallRows(sql: PgSql): ModelCallRows {
  return {
    putModelCall(c) {
      sql.write("putModelCall", [
        {
          text:
            `INSERT INTO model_calls (episode_id, attempt, seq, role, provider, model, request_hash, response_json, input_tokens, output_tokens, ` +
            `latency_ms, cost_usd, cache_hit, retries, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
          values: [
            c.episode_id,
            c.attempt,
            c.seq,
            c.role,
            c.provider,
            c.model,
            c.request_hash,
            json(c.response),
            c.input_tokens,
            c.output_tokens,
            c.latency_ms,
            c.cost_usd,
            c.cache_hit ? 1 : 0,
            c.retries,
            sql.now(),
          ],
        },
      ]);
    },
    listModelCalls(episodeId, attempt) {
      return sql.all(`SELECT * FROM model_calls WHERE episode_id = $1 AND attempt = $2 ORDER BY seq`, [episodeId, attempt]).map(modelCallFromRow);
    },
    attemptUsage(episodeId, attempt) {
      return sumUsage(
        sql.all(`SELECT input_tokens, output_tokens, cost_usd FROM model_calls WHERE episode_id = $1 AND attempt = $2 ORDER BY seq`, [episodeId, attempt]),
      );
    },
    runUsage(runId) {
      const rows = sql.all(
        `SELECT m.role, m.provider, m.model, SUM(CASE WHEN m.cache_hit = 0 THEN 1 ELSE 0 END) AS calls,
                SUM(CASE WHEN m.cache_hit = 0 THEN m.input_tokens ELSE 0 END) AS input_tokens,
                SUM(CASE WHEN m.cache_hit = 0 THEN m.output_tokens ELSE 0 END) AS output_tokens,
                SUM(m.cost_usd) AS cost_usd, SUM(m.cache_hit) AS cache_hits, SUM(m.retries) AS retries
           FROM ${RUN_EPISODES} JOIN model_calls m ON m.episode_id = e.id
          WHERE rc.run_id = $1
          GROUP BY m.role, m.provider, m.model ORDER BY m.role, m.provider, m.model`,
        [runId],
      );
      return rows.map((r) => ({
        role: String(r.role),
        provider: String(r.provider),
        model: String(r.model),
        calls: Number(r.calls),
        input_tokens: Number(r.input_tokens),
        output_tokens: Number(r.output_tokens),
        cost_usd: Number(r.cost_usd),
        cache_hits: Number(r.cache_hits),
        retries: Number(r.retries),
      }));
    },
  };
}

export function pgJudgmentRows(sql: PgSql): JudgmentRows {
  return {
    putJudgment(j) {
      sql.write("putJudgment", [
        {
          text:
            `INSERT INTO judgments (episode_id, attempt, scorer, version, outcomes_json, evidence_json, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (episode_id, attempt, scorer, version) DO UPDATE SET outcomes_json = excluded.outcomes_json, ` +
            `evidence_json = excluded.evidence_json, created_at = excluded.created_at`,
          values: [j.episode_id, j.attempt, j.scorer, j.version, json(j.outcomes), json(j.evidence), sql.now()],
        },
      ]);
    },
    listJudgments(episodeId, attempt) {
      return sql.all(`SELECT * FROM judgments WHERE episode_id = $1 AND attempt = $2 ORDER BY scorer, version`, [episodeId, attempt]).map(judgmentFromRow);
    },
    runJudgments(runId) {
      return sql
        .all(
          `SELECT j.* FROM ${RUN_EPISODES} JOIN judgments j ON j.episode_id = e.id AND j.attempt = e.attempt
            WHERE rc.run_id = $1 ORDER BY rc.position, e.trial, j.scorer, j.version`,
          [runId],
        )
        .map(judgmentFromRow);
    },
  };
}
