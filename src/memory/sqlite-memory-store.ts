// LangGraph's BaseStore over the store's memory rows (`Store.memories`; their SQL is in src/store):
// namespaces of labels, put/get/search/delete/listNamespaces, with each item's provenance (fixture,
// episode) kept apart. Operations run synchronously (the store is); the `…Now` methods serve callers
// inside a transaction.
import {
  BaseStore,
  type Item,
  type ListNamespacesOperation,
  type Operation,
  type OperationResults,
  type PutOperation,
  type SearchOperation,
} from "@langchain/langgraph";

/** A search result: an item with an optional relevance score (LangGraph's SearchItem, which the package does not re-export). */
export type SearchItem = Item & { score?: number };
import type { MemoryRow, MemoryRows } from "../store/index.js";

/** LangGraph's namespace rules (labels are non-empty strings without ".", ":" or NUL). */
export function checkNamespace(namespace: readonly string[], opts: { allowEmpty?: boolean } = {}): void {
  if (namespace.length === 0) {
    if (opts.allowEmpty) return;
    throw new Error("namespace cannot be empty");
  }
  for (const label of namespace) {
    if (typeof label !== "string" || label === "") throw new Error(`namespace labels must be non-empty strings, got ${JSON.stringify(label)}`);
    if (/[.:\0]/.test(label)) throw new Error(`namespace label ${JSON.stringify(label)} may not contain ".", ":" or NUL`);
  }
}

/** The provenance an item carries in `value.provenance` ({ fixture, episode }), if any. */
function provenanceOf(value: Record<string, unknown>): { fixture_hash: string | null; episode_id: string | null } {
  const p = value.provenance as { fixture?: unknown; episode?: unknown } | undefined;
  return { fixture_hash: typeof p?.fixture === "string" ? p.fixture : null, episode_id: typeof p?.episode === "string" ? p.episode : null };
}

const OPERATORS = new Set(["$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin"]);

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === "object" && a !== null && typeof b === "object" && b !== null && JSON.stringify(a) === JSON.stringify(b));
}

/** BaseStore filter semantics: exact matches or $eq/$ne/$gt/$gte/$lt/$lte/$in/$nin on top-level keys. */
export function matchesFilter(value: Record<string, unknown>, filter: Record<string, unknown> | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([k, want]) => {
    const have = value[k];
    if (want !== null && typeof want === "object" && !Array.isArray(want) && Object.keys(want).length > 0 && Object.keys(want).every((o) => OPERATORS.has(o))) {
      return Object.entries(want as Record<string, unknown>).every(([op, v]) => {
        switch (op) {
          case "$eq":
            return sameValue(have, v);
          case "$ne":
            return !sameValue(have, v);
          case "$gt":
            return Number(have) > Number(v);
          case "$gte":
            return Number(have) >= Number(v);
          case "$lt":
            return Number(have) < Number(v);
          case "$lte":
            return Number(have) <= Number(v);
          case "$in":
            return Array.isArray(v) && v.some((x) => sameValue(have, x));
          default:
            return !Array.isArray(v) || !v.some((x) => sameValue(have, x));
        }
      });
    }
    return sameValue(have, want);
  });
}

function itemOf(r: MemoryRow): Item {
  return { namespace: r.namespace, key: r.key, value: r.value, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at) };
}

function matchesPath(ns: readonly string[], path: readonly string[], at: "prefix" | "suffix"): boolean {
  if (path.length > ns.length) return false;
  const offset = at === "prefix" ? 0 : ns.length - path.length;
  return path.every((p, i) => p === "*" || p === ns[offset + i]);
}

export class SqliteMemoryStore extends BaseStore {
  constructor(private readonly rows: MemoryRows) {
    super();
  }

  /** As LangGraph's stores do: a batch's reads see the store before its writes; of two puts to one key, the last wins. */
  async batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    const results = operations.map((op) => ("value" in op ? undefined : this.runNow(op)));
    const puts = new Map<string, PutOperation>();
    for (const op of operations) if ("value" in op) puts.set(JSON.stringify([op.namespace, op.key]), op);
    for (const op of puts.values()) this.putNow(op);
    return results as OperationResults<Op>;
  }

  /** One operation, synchronously (inside a store transaction). */
  runNow(op: Operation): Item | SearchItem[] | string[][] | null | undefined {
    if ("namespacePrefix" in op) return this.searchNow(op);
    if ("value" in op) {
      this.putNow(op);
      return undefined;
    }
    if ("namespace" in op) {
      checkNamespace(op.namespace);
      const r = this.rows.get(op.namespace, op.key);
      return r ? itemOf(r) : null;
    }
    return this.listNamespacesNow(op);
  }

  putNow(op: PutOperation): void {
    checkNamespace(op.namespace);
    if (op.value === null) {
      this.rows.delete(op.namespace, op.key);
      return;
    }
    this.rows.put({ namespace: op.namespace, key: op.key, value: op.value, ...provenanceOf(op.value) });
  }

  getNow(namespace: string[], key: string): Item | null {
    checkNamespace(namespace);
    const r = this.rows.get(namespace, key);
    return r ? itemOf(r) : null;
  }

  /** Items under a prefix, in namespace then key order. `query` is ignored: this store has no vector index. */
  searchNow(op: SearchOperation): SearchItem[] {
    checkNamespace(op.namespacePrefix, { allowEmpty: true });
    const offset = op.offset ?? 0;
    const limit = op.limit ?? 10;
    return this.rows
      .under(op.namespacePrefix)
      .filter((r) => matchesFilter(r.value, op.filter))
      .slice(offset, offset + limit)
      .map((r) => ({ ...itemOf(r), score: undefined }));
  }

  listNamespacesNow(op: ListNamespacesOperation): string[][] {
    let namespaces = this.rows.namespaces();
    for (const c of op.matchConditions ?? []) namespaces = namespaces.filter((ns) => matchesPath(ns, c.path as string[], c.matchType));
    if (op.maxDepth !== undefined) {
      const seen = new Map<string, string[]>();
      for (const ns of namespaces) {
        const cut = ns.slice(0, op.maxDepth);
        seen.set(cut.join("."), cut);
      }
      namespaces = [...seen.values()];
    }
    namespaces.sort((a, b) => (a.join(".") < b.join(".") ? -1 : a.join(".") > b.join(".") ? 1 : 0));
    const offset = op.offset ?? 0;
    return namespaces.slice(offset, offset + (op.limit ?? namespaces.length));
  }

  /** Delete every item under a namespace prefix (used by `peerlab memory reset`). */
  deleteUnderNow(prefix: string[]): number {
    checkNamespace(prefix);
    return this.rows.deleteUnder(prefix);
  }
}
