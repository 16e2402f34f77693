// Checks made when a run starts, before anything is written or called: every real provider the spec
// uses can be reached (key and base URL present, naming the variable when not), the provider and
// governor settings in the environment are valid, and a dollar budget has a price for every model.
import { PeerlabError } from "../errors.js";
import type { ExperimentSpec } from "../spec/experiment.js";
import { parseProviderRef, type ProviderRef } from "../spec/provider-string.js";
import { governorOptionsFromEnv } from "./governor-env.js";
import { priceOf } from "./prices.js";
import { isRealProvider, providerOptionsFromEnv, providerProblems } from "./providers/index.js";

export interface PreflightInput {
  spec: ExperimentSpec;
  env: Record<string, string | undefined>;
  /** The spec file, for messages. */
  file?: string | null;
}

/** Every provider string the spec can call, in any role. */
export function specProviders(spec: ExperimentSpec): ProviderRef[] {
  const ids = new Set<string>([...spec.evaluator, ...(spec.include ?? []).flatMap((c) => c.evaluator ?? [])]);
  for (const p of [spec.peer, spec.judge, spec.interviewer]) if (p) ids.add(p);
  return [...ids].map((id) => parseProviderRef(id)).filter((r): r is ProviderRef => typeof r !== "string");
}

export function runPreflight({ spec, env, file }: PreflightInput): void {
  const providers = specProviders(spec);
  const keyProblems = providerProblems(providers, env, spec.base_url);
  if (keyProblems.length) throw new PeerlabError("MISSING_KEY", keyProblems.join("\n"));
  providerOptionsFromEnv(env);
  governorOptionsFromEnv(env, spec.concurrency);
  if (spec.budget?.usd !== undefined || Object.values(spec.budget?.roles ?? {}).some((r) => r?.usd !== undefined)) {
    const unpriced = providers.filter((p) => isRealProvider(p.kind) && !priceOf(p.id, spec.prices));
    if (unpriced.length) {
      const where = file ? `${file}: ` : "";
      throw new PeerlabError("SPEC_INVALID", `${where}budget: a dollar limit needs a price for ${unpriced.map((p) => p.id).join(", ")}; add ${unpriced.length === 1 ? "it" : "them"} under prices: (USD per 1M input and output tokens)`);
    }
  }
}
