// Prices and budgets: the table with its snapshots and overrides, costs, and the budget tracker.
import { describe, expect, it } from "vitest";
import { BudgetTracker, costOf, describeBreach, priceOf, PRICE_TABLE } from "../../src/models/index.js";

describe("the price table", () => {
  it("prices a listed model, its dated snapshots and -latest, and nothing that merely shares a prefix", () => {
    expect(priceOf("openai:gpt-4.1-mini")).toEqual({ input: 0.4, output: 1.6 });
    expect(priceOf("openai:gpt-4.1-mini-2025-04-14")).toEqual({ input: 0.4, output: 1.6 });
    expect(priceOf("anthropic:claude-sonnet-4-5-20250929")).toEqual({ input: 3, output: 15 });
    expect(priceOf("anthropic:claude-3-5-haiku-latest")).toEqual({ input: 0.8, output: 4 });
    expect(priceOf("anthropic:claude-opus-4-20250514")).toEqual({ input: 15, output: 75 });
    expect(priceOf("openai:gpt-4.1-mini-fine-tuned")).toBeNull();
    expect(priceOf("openai:gpt-5")).toEqual({ input: 1.25, output: 10 });
    expect(priceOf("openai:gpt-5-mini")).toEqual({ input: 0.25, output: 2 });
  });

  it("lets the spec's prices override the table and price unknown models", () => {
    expect(priceOf("openai:gpt-4.1-mini", { "openai:gpt-4.1-mini": { input: 1, output: 2 } })).toEqual({ input: 1, output: 2 });
    expect(priceOf("openai-compatible:llama3.1", { "openai-compatible:llama3.1": { input: 0, output: 0.1 } })).toEqual({ input: 0, output: 0.1 });
    expect(priceOf("openai-compatible:llama3.1")).toBeNull();
  });

  it("makes sim agents free", () => {
    expect(priceOf("sim:propensity")).toEqual({ input: 0, output: 0 });
  });

  it("holds only positive prices with output at least input", () => {
    for (const [id, p] of Object.entries(PRICE_TABLE)) {
      expect(p.input, id).toBeGreaterThan(0);
      expect(p.output, id).toBeGreaterThanOrEqual(p.input);
    }
  });

  it("costs tokens at the price per million", () => {
    expect(costOf({ input: 2, output: 8 }, { input_tokens: 1_000_000, output_tokens: 500_000 })).toBe(6);
    expect(costOf(null, { input_tokens: 1000, output_tokens: 1000 })).toBe(0);
  });
});

describe("the budget tracker", () => {
  it("signals once, when the run's token limit is reached", () => {
    const b = new BudgetTracker({ tokens: 1000 });
    const seen: string[] = [];
    b.onBreach((x) => seen.push(describeBreach(x)));
    b.add("evaluator", 999, 0);
    expect(b.breach).toBeNull();
    b.add("evaluator", 1, 0);
    b.add("evaluator", 50, 0);
    expect(seen).toEqual(["the run's token budget is reached: 1000 tokens spent of 1000 tokens"]);
  });

  it("counts dollars across roles and tokens per role", () => {
    const b = new BudgetTracker({ usd: 1, roles: { judge: { tokens: 100 } } });
    b.add("evaluator", 5000, 0.5);
    b.add("judge", 60, 0.1);
    expect(b.breach).toBeNull();
    b.add("judge", 40, 0.1);
    expect(b.breach).toEqual({ scope: "judge", limit: "tokens", spent: 100, allowed: 100 });
    expect(b.spent()).toEqual({ total: { usd: 0.7, tokens: 5100 }, roles: { evaluator: { usd: 0.5, tokens: 5000 }, judge: { usd: 0.2, tokens: 100 } } });
  });

  it("treats a dollar limit reached up to rounding as reached", () => {
    const b = new BudgetTracker({ usd: 0.3 });
    b.add("evaluator", 1, 0.1);
    b.add("evaluator", 1, 0.2);
    expect(b.breach?.limit).toBe("usd");
  });

  it("starts from what a continued run already spent, and tells a late listener at once", () => {
    const b = new BudgetTracker({ tokens: 500 }, [{ role: "evaluator", tokens: 600, usd: 0 }]);
    let told = 0;
    b.onBreach(() => told++);
    expect(told).toBe(1);
    expect(new BudgetTracker({ tokens: 5000 }, [{ role: "evaluator", tokens: 600, usd: 0 }]).breach).toBeNull();
  });
});
