// The governor: every model call goes through it. It limits concurrent calls per provider and key
// (shared by all roles) and retries transient failures with exponential backoff, honouring Retry-After.
import { PeerlabError } from "../errors.js";
import type { Role } from "../spec/vocabulary.js";
import { Rng } from "../util/rng.js";

export interface GovernorOptions {
  /** Concurrent calls per provider key. */
  concurrency?: number;
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface CallTicket {
  /** Provider and key, e.g. "openai:https://api.openai.com" — calls sharing it share one limit. */
  key: string;
  role: Role;
  /** Labels the jitter draws, so retries are reproducible. */
  label: string;
  signal?: AbortSignal;
}

export interface Governed<T> {
  value: T;
  retries: number;
}

class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

/** How long to wait before retrying this error, or null if it should not be retried. */
export function retryDelayOf(error: unknown): { retryable: boolean; retryAfterMs: number | null } {
  const e = error as { status?: number; code?: string; name?: string; headers?: Record<string, string> | Headers; cause?: unknown };
  if (e?.name === "AbortError" && !(e as { timeout?: boolean }).timeout) return { retryable: false, retryAfterMs: null };
  const status = typeof e?.status === "number" ? e.status : undefined;
  let retryAfterMs: number | null = null;
  const h = e?.headers;
  const header = h instanceof Headers ? h.get("retry-after") : (h as Record<string, string> | undefined)?.["retry-after"];
  if (header) {
    const secs = Number(header);
    retryAfterMs = Number.isFinite(secs) ? secs * 1000 : null;
  }
  if (status !== undefined) return { retryable: status === 408 || status === 409 || status === 429 || status >= 500, retryAfterMs };
  const text = `${e?.name ?? ""} ${e?.code ?? ""} ${(error as Error)?.message ?? ""}`;
  return { retryable: /timeout|timed out|ECONNRESET|ECONNREFUSED|EPIPE|socket hang up|network|terminated|fetch failed|Connection error/i.test(text), retryAfterMs };
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      reject(signal.reason ?? new Error("aborted"));
    });
  });

export class Governor {
  private readonly limits = new Map<string, Semaphore>();
  private readonly opts: Required<GovernorOptions>;

  constructor(opts: GovernorOptions = {}) {
    this.opts = {
      concurrency: opts.concurrency ?? 16,
      maxRetries: opts.maxRetries ?? 5,
      baseDelayMs: opts.baseDelayMs ?? 500,
      maxDelayMs: opts.maxDelayMs ?? 60_000,
      sleep: opts.sleep ?? defaultSleep,
    };
  }

  private semaphore(key: string): Semaphore {
    let s = this.limits.get(key);
    if (!s) {
      s = new Semaphore(this.opts.concurrency);
      this.limits.set(key, s);
    }
    return s;
  }

  async run<T>(ticket: CallTicket, fn: () => Promise<T>): Promise<Governed<T>> {
    const jitter = new Rng("governor", ticket.label);
    for (let retries = 0; ; retries++) {
      const sem = this.semaphore(ticket.key);
      await sem.acquire();
      let error: unknown;
      try {
        return { value: await fn(), retries };
      } catch (e) {
        error = e;
      } finally {
        sem.release();
      }
      if (ticket.signal?.aborted) throw error;
      const { retryable, retryAfterMs } = retryDelayOf(error);
      if (!retryable || retries >= this.opts.maxRetries) {
        throw new PeerlabError("PROVIDER_FAILED", `${ticket.key} (${ticket.role}) failed after ${retries} retr${retries === 1 ? "y" : "ies"}: ${(error as Error)?.message ?? String(error)}`, { retries });
      }
      const backoff = Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** retries);
      const wait = retryAfterMs ?? backoff * (0.5 + jitter.float() / 2);
      await this.opts.sleep(wait, ticket.signal);
    }
  }
}
