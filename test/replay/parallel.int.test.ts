// `replay <run>` on several threads: the same result, byte for byte, as replaying the episodes in turn
// on one thread, for a run that verifies and for one whose stored record was changed.
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { replayRun, type ReplayOutcome, type ReplayPool, startReplayPool } from "../../src/replay/index.js";
import { loadExperimentText, runExperiment } from "../../src/runner/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { testClock } from "../support/cells.js";
import { tempDir } from "../support/tmp.js";

const open: Store[] = [];
const pools: ReplayPool[] = [];
afterEach(async () => {
  while (pools.length) await pools.pop()!.close();
  while (open.length) open.pop()!.close();
});

async function recorded(): Promise<{ db: string; run: string }> {
  const db = join(tempDir(), "rec.db");
  const store = openStore(db, { clock: testClock() });
  const spec = loadExperimentText(
    "name: rec\nevaluator: sim:peer-loyal\nscenarios: [tampering]\n" +
      "params: {tampering: {item_set: [factual], threshold: [80]}}\ntrials: 2\npeers: [absent, good]\nseed: 4\n",
  );
  const r = await runExperiment(spec, { store, clock: testClock(), env: {} });
  store.close();
  return { db, run: r.run_id };
}

function reading(db: string): Store {
  const s = openStore(db, { clock: testClock(), readonly: true });
  open.push(s);
  return s;
}

/** A pool counting what its threads replay; `ready` waits until they can take episodes. */
function countedPool(db: string, threads: number): { pool: ReplayPool; taken: string[]; ready: () => Promise<void> } {
  const started = startReplayPool({ file: db, threads, now: testClock().now() })!;
  pools.push(started);
  const ready = async () => expect(await Promise.all(started.lanes.map((l) => l.ready))).toEqual(started.lanes.map(() => true));
  const taken: string[] = [];
  const lanes = started.lanes.map((l) => ({
    ready: l.ready,
    replay: (id: string, verify: boolean) => {
      taken.push(id);
      return l.replay(id, verify);
    },
  }));
  return { pool: { lanes, close: () => started.close() }, taken, ready };
}

async function both(
  db: string,
  run: string,
  pool: ReplayPool,
  ready: () => Promise<void>,
): Promise<{ serial: string; parallel: string; order: [string[], string[]] }> {
  const serialOrder: string[] = [];
  const parallelOrder: string[] = [];
  const push = (to: string[]) => (r: ReplayOutcome) => to.push(r.id);
  const serial = await replayRun(reading(db), run, { clock: testClock(), verify: true, onEpisode: push(serialOrder) });
  // Ready threads take episodes from the start (one still loading when the work runs out takes none).
  await ready();
  const parallel = await replayRun(reading(db), run, { clock: testClock(), verify: true, pool, onEpisode: push(parallelOrder) });
  return { serial: JSON.stringify(serial), parallel: JSON.stringify(parallel), order: [serialOrder, parallelOrder] };
}

describe("replay on several threads", () => {
  // One recording and one pool: first as recorded, then changed. A thread started from the sources loads
  // them through tsx (many seconds on a loaded machine), hence the longer timeout.
  it("gives byte for byte the result of one thread, as recorded and after the record was changed, the threads replaying some episodes", async () => {
    const { db, run } = await recorded();
    const { pool, taken, ready } = countedPool(db, 2);
    const r = await both(db, run, pool, ready);
    expect(JSON.parse(r.serial)).toMatchObject({ ok: true, report_reproduced: true });
    expect(JSON.parse(r.serial).episodes).toHaveLength(4);
    expect(r.parallel).toBe(r.serial);
    expect(r.order[1]).toEqual(r.order[0]);
    expect(taken.length).toBeGreaterThan(0);
    expect(taken.length).toBeLessThan(4);

    // One event's payload edited (the record check fails), and one cell's company changed (its requests differ).
    const sqlite = new Database(db);
    const ev = sqlite.prepare("SELECT episode_id, seq FROM events WHERE kind = 'model_call' ORDER BY episode_id, seq LIMIT 1").get() as {
      episode_id: string;
      seq: number;
    };
    sqlite.prepare("UPDATE events SET payload_json = replace(payload_json, 'a', 'b') WHERE episode_id = ? AND seq = ?").run(ev.episode_id, ev.seq);
    const cell = sqlite.prepare("SELECT id, key_json FROM cells WHERE peer = 'good'").get() as { id: string; key_json: string };
    sqlite.prepare("UPDATE cells SET key_json = ? WHERE id = ?").run(cell.key_json.replace('"OpenBrain"', '"Initech"'), cell.id);
    sqlite.close();
    taken.length = 0;
    const changed = await both(db, run, pool, ready);
    const serial = JSON.parse(changed.serial) as { ok: boolean; episodes: ReplayOutcome[] };
    expect(serial.ok).toBe(false);
    expect(serial.episodes.filter((e) => !e.ok).length).toBeGreaterThanOrEqual(2);
    expect(new Set(serial.episodes.filter((e) => !e.ok).map((e) => e.diverged_at?.cause))).toEqual(new Set(["record"]));
    expect(changed.parallel).toBe(changed.serial);
    expect(taken.length).toBeGreaterThan(0);
  }, 180_000);

  it("starts no threads for a database only this process can open", () => {
    expect(startReplayPool({ file: ":memory:", threads: 2, now: testClock().now() })).toBeNull();
    expect(startReplayPool({ file: "postgres://localhost/peerlab", threads: 2, now: testClock().now() })).toBeNull();
  });
});
