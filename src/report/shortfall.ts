// Why a cell is short of its target (`trials`): its episodes that are not done, by reason — failed,
// cancelled (interrupted), stopped by the run's budget, or not started yet. Pure but for the budget
// check, which reads the run's stored spec and usage.
import { BudgetTracker, describeBreach, type BudgetLimits } from "../models/index.js";
import type { EpisodeRecord, UsageRow } from "../store/index.js";

export interface Shortfall {
  /** The cell's target: the run's trials. */
  target: number;
  done: number;
  /** Episodes whose last attempt failed (running the spec again, or `resume`, retries them). */
  failed: number;
  /** Stopped before their end by an interrupt (Ctrl-C, a killed process); they continue from their recorded prefix. */
  cancelled: number;
  /** Cancelled or never started because the run's budget was reached. */
  budget: number;
  /** Never started (the run was stopped or is still going). */
  not_started: number;
}

/** The budget the run reached, in words; null when it has none or has not reached it. */
export function budgetReached(spec: unknown, usage: readonly UsageRow[]): string | null {
  const limits = spec && typeof spec === "object" && "budget" in spec ? ((spec as { budget?: unknown }).budget as BudgetLimits | undefined) : undefined;
  if (!limits || typeof limits !== "object") return null;
  const breach = new BudgetTracker(
    limits,
    usage.map((u) => ({ role: u.role, tokens: u.input_tokens + u.output_tokens, usd: u.cost_usd })),
  ).breach;
  return breach ? describeBreach(breach) : null;
}

/** A cell's shortfall from its episodes (those of trials below the target). */
export function shortfallOf(target: number, episodes: readonly Pick<EpisodeRecord, "status">[], budget: string | null): Shortfall {
  const s: Shortfall = { target, done: 0, failed: 0, cancelled: 0, budget: 0, not_started: 0 };
  for (const e of episodes) {
    switch (e.status) {
      case "done":
        s.done++;
        break;
      case "failed":
        s.failed++;
        break;
      case "cancelled":
      case "running":
        if (budget) s.budget++;
        else s.cancelled++;
        break;
      case "pending":
        if (budget) s.budget++;
        else s.not_started++;
        break;
      default:
        e.status satisfies never;
    }
  }
  // Episodes the store does not have yet (a cell linked with a higher target) have not started.
  s.not_started += Math.max(0, target - episodes.length);
  return s;
}

/** "2 failed, 1 stopped by the budget": the reasons, in words; "" when none. */
export function shortfallWords(s: Shortfall): string {
  return [
    s.failed ? `${s.failed} failed` : "",
    s.cancelled ? `${s.cancelled} cancelled` : "",
    s.budget ? `${s.budget} stopped by the budget` : "",
    s.not_started ? `${s.not_started} not started` : "",
  ]
    .filter(Boolean)
    .join(", ");
}
