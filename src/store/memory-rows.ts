// The memory store's rows: what the store offers over its `memories` table (the SQLite statements are in
// sqlite/memories.ts; a PostgreSQL store provides the same methods). src/memory builds LangGraph's
// BaseStore on these.
import { z } from "zod";

export const MemoryRow = z.object({
  namespace: z.array(z.string()),
  key: z.string(),
  value: z.record(z.string(), z.unknown()),
  /** Provenance: the fixture the item was seeded from or derived under. */
  fixture_hash: z.string().nullable(),
  /** Provenance: the episode whose events wrote it. */
  episode_id: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type MemoryRow = z.infer<typeof MemoryRow>;

export interface MemoryPut {
  namespace: readonly string[];
  key: string;
  value: Record<string, unknown>;
  fixture_hash?: string | null;
  episode_id?: string | null;
}

/** The memory items of a store, by namespace and key. */
export interface MemoryRows {
  /** Insert or replace an item; an update keeps the item's creation time. */
  put(item: MemoryPut): void;
  get(namespace: readonly string[], key: string): MemoryRow | undefined;
  /** Delete one item; true when it existed. */
  delete(namespace: readonly string[], key: string): boolean;
  /** Items whose namespace is `prefix` or lies under it (every item for an empty prefix), by namespace then key. */
  under(prefix: readonly string[]): MemoryRow[];
  /** Every namespace that holds at least one item, sorted. */
  namespaces(): string[][];
  /** Delete every item under a namespace prefix (never the empty one); returns how many were removed. */
  deleteUnder(prefix: readonly string[]): number;
}

/** Labels may not contain "." (LangGraph's namespace rule), so joining by "." is unambiguous. */
export function namespaceKey(namespace: readonly string[]): string {
  return namespace.join(".");
}
