// The governor's settings from the injected environment. Like concurrency, they do not change
// results, so they are not part of the spec or a run's identity.
import { PeerlabError } from "../errors.js";
import type { GovernorOptions } from "./governor.js";

export const GOVERNOR_ENV = {
  callsPerKey: "PEERLAB_CALLS_PER_KEY",
  maxRetries: "PEERLAB_MAX_RETRIES",
  retryBaseMs: "PEERLAB_RETRY_BASE_MS",
  requestsPerMinute: "PEERLAB_REQUESTS_PER_MINUTE",
  tokensPerMinute: "PEERLAB_TOKENS_PER_MINUTE",
  clockSkewMs: "PEERLAB_CLOCK_SKEW_MS",
} as const;

function intOf(env: Record<string, string | undefined>, name: string, min: number, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new PeerlabError("ARGS_INVALID", `${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return n;
}

/**
 * `concurrency` is the default calls in flight per provider key (the runner passes the spec's episode
 * concurrency, this process's share of it). The per-key limits set here (calls in flight, requests and
 * tokens per minute, input and output) are the key's in all: processes sharing a database limiter keep them together.
 */
export function governorOptionsFromEnv(env: Record<string, string | undefined>, concurrency: number): GovernorOptions {
  const perKey = intOf(env, GOVERNOR_ENV.callsPerKey, 1, 1024);
  const opts: GovernorOptions = { concurrency: perKey ?? concurrency };
  const requests = intOf(env, GOVERNOR_ENV.requestsPerMinute, 1, 10_000_000);
  const tokens = intOf(env, GOVERNOR_ENV.tokensPerMinute, 1, 1_000_000_000);
  if (perKey !== undefined || requests !== undefined || tokens !== undefined) {
    opts.keyLimits = {
      ...(perKey !== undefined ? { inFlight: perKey } : {}),
      ...(requests !== undefined ? { requests } : {}),
      ...(tokens !== undefined ? { tokens } : {}),
    };
  }
  const skew = intOf(env, GOVERNOR_ENV.clockSkewMs, 0, 600_000);
  if (skew !== undefined) opts.clockSkewMs = skew;
  const retries = intOf(env, GOVERNOR_ENV.maxRetries, 0, 50);
  if (retries !== undefined) opts.maxRetries = retries;
  const base = intOf(env, GOVERNOR_ENV.retryBaseMs, 0, 600_000);
  if (base !== undefined) opts.baseDelayMs = base;
  return opts;
}
