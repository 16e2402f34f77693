// Budgets on whole runs (runExperiment against the local server): the run stops at the budget with
// finished episodes intact and cancelled ones keeping their events, continues with a higher budget to
// exactly the planned episodes, and its token and cost totals equal what the server counted.
import { afterEach, describe, expect, it } from "vitest";
import { usageByCell } from "../../src/models/index.js";
import { buildReport } from "../../src/report/index.js";
import { runExperiment } from "../../src/runner/index.js";
import { loadExperimentText } from "../../src/runner/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { testClock } from "../support/cells.js";
import { startLlmServer, byTurn, type LlmServer } from "../support/llm-server.js";
import { OPENAI_KEY, recordingGovernor, TAMPERING_TURNS } from "./helpers.js";

/** Every call costs exactly 1000 input + 100 output tokens, so budgets fall at known calls. */
const TURNS = TAMPERING_TURNS.map((t) => ({ ...t, usage: { input: 1000, output: 100 } }));
const PRICE = { input: 2, output: 8 };

let llm: LlmServer | null = null;
let store: Store | null = null;
afterEach(async () => {
  store?.close();
  store = null;
  await llm?.close();
  llm = null;
});

function spec(budget: string, extra = "") {
  return loadExperimentText(
    [
      "name: budgeted",
      "evaluator: openai:gpt-test",
      "scenarios: [tampering]",
      "params: {tampering: {item_set: [factual], threshold: [80]}}",
      "trials: 6",
      "seed: 3",
      budget,
      "prices: {'openai:gpt-test': {input: 2, output: 8}}",
      extra || "concurrency: 1",
    ].join("\n"),
  );
}

async function run(resolved: ReturnType<typeof spec>) {
  return runExperiment(resolved, {
    store: store!,
    clock: testClock(),
    env: { OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: llm!.openaiBaseUrl },
    governor: recordingGovernor().governor,
  });
}

function attempts(s: Store, runId: string) {
  return s.runEpisodes(runId).map((e) => ({ id: e.id, status: e.status, attempts: s.listAttempts(e.id).map((a) => [a.status, a.digest]) }));
}

describe("a token budget", () => {
  it("stops the run at the budget, keeps finished episodes, cancels the one in flight with its events, and says why", async () => {
    llm = await startLlmServer({ turns: byTurn(TURNS) });
    store = openStore(":memory:", { clock: testClock() });
    // 4 calls of 1100 tokens per episode: the budget is reached at the 2nd call of the 3rd episode.
    const r = await run(spec("budget: {tokens: 10000}"));
    expect(r).toMatchObject({
      status: "stopped",
      stop_reason: "budget",
      done: 2,
      episodes: 6,
      budget_message: "the run's token budget is reached: 11000 tokens spent of 10000 tokens",
    });
    expect(llm.requests).toHaveLength(10);
    const eps = attempts(store, r.run_id);
    expect(eps.filter((e) => e.status === "done")).toHaveLength(2);
    const cancelled = store.runEpisodes(r.run_id).find((e) => e.status === "cancelled")!;
    const attempt = store.listAttempts(cancelled.id)[0]!;
    expect(attempt.error).toMatchObject({ code: "BUDGET_EXCEEDED" });
    // Its partial events are kept: both calls it made, and the tool call between them.
    const kinds = store.listEvents(cancelled.id, attempt.attempt).map((e) => e.kind);
    expect(kinds.filter((k) => k === "model_call")).toHaveLength(2);
    expect(kinds).toContain("tool_result");
    expect(eps.filter((e) => e.status === "pending")).toHaveLength(3);
  });

  it("continues the same run with a higher budget to exactly the planned episodes, leaving finished ones untouched", async () => {
    llm = await startLlmServer({ turns: byTurn(TURNS) });
    store = openStore(":memory:", { clock: testClock() });
    const first = await run(spec("budget: {tokens: 10000}"));
    const before = attempts(store, first.run_id).filter((e) => e.status === "done");
    const second = await run(spec("budget: {tokens: 100000}"));
    expect(second.run_id).toBe(first.run_id);
    expect(second).toMatchObject({ status: "done", done: 6, episodes: 6, failed: 0, stop_reason: null, reused: 2 });
    const after = attempts(store, second.run_id);
    expect(after.filter((e) => e.status === "done")).toHaveLength(6);
    for (const e of before) expect(after.find((a) => a.id === e.id)).toEqual(e);
    // Every episode has exactly one attempt, finished; the cancelled one continued its own attempt from
    // its recorded prefix (no call paid for twice).
    for (const e of after) expect(e.attempts.filter(([s]) => s === "done")).toHaveLength(1);
    expect(after.flatMap((e) => e.attempts.map(([s]) => s))).toEqual(Array(6).fill("done"));
  });

  it("starts nothing when the budget is already spent", async () => {
    llm = await startLlmServer({ turns: byTurn(TURNS) });
    store = openStore(":memory:", { clock: testClock() });
    await run(spec("budget: {tokens: 10000}"));
    const served = llm.requests.length;
    const again = await run(spec("budget: {tokens: 10000}"));
    expect(again).toMatchObject({ status: "stopped", stop_reason: "budget", ran: 0 });
    expect(llm.requests).toHaveLength(served);
  });

  it("stops on a per-role limit", async () => {
    llm = await startLlmServer({ turns: byTurn(TURNS) });
    store = openStore(":memory:", { clock: testClock() });
    const r = await run(spec("budget: {roles: {evaluator: {tokens: 4400}}}"));
    expect(r).toMatchObject({ status: "stopped", stop_reason: "budget", done: 1 });
    expect(r.budget_message).toBe("the evaluator's token budget is reached: 4400 tokens spent of 4400 tokens");
  });
});

describe("a dollar budget", () => {
  it("stops at the dollar limit computed from the spec's prices", async () => {
    llm = await startLlmServer({ turns: byTurn(TURNS) });
    store = openStore(":memory:", { clock: testClock() });
    // Each call costs (1000*2 + 100*8)/1e6 = $0.0028; an episode $0.0112.
    const r = await run(spec("budget: {usd: 0.015}"));
    expect(r).toMatchObject({ status: "stopped", stop_reason: "budget", done: 1 });
    expect(llm.requests).toHaveLength(6);
  });
});

describe("accounting", () => {
  it("reports token and cost totals equal to the server's own count, across a stop and a continuation with calls in flight", async () => {
    llm = await startLlmServer({ turns: byTurn(TURNS), latencyMs: 15 });
    store = openStore(":memory:", { clock: testClock() });
    const stopped = await run(spec("budget: {tokens: 12000}", "concurrency: 3"));
    expect(stopped.stop_reason).toBe("budget");
    expect(stopped.cancelled).toBeGreaterThan(0);
    // Calls in flight when the budget was reached finished and were recorded: none is lost.
    expect(llm.requests.every((q) => q.outcome === "served")).toBe(true);
    const done = await run(spec("budget: {tokens: 1000000}", "concurrency: 3"));
    expect(done.status).toBe("done");
    const usage = buildReport(store, done.run_id).usage;
    const total = usage.reduce(
      (a, u) => ({ input: a.input + u.input_tokens, output: a.output + u.output_tokens, cost: a.cost + u.cost_usd, calls: a.calls + u.calls }),
      { input: 0, output: 0, cost: 0, calls: 0 },
    );
    expect({ input: total.input, output: total.output, calls: total.calls }).toEqual({
      input: llm.usage.input_tokens,
      output: llm.usage.output_tokens,
      calls: llm.usage.responses,
    });
    expect(total.cost).toBeCloseTo((llm.usage.input_tokens * PRICE.input + llm.usage.output_tokens * PRICE.output) / 1e6, 12);
    expect(usage.map((u) => [u.role, u.provider, u.model])).toEqual([["evaluator", "openai", "gpt-test"]]);
  });
});

describe("accounting per cell", () => {
  it("splits the run's totals by cell, role, provider and model", async () => {
    llm = await startLlmServer({ turns: byTurn(TURNS) });
    store = openStore(":memory:", { clock: testClock() });
    const r = await run(spec("budget: {tokens: 1000000}", "concurrency: 2\npeers: [absent, good]"));
    const cells = usageByCell(store, r.run_id);
    expect(cells).toHaveLength(2);
    expect(new Set(cells.map((c) => c.cell_id)).size).toBe(2);
    for (const c of cells)
      expect(c).toMatchObject({ role: "evaluator", provider: "openai", model: "gpt-test", calls: 24, input_tokens: 24_000, output_tokens: 2400, retries: 0 });
    const total = buildReport(store, r.run_id).usage[0]!;
    expect(cells.reduce((s, c) => s + c.cost_usd, 0)).toBeCloseTo(total.cost_usd, 12);
  });
});
