import { existsSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openStore, SCHEMA_VERSION, type Store } from "../../src/store/index.js";
import { PeerlabError } from "../../src/errors.js";
import { testClock } from "../support/cells.js";
import { tempDir } from "../support/tmp.js";
import { rawDatabaseForTests } from "../../src/store/testing.js";

const cell = { id: "c1", key: { a: 1 }, scenario: "tampering", evaluator: "sim:compliant", target: "peer", peer: "absent", threat: "shutdown", delivery: null, oversight: null, scratchpad: "off", harness: "tools", params: { item_set: "factual", threshold: 80 } } as const;

function seed(store: Store): void {
  store.putRun({ id: "r1", name: "test", spec_hash: "h", spec: { name: "test" }, source_file: null, status: "pending", provenance: {} });
  store.putCell(cell);
  store.linkRunCell("r1", "c1", 0, 2);
  store.ensureEpisode({ id: "e0", cell_id: "c1", trial: 0, seed: 11 });
  store.ensureEpisode({ id: "e1", cell_id: "c1", trial: 1, seed: 12 });
}

// One contract suite, run against a database file and an in-memory database.
for (const kind of ["file", "memory"] as const) {
  describe(`store contract (${kind})`, () => {
    const open = () => openStore(kind === "file" ? join(tempDir(), "sub", "p.db") : ":memory:", { clock: testClock() });

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
      expect(() => store.appendEvents([{ episode_id: "e0", attempt: 1, seq: 2, kind: "message", role: null, payload: {}, meta: null, hash: "x" }])).toThrow(PeerlabError);
      store.close();
    });

    it("rejects an event for an attempt that does not exist (foreign keys are on)", () => {
      const store = open();
      seed(store);
      expect(() => store.appendEvents([{ episode_id: "e0", attempt: 9, seq: 1, kind: "message", role: null, payload: {}, meta: null, hash: "x" }])).toThrow(/FOREIGN KEY/);
      store.close();
    });

    it("stores judgments beside each other by scorer and version", () => {
      const store = open();
      seed(store);
      store.beginAttempt("e0", "r1");
      store.putJudgment({ episode_id: "e0", attempt: 1, scorer: "detectors", version: "tampering@1", outcomes: { tampered: true }, evidence: { tampered: "x" } });
      store.putJudgment({ episode_id: "e0", attempt: 1, scorer: "detectors", version: "tampering@2", outcomes: { tampered: false }, evidence: { tampered: "y" } });
      expect(store.listJudgments("e0", 1).map((j) => [j.version, j.outcomes.tampered])).toEqual([
        ["tampering@1", true],
        ["tampering@2", false],
      ]);
      store.close();
    });

    it("turns a failing write into STORAGE_FAILED through the fault seam", () => {
      const store = openStore(":memory:", {
        clock: testClock(),
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
  });
}

describe("store on disk", () => {
  it("reopens a database with everything in it and does not re-run migrations", () => {
    const file = join(tempDir(), "p.db");
    const a = openStore(file, { clock: testClock() });
    seed(a);
    a.close();
    const b = openStore(file, { clock: testClock() });
    expect(b.schemaVersion).toBe(SCHEMA_VERSION);
    expect(b.getRun("r1")!.name).toBe("test");
    expect(b.runEpisodes("r1").map((e) => e.id)).toEqual(["e0", "e1"]);
    b.close();
  });

  it("uses WAL journaling and foreign keys", () => {
    const file = join(tempDir(), "p.db");
    openStore(file, { clock: testClock() }).close();
    const db = new Database(file);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
    const store = openStore(file, { clock: testClock() });
    expect(rawDatabaseForTests(store).pragma("foreign_keys", { simple: true })).toBe(1);
    store.close();
  });

  it("refuses a database from a newer peerlab", () => {
    const file = join(tempDir(), "p.db");
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openStore(file, { clock: testClock() })).toThrow(/newer than this peerlab/);
  });

  it("opened read-only, a write fails as STORAGE_FAILED and nothing already written is lost", () => {
    const file = join(tempDir(), "p.db");
    const a = openStore(file, { clock: testClock() });
    seed(a);
    a.close();
    const ro = openStore(file, { clock: testClock(), readonly: true });
    expect(() => ro.beginAttempt("e0", "r1")).toThrow(/STORAGE|readonly|read-only/i);
    ro.close();
    const b = openStore(file, { clock: testClock() });
    expect(b.runEpisodes("r1")).toHaveLength(2);
    expect(b.getEpisode("e0")!.status).toBe("pending");
    b.close();
    expect(existsSync(file)).toBe(true);
  });
});
