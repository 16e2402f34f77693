// A run's budget in the runner: a limit reached stops new episodes and cancels those in flight. It
// counts what the run spent in earlier invocations (so a raised budget continues the same run), and,
// when the store keeps a ledger, every process on the run spends one budget: a reservation in the
// database before each call.
import type { Logger } from "pino";
import { PeerlabError } from "../errors.js";
import { BudgetTracker, describeBreach, type BudgetBreach, type Governor } from "../models/index.js";
import type { Store } from "../store/index.js";
import type { Clock } from "../util/index.js";
import type { ResolvedExperiment } from "./load.js";
import type { LeaseKeeper } from "./lease.js";
import { reserving } from "./workers/reserving.js";

/** A reservation of a process that died stops counting after this long (or its lease, if longer). */
const RESERVATION_TTL_MS = 10 * 60_000;

export interface BudgetedGovernor {
  governor: Governor;
  /** Aborted (with BUDGET_EXCEEDED) once a limit is reached. */
  stop: AbortSignal;
  /** What was reached, once it was. */
  message: () => string | null;
}

export function budgeted(
  base: Governor,
  resolved: ResolvedExperiment,
  store: Store,
  runId: string,
  leases: LeaseKeeper,
  deps: { clock: Clock; logger?: Logger },
): BudgetedGovernor {
  const stop = new AbortController();
  let message: string | null = null;
  const out = { governor: base, stop: stop.signal, message: () => message };
  const budget = resolved.spec.budget;
  if (!budget) return out;
  const reached = (b: BudgetBreach, scope: string) => {
    if (stop.signal.aborted) return;
    message = describeBreach(b);
    deps.logger?.warn({ run: runId, budget: b }, `budget reached${scope}: ${message}; no new episode starts and running ones are cancelled`);
    stop.abort(new PeerlabError("BUDGET_EXCEEDED", message, b));
  };
  const spent = store.runUsage(runId).map((u) => ({ role: u.role, tokens: u.input_tokens + u.output_tokens, usd: u.cost_usd }));
  const tracker = new BudgetTracker(budget, spent);
  tracker.onBreach((b) => reached(b, ""));
  out.governor = base.withBudget(tracker);
  if (store.ledger) {
    out.governor = reserving(out.governor, store.ledger, {
      runId,
      owner: leases.owner,
      limits: budget,
      now: () => deps.clock.now().getTime(),
      ttlMs: Math.max(leases.ms, RESERVATION_TTL_MS),
      onRefused: (b) => reached(b, " (all processes on the run together)"),
    });
  }
  return out;
}
