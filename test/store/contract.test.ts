// The store contract: what every implementation of the `Store` interface must do, run against each.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CellRecord, openStore, SCHEMA_VERSION, type Store, type StoreOptions } from "../../src/store/index.js";
import { PeerlabError } from "../../src/errors.js";
import { testClock } from "../support/cells.js";
import { tempDir } from "../support/tmp.js";
import { postgresUnavailable, startPostgres, type TestPostgres } from "../support/postgres.js";
import { cellRow } from "../support/cell-row.js";

let pg: TestPostgres | undefined;
if (!postgresUnavailable) {
  beforeAll(async () => {
    pg = await startPostgres();
  }, 90_000);
  afterAll(() => pg?.stop());
}

const cell = cellRow("c1", { key: { a: 1 }, params: { item_set: "factual", threshold: 80 } });

function seed(store: Store): void {
  store.putRun({ id: "r1", name: "test", spec_hash: "h", spec: { name: "test" }, source_file: null, status: "pending", provenance: {} });
  store.putCell(cell);
  store.linkRunCell("r1", "c1", 0, 2);
  store.ensureEpisode({ id: "e0", cell_id: "c1", trial: 0, seed: 11 });
  store.ensureEpisode({ id: "e1", cell_id: "c1", trial: 1, seed: 12 });
}

/**
 * Every implementation of the `Store` interface passes this one suite. A new implementation (the
 * PostgreSQL store) adds an entry: a name and how to open a fresh, empty store.
 */
const IMPLEMENTATIONS: { name: string; skip?: string | null; open: (opts?: Partial<StoreOptions>) => Store }[] = [
  { name: "SQLite file", open: (opts) => openStore(join(tempDir(), "sub", "p.db"), { clock: testClock(), ...opts }) },
  { name: "SQLite :memory:", open: (opts) => openStore(":memory:", { clock: testClock(), ...opts }) },
  { name: "PostgreSQL", skip: postgresUnavailable, open: (opts) => openStore(pg!.freshUrl(), { clock: testClock(), ...opts }) },
];

for (const impl of IMPLEMENTATIONS) {
  describe.skipIf(!!impl.skip)(`store contract (${impl.name})${impl.skip ? ` — skipped: ${impl.skip}` : ""}`, () => {
    const open = () => impl.open();

    it("applies every migration on open and records the schema version", () => {
      const store = open();
      expect(store.schemaVersion).toBe(SCHEMA_VERSION);
      store.close();
    });

    it("lists a run with its episode counts", () => {
      const store = open();
      seed(store);
      expect(store.listRuns()).toEqual([{ id: "r1", name: "test", status: "pending", created: "2026-03-01T12:00:00.000Z", episodes: 2, done: 0, failed: 0 }]);
      store.close();
    });

    it("numbers attempts and keeps the earlier ones", () => {
      const store = open();
      seed(store);
      expect(store.beginAttempt("e0", "r1")).toBe(1);
      store.endAttempt("e0", 1, { status: "failed", error: { code: "X", message: "boom" } });
      expect(store.getEpisode("e0")!.status).toBe("failed");
      expect(store.beginAttempt("e0", "r1")).toBe(2);
      store.endAttempt("e0", 2, { status: "done", turns: 3, end_reason: "end_task", digest: "d" });
      expect(store.listAttempts("e0").map((a) => [a.attempt, a.status])).toEqual([
        [1, "failed"],
        [2, "done"],
      ]);
      expect(store.getEpisode("e0")).toMatchObject({ status: "done", attempt: 2 });
      expect(store.listRuns()[0]).toMatchObject({ done: 1, failed: 0 });
      store.close();
    });

    it("keeps events in sequence order and refuses a duplicate sequence number", () => {
      const store = open();
      seed(store);
      store.beginAttempt("e0", "r1");
      store.appendEvents([
        { episode_id: "e0", attempt: 1, seq: 2, kind: "message", role: null, payload: { b: 2 }, meta: null, hash: "h2" },
        { episode_id: "e0", attempt: 1, seq: 1, kind: "episode_start", role: null, payload: { a: 1 }, meta: { t: 1 }, hash: "h1" },
      ]);
      expect(store.listEvents("e0", 1).map((e) => [e.seq, e.kind, e.payload])).toEqual([
        [1, "episode_start", { a: 1 }],
        [2, "message", { b: 2 }],
      ]);
      expect(() => store.appendEvents([{ episode_id: "e0", attempt: 1, seq: 2, kind: "message", role: null, payload: {}, meta: null, hash: "x" }])).toThrow(
        PeerlabError,
      );
      store.close();
    });

    it("rejects an event for an attempt that does not exist (foreign keys are on)", () => {
      const store = open();
      seed(store);
      expect(() => store.appendEvents([{ episode_id: "e0", attempt: 9, seq: 1, kind: "message", role: null, payload: {}, meta: null, hash: "x" }])).toThrow(
        /FOREIGN KEY|foreign key/,
      );
      store.close();
    });

    it("stores judgments beside each other by scorer and version", () => {
      const store = open();
      seed(store);
      store.beginAttempt("e0", "r1");
      store.putJudgment({
        episode_id: "e0",
        attempt: 1,
        scorer: "detectors",
        version: "tampering@1",
        outcomes: { tampered: true },
        evidence: { tampered: "x" },
      });
      store.putJudgment({
        episode_id: "e0",
        attempt: 1,
        scorer: "detectors",
        version: "tampering@2",
        outcomes: { tampered: false },
        evidence: { tampered: "y" },
      });
      expect(store.listJudgments("e0", 1).map((j) => [j.version, j.outcomes.tampered])).toEqual([
        ["tampering@1", true],
        ["tampering@2", false],
      ]);
      store.close();
    });

    it("turns a failing write into STORAGE_FAILED through the fault seam", () => {
      const store = impl.open({
        beforeWrite: (op) => {
          if (op === "appendEvents") throw Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
        },
      });
      seed(store);
      store.beginAttempt("e0", "r1");
      const err = (() => {
        try {
          store.appendEvents([{ episode_id: "e0", attempt: 1, seq: 1, kind: "message", role: null, payload: {}, meta: null, hash: "x" }]);
        } catch (e) {
          return e as PeerlabError;
        }
      })();
      expect(err).toBeInstanceOf(PeerlabError);
      expect(err!.code).toBe("STORAGE_FAILED");
      expect(err!.message).toMatch(/disk is full/);
      store.close();
    });

    it("sums an attempt's calls as adding up its listed calls in order does, to the last bit of the cost", () => {
      const store = open();
      seed(store);
      const attempt = store.beginAttempt("e0", "r1");
      expect(store.attemptUsage("e0", attempt)).toEqual({ calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 });
      // Stored out of order; 0.1 + 0.2 + 0.3 in seq order is not the same double as in another order.
      for (const [seq, cost] of [
        [3, 0.3],
        [1, 0.1],
        [2, 0.2],
      ] as const) {
        store.putModelCall({
          episode_id: "e0",
          attempt,
          seq,
          role: "evaluator",
          provider: "sim",
          model: "x",
          request_hash: `r-${seq}`,
          response: { text: "an answer" },
          input_tokens: 10 * seq,
          output_tokens: seq,
          latency_ms: 0,
          cost_usd: cost,
          cache_hit: false,
          retries: 0,
        });
      }
      const calls = store.listModelCalls("e0", attempt);
      const listed = {
        calls: calls.length,
        input_tokens: calls.reduce((s, c) => s + c.input_tokens, 0),
        output_tokens: calls.reduce((s, c) => s + c.output_tokens, 0),
        cost_usd: calls.reduce((s, c) => s + c.cost_usd, 0),
      };
      expect(store.attemptUsage("e0", attempt)).toEqual(listed);
      expect(listed).toEqual({ calls: 3, input_tokens: 60, output_tokens: 6, cost_usd: 0.1 + 0.2 + 0.3 });
      store.close();
    });

    it("counts the same episodes as a run everywhere: its cells' trials, never branches or trials past its count", () => {
      const store = open();
      seed(store);
      // Not part of run r1: a third trial of c1 (r1 asks for two) and a branch of e0.
      store.ensureEpisode({ id: "e2", cell_id: "c1", trial: 2, seed: 13 });
      store.ensureEpisode({ id: "b0", cell_id: "c1", trial: 0, seed: 11, parent_id: "e0", branch_step: 1 });
      for (const id of ["e0", "e1", "e2", "b0"]) {
        const attempt = store.beginAttempt(id, "r1");
        store.appendEvents([
          { episode_id: id, attempt, seq: 1, kind: "message", role: "user", payload: { content: `needle in ${id}` }, meta: null, hash: `h-${id}` },
        ]);
        store.putModelCall({
          episode_id: id,
          attempt,
          seq: 1,
          role: "evaluator",
          provider: "sim",
          model: "x",
          request_hash: `r-${id}`,
          response: {},
          input_tokens: 10,
          output_tokens: 1,
          latency_ms: 0,
          cost_usd: 0.5,
          cache_hit: false,
          retries: 1,
        });
        store.putJudgment({ episode_id: id, attempt, scorer: "detectors", version: "v1", outcomes: { tampered: true }, evidence: {} });
        store.endAttempt(id, attempt, { status: "done", turns: 1 });
      }
      const members = ["e0", "e1"];
      expect(store.listRuns()[0]).toMatchObject({ episodes: 2, done: 2, failed: 0 });
      expect(store.runEpisodes("r1").map((e) => e.id)).toEqual(members);
      expect(store.runUsage("r1")).toEqual([
        { role: "evaluator", provider: "sim", model: "x", calls: 2, input_tokens: 20, output_tokens: 2, cost_usd: 1, cache_hits: 0, retries: 2 },
      ]);
      expect(store.runJudgments("r1").map((j) => j.episode_id)).toEqual(members);
      // Search used to count branches as part of a run; it agrees with the rest now.
      expect(
        store
          .searchEvents("needle", { runId: "r1" })
          .map((h) => h.episode_id)
          .sort(),
      ).toEqual(members);
      expect(
        store
          .searchEvents("needle")
          .map((h) => h.episode_id)
          .sort(),
      ).toEqual(["b0", "e0", "e1", "e2"]);
      expect(store.branchesOf("e0").map((e) => e.id)).toEqual(["b0"]);
      expect(store.cellEpisodes("c1").map((e) => e.id)).toEqual(["e0", "e1", "e2"]);
      store.close();
    });

    it("gives a cell back with its factors in their narrow types and its key as written", () => {
      const store = open();
      seed(store);
      const got = store.getCell("c1")!;
      expect(CellRecord.parse(got)).toEqual(got);
      expect(got).toMatchObject({ ...cell, created_at: "2026-03-01T12:00:00.000Z" });
      expect(store.runCells("r1")).toEqual([{ cell: got, position: 0, trials: 2 }]);
      store.close();
    });

    it("keeps memory items by namespace with their provenance", () => {
      const store = open();
      store.memories.put({ namespace: ["a", "b"], key: "k1", value: { x: 1 }, fixture_hash: "f", episode_id: null });
      store.memories.put({ namespace: ["a", "c"], key: "k2", value: { x: 2 } });
      expect(store.memories.get(["a", "b"], "k1")).toMatchObject({ value: { x: 1 }, fixture_hash: "f", episode_id: null });
      expect(store.memories.under(["a"]).map((m) => m.key)).toEqual(["k1", "k2"]);
      expect(store.memories.namespaces()).toEqual([
        ["a", "b"],
        ["a", "c"],
      ]);
      expect(store.memories.deleteUnder(["a", "b"])).toBe(1);
      expect(store.memories.delete(["a", "c"], "k2")).toBe(true);
      expect(store.memories.under([])).toEqual([]);
      store.close();
    });

    it("keeps fixtures and cached responses once, the first write winning", () => {
      const store = open();
      store.putFixture("h1", "good", { a: 1 });
      store.putFixture("h1", "good", { a: 2 });
      expect(store.getFixture("h1")).toEqual({ hash: "h1", fixture_id: "good", content: { a: 1 } });
      expect(store.getCachedResponse("k")).toBeUndefined();
      store.putCachedResponse("k", { text: "one" });
      store.putCachedResponse("k", { text: "two" });
      expect(store.getCachedResponse("k")).toEqual({ text: "one" });
      store.close();
    });

    it("measures its storage, which grows as events are written", () => {
      const store = open();
      seed(store);
      const before = store.storageBytes();
      const attempt = store.beginAttempt("e0", "r1");
      store.appendEvents(
        Array.from({ length: 200 }, (_, i) => ({
          episode_id: "e0",
          attempt,
          seq: i + 1,
          kind: "message" as const,
          role: null,
          payload: { text: "x".repeat(500) },
          meta: null,
          hash: `h${i}`,
        })),
      );
      expect(store.storageBytes()).toBeGreaterThan(before);
      store.close();
    });
  });
}
