// Fixture contents by hash, and the model response cache (tables fixtures, response_cache).
import { json, parse } from "../rows.js";
import type { FixtureRows } from "../store.js";
import type { Row, Sql } from "./connection.js";

export function sqliteFixtureRows(sql: Sql): FixtureRows {
  return {
    putFixture(hash, fixtureId, content) {
      sql.write("putFixture", () =>
        sql
          .stmt(`INSERT INTO fixtures (hash, fixture_id, content_json, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(hash) DO NOTHING`)
          .run(hash, fixtureId, json(content), sql.now()),
      );
    },
    getFixture(hash) {
      const row = sql.stmt(`SELECT * FROM fixtures WHERE hash = ?`).get(hash) as Row | undefined;
      return row ? { hash: String(row.hash), fixture_id: String(row.fixture_id), content: parse(row.content_json) } : undefined;
    },
    getCachedResponse(key) {
      const row = sql.stmt(`SELECT response_json FROM response_cache WHERE key = ?`).get(key) as Row | undefined;
      return row ? parse(row.response_json) : undefined;
    },
    putCachedResponse(key, response) {
      sql.write("putCachedResponse", () =>
        sql
          .stmt(`INSERT INTO response_cache (key, response_json, created_at) VALUES (?, ?, ?) ON CONFLICT(key) DO NOTHING`)
          .run(key, json(response), sql.now()),
      );
    },
  };
}
