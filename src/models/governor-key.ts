// The limit, queue and rate-limit pause of one provider key inside one process, shared by every scope
// of a governor: calls over the limit wait in order; a 429 closes the key until its pause is over and,
// when adaptive, cuts the limit by a fifth, which sustained success raises again.
import { raceAbort } from "./governor-wait.js";

/** Consecutive successes after which an adaptively cut limit grows by one. */
export const RECOVER_AFTER = 20;
/** What a 429 leaves of an adaptive limit: four fifths. */
export const CUT_FACTOR = 0.8;

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class KeyState {
  active = 0;
  limit: number;
  private readonly waiting: Waiter[] = [];
  private gate: Promise<void> | null = null;
  private streak = 0;
  calls = 0;
  retries = 0;
  rateLimited = 0;
  failed = 0;

  constructor(
    readonly key: string,
    readonly max: number,
  ) {
    this.limit = max;
  }

  async acquire(signal: AbortSignal | undefined): Promise<void> {
    while (this.gate) {
      const g = this.gate;
      await raceAbort(g, signal);
      if (this.gate === g) this.gate = null;
    }
    signal?.throwIfAborted();
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const w: Waiter = {
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        reject,
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(w);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(w);
    });
  }

  release(): void {
    this.active--;
    this.pump();
  }

  private pump(): void {
    while (this.waiting.length && this.active < this.limit) {
      this.active++;
      this.waiting.shift()!.resolve();
    }
  }

  succeeded(adaptive: boolean): void {
    this.calls++;
    if (!adaptive || this.limit >= this.max) return;
    if (++this.streak >= RECOVER_AFTER) {
      this.streak = 0;
      this.limit++;
      this.pump();
    }
  }

  /** A 429: fewer calls at once, and nobody on this key calls again until the wait is over. */
  throttled(waitMs: number, adaptive: boolean, sleep: (ms: number) => Promise<void>): void {
    this.rateLimited++;
    this.streak = 0;
    if (adaptive) this.limit = Math.max(1, Math.floor(this.limit * CUT_FACTOR));
    const pause = sleep(waitMs);
    // Pauses overlap: the key reopens when the longest one is over.
    this.gate = this.gate ? Promise.all([this.gate, pause]).then(() => undefined) : pause;
  }
}
