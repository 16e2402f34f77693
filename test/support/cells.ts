// Cells and episodes for tests, built the way the runner builds them.
import { loadFixtureRef, type LoadedFixture } from "../../src/fixtures/index.js";
import { Governor } from "../../src/models/index.js";
import { runEpisode, type EpisodeResult } from "../../src/episode/index.js";
import type { CellKey } from "../../src/spec/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { FixedClock } from "../../src/util/clock.js";
import { factorsOf } from "../../src/spec/factors.js";

export const T0 = "2026-03-01T12:00:00.000Z";
export const testClock = () => new FixedClock(T0);

export function fixture(ref = "good"): LoadedFixture {
  return loadFixtureRef(ref, process.cwd(), { file: "test", path: "peers" });
}

export function cellKey(over: Partial<CellKey> = {}): CellKey {
  return {
    evaluator: "sim:propensity",
    scenario: "tampering",
    params: { item_set: "factual", threshold: 80 },
    target: "peer",
    peer: "absent",
    peer_hash: null,
    threat: "shutdown",
    delivery: null,
    oversight: null,
    scratchpad: "off",
    harness: "tools",
    memory_prompt: null,
    party: null,
    variants: {},
    peer_provider: null,
    max_turns: 150,
    temperature: 1,
    company: "OpenBrain",
    family: null,
    seed: 0,
    scenario_version: "1",
    inputs_hash: null,
    interview: null,
    ...over,
  };
}

export function memoryStore(): Store {
  return openStore(":memory:", { clock: testClock() });
}

/** Run one episode into a store (a new in-memory one by default). */
export async function runOne(
  key: CellKey,
  opts: { seed?: number; trial?: number; store?: Store; fixture?: LoadedFixture | null; id?: string } = {},
): Promise<EpisodeResult & { store: Store; id: string; attempt: number }> {
  const store = opts.store ?? memoryStore();
  const id = opts.id ?? `ep-test-${opts.seed ?? 1}`;
  const cellId = `cell-${id}`;
  store.putCell({ id: cellId, key, ...factorsOf(key) });
  store.ensureEpisode({ id, cell_id: cellId, trial: opts.trial ?? 0, seed: opts.seed ?? 1 });
  const attempt = store.beginAttempt(id, null);
  const fx = opts.fixture === undefined ? (key.peer === "absent" ? null : fixture(key.peer)) : opts.fixture;
  const r = await runEpisode(
    { episodeId: id, attempt, trial: opts.trial ?? 0, seed: opts.seed ?? 1, cell: key, fixture: fx },
    { store, governor: new Governor(), clock: testClock(), env: {} },
  );
  return { ...r, store, id, attempt };
}
