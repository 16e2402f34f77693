// Which outcome keys are primary: a scenario's headline key (the study's behaviour), or the keys a spec
// names with `primary:`. Grade points are derived from a reported grade, so they count as a key too.
import type { OutcomeSpec, ScenarioDefinition } from "./types.js";

/** The derived numeric key of a reported grade (A = 3, B = 2, C = 1). */
export const GRADE_POINTS_KEY = "grade_points";
export const GRADE_SOURCE_KEY = "reported_grade";

/** The scenario's headline key: its own, or its first boolean outcome. */
export function headlineKey(def: Pick<ScenarioDefinition, "headline" | "outcomes">): string | null {
  return def.headline ?? def.outcomes.find((o) => o.type === "boolean")?.key ?? null;
}

/** Every outcome key of the scenarios, in first-seen order, with grade points where a grade is read. */
export function scenarioOutcomeKeys(defs: readonly Pick<ScenarioDefinition, "outcomes">[]): string[] {
  const keys = new Set<string>();
  const add = (o: OutcomeSpec) => {
    keys.add(o.key);
    if (o.key === GRADE_SOURCE_KEY) keys.add(GRADE_POINTS_KEY);
  };
  for (const d of defs) d.outcomes.forEach(add);
  return [...keys];
}

/** The keys a spec names with `primary:` (stored specs are data, so read defensively); null when absent. */
export function primaryOf(spec: unknown): string[] | null {
  if (!spec || typeof spec !== "object" || !("primary" in spec)) return null;
  const p = (spec as { primary: unknown }).primary;
  const list = typeof p === "string" ? [p] : Array.isArray(p) ? p.filter((x): x is string => typeof x === "string") : [];
  return list.length ? list : null;
}
