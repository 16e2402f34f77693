// What only the SQLite store promises: a file with WAL and foreign keys, migrations applied once, a
// newer schema refused, read-only opening that cannot write, and stored factors read back strictly.
import { existsSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openStore, SCHEMA_VERSION, type Store } from "../../src/store/index.js";
import { rawDatabaseForTests } from "../../src/store/testing.js";
import { testClock } from "../support/cells.js";
import { tempDir } from "../support/tmp.js";
import { cellRow } from "../support/cell-row.js";

function seed(store: Store): void {
  store.putRun({ id: "r1", name: "test", spec_hash: "h", spec: { name: "test" }, source_file: null, status: "pending", provenance: {} });
  store.putCell(cellRow("c1", { key: { a: 1 }, params: { item_set: "factual", threshold: 80 } }));
  store.linkRunCell("r1", "c1", 0, 2);
  store.ensureEpisode({ id: "e0", cell_id: "c1", trial: 0, seed: 11 });
  store.ensureEpisode({ id: "e1", cell_id: "c1", trial: 1, seed: 12 });
}

describe("SQLite store on disk", () => {
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

  it("opened read-only, is query-only too: not even a raw statement can write", () => {
    const file = join(tempDir(), "p.db");
    openStore(file, { clock: testClock() }).close();
    const ro = openStore(file, { clock: testClock(), readonly: true });
    expect(rawDatabaseForTests(ro).pragma("query_only", { simple: true })).toBe(1);
    expect(() => rawDatabaseForTests(ro).exec("CREATE TABLE intruder (x)")).toThrow(/readonly|read-only|query_only/i);
    ro.close();
  });

  it("refuses a stored factor outside the vocabulary instead of passing it on as a string", () => {
    const store = openStore(":memory:", { clock: testClock() });
    seed(store);
    rawDatabaseForTests(store).prepare("UPDATE cells SET threat = 'meteor' WHERE id = 'c1'").run();
    expect(() => store.getCell("c1")).toThrow();
    store.close();
  });

  it("leaves indexing to the next search when asked to (benchmarks measure the index's cost)", () => {
    const store = openStore(":memory:", { clock: testClock(), searchIndex: false });
    seed(store);
    const attempt = store.beginAttempt("e0", "r1");
    store.appendEvents([
      { episode_id: "e0", attempt, seq: 1, kind: "message", role: "user", payload: { content: "needle" }, meta: null, hash: "h" },
      { episode_id: "e0", attempt, seq: 2, kind: "episode_end", role: null, payload: { turns: 0 }, meta: null, hash: "h2" },
    ]);
    const indexed = () => (rawDatabaseForTests(store).prepare("SELECT count(*) AS n FROM event_text").get() as { n: number }).n;
    expect(indexed()).toBe(0);
    expect(store.searchEvents("needle").map((h) => h.seq)).toEqual([1]);
    expect(indexed()).toBe(1);
    expect(store.listEvents("e0", attempt)).toHaveLength(2);
    store.close();
  });
});
