// The SQLite full-text index filled in batches (migration 10): the batch that ends an attempt indexes
// everything past the mark in its own transaction; a writable search indexes what is pending first; a
// read-only reader finds pending events without writing; deleted rowids handed out again are indexed;
// copied runs are searchable; a pinned database from before migration 10 searches as a full rebuild does.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { copyRuns } from "../../src/store/copy.js";
import { openStore, type Store } from "../../src/store/index.js";
import { rawDatabaseForTests } from "../../src/store/testing.js";
import { testClock } from "../support/cells.js";
import { appendTestEvents as append, beginTestEpisode as seedEpisode, type TestEvent } from "../support/search-episodes.js";
import { tempDir } from "../support/tmp.js";

const msg = (text: string): TestEvent => ({ kind: "message", payload: { role: "user", content: text } });
const END: TestEvent = { kind: "episode_end", payload: { turns: 1, end_reason: "end_task" } };
const hits = (store: Store, q: string, runId?: string) => store.searchEvents(q, { runId }).map((h) => `${h.episode_id}#${h.seq}`);
/** The index's own state: how many events it holds and its mark, against the last event written. */
function indexState(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      indexed: n("SELECT count(*) AS n FROM event_text"),
      mark: n("SELECT indexed_through AS n FROM search_progress"),
      last: n("SELECT coalesce(max(rowid), 0) AS n FROM events"),
    };
  } finally {
    db.close();
  }
}

describe("the full-text index, filled in batches", () => {
  it("is brought up to date by the batch that ends an attempt, in that batch's transaction", () => {
    const file = join(tempDir(), "s.db");
    const store = openStore(file, { clock: testClock() });
    const a = seedEpisode(store, "e1");
    append(store, "e1", a, 1, [msg("alpha running"), msg("beta running")]);
    expect(indexState(file)).toEqual({ indexed: 0, mark: 0, last: 2 });
    append(store, "e1", a, 3, [msg("gamma final"), END]);
    expect(indexState(file)).toEqual({ indexed: 3, mark: 4, last: 4 });
    expect(hits(store, "running")).toEqual(expect.arrayContaining(["e1#1", "e1#2"]));
    store.close();
  });

  it("finds the events of a running episode: a writer indexes them before searching, a reader searches them without writing", () => {
    const file = join(tempDir(), "s.db");
    const writer = openStore(file, { clock: testClock() });
    const done = seedEpisode(writer, "done");
    append(writer, "done", done, 1, [msg("needle in a finished episode"), END]);
    const running = seedEpisode(writer, "live", "r2");
    append(writer, "live", running, 1, [msg("needle in a running episode"), msg("haystack only")]);
    const before = indexState(file);
    expect(before.mark).toBeLessThan(before.last);

    const reader = openStore(file, { clock: testClock(), readonly: true });
    expect(hits(reader, "needle").sort()).toEqual(["done#1", "live#1"]);
    expect(hits(reader, "needle", "r2")).toEqual(["live#1"]);
    expect(hits(reader, "needle", "r1")).toEqual(["done#1"]);
    expect(reader.searchEvents("running needle")[0]!.snippet).toContain("\u0002running\u0003");
    expect(reader.searchEvents("needle", { limit: 1 })).toHaveLength(1);
    expect(indexState(file)).toEqual(before);

    // The writer's own search indexes first, and then finds the same.
    expect(hits(writer, "needle").sort()).toEqual(["done#1", "live#1"]);
    const after = indexState(file);
    expect(after.mark).toBe(after.last);
    // Once indexed, the reader does not find anything twice.
    expect(hits(reader, "needle").sort()).toEqual(["done#1", "live#1"]);
    reader.close();
    writer.close();
  });

  it("ranks a reader's pending hits by the same words as indexed ones, and limits the merged list", () => {
    const file = join(tempDir(), "s.db");
    const writer = openStore(file, { clock: testClock() });
    const a = seedEpisode(writer, "a");
    append(writer, "a", a, 1, [msg("word"), msg("word word word"), END]);
    const b = seedEpisode(writer, "b");
    append(writer, "b", b, 1, [msg("word other things besides the word here"), msg("word")]);
    const reader = openStore(file, { clock: testClock(), readonly: true });
    expect(hits(reader, "word").sort()).toEqual(["a#1", "a#2", "b#1", "b#2"]);
    expect(reader.searchEvents("word", { limit: 3 })).toHaveLength(3);
    expect(hits(reader, "absent")).toEqual([]);
    reader.close();
    writer.close();
  });

  it("finds a crashed episode's events, and after a resume truncates and rewrites them, finds the new ones and not the old", () => {
    const file = join(tempDir(), "s.db");
    let store = openStore(file, { clock: testClock() });
    const a = seedEpisode(store, "e1");
    append(store, "e1", a, 1, [msg("prefix kept"), msg("tail oldword one"), msg("tail oldword two")]);
    // The process dies here (what it committed stays, no episode_end): a reader finds the events.
    store.close();
    const reader = openStore(file, { clock: testClock(), readonly: true });
    expect(hits(reader, "oldword").sort()).toEqual(["e1#2", "e1#3"]);
    reader.close();

    // A writer's search indexes them; then a resume drops the tail, whose rowids SQLite hands out again.
    store = openStore(file, { clock: testClock() });
    expect(hits(store, "oldword")).toHaveLength(2);
    expect(indexState(file).mark).toBe(3);
    store.truncateEvents("e1", a, 1);
    expect(indexState(file)).toMatchObject({ mark: 1, last: 1 });
    append(store, "e1", a, 2, [msg("tail newword one")]);
    const mid = openStore(file, { clock: testClock(), readonly: true });
    expect(hits(mid, "newword")).toEqual(["e1#2"]);
    expect(hits(mid, "oldword")).toEqual([]);
    mid.close();
    append(store, "e1", a, 3, [msg("tail newword two"), END]);
    expect(indexState(file)).toEqual({ indexed: 3, mark: 4, last: 4 });
    expect(hits(store, "newword").sort()).toEqual(["e1#2", "e1#3"]);
    expect(hits(store, "oldword")).toEqual([]);
    expect(hits(store, "prefix")).toEqual(["e1#1"]);
    store.close();
  });

  it("leaves indexing to the next search when the writer is told not to index (benchmarks)", () => {
    const file = join(tempDir(), "s.db");
    const store = openStore(file, { clock: testClock(), searchIndex: false });
    const a = seedEpisode(store, "e1");
    append(store, "e1", a, 1, [msg("needle"), END]);
    expect(indexState(file)).toEqual({ indexed: 0, mark: 0, last: 2 });
    expect(hits(store, "needle")).toEqual(["e1#1"]);
    expect(indexState(file)).toEqual({ indexed: 1, mark: 2, last: 2 });
    store.close();
  });

  it("indexes copied runs in the copy's transaction: a reader of the copy searches them through the index", () => {
    const src = openStore(join(tempDir(), "from.db"), { clock: testClock() });
    const done = seedEpisode(src, "done");
    append(src, "done", done, 1, [msg("copied needle"), END]);
    const live = seedEpisode(src, "live");
    append(src, "live", live, 1, [msg("copied needle while running")]);
    const file = join(tempDir(), "to.db");
    const dst = openStore(file, { clock: testClock() });
    copyRuns(src, dst);
    const state = indexState(file);
    expect(state.mark).toBe(state.last);
    expect(state.indexed).toBe(2);
    dst.close();
    const reader = openStore(file, { clock: testClock(), readonly: true });
    expect(hits(reader, "copied needle").sort()).toEqual(["done#1", "live#1"]);
    reader.close();
    src.close();
  });

  it("migrates a pinned database to a mark past every event, and searches it exactly as an index rebuilt from scratch does", () => {
    const path = join(tempDir("peerlab-pinned-"), "schema-7.db");
    writeFileSync(path, gunzipSync(readFileSync(join(import.meta.dirname, "../fixtures/pinned/schema-7.db.gz"))));
    const store = openStore(path, { clock: testClock() });
    const state = indexState(path);
    expect(state.mark).toBe(state.last);
    expect(state.indexed).toBeGreaterThan(0);
    const queries = ["shutdown", "config*", "threshold OR peer", '"the evaluation"', "score"];
    const migrated = queries.map((q) => store.searchEvents(q, { limit: 1000 }));
    expect(migrated.flat().length).toBeGreaterThan(0);
    // Rebuild: empty the index, put the mark back to nothing indexed; the next search indexes everything.
    const db = rawDatabaseForTests(store);
    db.exec(`DELETE FROM event_text; UPDATE search_progress SET indexed_through = 0`);
    const rebuilt = queries.map((q) => store.searchEvents(q, { limit: 1000 }));
    expect(rebuilt).toEqual(migrated);
    expect(indexState(path)).toEqual(state);
    store.close();
  });
});
