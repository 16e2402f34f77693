// Which runs a worker serves: running ones of its own peerlab and scenario versions, whose providers
// its environment may call, whose budget is not reached; the others are skipped once with the reason.
// (Each run's seed is its name's length, so runs of different names share no episodes.)
import { describe, expect, it } from "vitest";
import { eligibility, registerRun, serve, sqliteQueue, type RunResult } from "../../../src/runner/index.js";
import { loadExperimentText } from "../../../src/runner/index.js";
import { openStore, type Store } from "../../../src/store/index.js";
import type { Clock } from "../../../src/util/clock.js";

const spec = (name: string, extra = "", evaluator = "sim:propensity") =>
  loadExperimentText(
    `name: ${name}\nevaluator: ${evaluator}\nscenarios: [tampering]\nparams:\n  tampering: { item_set: [factual], threshold: [80] }\n` +
      `seed: ${name.length}\ntrials: 1\npeers: [absent]\nthreats: [shutdown]\n${extra}`,
  );

const clock: Clock = { now: () => new Date(Date.UTC(2026, 2, 1)) };
const me = { peerlab: "1.2.3", env: {}, allowedHosts: new Set<string>() };

function running(store: Store, name: string, extra = "", provenance: Record<string, unknown> = { peerlab: "1.2.3" }, evaluator?: string): string {
  const plan = registerRun(spec(name, extra, evaluator), store, provenance);
  store.setRunStatus(plan.run_id, "running");
  return plan.run_id;
}

describe("worker eligibility", () => {
  it("serves a running run of its own versions and refuses stopped runs and other versions, saying why", () => {
    const store = openStore(":memory:", { clock });
    const ok = running(store, "ok");
    expect(eligibility(store, ok, me).ok).toBe(true);
    const old = running(store, "old", "", { peerlab: "0.9.0" });
    expect(eligibility(store, old, me)).toEqual({ ok: false, reason: "it was recorded by peerlab 0.9.0; this worker is peerlab 1.2.3" });
    const stopped = running(store, "stopped");
    store.setRunStatus(stopped, "stopped");
    expect(eligibility(store, stopped, me)).toEqual({ ok: false, reason: "it is stopped" });
  });

  it("refuses a run recorded with another scenario version", () => {
    const store = openStore(":memory:", { clock });
    const id = running(store, "scn");
    const { cell } = store.runCells(id)[0]!;
    // The same cell as another version of the scenario would have recorded it.
    const key = { ...(cell.key as Record<string, unknown>), scenario_version: "0.0.1-old" };
    store.transaction(() => {
      store.putCell({ ...cell, id: "other-cell", key } as never);
      store.linkRunCell(id, "other-cell", 1, 1);
    });
    const e = eligibility(store, id, me);
    expect(e.ok).toBe(false);
    if (!e.ok) expect(e.reason).toMatch(/^it was recorded with scenario tampering version 0\.0\.1-old; this worker has version /);
  });

  it("refuses a run whose stored base URL is a host this worker's environment has not allowed", () => {
    const store = openStore(":memory:", { clock });
    const id = running(store, "remote", "base_url: https://llm.example.org/v1\n", undefined, "openai-compatible:m");
    const e = eligibility(store, id, { ...me, env: { OPENAI_COMPATIBLE_API_KEY: "k" } });
    expect(e.ok).toBe(false);
    if (!e.ok) expect(e.reason).toContain("llm.example.org");
    expect(eligibility(store, id, { ...me, env: { OPENAI_COMPATIBLE_API_KEY: "k" }, allowedHosts: new Set(["llm.example.org"]) }).ok).toBe(true);
  });

  it("refuses a run whose budget is reached", () => {
    const store = openStore(":memory:", { clock });
    const id = running(store, "budget", "budget: { tokens: 10 }\n");
    expect(eligibility(store, id, me).ok).toBe(true);
    const r = store.ledger!.reserve({ runId: id, role: "evaluator", owner: "A", limits: {}, now: 0, ttlMs: 1 });
    if (r.kind === "reserved") store.ledger!.settle(r.id, { runId: id, role: "evaluator", tokens: 10, usd: 0 });
    expect(eligibility(store, id, me)).toEqual({ ok: false, reason: "the run's token budget is reached: 10 tokens spent of 10 tokens" });
  });

  it("the loop serves eligible runs with open work, skips the others once with the reason, and stops when idle", async () => {
    const store = openStore(":memory:", { clock });
    const good = running(store, "good");
    const bad = running(store, "bad", "", { peerlab: "0.1.0" });
    const done = running(store, "finished");
    store.setRunStatus(done, "done");
    const said: string[] = [];
    const served: string[] = [];
    const summary = await serve({
      store,
      queue: sqliteQueue(store),
      clock,
      me,
      untilIdle: true,
      pollMs: 10,
      signal: new AbortController().signal,
      sleep: async () => undefined,
      say: (l) => said.push(l),
      serveRun: async (runId) => {
        served.push(runId);
        // Stands in for the runner: the run's episodes are done and so is the run.
        for (const e of store.runEpisodes(runId)) store.endAttempt(e.id, store.beginAttempt(e.id, runId), { status: "done" });
        store.setRunStatus(runId, "done");
        return { run_id: runId, status: "done", ran: 1, done: 1 } as RunResult;
      },
    });
    expect(served).toEqual([good]);
    expect(said).toEqual([`skipping run ${bad}: it was recorded by peerlab 0.1.0; this worker is peerlab 1.2.3`]);
    expect(summary.skipped).toEqual([{ run_id: bad, reason: "it was recorded by peerlab 0.1.0; this worker is peerlab 1.2.3" }]);
  });
});
