// Model calls and what a run spent (table model_calls).
import { json, modelCallFromRow } from "../rows.js";
import { sumUsage, type ModelCallRows } from "../store.js";
import type { Row, Sql } from "./connection.js";
import { RUN_EPISODES } from "./membership.js";

export function sqliteModelCallRows(sql: Sql): ModelCallRows {
  return {
    putModelCall(call) {
      sql.write("putModelCall", () =>
        sql
          .stmt(
            `INSERT INTO model_calls (episode_id, attempt, seq, role, provider, model, request_hash, response_json, ` +
              `input_tokens, output_tokens, latency_ms, cost_usd, cache_hit, retries, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            call.episode_id,
            call.attempt,
            call.seq,
            call.role,
            call.provider,
            call.model,
            call.request_hash,
            json(call.response),
            call.input_tokens,
            call.output_tokens,
            call.latency_ms,
            call.cost_usd,
            call.cache_hit ? 1 : 0,
            call.retries,
            sql.now(),
          ),
      );
    },
    listModelCalls(episodeId, attempt) {
      const rows = sql.stmt(`SELECT * FROM model_calls WHERE episode_id = ? AND attempt = ? ORDER BY seq`).all(episodeId, attempt) as Row[];
      return rows.map(modelCallFromRow);
    },
    attemptUsage(episodeId, attempt) {
      return sumUsage(
        sql
          .stmt(`SELECT input_tokens, output_tokens, cost_usd FROM model_calls WHERE episode_id = ? AND attempt = ? ORDER BY seq`)
          .all(episodeId, attempt) as Row[],
      );
    },
    runUsage(runId) {
      const rows = sql
        .stmt(
          `SELECT m.role, m.provider, m.model, SUM(CASE WHEN m.cache_hit = 0 THEN 1 ELSE 0 END) AS calls,
                  SUM(CASE WHEN m.cache_hit = 0 THEN m.input_tokens ELSE 0 END) AS input_tokens,
                  SUM(CASE WHEN m.cache_hit = 0 THEN m.output_tokens ELSE 0 END) AS output_tokens,
                  SUM(m.cost_usd) AS cost_usd, SUM(m.cache_hit) AS cache_hits, SUM(m.retries) AS retries
             FROM ${RUN_EPISODES} JOIN model_calls m ON m.episode_id = e.id
            WHERE rc.run_id = ?
            GROUP BY m.role, m.provider, m.model ORDER BY m.role, m.provider, m.model`,
        )
        .all(runId) as Row[];
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
