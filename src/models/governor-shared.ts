// A provider key's limits as every process keeps them together: before an attempt the governor takes a
// slot from the shared limiter (the database's for workers, MemoryLimiter in one process), waiting while
// the key is paused by a 429, is at its adaptive cut or its calls in flight, or has used its window's
// requests or tokens. The slot reserves the call's input and the most output it may get; when the call
// returns the slot is settled to the tokens the provider says it used (a failed call's to none).
// Inside one process the calls on a key ask one at a time, in order, so a process polls the database
// for a key once, not once per waiting call.
import type { KeyLimits, LimitRequest, SharedLimiter, SlotEnd } from "./limiter.js";
import { keyFingerprint } from "./limiter.js";
import { raceAbort } from "./governor-wait.js";
import { CUT_FACTOR, RECOVER_AFTER } from "./governor-key.js";

/**
 * The output tokens a request without `max_tokens` reserves against a token limit until it returns:
 * 4,096, the most a call answers with by default at several providers (Anthropic's default cap for most
 * models through LangChain). Settled to the real count when the call returns.
 */
export const DEFAULT_OUTPUT_RESERVE = 4096;

/** A granted slot: its id, and whether the key was cut when it was granted (so its success counts towards recovery). */
export interface Grant {
  id: number;
  cut: number | null;
}

export interface SharedSettings {
  limiter: SharedLimiter;
  limits: KeyLimits;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** How long a slot counts if its process dies mid-call (default: 10 min, twice a provider's timeout). */
  ttlMs: number;
  /** How far clocks of processes sharing the database may disagree (default 1 s). */
  skewMs: number;
  /** How often a call waiting for another's slot asks again (default 100 ms). */
  pollMs: number;
  /**
   * The adaptive cut after a 429 is the key's, kept in the limiter for every process sharing it (a
   * limiter given to the governor, with `adaptive` on); otherwise each process cuts its own limit.
   */
  adaptive: boolean;
}

export class SharedKey {
  readonly fingerprint: string;
  private turn: Promise<void> = Promise.resolve();
  /** Waits for the shared limits (a 429 elsewhere, other processes' calls), for stats. */
  waited = 0;
  /** The key's adaptive cut as the last granted slot saw it (null: none), for stats. */
  cut: number | null = null;

  constructor(
    limitKey: string,
    readonly provider: string,
    private readonly s: SharedSettings,
  ) {
    this.fingerprint = keyFingerprint(limitKey);
  }

  /** A slot for one attempt; throws the signal's reason when aborted while waiting. */
  async acquire(tokens: () => number, signal: AbortSignal): Promise<Grant> {
    const before = this.turn;
    let done!: () => void;
    this.turn = new Promise<void>((r) => (done = r));
    try {
      await raceAbort(before, signal);
      const estimate = this.s.limits.tokens === undefined ? 0 : tokens();
      // After a wait of n ms it is at least n ms later, whatever the clock says (a test's fixed clock
      // would otherwise keep a pause from ever ending).
      let floor = Number.NEGATIVE_INFINITY;
      for (;;) {
        signal.throwIfAborted();
        const req: LimitRequest = {
          key: this.fingerprint,
          provider: this.provider,
          now: Math.max(this.s.now(), floor),
          limits: this.s.limits,
          tokens: estimate,
          ttlMs: this.s.ttlMs,
          skewMs: this.s.skewMs,
        };
        const out = this.s.limiter.acquire(req);
        if (out.kind === "granted") {
          this.cut = out.cut;
          return { id: out.id, cut: out.cut };
        }
        this.waited++;
        const ms = out.until === null ? this.s.pollMs : Math.max(1, out.until - req.now);
        await this.s.sleep(ms, signal);
        floor = req.now + ms;
      }
    } finally {
      done();
    }
  }

  /** The call returned: `used` is the tokens it used when it succeeded (null: unknown, the reservation stands). */
  succeeded(g: Grant, used: number | null): void {
    this.end(g, { tokens: used, recoverAfter: this.s.adaptive && g.cut !== null ? RECOVER_AFTER : null });
  }

  /** The call failed: what it reserved is released. */
  failed(g: Grant): void {
    this.end(g, { tokens: 0, recoverAfter: null });
  }

  private end(g: Grant, end: SlotEnd): void {
    this.s.limiter.release(g.id, this.s.now(), end);
  }

  /** A 429's pause for every process; `cut` (its first report only) also cuts the key's calls in flight when adaptive. */
  block(waitMs: number, cut: boolean): void {
    const now = this.s.now();
    this.s.limiter.block({
      key: this.fingerprint,
      provider: this.provider,
      now,
      until: now + waitMs,
      cut: cut && this.s.adaptive ? CUT_FACTOR : null,
      ttlMs: this.s.ttlMs,
    });
  }
}
