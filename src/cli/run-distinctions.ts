// What tells look-alike runs apart in `peerlab list`: runs that share a name are shown with the spec
// keys in which they differ ("trials 6 · peers absent, good"), read from each run's stored spec. Pure.

export interface RunSpec {
  id: string;
  name: string;
  spec: unknown;
}

/** A spec value in words: lists joined by ", ", mappings as "key value" pairs, scalars as written. */
function show(v: unknown): string {
  if (v === undefined) return "(unset)";
  if (Array.isArray(v)) return v.map(show).join(", ");
  if (v && typeof v === "object")
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k} ${show(x)}`)
      .join("; ");
  return String(v);
}

function entries(spec: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (spec && typeof spec === "object" && !Array.isArray(spec))
    for (const [k, v] of Object.entries(spec as Record<string, unknown>)) if (k !== "name") out.set(k, show(v));
  return out;
}

/**
 * Per run id, what distinguishes it from the other runs of the same name ("" for a run whose name is
 * its own). Keys are listed in the order the specs name them; "same spec" when only the database
 * state told them apart (the same spec run against other base URLs, say).
 */
export function runDistinctions(runs: readonly RunSpec[]): Map<string, string> {
  const out = new Map<string, string>();
  const byName = new Map<string, RunSpec[]>();
  for (const r of runs) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  for (const group of byName.values()) {
    if (group.length < 2) {
      for (const r of group) out.set(r.id, "");
      continue;
    }
    const specs = group.map((r) => entries(r.spec));
    const keys = [...new Set(specs.flatMap((s) => [...s.keys()]))];
    const differing = keys.filter((k) => new Set(specs.map((s) => s.get(k) ?? "(unset)")).size > 1);
    group.forEach((r, i) => out.set(r.id, differing.length ? differing.map((k) => `${k} ${specs[i]!.get(k) ?? "(unset)"}`).join(" · ") : "same spec"));
  }
  return out;
}
