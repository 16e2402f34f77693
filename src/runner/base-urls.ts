// The evaluator's base URL as part of a cell's identity. A run started from a spec takes it from the
// spec and the environment; a resumed run takes the one stored with its cells, never its own
// environment's, and that stored URL (it came from a database, not from the user) needs the same
// consent as a spec's base_url before any call.
import { PeerlabError } from "../errors.js";
import { checkBaseUrlConsent } from "../models/index.js";
import { envNamesOf, identityBaseUrl } from "../models/index.js";
import { parseProviderRef, type ProviderRef } from "../spec/index.js";
import type { ResolvedExperiment } from "./load.js";

function evaluatorRefs(resolved: ResolvedExperiment): ProviderRef[] {
  const { spec } = resolved;
  const ids = [...spec.evaluator, ...(spec.include ?? []).flatMap((c) => c.evaluator ?? [])];
  const out = new Map<string, ProviderRef>();
  for (const id of ids) {
    const ref = parseProviderRef(id);
    if (typeof ref !== "string") out.set(ref.id, ref);
  }
  return [...out.values()];
}

/** The experiment with each evaluator's base URL resolved from the spec and `env`; kept as is when already set (a resumed run's stored ones). */
export function withEvaluatorBaseUrls(resolved: ResolvedExperiment, env: Record<string, string | undefined>): ResolvedExperiment {
  if (resolved.evaluatorBaseUrls) return resolved;
  const urls = new Map<string, string | null>();
  for (const ref of evaluatorRefs(resolved)) urls.set(ref.id, identityBaseUrl(ref, env, resolved.spec.base_url));
  return { ...resolved, evaluatorBaseUrls: urls };
}

/**
 * The environment a resumed run calls its evaluators with: each provider's base URL variable set to the
 * URL stored with the run's cells (or unset, for cells recorded at the default endpoint), whatever the
 * current environment says. A stored URL is used only with consent (loopback needs none; so does a URL
 * equal to the one the environment already names). A URL stored with its credentials scrubbed is used
 * with the environment's own credentials when it names the same server; otherwise the run cannot reach it.
 */
export function storedBaseUrlEnv(
  resolved: ResolvedExperiment,
  runId: string,
  env: Record<string, string | undefined>,
  allowed: ReadonlySet<string>,
): Record<string, string | undefined> {
  const stored = resolved.evaluatorBaseUrls;
  const out: Record<string, string | undefined> = Object.create(null) as Record<string, string | undefined>;
  if (!stored) return out;
  for (const ref of evaluatorRefs(resolved)) {
    const names = envNamesOf(ref.kind);
    if (!names || !stored.has(ref.id)) continue;
    const url = stored.get(ref.id) ?? null;
    const current = identityBaseUrl(ref, env, resolved.spec.base_url);
    if (url === null) {
      // Recorded at the default endpoint: an override in this environment must not move it. A provider
      // with no default and nothing stored is a run from before base URLs were stored: left as it was.
      if (names.defaultBaseUrl) out[names.baseUrl] = undefined;
      continue;
    }
    if (url !== current) checkBaseUrlConsent(url, { kind: "run", run: runId }, allowed, names.key);
    // Stored scrubbed (src/models/redact.ts writes [redacted] where the credentials were).
    if (url.includes("[redacted]")) {
      if (url !== current) {
        throw new PeerlabError(
          "MISSING_KEY",
          `run ${runId} was recorded against ${url}, whose credentials are not stored: set ${names.baseUrl} to that URL with its credentials to resume it`,
        );
      }
      continue; // the environment names the same server, with the credentials
    }
    out[names.baseUrl] = url;
  }
  return out;
}
