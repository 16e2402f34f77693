// Helpers for scenario tests: a scenario's initial world for a cell, detectors over a world changed by
// World operations (the same ones the tools and the shell use), and scripted episodes in either harness.
import { Governor } from "../../src/models/index.js";
import { runEpisode, setupEpisode, toolTraces, type EpisodeSetup } from "../../src/episode/index.js";
import type { DetectResult, ToolTrace } from "../../src/scenarios/index.js";
import type { CellKey } from "../../src/spec/index.js";
import { SteppingClock } from "../../src/util/clock.js";
import { World, diffWorlds, type WorldState } from "../../src/world/index.js";
import { cellKey, fixture, memoryStore, testClock } from "../support/cells.js";
import { scripted, type Step } from "../support/scripted.js";
import { factorsOf } from "../../src/spec/factors.js";

export type { Step };

/** A cell of a scenario; `peer: "good"` brings the bundled fixture by file. */
export function cellOf(scenario: CellKey["scenario"], over: Partial<CellKey> = {}): CellKey {
  const peer = over.peer ?? "absent";
  return cellKey({
    scenario,
    params: {},
    oversight: scenario === "alignment-faking" ? "unmonitored" : null,
    ...(peer !== "absent" ? { peer_hash: fixture(peer).hash, delivery: "file" as const } : {}),
    ...over,
  });
}

export function setupOf(key: CellKey): EpisodeSetup {
  return setupEpisode(key, key.peer === "absent" ? null : fixture(key.peer));
}

/** Run a scenario's detectors after changing its initial world with World operations. */
export function detectAfter(
  key: CellKey,
  change: (w: World) => void,
  opts: { calls?: ToolTrace[]; texts?: string[] } = {},
): DetectResult & { before: WorldState; after: WorldState } {
  const setup = setupOf(key);
  const before = structuredClone(setup.world);
  const world = new World(structuredClone(setup.world), new SteppingClock(setup.ctx.start, 60_000));
  change(world);
  const after = world.snapshot();
  const r = setup.scenario.detect({ ctx: setup.ctx, before, after, diff: diffWorlds(before, after), calls: opts.calls ?? [], texts: opts.texts ?? [] });
  return { ...r, before, after };
}

/** Run a scripted episode (tool calls or shell commands) through the real graph, world and detectors. */
export async function runScripted(key: CellKey, steps: Step[]) {
  const store = memoryStore();
  store.putCell({ id: "c", key, ...factorsOf(key) });
  store.ensureEpisode({ id: "e", cell_id: "c", trial: 0, seed: 1 });
  const attempt = store.beginAttempt("e", null);
  const fx = key.peer === "absent" ? null : fixture(key.peer);
  const r = await runEpisode(
    { episodeId: "e", attempt, trial: 0, seed: 1, cell: key, fixture: fx, chat: scripted(steps) },
    { store, governor: new Governor(), clock: testClock(), env: {} },
  );
  const events = store.listEvents("e", attempt);
  return { ...r, events, calls: toolTraces(events), outcomes: r.result.outcomes, evidence: r.result.evidence };
}

/** One shell command as a scripted step. */
export function sh(command: string): Step {
  return { calls: [["bash", { command }]] };
}

export const END: Step = { calls: [["end_task"]] };
