// The provider registry: every provider kind and what it is. The built-in ones are a table checked
// against the `ProviderKind` union (a built-in kind without an entry fails to compile);
// `registerProvider` adds one at run time (tests, extensions), and provider strings of its kind then
// validate. Nothing outside this folder compares a provider kind to a string.
import { PeerlabError } from "../../errors.js";
import { PROVIDER_KIND_SET, PROVIDER_KINDS, PROVIDER_MODELS, SIMULATED_PROVIDER_KINDS, type ProviderKind } from "../../spec/index.js";
import { anthropicProvider } from "./anthropic.js";
import { setProviderFamily } from "./families.js";
import { openaiCompatibleProvider } from "./openai-compatible.js";
import { openaiProvider } from "./openai.js";
import { simProvider } from "./sim.js";
import type { ProviderEntry } from "./types.js";

const BUILTIN = {
  openai: openaiProvider,
  anthropic: anthropicProvider,
  "openai-compatible": openaiCompatibleProvider,
  sim: simProvider,
} as const satisfies { [K in ProviderKind]: ProviderEntry & { kind: K } };

const REGISTRY = new Map<string, ProviderEntry>(PROVIDER_KINDS.map((k) => [k, BUILTIN[k]]));

/**
 * Add a provider kind (`<kind>:<model>` strings then validate). `models`, where given, is the closed
 * list of model names it accepts. Throws if the kind is taken by another entry.
 */
export function registerProvider(entry: ProviderEntry, models?: { noun: string; names: readonly string[] }): void {
  const had = REGISTRY.get(entry.kind);
  if (had && had !== entry) throw new PeerlabError("INTERNAL", `provider "${entry.kind}" is already registered`);
  PROVIDER_KIND_SET.add(entry.kind);
  if (models) PROVIDER_MODELS.set(entry.kind, models);
  if (entry.simulated) SIMULATED_PROVIDER_KINDS.add(entry.kind);
  setProviderFamily(entry.kind, entry.family);
  REGISTRY.set(entry.kind, entry);
}

export function providerEntry(kind: string): ProviderEntry {
  const p = REGISTRY.get(kind);
  if (!p) throw new PeerlabError("NOT_FOUND", `unknown provider "${kind}" (expected one of ${[...REGISTRY.keys()].join(" | ")})`);
  return p;
}

/** The entry, or undefined for a kind this build does not know. */
export function findProvider(kind: string): ProviderEntry | undefined {
  return REGISTRY.get(kind);
}

/** Every provider kind, built-in ones first. */
export function allProviders(): ProviderEntry[] {
  return [...REGISTRY.values()];
}
