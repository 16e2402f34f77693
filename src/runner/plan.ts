// Planning a run: its id, cells, episodes and seeds, and what the database already holds.
// Nothing is called.
import type { ResolvedExperiment } from "./load.js";
import type { Store } from "../store/index.js";
import { episodeIdOf, episodeSeedOf, expandCells, type PlannedCell, type SkippedCell } from "./cells.js";
import { runIdOf } from "./identity.js";

export interface PlannedEpisode {
  id: string;
  trial: number;
  seed: number;
}

export interface PlanResult {
  run_id: string;
  spec_hash: string;
  name: string;
  cells: (PlannedCell & { trials: number; episodes: PlannedEpisode[] })[];
  skipped: SkippedCell[];
  episodes: number;
  /** Episodes already done in the database (from this run or reused from others). */
  done: number;
}

export function planRun(resolved: ResolvedExperiment, store?: Store | null): PlanResult {
  const { cells, skipped } = expandCells(resolved);
  const { id, hash } = runIdOf(resolved, cells);
  const trials = resolved.spec.trials;
  const planned = cells.map((c) => ({
    ...c,
    trials,
    episodes: Array.from({ length: trials }, (_, trial) => ({ id: episodeIdOf(c.id, trial), trial, seed: episodeSeedOf(c.key, trial) })),
  }));
  let done = 0;
  if (store) for (const c of planned) for (const e of c.episodes) if (store.getEpisode(e.id)?.status === "done") done++;
  return { run_id: id, spec_hash: hash, name: resolved.spec.name, cells: planned, skipped, episodes: planned.length * trials, done };
}
