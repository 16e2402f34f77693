// The stored record is verified, not just replayed: a representative set of forged records (the full
// sweep is test/reliability/forged-log.slow.test.ts) is each found by `replay --verify`, `db check`,
// `show` and `view`, naming the episode, the event and what differs; an intact record passes.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replayEpisode, replayRun } from "../../src/replay/index.js";
import { loadEpisodeView, renderEpisodeText } from "../../src/report/index.js";
import { runExperiment } from "../../src/runner/index.js";
import { loadExperimentText } from "../../src/runner/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { checkDatabase } from "../../src/store/verify-db.js";
import { rawDatabaseForTests } from "../../src/store/testing.js";
import { describeUnbound, verifyAttempt } from "../../src/store/verify-log.js";
import { EpisodeRecorder } from "../../src/episode/index.js";
import { episodePage } from "../../src/viewer/pages/episode.js";
import { peerlab } from "../support/cli.js";
import { testClock } from "../support/cells.js";
import { tempDir } from "../support/tmp.js";
import {
  attemptCases,
  chainCases,
  judgmentCases,
  modelCallCases,
  namedCases,
  rebindAll,
  rehashCases,
  rehashFrom,
  type ForgeCase,
  type Target,
} from "../reliability/forged-log-cases.js";

const FORGE_SPEC =
  `name: forged\nevaluator: sim:peer-loyal\nscenarios: [tampering]\n` +
  `params: {tampering: {item_set: [factual], threshold: [80]}}\n` +
  `trials: 1\npeers: [absent, good]\ndeliveries: [live]\njudge: sim:judge\ninterview: {turns: 1}\nseed: 4\n`;

let original = "";
let target: Target;

/** A copy of the recorded database with `forge` applied, opened as a store. */
function forged(forge?: (db: Database.Database, t: Target) => unknown): { file: string; store: Store } {
  const file = join(tempDir("peerlab-forged-"), "f.db");
  copyFileSync(original, file);
  if (forge) {
    const db = new Database(file);
    forge(db, target);
    db.close();
  }
  return { file, store: openStore(file, { clock: testClock() }) };
}

// The recording outlives each test (tempDir folders are removed after every test).
const home = mkdtempSync(join(tmpdir(), "peerlab-forged-rec-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

beforeAll(async () => {
  original = join(home, "rec.db");
  const store = openStore(original, { clock: testClock() });
  const r = await runExperiment(loadExperimentText(FORGE_SPEC), { store, clock: testClock(), env: {} });
  const ep = store.runEpisodes(r.run_id).find((e) => store.getCell(e.cell_id)!.peer === "good")!;
  target = { episode: ep.id, attempt: ep.attempt };
  rawDatabaseForTests(store).pragma("wal_checkpoint(TRUNCATE)");
  store.close();
}, 60_000);

function expectFound(c: ForgeCase) {
  const { store } = forged((db, t) => expect(c.forge(db, t)).toBe(true));
  try {
    const check = verifyAttempt(store, target.episode, target.attempt);
    expect(check.intact).toBe(false);
    const raw = new Database(store.file, { readonly: true });
    const at = c.at(raw, target);
    raw.close();
    expect(
      check.problems.some((p) => p.seq === at && c.says.test(p.what)),
      `${c.name}: ${JSON.stringify(check.problems)}`,
    ).toBe(true);
  } finally {
    store.close();
  }
}

describe("the stored record is verified", () => {
  it("an intact record verifies, judge events and interview included, with every judgment bound", async () => {
    const { store } = forged();
    const check = verifyAttempt(store, target.episode, target.attempt);
    expect(check).toMatchObject({ intact: true, problems: [], unbound: [], judgments: 2 });
    expect(checkDatabase(store).ok).toBe(true);
    const r = await replayEpisode(store, target.episode, { clock: testClock(), verify: true });
    expect(r.ok).toBe(true);
    store.close();
  });

  const fast = [...namedCases, modelCallCases[0]!, judgmentCases[0]!, judgmentCases[2]!, attemptCases[0]!, chainCases[1]!, chainCases[2]!, ...rehashCases];
  for (const c of fast) it(`finds a forged ${c.name}`, () => expectFound(c));

  it("replay --verify does not re-execute a forged record: it fails naming the episode, the event and what differs", async () => {
    const { store } = forged(namedCases[0]!.forge);
    const r = await replayEpisode(store, target.episode, { clock: testClock(), verify: true });
    expect(r.ok).toBe(false);
    expect(r.diverged_at).toMatchObject({ cause: "record", kind: "tool_result" });
    expect(r.diverged_at!.detail).toMatch(/its tool_result content does not match its recorded hash/);
    // Without --verify the re-execution alone cannot see it: its hashes are the stored ones.
    expect((await replayEpisode(store, target.episode, { clock: testClock() })).ok).toBe(true);
    store.close();
  });

  it("a forgery consistent in every hash and binding is still found by re-executing: the replay differs at the forged event", async () => {
    let seq = 0;
    const { store } = forged((db, t) => {
      const e = db
        .prepare("SELECT seq, payload_json FROM events WHERE episode_id = ? AND attempt = ? AND kind = 'tool_result' ORDER BY seq LIMIT 1")
        .get(t.episode, t.attempt) as { seq: number; payload_json: string };
      seq = e.seq;
      rehashFrom(db, t, e.seq, { ...(JSON.parse(e.payload_json) as object), content: "FORGED everywhere" });
      rebindAll(db, t);
    });
    expect(verifyAttempt(store, target.episode, target.attempt).intact).toBe(true);
    const r = await replayEpisode(store, target.episode, { clock: testClock(), verify: true });
    expect(r.ok).toBe(false);
    expect(r.diverged_at).toMatchObject({ cause: "event", event: seq, kind: "tool_result", replayed_kind: "tool_result" });
    expect(r.diverged_at!.detail).toMatch(/^the tool_result event differs from the recording at character \d+/);
    store.close();
  });

  it("judgments stored before they were bound are reported unbound, recorded before schema 5, and do not fail", async () => {
    const file = join(tempDir("peerlab-forged-"), "old.db");
    copyFileSync(original, file);
    const db = new Database(file);
    // Back to schema 4: what migrations 5 and later add is taken away, so they apply again on open.
    db.exec(
      "DROP TABLE rate_limit_calls; DROP TABLE rate_limit_keys; DROP TRIGGER events_search_delete; DROP TABLE search_progress; " +
        "CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN " +
        "DELETE FROM event_text WHERE episode_id = old.episode_id AND attempt = old.attempt AND seq = old.seq; END; " +
        "ALTER TABLE judgments DROP COLUMN binding; ALTER TABLE judgments DROP COLUMN digest; " +
        "DROP TABLE episode_claims; DROP TABLE run_workers; DROP TABLE budget_reservations; DROP TABLE budget_spend; " +
        "ALTER TABLE cells DROP COLUMN memory_prompt; ALTER TABLE cells DROP COLUMN party; " +
        "ALTER TABLE cells DROP COLUMN variants_json; PRAGMA user_version = 4;",
    );
    db.close();
    const store = openStore(file, { clock: testClock() });
    const check = verifyAttempt(store, target.episode, target.attempt);
    expect(check.intact).toBe(true);
    expect(check.unbound.map((u) => [u.scorer, u.schema])).toEqual([
      ["detectors", 4],
      ["judge:sim:judge", 4],
    ]);
    expect(describeUnbound(check)[0]).toMatch(/judgment detectors@tampering@\d+ is unbound, recorded before schema 5$/);
    expect((await replayEpisode(store, target.episode, { clock: testClock(), verify: true })).ok).toBe(true);
    store.close();
  });

  it("show and view say plainly that the record does not verify", () => {
    const { store } = forged(namedCases[0]!.forge);
    const view = loadEpisodeView(store, target.episode);
    expect(view.record?.intact).toBe(false);
    const text = renderEpisodeText(view);
    expect(text.split("\n")[1]).toMatch(/^WARNING: this episode's stored record does not verify/);
    expect(text).toMatch(new RegExp(`${target.episode} attempt 1: event \\d+ \\(tool_result\\): its tool_result content does not match`));
    const html = episodePage(store, { db: store.file }, target.episode, {});
    expect(html).toMatch(/<div class="notice bad" role="alert"><strong>This episode's stored record does not verify<\/strong>/);
    expect(html).toContain("its tool_result content does not match its recorded hash");
    const { store: clean } = forged();
    expect(episodePage(clean, { db: clean.file }, target.episode, {})).not.toContain("does not verify");
    clean.close();
    store.close();
  });
});

describe("divergence text", () => {
  it("names the replayed kind and the recorded kind for what they are", () => {
    const rec = new EpisodeRecorder(null, "ep-x", 1, {
      kind: "verify",
      expected: [{ episode_id: "ep-x", attempt: 1, seq: 1, kind: "tool_result", role: "evaluator", payload: {}, meta: null, hash: "0", created_at: "" }],
    });
    rec.emit("clock", null, { at: "2026-02-10T09:00:00.000Z" });
    expect(rec.verifyComplete()).toMatchObject({
      seq: 1,
      kind: "clock",
      expectedKind: "tool_result",
      detail: "the replay produced a clock event where the recording has a tool_result event",
    });
  });
});

describe("the CLI", () => {
  it("replay --verify exits 1 naming the episode and the event; plain replay exits 1 with ok false on a divergence; db check says what is intact", async () => {
    const { file, store } = forged(namedCases[0]!.forge);
    store.close();
    const dir = tempDir();
    const v = await peerlab(["replay", "forged", "--db", file, "--verify"], { cwd: dir });
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(new RegExp(`${target.episode} attempt 1: event \\d+ \\(tool_result\\): its tool_result content does not match its recorded hash`));
    expect(v.stderr).toMatch(/the stored record was changed after it was recorded/);
    expect(v.stderr).not.toMatch(/something the model sees/);

    const check = await peerlab(["db", "check", file, "--json"], { cwd: dir });
    expect(check.code).toBe(1);
    const j = JSON.parse(check.stdout) as {
      ok: boolean;
      integrity: string[];
      runs: { episodes: number; intact: number; attempts: number; problems: string[] }[];
    };
    expect(j).toMatchObject({ ok: false, integrity: ["ok"] });
    expect(j.runs[0]).toMatchObject({ episodes: 2, attempts: 2, intact: 1 });
    expect(j.runs[0]!.problems[0]).toContain(target.episode);

    // A forged outcome, consistent in every hash: plain replay re-executes, differs, and fails.
    const { file: f2, store: s2 } = forged((db, t) => {
      const e = db
        .prepare("SELECT seq, payload_json FROM events WHERE episode_id = ? AND attempt = ? AND kind = 'outcome' ORDER BY seq LIMIT 1")
        .get(t.episode, t.attempt) as { seq: number; payload_json: string };
      const p = JSON.parse(e.payload_json) as { outcomes: Record<string, unknown> };
      rehashFrom(db, t, e.seq, { ...p, outcomes: { ...p.outcomes, tampered: false } });
      rebindAll(db, t);
    });
    s2.close();
    const plain = await peerlab(["replay", "forged", "--db", f2, "--json"], { cwd: dir });
    expect(plain.code).toBe(1);
    const pj = JSON.parse(plain.stdout) as { ok: boolean; episodes: { id: string; ok: boolean; diverged_at?: { cause: string; kind: string } }[] };
    expect(pj.ok).toBe(false);
    expect(pj.episodes.find((e) => e.id === target.episode)).toMatchObject({ ok: false, diverged_at: { cause: "event", kind: "outcome" } });
    expect(plain.stderr).toMatch(/how the episode runs .* has changed/);

    const intact = await peerlab(["db", "check", original], { cwd: dir });
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/forged \(forged-\w+\): 2\/2 attempt\(s\) of 2 episode\(s\) intact/);
  }, 120_000);
});

describe("replayRun", () => {
  it("names the episode whose stored outcomes differ from the re-executed ones", async () => {
    const { store } = forged(judgmentCases[0]!.forge);
    const r = await replayRun(store, "forged", { clock: testClock() });
    // Without verify: the re-executed outcomes differ from the stored judgment, in that episode.
    expect(r.ok).toBe(false);
    expect(r.outcome_mismatches).toEqual([{ episode: target.episode, keys: ["tampered"] }]);
    store.close();
  });
});
