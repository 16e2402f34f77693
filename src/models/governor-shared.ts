// A provider key's limits as every process keeps them together: before an attempt the governor takes a
// slot from the shared limiter (the database's for workers, MemoryLimiter in one process), waiting while
// the key is paused by a 429, has its calls in flight, or has used its window's requests or tokens.
// Inside one process the calls on a key ask one at a time, in order, so a process polls the database
// for a key once, not once per waiting call.
import type { KeyLimits, LimitRequest, SharedLimiter } from "./limiter.js";
import { keyFingerprint } from "./limiter.js";
import { raceAbort } from "./governor-wait.js";

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
}

export class SharedKey {
  readonly fingerprint: string;
  private turn: Promise<void> = Promise.resolve();
  /** Waits for the shared limits (a 429 elsewhere, other processes' calls), for stats. */
  waited = 0;

  constructor(
    limitKey: string,
    readonly provider: string,
    private readonly s: SharedSettings,
  ) {
    this.fingerprint = keyFingerprint(limitKey);
  }

  /** A slot for one attempt; throws the signal's reason when aborted while waiting. */
  async acquire(tokens: () => number, signal: AbortSignal): Promise<number> {
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
        if (out.kind === "granted") return out.id;
        this.waited++;
        const ms = out.until === null ? this.s.pollMs : Math.max(1, out.until - req.now);
        await this.s.sleep(ms, signal);
        floor = req.now + ms;
      }
    } finally {
      done();
    }
  }

  release(id: number): void {
    this.s.limiter.release(id, this.s.now());
  }

  block(waitMs: number): void {
    this.s.limiter.block(this.fingerprint, this.provider, this.s.now() + waitMs);
  }
}
