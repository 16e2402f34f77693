// A governor that spends the run's budget through the database's ledger, so every process working on
// the run shares it: before each call it reserves (refused once the run's or the role's spend plus the
// calls in flight everywhere has reached a limit), and when the call's cost is counted it settles the
// reservation with the real spend. A refusal stops the run like a budget reached in this process.
import { PeerlabError } from "../../errors.js";
import type { BudgetBreach, BudgetLimits, Governor } from "../../models/index.js";
import { describeBreach } from "../../models/index.js";
import type { BudgetLedger } from "../../store/index.js";

export interface ReservingOptions {
  runId: string;
  owner: string;
  limits: BudgetLimits;
  now: () => number;
  /** How long a reservation counts if this process dies before settling it. */
  ttlMs: number;
  onRefused: (b: BudgetBreach) => void;
}

export function reserving(governor: Governor, ledger: BudgetLedger, o: ReservingOptions): Governor {
  const r = Object.create(governor) as Governor;
  // Reservations of calls that returned, waiting for their cost (account follows run at once).
  const pending = new Map<string, number[]>();
  r.run = async (ticket, fn) => {
    const out = ledger.reserve({ runId: o.runId, role: ticket.role, owner: o.owner, limits: o.limits, now: o.now(), ttlMs: o.ttlMs });
    if (out.kind === "refused") {
      const b: BudgetBreach = { scope: out.scope as BudgetBreach["scope"], limit: out.limit, spent: out.spent, allowed: out.allowed };
      o.onRefused(b);
      throw new PeerlabError("BUDGET_EXCEEDED", describeBreach(b), b);
    }
    try {
      const value = await governor.run(ticket, fn);
      const ids = pending.get(ticket.role) ?? [];
      ids.push(out.id);
      pending.set(ticket.role, ids);
      return value;
    } catch (e) {
      ledger.cancel(out.id);
      throw e;
    }
  };
  r.account = (role, usage, costUsd) => {
    governor.account(role, usage, costUsd);
    const id = pending.get(role)?.shift();
    if (id !== undefined) ledger.settle(id, { runId: o.runId, role, tokens: usage.input_tokens + usage.output_tokens, usd: costUsd });
  };
  return r;
}
