// Fixture contents by hash and the model response cache on PostgreSQL (SQLite: ../sqlite/fixtures.ts).
import { json, parse } from "../rows.js";
import type { FixtureRows } from "../store.js";
import type { PgSql } from "./connection.js";

export function pgFixtureRows(sql: PgSql): FixtureRows {
  return {
    putFixture(hash, fixtureId, content) {
      sql.write("putFixture", [
        {
          text: `INSERT INTO fixtures (hash, fixture_id, content_json, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO NOTHING`,
          values: [hash, fixtureId, json(content), sql.now()],
        },
      ]);
    },
    getFixture(hash) {
      const row = sql.get(`SELECT * FROM fixtures WHERE hash = $1`, [hash]);
      return row ? { hash: String(row.hash), fixture_id: String(row.fixture_id), content: parse(row.content_json) } : undefined;
    },
    getCachedResponse(key) {
      const row = sql.get(`SELECT response_json FROM response_cache WHERE key = $1`, [key]);
      return row ? parse(row.response_json) : undefined;
    },
    putCachedResponse(key, response) {
      sql.write("putCachedResponse", [
        {
          text: `INSERT INTO response_cache (key, response_json, created_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING`,
          values: [key, json(response), sql.now()],
        },
      ]);
    },
  };
}
