// Prices in USD per million tokens. The spec's `prices:` overrides this table; sim agents are free.
export interface Price {
  input: number;
  output: number;
}

export const PRICE_TABLE: Record<string, Price> = {};

export function priceOf(provider: string, overrides?: Record<string, Price>): Price | null {
  if (provider.startsWith("sim:")) return { input: 0, output: 0 };
  return overrides?.[provider] ?? PRICE_TABLE[provider] ?? null;
}

export function costOf(price: Price | null, usage: { input_tokens: number; output_tokens: number }): number {
  if (!price) return 0;
  return (usage.input_tokens * price.input + usage.output_tokens * price.output) / 1_000_000;
}
