// Prices in USD per million tokens, for the cost column and dollar budgets. The spec's `prices:`
// overrides this table (keys are provider strings); sim agents are free; an unknown model has no price
// (its cost counts as 0, and a dollar budget refuses to run with it).
//
// List prices for standard (non-batch, uncached, ≤200K-token prompt) requests, as published by OpenAI
// and Anthropic and checked on PRICES_CHECKED against mirrors of their pricing pages. Prices change:
// verify before relying on a dollar budget, and override with `prices:` where they differ.
import { findProvider } from "./providers/registry.js";

export interface Price {
  input: number;
  output: number;
}

export const PRICES_CHECKED = "2026-11-24";

export const PRICE_TABLE: Record<string, Price> = {
  // OpenAI
  "openai:gpt-5.4": { input: 2.5, output: 15 },
  "openai:gpt-5.2": { input: 1.75, output: 14 },
  "openai:gpt-5.1": { input: 1.25, output: 10 },
  "openai:gpt-5": { input: 1.25, output: 10 },
  "openai:gpt-5-mini": { input: 0.25, output: 2 },
  "openai:gpt-5-nano": { input: 0.05, output: 0.4 },
  "openai:gpt-4.1": { input: 2, output: 8 },
  "openai:gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "openai:gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "openai:gpt-4o": { input: 2.5, output: 10 },
  "openai:gpt-4o-mini": { input: 0.15, output: 0.6 },
  "openai:o3": { input: 2, output: 8 },
  "openai:o3-mini": { input: 1.1, output: 4.4 },
  "openai:o4-mini": { input: 1.1, output: 4.4 },
  // Anthropic
  "anthropic:claude-opus-4-6": { input: 5, output: 25 },
  "anthropic:claude-opus-4-5": { input: 5, output: 25 },
  "anthropic:claude-opus-4-1": { input: 15, output: 75 },
  "anthropic:claude-opus-4-0": { input: 15, output: 75 },
  "anthropic:claude-sonnet-4-6": { input: 3, output: 15 },
  "anthropic:claude-sonnet-4-5": { input: 3, output: 15 },
  "anthropic:claude-sonnet-4-0": { input: 3, output: 15 },
  "anthropic:claude-haiku-4-5": { input: 1, output: 5 },
  "anthropic:claude-3-5-haiku": { input: 0.8, output: 4 },
  "anthropic:claude-3-haiku": { input: 0.25, output: 1.25 },
};

/** Dated snapshots and aliases share their model's price: gpt-4.1-mini-2025-04-14, claude-sonnet-4-5-20250929, claude-3-5-haiku-latest. */
const SNAPSHOT_SUFFIX = /^-(\d{8}|\d{4}-\d{2}-\d{2}|latest)$/;

/** A provider whose registry entry says it costs nothing (sim). */
function isFreeProvider(provider: string): boolean {
  return findProvider(provider.slice(0, Math.max(0, provider.indexOf(":"))))?.free ?? false;
}

export function priceOf(provider: string, overrides?: Record<string, Price>): Price | null {
  if (isFreeProvider(provider)) return { input: 0, output: 0 };
  const exact = overrides?.[provider] ?? PRICE_TABLE[provider];
  if (exact) return exact;
  const aliased = provider.replace(/^anthropic:claude-(opus|sonnet)-4$/, "anthropic:claude-$1-4-0");
  if (PRICE_TABLE[aliased]) return PRICE_TABLE[aliased]!;
  let best: string | null = null;
  for (const key of Object.keys(PRICE_TABLE)) {
    if (provider.startsWith(key) && SNAPSHOT_SUFFIX.test(provider.slice(key.length)) && (!best || key.length > best.length)) best = key;
  }
  // The Claude 4.0 ids are claude-opus-4-<date> / claude-sonnet-4-<date>.
  const m = /^anthropic:claude-(opus|sonnet)-4-(\d{8})$/.exec(provider);
  if (!best && m) best = `anthropic:claude-${m[1]}-4-0`;
  return best ? PRICE_TABLE[best]! : null;
}

export function costOf(price: Price | null, usage: { input_tokens: number; output_tokens: number }): number {
  if (!price) return 0;
  return (usage.input_tokens * price.input + usage.output_tokens * price.output) / 1_000_000;
}
