// Spending limits for a run: dollars and tokens, for the whole run and per role. The tracker starts
// from what the run has already spent (so a continued run counts earlier invocations) and signals
// once when a limit is reached; the runner then starts no new episode and cancels those in flight.
import type { Role } from "../spec/index.js";

export interface UsageLimit {
  usd?: number;
  tokens?: number;
}

export interface BudgetLimits extends UsageLimit {
  roles?: Partial<Record<Role, UsageLimit>>;
}

export interface Spend {
  usd: number;
  tokens: number;
}

export interface BudgetBreach {
  /** "run" or the role whose limit was reached. */
  scope: "run" | Role;
  limit: "usd" | "tokens";
  spent: number;
  allowed: number;
}

/** Rounding in sums of per-call costs must not keep a reached dollar limit from counting as reached. */
const USD_EPSILON = 1e-9;

export class BudgetTracker {
  private total: Spend = { usd: 0, tokens: 0 };
  private readonly roles = new Map<string, Spend>();
  private breached: BudgetBreach | null = null;
  private readonly listeners: ((b: BudgetBreach) => void)[] = [];

  constructor(
    readonly limits: BudgetLimits,
    initial: readonly { role: string; tokens: number; usd: number }[] = [],
  ) {
    for (const s of initial) this.addSpend(s.role, s.tokens, s.usd);
    this.breached = this.check();
  }

  /** Count a call's tokens and cost; signals the first time a limit is reached. */
  add(role: string, tokens: number, usd: number): void {
    this.addSpend(role, tokens, usd);
    if (this.breached) return;
    this.breached = this.check();
    if (this.breached) for (const l of this.listeners) l(this.breached);
  }

  get breach(): BudgetBreach | null {
    return this.breached;
  }

  /** Called once, when a limit is first reached (immediately if it already is). */
  onBreach(listener: (b: BudgetBreach) => void): void {
    if (this.breached) listener(this.breached);
    else this.listeners.push(listener);
  }

  spent(): { total: Spend; roles: Record<string, Spend> } {
    return { total: { ...this.total }, roles: Object.fromEntries([...this.roles].map(([r, s]) => [r, { ...s }])) };
  }

  private addSpend(role: string, tokens: number, usd: number): void {
    this.total = { usd: this.total.usd + usd, tokens: this.total.tokens + tokens };
    const r = this.roles.get(role) ?? { usd: 0, tokens: 0 };
    this.roles.set(role, { usd: r.usd + usd, tokens: r.tokens + tokens });
  }

  private check(): BudgetBreach | null {
    const over = (scope: BudgetBreach["scope"], limit: UsageLimit | undefined, spend: Spend): BudgetBreach | null => {
      if (limit?.tokens !== undefined && spend.tokens >= limit.tokens) return { scope, limit: "tokens", spent: spend.tokens, allowed: limit.tokens };
      if (limit?.usd !== undefined && spend.usd >= limit.usd - USD_EPSILON) return { scope, limit: "usd", spent: spend.usd, allowed: limit.usd };
      return null;
    };
    const run = over("run", this.limits, this.total);
    if (run) return run;
    for (const [role, limit] of Object.entries(this.limits.roles ?? {})) {
      const b = over(role as Role, limit, this.roles.get(role) ?? { usd: 0, tokens: 0 });
      if (b) return b;
    }
    return null;
  }
}

export function describeBreach(b: BudgetBreach): string {
  const who = b.scope === "run" ? "the run's" : `the ${b.scope}'s`;
  const fmt = (v: number) => (b.limit === "usd" ? `$${v.toFixed(4)}` : `${v} tokens`);
  return `${who} ${b.limit === "usd" ? "dollar" : "token"} budget is reached: ${fmt(b.spent)} spent of ${fmt(b.allowed)}`;
}
