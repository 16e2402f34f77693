// The full forged-log sweep (`npm run test:reliability`): every case of forged-log-cases.ts applied to
// every episode of a run with a live peer, an interview and a judge — each must be found by the record
// check, by `replay --verify` and by the whole-database check; then every event kind edited with the
// chain, the digest and the judgments' bindings all recomputed, which only re-executing can find.
// Writes its figures to test-artifacts/reliability/forged-log.json.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replayEpisode } from "../../src/replay/index.js";
import { runExperiment } from "../../src/runner/index.js";
import { loadExperimentText } from "../../src/runner/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { rawDatabaseForTests } from "../../src/store/testing.js";
import { checkDatabase } from "../../src/store/verify-db.js";
import { verifyAttempt } from "../../src/store/verify-log.js";
import { testClock } from "../support/cells.js";
import { ALL_CASES, EVENT_KINDS, rebindAll, rehashFrom, tamper, type Target } from "./forged-log-cases.js";

const SPEC =
  `name: forged-sweep\nevaluator: [sim:peer-loyal, sim:propensity]\nscenarios: [tampering]\n` +
  `params: {tampering: {item_set: [factual], threshold: [80]}}\n` +
  `trials: 2\npeers: [absent, good]\ndeliveries: [live, file]\n` +
  `judge: sim:judge\ninterview: {turns: 1}\nseed: 9\n`;

const home = mkdtempSync(join(tmpdir(), "peerlab-forged-sweep-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const original = join(home, "rec.db");
let targets: Target[] = [];
let copies = 0;
const figures: Record<string, number> = {};
afterAll(() => {
  const out = resolve(import.meta.dirname, "../../test-artifacts/reliability");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "forged-log.json"), JSON.stringify({ episodes: targets.length, cases: ALL_CASES.length, ...figures }, null, 2) + "\n");
});

function copy(forge: (db: Database.Database) => boolean): { store: Store; applied: boolean } {
  const file = join(home, `c${copies++}.db`);
  copyFileSync(original, file);
  const db = new Database(file);
  const applied = forge(db);
  db.close();
  return { store: openStore(file, { clock: testClock() }), applied };
}

beforeAll(async () => {
  const store = openStore(original, { clock: testClock() });
  const r = await runExperiment(loadExperimentText(SPEC), { store, clock: testClock(), env: {} });
  targets = store.runEpisodes(r.run_id).map((e) => ({ episode: e.id, attempt: e.attempt }));
  rawDatabaseForTests(store).pragma("wal_checkpoint(TRUNCATE)");
  store.close();
}, 300_000);

describe("forged-log sweep", () => {
  it("finds every forged record in every episode, through the record check, replay --verify and db check", async () => {
    let tried = 0;
    let skipped = 0;
    const missed: string[] = [];
    for (const t of targets) {
      for (const c of ALL_CASES) {
        const { store, applied } = copy((db) => c.forge(db, t));
        try {
          if (!applied) {
            skipped++;
            continue;
          }
          tried++;
          const check = verifyAttempt(store, t.episode, t.attempt);
          const raw = new Database(store.file, { readonly: true });
          const at = c.at(raw, t);
          raw.close();
          if (check.intact || !check.problems.some((p) => p.seq === at && c.says.test(p.what)))
            missed.push(`${t.episode}: ${c.name}: ${JSON.stringify(check.problems.slice(0, 2))}`);
          const r = await replayEpisode(store, t.episode, { clock: testClock(), verify: true });
          if (r.ok || r.diverged_at?.cause !== "record") missed.push(`${t.episode}: ${c.name}: replay --verify said ${JSON.stringify(r.diverged_at)}`);
          if (checkDatabase(store).ok) missed.push(`${t.episode}: ${c.name}: db check passed`);
        } finally {
          store.close();
        }
      }
    }
    Object.assign(figures, { forged_records: tried, not_applicable: skipped, missed: missed.length });
    console.log(
      `forged-log sweep: ${tried} forged records over ${targets.length} episodes, ${missed.length} missed (${skipped} cases not applicable to an episode)`,
    );
    expect(missed).toEqual([]);
    expect(tried).toBeGreaterThan(ALL_CASES.length * targets.length * 0.8);
  }, 900_000);

  it("a forgery with the chain, the digest and every binding recomputed is found by re-executing, for every event kind up to episode_end", async () => {
    let tried = 0;
    let byReexecution = 0;
    const missed: string[] = [];
    for (const t of targets) {
      for (const kind of EVENT_KINDS) {
        let seq = 0;
        const { store, applied } = copy((db) => {
          const rows = db.prepare("SELECT seq, kind, payload_json FROM events WHERE episode_id = ? AND attempt = ? ORDER BY seq").all(t.episode, t.attempt) as {
            seq: number;
            kind: string;
            payload_json: string;
          }[];
          const end = rows.find((e) => e.kind === "episode_end")!.seq;
          const e = rows.find((x) => x.kind === kind && x.seq <= end);
          if (!e) return false;
          seq = e.seq;
          rehashFrom(db, t, e.seq, tamper(JSON.parse(e.payload_json)));
          rebindAll(db, t);
          return true;
        });
        try {
          if (!applied) continue;
          tried++;
          // A model_call's copy in model_calls still gives it away; every other kind verifies as a record.
          const intact = verifyAttempt(store, t.episode, t.attempt).intact;
          if (intact === (kind === "model_call")) missed.push(`${t.episode} ${kind}: the record check said ${intact ? "intact" : "broken"}`);
          const r = await replayEpisode(store, t.episode, { clock: testClock(), verify: true });
          if (r.ok) missed.push(`${t.episode} ${kind} (event ${seq}): the re-execution did not differ`);
          else if (intact) byReexecution++;
        } finally {
          store.close();
        }
      }
    }
    Object.assign(figures, { rehashed_forgeries: tried, found_only_by_reexecution: byReexecution, rehashed_missed: missed.length });
    console.log(`forged-log sweep: ${tried} fully re-hashed forgeries, ${byReexecution} found only by re-executing, ${missed.length} missed`);
    expect(missed).toEqual([]);
  }, 900_000);
});
