// Checks made when a run starts, before anything is written or called: every real provider the spec
// uses can be reached (key and base URL present, naming the variable when not), the provider and
// governor settings in the environment are valid, and a dollar budget has a price for every model.
import { PeerlabError } from "../errors.js";
import type { ExperimentSpec } from "../spec/index.js";
import { parseProviderRef, type ProviderRef } from "../spec/index.js";
import { checkBaseUrlConsent } from "./consent.js";
import { governorOptionsFromEnv } from "./governor-env.js";
import { priceOf } from "./prices.js";
import { isRealProvider, providerOptionsFromEnv, providerProblems } from "./providers/index.js";

export interface PreflightInput {
  spec: ExperimentSpec;
  env: Record<string, string | undefined>;
  /** The spec file, for messages. */
  file?: string | null;
  /** Hosts the user allowed a spec's base_url to point at (--allow-host, PEERLAB_ALLOWED_HOSTS). */
  allowedHosts?: ReadonlySet<string>;
}

/** Every provider string the spec can call, in any role, with the spec key that names it. */
export function specProviderUses(spec: ExperimentSpec): { key: string; ref: ProviderRef }[] {
  const uses = new Map<string, { key: string; ref: ProviderRef }>();
  const add = (key: string, id: string | undefined) => {
    const ref = id ? parseProviderRef(id) : null;
    if (ref && typeof ref !== "string" && !uses.has(`${key}\u0000${ref.id}`)) uses.set(`${key}\u0000${ref.id}`, { key, ref });
  };
  for (const e of spec.evaluator) add("evaluator", e);
  for (const c of spec.include ?? []) for (const e of c.evaluator ?? []) add("include", e);
  add("peer", spec.peer);
  add("judge", spec.judge);
  add("interviewer", spec.interviewer);
  return [...uses.values()];
}

/** Every provider the spec can call, once each. */
export function specProviders(spec: ExperimentSpec): ProviderRef[] {
  return [...new Map(specProviderUses(spec).map((u) => [u.ref.id, u.ref])).values()];
}

export function runPreflight({ spec, env, file, allowedHosts }: PreflightInput): void {
  const providers = specProviders(spec);
  // The spec's base_url gets the key of every openai-compatible call: only to a host the user chose.
  if (spec.base_url && providers.some((p) => p.kind === "openai-compatible"))
    checkBaseUrlConsent(spec.base_url, { kind: "spec", file }, allowedHosts ?? new Set());
  // Name the spec key: "judge: openai:gpt-4.1-mini needs OPENAI_API_KEY".
  const keyProblems = [...new Set(specProviderUses(spec).flatMap(({ key, ref }) => providerProblems([ref], env, spec.base_url).map((p) => `${key}: ${p}`)))];
  if (keyProblems.length) throw new PeerlabError("MISSING_KEY", keyProblems.join("\n"));
  providerOptionsFromEnv(env);
  governorOptionsFromEnv(env, spec.concurrency);
  if (spec.budget?.usd !== undefined || Object.values(spec.budget?.roles ?? {}).some((r) => r?.usd !== undefined)) {
    const unpriced = providers.filter((p) => isRealProvider(p.kind) && !priceOf(p.id, spec.prices));
    if (unpriced.length) {
      const where = file ? `${file}: ` : "";
      throw new PeerlabError(
        "SPEC_INVALID",
        `${where}budget: a dollar limit needs a price for ${unpriced.map((p) => p.id).join(", ")}; ` +
          `add ${unpriced.length === 1 ? "it" : "them"} under prices: (USD per 1M input and output tokens)`,
      );
    }
  }
}
