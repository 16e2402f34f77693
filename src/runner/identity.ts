// A run's identity: a content hash of what determines its results. Concurrency and budgets do not
// change results, so they are left out: editing them continues the same run.
import type { ResolvedExperiment } from "./load.js";
import { shortHash } from "../util/index.js";
import type { PlannedCell } from "./cells.js";

export function runIdentity(resolved: ResolvedExperiment, cells: readonly PlannedCell[]): Record<string, unknown> {
  const { spec } = resolved;
  return {
    name: spec.name,
    trials: spec.trials,
    cells: cells.map((c) => c.id).sort(),
    judge: spec.judge ?? null,
    interview: spec.interview ?? null,
    interviewer: spec.interviewer ?? null,
    persist: spec.persist,
  };
}

export function slugOf(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "run"
  );
}

export function runIdOf(resolved: ResolvedExperiment, cells: readonly PlannedCell[]): { id: string; hash: string } {
  const identity = runIdentity(resolved, cells);
  const hash = shortHash(identity, 64);
  return { id: `${slugOf(resolved.spec.name)}-${hash.slice(0, 8)}`, hash };
}
