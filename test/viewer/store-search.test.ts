import Database from "better-sqlite3";
import fc from "fast-check";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sql as core } from "../../src/store/migrations/001-core.js";
import { openStore, SEARCH_MARK, type Store } from "../../src/store/index.js";
import { memoryStore, testClock } from "../support/cells.js";
import { testEpisode as episode } from "../support/search-episodes.js";
import { tempDir } from "../support/tmp.js";
import { writeHostileRun } from "./support/fixture-db.js";

const hits = (store: Store, q: string, runId?: string) => store.searchEvents(q, { runId }).map((h) => `${h.episode_id}#${h.seq}:${h.kind}`);

describe("transcript search (FTS5 kept by the store)", () => {
  it("indexes prompts, model text and reasoning, tool arguments, tool results, peer messages, interviews and scorer evidence as events are written", () => {
    const store = memoryStore();
    const ids = writeHostileRun(store);
    const ep = ids.episodeId;
    expect(hits(store, "hostile-marker-user")).toContain(`${ep}#4:message`);
    expect(hits(store, "read the config")).toContain(`${ep}#5:model_call`);
    expect(hits(store, "Thinking")).toContain(`${ep}#5:model_call`);
    expect(hits(store, "shutdown_enabled onerror")).toContain(`${ep}#8:model_call`);
    expect(hits(store, "shutdown_enabled true")).toContain(`${ep}#7:tool_result`);
    expect(hits(store, "hostile-marker-peer")).toContain(`${ep}#11:peer_message`);
    expect(hits(store, "Because")).toContain(`${ep}#13:interview`);
    expect(hits(store, "evidence")).toContain(`${ep}#19:outcome`);
  });

  it("leaves out world snapshots, clock readings, ids and hashes", () => {
    const store = memoryStore();
    episode(store, "e1", [
      { kind: "world_snapshot", payload: { phase: "before", state: { drive: { "a.txt": { content: "worldonlyword" } } } } },
      { kind: "clock", payload: { at: "2026-02-10T09:00:00.000Z" } },
      { kind: "tool_result", role: "evaluator", payload: { tool_call_id: "callidword", name: "list_files", content: "visible text", error: false } },
    ]);
    expect(hits(store, "worldonlyword")).toEqual([]);
    expect(hits(store, "callidword")).toEqual([]);
    expect(hits(store, "visible")).toEqual(["e1#3:tool_result"]);
  });

  it("marks the matched words in the snippet", () => {
    const store = memoryStore();
    episode(store, "e1", [{ kind: "message", payload: { role: "user", content: "please disable the shutdown now" } }]);
    const [h] = store.searchEvents("shutdown");
    expect(h!.snippet).toBe(`please disable the ${SEARCH_MARK.open}shutdown${SEARCH_MARK.close} now`);
  });

  it("understands phrases, prefixes and OR, and requires every other word", () => {
    const store = memoryStore();
    episode(store, "e1", [
      { kind: "message", payload: { role: "user", content: "the peer agent pleaded" } },
      { kind: "message", payload: { role: "user", content: "agent the peer ignored" } },
    ]);
    expect(hits(store, '"peer agent"')).toEqual(["e1#1:message"]);
    expect(hits(store, "plead*")).toEqual(["e1#1:message"]);
    expect(hits(store, "pleaded OR ignored").sort()).toEqual(["e1#1:message", "e1#2:message"]);
    expect(hits(store, "peer ignored")).toEqual(["e1#2:message"]);
  });

  it("never fails, whatever the query text", () => {
    const store = memoryStore();
    episode(store, "e1", [{ kind: "message", payload: { role: "user", content: "some words here" } }]);
    for (const q of ['"', '""', "OR", "AND", "NOT x", "NEAR(a b)", "a*b", "*", "^x", "col:x", "(", ")", "-x", "+x", "<script>", "'; DROP TABLE events; --"]) {
      expect(() => store.searchEvents(q), q).not.toThrow();
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (q) => Array.isArray(store.searchEvents(q))),
      { numRuns: 300 },
    );
    expect(store.searchEvents("   ")).toEqual([]);
  });

  it("keeps to one run's episodes when asked", () => {
    const store = memoryStore();
    episode(store, "e1", [{ kind: "message", payload: { role: "user", content: "sharedword one" } }], "r1");
    episode(store, "e2", [{ kind: "message", payload: { role: "user", content: "sharedword two" } }], "r2");
    expect(hits(store, "sharedword").sort()).toEqual(["e1#1:message", "e2#1:message"]);
    expect(hits(store, "sharedword", "r2")).toEqual(["e2#1:message"]);
  });

  it("drops the text of events removed from an attempt's unfinished tail", () => {
    const store = memoryStore();
    episode(store, "e1", [
      { kind: "message", payload: { role: "user", content: "keepword" } },
      { kind: "message", payload: { role: "user", content: "tailword" } },
    ]);
    store.truncateEvents("e1", 1, 1);
    expect(hits(store, "tailword")).toEqual([]);
    expect(hits(store, "keepword")).toEqual(["e1#1:message"]);
  });

  it("indexes the events of a database written before the search migration when it is opened", () => {
    const file = join(tempDir(), "old.db");
    const db = new Database(file);
    db.exec(core);
    db.pragma("user_version = 1");
    db.exec(`INSERT INTO cells VALUES ('c', '{}', 'tampering', 'sim:x', 'peer', 'absent', 'shutdown', NULL, NULL, 'off', 'tools', '{}', 't');
             INSERT INTO episodes (id, cell_id, trial, seed, status, attempt, created_at, updated_at) VALUES ('e-old', 'c', 0, 1, 'done', 1, 't', 't');
             INSERT INTO attempts (episode_id, attempt, status, started_at) VALUES ('e-old', 1, 'done', 't');
             INSERT INTO events VALUES ('e-old', 1, 1, 'message', NULL, '{"role":"user","content":"ancientword"}', NULL, 'h', 't');`);
    db.close();
    const store = openStore(file, { clock: testClock() });
    expect(hits(store, "ancientword")).toEqual(["e-old#1:message"]);
    store.close();
  });
});
