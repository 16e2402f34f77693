// Provider options that do not change results (so they are not part of a run's identity): the
// per-request timeout and whether answers are streamed. Read from the injected environment.
import { PeerlabError } from "../../errors.js";

export interface ProviderOptions {
  /** Per-request timeout; a request past it is abandoned and retried by the governor. */
  timeoutMs: number;
  /** Stream answers (SSE) and assemble them, instead of one JSON response. */
  streaming: boolean;
}

export const DEFAULT_TIMEOUT_MS = 300_000;

export const OPTION_ENV = { timeout: "PEERLAB_TIMEOUT_S", stream: "PEERLAB_STREAM" } as const;

export function providerOptionsFromEnv(env: Record<string, string | undefined>): ProviderOptions {
  return { timeoutMs: timeoutOf(env[OPTION_ENV.timeout]), streaming: flagOf(env[OPTION_ENV.stream], OPTION_ENV.stream) };
}

function timeoutOf(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return DEFAULT_TIMEOUT_MS;
  const s = Number(raw);
  if (!Number.isFinite(s) || s <= 0 || s > 3600)
    throw new PeerlabError("ARGS_INVALID", `${OPTION_ENV.timeout}: expected seconds from 0 to 3600, got ${JSON.stringify(raw)}`);
  return Math.round(s * 1000);
}

export function flagOf(raw: string | undefined, name: string): boolean {
  if (raw === undefined || raw.trim() === "") return false;
  const v = raw.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(v)) return true;
  if (["0", "false", "no", "off"].includes(v)) return false;
  throw new PeerlabError("ARGS_INVALID", `${name}: expected 1 or 0, got ${JSON.stringify(raw)}`);
}
