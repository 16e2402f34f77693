// The governor: every model call goes through it. Calls that share a provider and key share one
// concurrency limit and one rate-limit pause, whichever role makes them; transient failures are retried
// with exponential backoff and seeded jitter, honouring Retry-After; a budget, when given, refuses calls
// once it is reached. Retries are counted per call (an infrastructure retry is not a failed episode).
import { setMaxListeners } from "node:events";
import { PeerlabError } from "../errors.js";
import { Rng } from "../util/index.js";
import { describeBreach, type BudgetTracker } from "./budget.js";
import { redactSecrets } from "../util/index.js";
import { retryInfoOf } from "./retry.js";
import type { Role } from "../spec/index.js";
import { KeyState } from "./governor-key.js";
import type { CallTicket, Governed, GovernorOptions, KeyStats } from "./governor-types.js";
import { defaultSleep } from "./governor-wait.js";
import { DEFAULT_OUTPUT_RESERVE, SharedKey, type Grant, type SharedSettings } from "./governor-shared.js";
import { MemoryLimiter } from "./limiter.js";

export type { CallTicket, Governed, GovernorOptions, KeyStats } from "./governor-types.js";

interface Shared {
  keys: Map<string, KeyState>;
  /** The key limits every process sharing the limiter keeps; null when none apply. */
  settings: SharedSettings | null;
  limited: Map<string, SharedKey>;
}

/** A minute: the window of the requests and tokens per minute. */
const MINUTE_MS = 60_000;

function sharedSettings(opts: GovernorOptions, sleep: SharedSettings["sleep"]): SharedSettings | null {
  const given = opts.keyLimits;
  const any = given !== undefined && (given.inFlight !== undefined || given.requests !== undefined || given.tokens !== undefined);
  if (!opts.limiter && !any) return null;
  if (!opts.now) throw new PeerlabError("INTERNAL", "the governor's key limits need a clock (GovernorOptions.now)");
  return {
    limiter: opts.limiter ?? new MemoryLimiter(),
    limits: { ...given, windowMs: given?.windowMs ?? MINUTE_MS },
    now: opts.now,
    sleep,
    ttlMs: opts.slotTtlMs ?? 10 * MINUTE_MS,
    // One process has one clock: only a limiter other processes share needs the tolerance.
    skewMs: opts.limiter ? (opts.clockSkewMs ?? 1000) : 0,
    pollMs: opts.pollMs ?? 100,
    adaptive: opts.limiter !== undefined && (opts.adaptive ?? true),
  };
}

export class Governor {
  private readonly opts: Required<
    Pick<GovernorOptions, "concurrency" | "maxRetries" | "baseDelayMs" | "maxDelayMs" | "maxRetryAfterMs" | "adaptive" | "sleep">
  > &
    GovernorOptions;
  private readonly shared: Shared;
  private readonly budget: BudgetTracker | undefined;
  /** Aborted when the budget is reached: wakes calls waiting for a slot, a pause or a retry. */
  private readonly stop = new AbortController();

  constructor(opts: GovernorOptions = {}, shared?: Shared) {
    this.opts = {
      ...opts,
      concurrency: opts.concurrency ?? 16,
      limits: opts.limits,
      maxRetries: opts.maxRetries ?? 6,
      baseDelayMs: opts.baseDelayMs ?? 1000,
      maxDelayMs: opts.maxDelayMs ?? 60_000,
      maxRetryAfterMs: opts.maxRetryAfterMs ?? 600_000,
      adaptive: opts.adaptive ?? true,
      sleep: opts.sleep ?? defaultSleep,
    };
    this.shared = shared ?? { keys: new Map(), settings: sharedSettings(opts, this.opts.sleep), limited: new Map() };
    // Every call waiting for a slot, a pause or a retry listens for the budget; at a concurrency
    // above 10 Node would otherwise warn of a leak that is not one.
    setMaxListeners(0, this.stop.signal);
    this.budget = opts.budget;
    this.budget?.onBreach((b) => this.stop.abort(new PeerlabError("BUDGET_EXCEEDED", describeBreach(b), b)));
  }

  /** A governor sharing this one's limits, pauses and counts, with its own budget (one per run). */
  withBudget(budget: BudgetTracker): Governor {
    return new Governor({ ...this.opts, budget }, this.shared);
  }

  get budgetBreached(): boolean {
    return this.stop.signal.aborted;
  }

  /** Count a completed call's tokens and cost against the budget. */
  account(role: Role, usage: { input_tokens: number; output_tokens: number }, costUsd: number): void {
    this.budget?.add(role, usage.input_tokens + usage.output_tokens, costUsd);
  }

  stats(): KeyStats[] {
    return [...this.shared.keys.values()].map((k) => ({
      key: k.key,
      limit: k.limit,
      max: k.max,
      calls: k.calls,
      retries: k.retries,
      rate_limited: k.rateLimited,
      failed: k.failed,
      shared_waits: this.shared.limited.get(k.key)?.waited ?? 0,
      shared_cut: this.shared.limited.get(k.key)?.cut ?? null,
    }));
  }

  /** The key's shared limits, for a call over a connection when any apply. */
  private limited(ticket: Pick<CallTicket, "key" | "remote">): SharedKey | null {
    const settings = this.shared.settings;
    if (!settings || ticket.remote !== true) return null;
    let k = this.shared.limited.get(ticket.key);
    if (!k) {
      k = new SharedKey(ticket.key, ticket.key.split(/[|:]/)[0]!, settings);
      this.shared.limited.set(ticket.key, k);
    }
    return k;
  }

  private state(key: string): KeyState {
    let s = this.shared.keys.get(key);
    if (!s) {
      const kind = key.split(/[|:]/)[0]!;
      const max = this.opts.limits?.[key] ?? this.opts.limits?.[kind] ?? this.opts.concurrency;
      s = new KeyState(key, Math.max(1, max));
      this.shared.keys.set(key, s);
    }
    return s;
  }

  async run<T>(ticket: CallTicket<T>, fn: () => Promise<T>): Promise<Governed<T>> {
    const jitter = new Rng("governor", ticket.label);
    const st = this.state(ticket.key);
    const limited = this.limited(ticket);
    // A key whose cut the shared limiter keeps is not cut again in this process.
    const adaptive = this.opts.adaptive && !(limited !== null && this.shared.settings!.adaptive);
    const reserve = () => (ticket.tokens?.() ?? 0) + (ticket.maxOutputTokens ?? DEFAULT_OUTPUT_RESERVE);
    const signal = ticket.signal ? AbortSignal.any([ticket.signal, this.stop.signal]) : this.stop.signal;
    const name = ticket.name ?? ticket.key.split("|")[0]!;
    const fail = (message: string, details: Record<string, unknown>) => {
      st.failed++;
      return new PeerlabError("PROVIDER_FAILED", redactSecrets(`${name} (${ticket.role}) ${message}`, ticket.secrets ?? []), details);
    };
    for (let retries = 0; ; retries++) {
      this.stopIfBudgetReached();
      try {
        await st.acquire(signal);
      } catch (e) {
        throw this.stopReason(e);
      }
      let slot: Grant | null = null;
      if (limited) {
        try {
          slot = await limited.acquire(reserve, signal);
        } catch (e) {
          st.release();
          throw this.stopReason(e);
        }
      }
      let error: unknown;
      let ok = false;
      let used: number | null = null;
      try {
        const value = await fn();
        ok = true;
        if (slot !== null) used = ticket.usedTokens?.(value) ?? null;
        st.succeeded(adaptive);
        return { value, retries };
      } catch (e) {
        error = e;
      } finally {
        st.release();
        if (ok && slot !== null) limited!.succeeded(slot, used);
      }
      const info = retryInfoOf(error, this.opts.now);
      if (slot !== null) {
        // A 429 pauses the other processes before this call's slot is free, so none slips in between.
        const least = Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** retries) / 2;
        // Its first report also cuts the key's calls in flight for every process (when the limiter keeps the cut).
        if (info.status === 429 && !ticket.signal?.aborted) limited!.block(Math.min(info.retryAfterMs ?? least, this.opts.maxRetryAfterMs), true);
        limited!.failed(slot);
      }
      if (ticket.signal?.aborted) throw error;
      const what = `${(error as Error)?.message ?? String(error)}`;
      if (!info.retryable) throw fail(`failed: ${what}`, { retries, status: info.status, reason: info.reason });
      if (retries >= this.opts.maxRetries)
        throw fail(`failed after ${retries} retr${retries === 1 ? "y" : "ies"}: ${what}`, { retries, status: info.status, reason: info.reason });
      if (info.retryAfterMs !== null && info.retryAfterMs > this.opts.maxRetryAfterMs) {
        throw fail(
          `asked to wait ${Math.round(info.retryAfterMs / 1000)} s before retrying ` +
            `(more than the ${Math.round(this.opts.maxRetryAfterMs / 1000)} s peerlab waits): ${what}`,
          { retries, status: info.status, reason: info.reason },
        );
      }
      st.retries++;
      const backoff = Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** retries);
      const wait = info.retryAfterMs ?? Math.round(backoff * (0.5 + jitter.float() / 2));
      if (info.status === 429) {
        // Rate limits belong to the key, not the call: every call on it waits.
        // The pause ends early if this caller is interrupted or the budget is reached (both stop the
        // whole run), so no timer outlives the run.
        st.throttled(wait, adaptive, (ms) => this.opts.sleep(ms, signal).catch(() => undefined));
        // And every other process calling the key, through the shared limiter (already paused for the least of it, and cut).
        limited?.block(wait, false);
      } else {
        try {
          await this.opts.sleep(wait, signal);
        } catch (e) {
          throw this.stopReason(e);
        }
      }
    }
  }

  private stopIfBudgetReached(): void {
    if (this.stop.signal.aborted) throw this.stop.signal.reason;
  }

  /** When a wait was cut short: the budget's error if that was why, else what the caller aborted with. */
  private stopReason(e: unknown): unknown {
    return this.stop.signal.aborted ? this.stop.signal.reason : e;
  }
}
