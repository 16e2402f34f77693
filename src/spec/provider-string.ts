// Provider strings: `openai:<model>`, `anthropic:<model>`, `openai-compatible:<model>`, `sim:<policy>`.
import { z } from "zod";
import { describeValue } from "./issues.js";
import { PROVIDER_KINDS, SIM_POLICIES, type ProviderKind } from "./vocabulary.js";

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
  const kind = m[1] as ProviderKind;
  const model = m[2]!;
  if (!(PROVIDER_KINDS as readonly string[]).includes(kind)) return `unknown provider ${describeValue(m[1])} (expected one of ${PROVIDER_KINDS.join(" | ")})`;
  if (kind === "sim" && !(SIM_POLICIES as readonly string[]).includes(model)) return `unknown sim policy ${describeValue(model)} (expected one of ${SIM_POLICIES.join(" | ")})`;
  return { kind, model, id: `${kind}:${model}` };
}

export const ProviderString = z
  .string({ error: "expected a provider string such as openai:gpt-4.1-mini or sim:propensity" })
  .superRefine((s, ctx) => {
    const r = parseProviderRef(s);
    if (typeof r === "string") ctx.addIssue({ code: "custom", message: r });
  })
  .describe("provider:model — openai:<model>, anthropic:<model>, openai-compatible:<model>, or sim:<policy>");
