// Writing a run before any of it runs: the run row, its fixtures, cells and pending episodes (safe to
// call again: what is there is kept), and the response cache kept in the same store.
import type { ModelResponse, ResponseCache } from "../models/index.js";
import { factorsOf } from "../spec/index.js";
import type { Store } from "../store/index.js";
import type { ResolvedExperiment } from "./load.js";
import { planRun, type PlanResult } from "./plan.js";

/** Write the run, its fixtures, cells and pending episodes; returns the plan. Safe to call again. */
export function registerRun(resolved: ResolvedExperiment, store: Store, provenance: Record<string, unknown> = {}): PlanResult {
  const plan = planRun(resolved);
  store.transaction(() => {
    if (!store.getRun(plan.run_id)) {
      store.putRun({
        id: plan.run_id,
        name: plan.name,
        spec_hash: plan.spec_hash,
        spec: resolved.spec,
        source_file: resolved.file,
        status: "pending",
        provenance,
      });
    }
    for (const f of Object.values(resolved.fixtures)) store.putFixture(f.hash, f.fixture.id, f.fixture);
    plan.cells.forEach((c, position) => {
      const k = c.key;
      store.putCell({ id: c.id, key: k, ...factorsOf(k) });
      store.linkRunCell(plan.run_id, c.id, position, c.trials);
      for (const e of c.episodes) store.ensureEpisode({ id: e.id, cell_id: c.id, trial: e.trial, seed: e.seed });
    });
  });
  return plan;
}

/** The response cache, kept in the store. */
export function storeCache(store: Store): ResponseCache {
  return {
    get: (key) => store.getCachedResponse(key) as ModelResponse | undefined,
    put: (key, response) => store.putCachedResponse(key, response),
  };
}
