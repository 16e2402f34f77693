// The memory store's rows on PostgreSQL (SQLite: ../sqlite/memories.ts). src/memory builds LangGraph's
// BaseStore on these rows for both stores, so items keep their provenance columns (fixture hash,
// episode) and the same namespace encoding; LangGraph's own PostgresStore has neither, and is async.
import { namespaceKey, type MemoryPut, type MemoryRow, type MemoryRows } from "../memory-rows.js";
import type { Row } from "../rows.js";
import type { PgSql } from "./connection.js";

function rowOf(r: Row): MemoryRow {
  return {
    namespace: String(r.namespace).split("."),
    key: String(r.key),
    value: JSON.parse(String(r.value_json)) as Record<string, unknown>,
    fixture_hash: (r.fixture_hash as string | null) ?? null,
    episode_id: (r.episode_id as string | null) ?? null,
    created_at: String(r.created_at),
    updated_at: String(r.updated_at),
  };
}

const UNDER = `(namespace = $1 OR starts_with(namespace, $1 || '.'))`;

export class PgMemoryRows implements MemoryRows {
  constructor(private readonly sql: PgSql) {}

  put(item: MemoryPut): void {
    const now = this.sql.now();
    this.sql.write("putMemory", [
      {
        text: `INSERT INTO memories (namespace, key, value_json, fixture_hash, episode_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
               ON CONFLICT (namespace, key) DO UPDATE SET value_json = excluded.value_json, fixture_hash = excluded.fixture_hash,
                 episode_id = excluded.episode_id, updated_at = excluded.updated_at`,
        values: [namespaceKey(item.namespace), item.key, JSON.stringify(item.value), item.fixture_hash ?? null, item.episode_id ?? null, now],
      },
    ]);
  }

  get(namespace: readonly string[], key: string): MemoryRow | undefined {
    const r = this.sql.get(`SELECT * FROM memories WHERE namespace = $1 AND key = $2`, [namespaceKey(namespace), key]);
    return r ? rowOf(r) : undefined;
  }

  delete(namespace: readonly string[], key: string): boolean {
    return this.sql.write("deleteMemory", [{ text: `DELETE FROM memories WHERE namespace = $1 AND key = $2`, values: [namespaceKey(namespace), key] }])[0]! > 0;
  }

  under(prefix: readonly string[]): MemoryRow[] {
    if (prefix.length === 0) return this.sql.all(`SELECT * FROM memories ORDER BY namespace, key`).map(rowOf);
    return this.sql.all(`SELECT * FROM memories WHERE ${UNDER} ORDER BY namespace, key`, [namespaceKey(prefix)]).map(rowOf);
  }

  namespaces(): string[][] {
    return this.sql.all(`SELECT DISTINCT namespace FROM memories ORDER BY namespace`).map((r) => String(r.namespace).split("."));
  }

  deleteUnder(prefix: readonly string[]): number {
    if (prefix.length === 0) throw new Error("refusing to delete every memory: give a namespace prefix");
    return this.sql.write("deleteMemories", [{ text: `DELETE FROM memories WHERE ${UNDER}`, values: [namespaceKey(prefix)] }])[0]!;
  }
}
