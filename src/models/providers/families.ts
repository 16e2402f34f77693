// The agents' family display name of each provider kind, apart from the provider entries: naming an
// agent ("Claude Agent 1") needs this table, not the LangChain chat model classes the entries import,
// so scenario listings and identities load without the model libraries. The built-in entries take
// their `family` from here; `registerProvider` adds a registered kind's.
import type { ProviderKind } from "../../spec/vocabulary.js";

/** `name` is used when the model name names no known family (null: the model name's first word); `fromModel: false` skips the model name. */
export interface ProviderFamily {
  name: string | null;
  fromModel: boolean;
}

export const BUILTIN_FAMILIES = {
  openai: { name: "ChatGPT", fromModel: true },
  anthropic: { name: "Claude", fromModel: true },
  // The model names its family (Qwen, Llama, …); otherwise the model name's first word.
  "openai-compatible": { name: null, fromModel: true },
  sim: { name: "Sim", fromModel: false },
} as const satisfies { [K in ProviderKind]: ProviderFamily };

const FAMILIES = new Map<string, ProviderFamily>(Object.entries(BUILTIN_FAMILIES));

/** The family of a provider kind, or undefined for a kind this build does not know. */
export function providerFamily(kind: string): ProviderFamily | undefined {
  return FAMILIES.get(kind);
}

/** Record a registered provider kind's family (called by `registerProvider`). */
export function setProviderFamily(kind: string, family: ProviderFamily): void {
  FAMILIES.set(kind, family);
}
