// The memory store's rows in SQLite: every statement over the `memories` table.
import { namespaceKey, type MemoryPut, type MemoryRow, type MemoryRows } from "../memory-rows.js";
import type { Row, Sql } from "./connection.js";

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

const UNDER = `(namespace = ? OR substr(namespace, 1, length(?)) = ?)`;

export class SqliteMemoryRows implements MemoryRows {
  constructor(private readonly host: Sql) {}

  /** Insert or replace an item; an update keeps the item's creation time. */
  put(item: MemoryPut): void {
    const now = this.host.now();
    this.host.write("putMemory", () =>
      this.host
        .stmt(
          `INSERT INTO memories (namespace, key, value_json, fixture_hash, episode_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(namespace, key) DO UPDATE SET value_json = excluded.value_json, fixture_hash = excluded.fixture_hash,
             episode_id = excluded.episode_id, updated_at = excluded.updated_at`,
        )
        .run(namespaceKey(item.namespace), item.key, JSON.stringify(item.value), item.fixture_hash ?? null, item.episode_id ?? null, now, now),
    );
  }

  get(namespace: readonly string[], key: string): MemoryRow | undefined {
    const r = this.host.stmt(`SELECT * FROM memories WHERE namespace = ? AND key = ?`).get(namespaceKey(namespace), key) as Row | undefined;
    return r ? rowOf(r) : undefined;
  }

  delete(namespace: readonly string[], key: string): boolean {
    return this.host.write(
      "deleteMemory",
      () => this.host.stmt(`DELETE FROM memories WHERE namespace = ? AND key = ?`).run(namespaceKey(namespace), key).changes > 0,
    );
  }

  /** Items whose namespace is `prefix` or lies under it (every item for an empty prefix), by namespace then key. */
  under(prefix: readonly string[]): MemoryRow[] {
    if (prefix.length === 0) return (this.host.stmt(`SELECT * FROM memories ORDER BY namespace, key`).all() as Row[]).map(rowOf);
    const ns = namespaceKey(prefix);
    const rows = this.host.stmt(`SELECT * FROM memories WHERE ${UNDER} ORDER BY namespace, key`).all(ns, `${ns}.`, `${ns}.`) as Row[];
    return rows.map(rowOf);
  }

  /** Every namespace that holds at least one item, sorted. */
  namespaces(): string[][] {
    const rows = this.host.stmt(`SELECT DISTINCT namespace FROM memories ORDER BY namespace`).all() as Row[];
    return rows.map((r) => String(r.namespace).split("."));
  }

  /** Delete every item under a namespace prefix; returns how many were removed. */
  deleteUnder(prefix: readonly string[]): number {
    if (prefix.length === 0) throw new Error("refusing to delete every memory: give a namespace prefix");
    const ns = namespaceKey(prefix);
    return this.host.write("deleteMemories", () => this.host.stmt(`DELETE FROM memories WHERE ${UNDER}`).run(ns, `${ns}.`, `${ns}.`).changes);
  }
}
