// Where a provider's model lives and how to reach it: the base URL and key for a provider string,
// taken from the injected environment (never process.env) and the spec's base_url, under the variable
// names of the provider's registry entry. A missing key or base URL fails here, naming the variable,
// before any call is made.
import { PeerlabError } from "../../errors.js";
import type { ProviderRef } from "../../spec/index.js";
import type { ProviderKind } from "../../spec/index.js";
import { sha256 } from "../../util/index.js";
import { redactUrlCredentials } from "../../util/index.js";
import { findProvider } from "./registry.js";
import type { ProviderEnvNames } from "./types.js";

export type { ProviderEnvNames } from "./types.js";

/** Sent when an openai-compatible server needs no key: the SDK refuses an empty one (vLLM's docs use the same word). */
export const NO_KEY = "EMPTY";

export interface Connection {
  kind: ProviderKind;
  model: string;
  baseURL: string;
  /** The secret. Never stored, logged or put into a message; only handed to the SDK. */
  apiKey: string;
  /** Calls with the same provider, endpoint and key share one concurrency limit and one rate-limit pause. */
  limitKey: string;
  /** For people: the provider and host, never the key. */
  label: string;
}

/** Whether a provider kind is reached over a connection (a key and a base URL), not run in process. */
export function isRealProvider(kind: string): boolean {
  return envNamesOf(kind) !== null;
}

/** The environment variable names of a provider kind (null: it needs no connection, or is unknown). */
export function envNamesOf(kind: string): ProviderEnvNames | null {
  return findProvider(kind)?.connection ?? null;
}

/**
 * Resolve how to reach a provider. `specBaseUrl` is the spec's `base_url` (only for a provider whose
 * entry takes it, openai-compatible; it wins over the entry's base URL variable). Throws MISSING_KEY naming the variable when a key or
 * base URL is missing, and SPEC_INVALID when a base URL is not an http(s) URL.
 */
export function resolveConnection(ref: ProviderRef, env: Record<string, string | undefined>, specBaseUrl?: string): Connection {
  const entry = findProvider(ref.kind);
  const names = entry?.connection;
  if (!entry || !names) throw new PeerlabError("INTERNAL", `resolveConnection called for ${ref.id}`);
  const fromSpec = entry.takesSpecBaseUrl ? specBaseUrl : undefined;
  const envBase = nonEmpty(env[names.baseUrl]);
  const rawBase = fromSpec ?? envBase ?? names.defaultBaseUrl;
  if (!rawBase) {
    throw new PeerlabError(
      "MISSING_KEY",
      `${ref.id} needs a base URL: set base_url in the spec or ${names.baseUrl} in the environment (e.g. http://localhost:8000/v1 for vLLM)`,
    );
  }
  const baseURL = checkUrl(rawBase, fromSpec ? "base_url" : envBase ? names.baseUrl : "the default base URL");
  const key = nonEmpty(env[names.key]);
  if (!key && names.keyRequired) throw new PeerlabError("MISSING_KEY", `${ref.id} needs ${names.key} in the environment; it is not set`);
  const apiKey = key ?? NO_KEY;
  return {
    kind: ref.kind,
    model: ref.model,
    baseURL,
    apiKey,
    limitKey: `${ref.kind}|${baseURL}|${sha256(apiKey).slice(0, 16)}`,
    label: `${ref.kind} at ${hostOf(baseURL)}`,
  };
}

/**
 * The base URL a provider is reached at, for a cell's identity, credentials scrubbed: null for a
 * provider reached in process (sim), and for one reached at its entry's default endpoint, so those cells
 * keep their ids. Needs no key; an unusable URL gives null (preflight names the problem).
 */
export function identityBaseUrl(ref: ProviderRef, env: Record<string, string | undefined>, specBaseUrl?: string): string | null {
  const names = findProvider(ref.kind)?.connection;
  if (!names) return null;
  const raw = (findProvider(ref.kind)?.takesSpecBaseUrl ? specBaseUrl : undefined) ?? nonEmpty(env[names.baseUrl]);
  if (!raw) return null;
  let url: string;
  try {
    url = checkUrl(raw, "base URL");
  } catch {
    return null;
  }
  if (names.defaultBaseUrl && url === names.defaultBaseUrl.replace(/\/+$/, "")) return null;
  return redactUrlCredentials(url);
}

/** Every problem with the providers a run will use, one line each, without throwing. */
export function providerProblems(providers: readonly ProviderRef[], env: Record<string, string | undefined>, specBaseUrl?: string): string[] {
  const out = new Set<string>();
  for (const p of providers) {
    if (!isRealProvider(p.kind)) continue;
    try {
      resolveConnection(p, env, specBaseUrl);
    } catch (e) {
      out.add((e as Error).message);
    }
  }
  return [...out];
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

function checkUrl(raw: string, source: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new PeerlabError("SPEC_INVALID", `${source}: expected an http(s) URL such as http://localhost:8000/v1, got ${JSON.stringify(raw)}`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    throw new PeerlabError("SPEC_INVALID", `${source}: expected an http(s) URL, got ${JSON.stringify(raw)}`);
  return raw.replace(/\/+$/, "");
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
