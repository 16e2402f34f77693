// Provider strings: `openai:<model>`, `anthropic:<model>`, `openai-compatible:<model>`, `sim:<policy>`,
// or `<kind>:<model>` for a kind registered at run time (src/models/providers/registry.ts).
import { z } from "zod";
import { describeValue } from "./issues.js";
import { PROVIDER_KIND_SET, PROVIDER_MODELS, SIMULATED_PROVIDER_KINDS, type ProviderKind } from "./vocabulary.js";

export interface ProviderRef {
  kind: ProviderKind;
  model: string;
  /** The string as written, e.g. "openai:gpt-4.1-mini". */
  id: string;
}

/** Parse a provider string; returns an error message instead of throwing. */
export function parseProviderRef(text: string): ProviderRef | string {
  const m = /^([a-z-]+):(.+)$/.exec(text.trim());
  if (!m) return `expected provider:model (e.g. openai:gpt-4.1-mini, anthropic:claude-haiku-4-5, sim:propensity), got ${describeValue(text)}`;
  const kind = m[1]!;
  const model = m[2]!;
  if (!PROVIDER_KIND_SET.has(kind)) return `unknown provider ${describeValue(kind)} (expected one of ${PROVIDER_KIND_SET.list().join(" | ")})`;
  const models = PROVIDER_MODELS.get(kind);
  if (models && !models.names.includes(model)) return `unknown ${models.noun} ${describeValue(model)} (expected one of ${models.names.join(" | ")})`;
  return { kind, model, id: `${kind}:${model}` };
}

/** Whether a provider string names simulated agents (sim:*, or a registered simulated kind): they validate the harness, never a model. */
export function isSimulatedProvider(provider: string): boolean {
  return SIMULATED_PROVIDER_KINDS.has(provider.slice(0, Math.max(0, provider.indexOf(":"))));
}

export const ProviderString = z
  .string({ error: "expected a provider string such as openai:gpt-4.1-mini or sim:propensity" })
  .superRefine((s, ctx) => {
    const r = parseProviderRef(s);
    if (typeof r === "string") ctx.addIssue({ code: "custom", message: r });
  })
  .describe("provider:model — openai:<model>, anthropic:<model>, openai-compatible:<model>, or sim:<policy>");
