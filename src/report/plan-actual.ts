// Plan against actual: what `peerlab plan` estimated (stored on the run's provenance under `plan`)
// next to what the run used. Renders whatever estimates are present; absent when there is no plan.
import type { UsageRow } from "./build.js";

export interface PlanVsActualRow {
  metric: string;
  role: string | null;
  expected: number;
  actual: number;
  /** actual / expected; null when nothing was expected. */
  ratio: number | null;
}

export interface PlanVsActual {
  rows: PlanVsActualRow[];
}

const METRICS = ["episodes", "calls", "input_tokens", "output_tokens", "tokens", "cost_usd"] as const;
type Metric = (typeof METRICS)[number];

function actualOf(metric: Metric, usage: readonly UsageRow[], episodes: number): number {
  switch (metric) {
    case "episodes":
      return episodes;
    case "tokens":
      return usage.reduce((s, u) => s + u.input_tokens + u.output_tokens, 0);
    case "calls":
    case "input_tokens":
    case "output_tokens":
    case "cost_usd":
      return usage.reduce((s, u) => s + u[metric], 0);
    default:
      return metric satisfies never;
  }
}

const num = (x: unknown): number | null => (typeof x === "number" && Number.isFinite(x) ? x : null);

/**
 * Expected keys (any subset): episodes, calls, input_tokens, output_tokens, tokens, cost_usd, and
 * `by_role: {<role>: {calls, input_tokens, output_tokens, tokens, cost_usd}}`.
 */
export function planVsActual(plan: unknown, usage: readonly UsageRow[], counts: { episodes: number; done: number }): PlanVsActual | null {
  if (!plan || typeof plan !== "object") return null;
  const p = plan as Record<string, unknown>;
  const rows: PlanVsActualRow[] = [];
  const push = (metric: Metric, role: string | null, expected: number | null, rs: readonly UsageRow[]) => {
    if (expected === null) return;
    const actual = actualOf(metric, rs, counts.done);
    rows.push({ metric, role, expected, actual, ratio: expected ? actual / expected : null });
  };
  for (const m of METRICS) push(m, null, num(p[m]), usage);
  const byRole = p.by_role && typeof p.by_role === "object" ? (p.by_role as Record<string, Record<string, unknown>>) : {};
  for (const role of Object.keys(byRole).sort())
    for (const m of METRICS)
      if (m !== "episodes")
        push(
          m,
          role,
          num(byRole[role]?.[m]),
          usage.filter((u) => u.role === role),
        );
  return rows.length ? { rows } : null;
}
