// The memory store's contract (LangGraph's BaseStore): put, get, search, delete and listNamespaces,
// run against SQLite in a file, SQLite in memory, and LangGraph's own InMemoryStore as the reference.
import { join } from "node:path";
import { InMemoryStore, type BaseStore } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { SqliteMemoryStore } from "../../src/memory/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { testClock } from "../support/cells.js";
import { tempDir } from "../support/tmp.js";

interface Subject {
  store: BaseStore;
  reopen?: () => BaseStore;
  sql?: Store;
}

const SUBJECTS: Record<string, () => Subject> = {
  "sqlite file": () => {
    const file = join(tempDir(), "m.db");
    const sql = openStore(file, { clock: testClock() });
    return { store: new SqliteMemoryStore(sql.memories), sql, reopen: () => new SqliteMemoryStore(openStore(file, { clock: testClock() }).memories) };
  },
  "sqlite :memory:": () => {
    const sql = openStore(":memory:", { clock: testClock() });
    return { store: new SqliteMemoryStore(sql.memories), sql };
  },
  "langgraph InMemoryStore (reference)": () => ({ store: new InMemoryStore() }),
};

const keys = (items: { key: string }[]) => items.map((i) => i.key).sort();
const names = (nss: string[][]) => nss.map((n) => n.join("/")).sort();

for (const [name, make] of Object.entries(SUBJECTS)) {
  describe(`memory store contract (${name})`, () => {
    it("gets what was put, with its namespace, key and value", async () => {
      const { store } = make();
      await store.put(["lineage", "c1", "evaluator"], "trial-000000", { kind: "episode", trial: 0, text: "hello" });
      const item = await store.get(["lineage", "c1", "evaluator"], "trial-000000");
      expect(item).toMatchObject({ namespace: ["lineage", "c1", "evaluator"], key: "trial-000000", value: { kind: "episode", trial: 0, text: "hello" } });
      expect(item!.createdAt).toBeInstanceOf(Date);
      expect(await store.get(["lineage", "c1", "evaluator"], "nothing")).toBeNull();
      expect(await store.get(["lineage", "c2", "evaluator"], "trial-000000")).toBeNull();
    });

    it("replaces a value on a second put", async () => {
      const { store } = make();
      await store.put(["a"], "k", { v: 1 });
      await store.put(["a"], "k", { v: 2 });
      expect((await store.get(["a"], "k"))!.value).toEqual({ v: 2 });
      expect(await store.search(["a"])).toHaveLength(1);
    });

    it("deletes an item, and a delete of a missing item is harmless", async () => {
      const { store } = make();
      await store.put(["a"], "k", { v: 1 });
      await store.delete(["a"], "k");
      await store.delete(["a"], "never");
      expect(await store.get(["a"], "k")).toBeNull();
    });

    it("searches a namespace prefix, not its siblings that share a spelling", async () => {
      const { store } = make();
      await store.put(["lineage", "c1", "evaluator"], "a", { n: 1 });
      await store.put(["lineage", "c1", "peer"], "b", { n: 2 });
      await store.put(["lineage", "c10", "evaluator"], "c", { n: 3 });
      expect(keys(await store.search(["lineage", "c1"]))).toEqual(["a", "b"]);
      expect(keys(await store.search(["lineage", "c1", "peer"]))).toEqual(["b"]);
      expect(keys(await store.search([], { limit: 100 }))).toEqual(["a", "b", "c"]);
    });

    it("filters on values with exact matches and $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin", async () => {
      const { store } = make();
      for (let t = 0; t < 5; t++) await store.put(["l"], `t${t}`, { kind: t === 4 ? "fixture" : "episode", trial: t });
      const f = async (filter: Record<string, unknown>) => keys(await store.search(["l"], { filter }));
      expect(await f({ kind: "episode" })).toEqual(["t0", "t1", "t2", "t3"]);
      expect(await f({ kind: { $eq: "fixture" } })).toEqual(["t4"]);
      expect(await f({ kind: { $ne: "fixture" }, trial: { $lt: 2 } })).toEqual(["t0", "t1"]);
      expect(await f({ trial: { $gt: 2 } })).toEqual(["t3", "t4"]);
      expect(await f({ trial: { $gte: 2, $lte: 3 } })).toEqual(["t2", "t3"]);
      expect(await f({ trial: { $in: [0, 4] } })).toEqual(["t0", "t4"]);
      expect(await f({ trial: { $nin: [0, 1, 2] } })).toEqual(["t3", "t4"]);
    });

    it("pages search results with limit and offset (default limit 10)", async () => {
      const { store } = make();
      for (let t = 0; t < 12; t++) await store.put(["p"], `k${String(t).padStart(2, "0")}`, { t });
      expect(await store.search(["p"])).toHaveLength(10);
      const all = keys(await store.search(["p"], { limit: 100 }));
      const page = [
        ...(await store.search(["p"], { limit: 5, offset: 0 })),
        ...(await store.search(["p"], { limit: 5, offset: 5 })),
        ...(await store.search(["p"], { limit: 5, offset: 10 })),
      ];
      expect(keys(page)).toEqual(all);
    });

    it("lists namespaces by prefix, suffix (with * wildcards) and max depth", async () => {
      const { store } = make();
      await store.put(["lineage", "c1", "evaluator"], "k", {});
      await store.put(["lineage", "c1", "peer"], "k", {});
      await store.put(["lineage", "c2", "evaluator"], "k", {});
      await store.put(["other", "x"], "k", {});
      expect(names(await store.listNamespaces({ prefix: ["lineage"] }))).toEqual(["lineage/c1/evaluator", "lineage/c1/peer", "lineage/c2/evaluator"]);
      expect(names(await store.listNamespaces({ suffix: ["evaluator"] }))).toEqual(["lineage/c1/evaluator", "lineage/c2/evaluator"]);
      expect(names(await store.listNamespaces({ prefix: ["lineage", "*", "peer"] }))).toEqual(["lineage/c1/peer"]);
      expect(names(await store.listNamespaces({ prefix: ["lineage"], maxDepth: 2 }))).toEqual(["lineage/c1", "lineage/c2"]);
      expect(await store.listNamespaces({ limit: 2 })).toHaveLength(2);
    });

    it("answers a batch's reads from the store as it was before the batch's writes; the last put to a key wins", async () => {
      const { store } = make();
      await store.put(["b"], "other", { v: 0 });
      const [put, got, found, again] = await store.batch([
        { namespace: ["b"], key: "k", value: { v: 1 } },
        { namespace: ["b"], key: "k" },
        { namespacePrefix: ["b"], limit: 10, offset: 0 },
        { namespace: ["b"], key: "k", value: { v: 2 } },
      ]);
      expect(put).toBeFalsy();
      expect(again).toBeFalsy();
      expect(got).toBeNull();
      expect(keys(found as unknown as { key: string }[])).toEqual(["other"]);
      expect((await store.get(["b"], "k"))!.value).toEqual({ v: 2 });
    });

    it("refuses an empty namespace and labels with a period", async () => {
      const { store } = make();
      await expect(store.put([], "k", {})).rejects.toThrow();
      await expect(store.put(["a.b"], "k", {})).rejects.toThrow(/period|\./);
    });

    if (name.startsWith("sqlite")) {
      it("keeps each item's provenance (fixture, episode) in its own columns", async () => {
        const { store, sql } = make();
        await store.put(["lineage", "c1", "peer"], "trial-000001", { kind: "episode", provenance: { fixture: "f".repeat(64), episode: "ep-1" } });
        expect(sql!.memories.get(["lineage", "c1", "peer"], "trial-000001")).toMatchObject({ fixture_hash: "f".repeat(64), episode_id: "ep-1" });
      });
    }

    if (name === "sqlite file") {
      it("keeps what was put after the database is closed and opened again", async () => {
        const { store, sql, reopen } = make();
        await store.put(["lineage", "c1", "evaluator"], "trial-000000", { kind: "episode", trial: 0 });
        sql!.close();
        expect((await reopen!().get(["lineage", "c1", "evaluator"], "trial-000000"))!.value).toEqual({ kind: "episode", trial: 0 });
      });
    }
  });
}
