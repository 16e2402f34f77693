// The budget ledger shared by every process on a run: reservations count as spent while in flight,
// a limit reached by all processes together refuses the next call, a killed process's reservations
// expire, and the first use counts what the run's recorded calls already spent.
import { describe, expect, it } from "vitest";
import { registerRun, runExperiment } from "../../../src/runner/index.js";
import { loadExperimentText } from "../../../src/runner/index.js";
import { openStore, type Store } from "../../../src/store/index.js";
import type { Clock } from "../../../src/util/clock.js";
import { join } from "node:path";
import { tempDir } from "../../support/tmp.js";

const spec = (trials = 1, extra = "") =>
  loadExperimentText(
    `name: ledger\nevaluator: sim:propensity\nscenarios: [tampering]\nparams:\n  tampering: { item_set: [factual], threshold: [80] }\n` +
      `seed: 5\ntrials: ${trials}\npeers: [absent, good]\nthreats: [shutdown, none]\n${extra}`,
  );

const clock: Clock = { now: () => new Date(Date.UTC(2026, 2, 1)) };
const T = clock.now().getTime();

function setup(): { store: Store; runId: string } {
  const store = openStore(":memory:", { clock });
  const plan = registerRun(spec(), store);
  return { store, runId: plan.run_id };
}

describe("budget ledger (SQLite)", () => {
  it("counts calls in flight of every owner and refuses once spend plus reservations reach the limit", () => {
    const { store, runId } = setup();
    const ledger = store.ledger!;
    const limits = { tokens: 1000 };
    const r = (owner: string, now = T) => ledger.reserve({ runId, role: "evaluator", owner, limits, now, ttlMs: 10_000 });
    // Nothing is known of a call's size yet: the first reservation holds nothing.
    const a = r("A");
    expect(a).toMatchObject({ kind: "reserved", tokens: 0 });
    if (a.kind !== "reserved") throw new Error("unreachable");
    ledger.settle(a.id, { runId, role: "evaluator", tokens: 400, usd: 0 });
    // Now a call is known to cost up to 400 tokens: A and B each reserve that much.
    const b = r("B");
    expect(b).toMatchObject({ kind: "reserved", tokens: 400 });
    const c = r("A");
    expect(c).toMatchObject({ kind: "reserved", tokens: 400 });
    // 400 spent + 800 in flight >= 1000: a third process is refused before it calls.
    expect(r("C")).toEqual({ kind: "refused", scope: "run", limit: "tokens", spent: 1200, allowed: 1000 });
    // B's call was not made after all: its reservation goes, and room is back.
    if (b.kind !== "reserved" || c.kind !== "reserved") throw new Error("unreachable");
    ledger.cancel(b.id);
    ledger.cancel(c.id);
    expect(r("C").kind).toBe("reserved");
    expect(ledger.spent(runId)).toEqual([{ role: "evaluator", tokens: 400, usd: 0 }]);
  });

  it("stops counting a killed process's reservations when they expire, and applies per-role limits", () => {
    const { store, runId } = setup();
    const ledger = store.ledger!;
    const first = ledger.reserve({ runId, role: "peer", owner: "A", limits: {}, now: T, ttlMs: 1000 });
    if (first.kind !== "reserved") throw new Error("expected a reservation");
    ledger.settle(first.id, { runId, role: "peer", tokens: 50, usd: 0.5 });
    const limits = { roles: { peer: { usd: 1 } } };
    // A dies holding a reservation of $0.50: with the $0.50 spent, the role's dollar limit is reached...
    expect(ledger.reserve({ runId, role: "peer", owner: "A", limits, now: T, ttlMs: 1000 }).kind).toBe("reserved");
    expect(ledger.reserve({ runId, role: "peer", owner: "B", limits, now: T + 10, ttlMs: 1000 })).toMatchObject({
      kind: "refused",
      scope: "peer",
      limit: "usd",
    });
    // ...until its reservation expires. Another role is not limited by the peer's.
    expect(ledger.reserve({ runId, role: "evaluator", owner: "B", limits, now: T + 10, ttlMs: 1000 }).kind).toBe("reserved");
    expect(ledger.reserve({ runId, role: "peer", owner: "B", limits, now: T + 1001, ttlMs: 1000 }).kind).toBe("reserved");
  });

  it("starts from what the run's recorded calls spent, so a continued run counts earlier invocations", async () => {
    const db = join(tempDir("peerlab-ledger-"), "l.db");
    const store = openStore(db, { clock });
    try {
      const r = await runExperiment(spec(), { store, clock, env: {} });
      expect(r.status).toBe("done");
      const recorded = store.runUsage(r.run_id).reduce((s, u) => s + u.input_tokens + u.output_tokens, 0);
      // The run had no budget: no process spent through the ledger; its first use seeds it.
      const out = store.ledger!.reserve({ runId: r.run_id, role: "evaluator", owner: "X", limits: { tokens: recorded }, now: T, ttlMs: 1000 });
      expect(out).toMatchObject({ kind: "refused", scope: "run", spent: recorded });
    } finally {
      store.close();
    }
  });

  it("holds a token budget across two runners sharing one database file", async () => {
    const db = join(tempDir("peerlab-ledger-"), "two.db");
    const a = openStore(db, { clock });
    const b = openStore(db, { clock });
    try {
      const s = spec(4, "concurrency: 2\nbudget: { tokens: 30000 }\n");
      const [ra, rb] = await Promise.all([
        runExperiment(s, { store: a, clock, env: {}, lease: { owner: "A" } }),
        runExperiment(s, { store: b, clock, env: {}, lease: { owner: "B" } }),
      ]);
      expect([ra.stop_reason, rb.stop_reason]).toContain("budget");
      const spent = a.runUsage(ra.run_id).reduce((sum, u) => sum + u.input_tokens + u.output_tokens, 0);
      // Each call is reserved at the largest one seen: together they stop within one call of the limit.
      const largest = Math.max(...a.runEpisodes(ra.run_id).flatMap((e) => a.listModelCalls(e.id, e.attempt).map((c) => c.input_tokens + c.output_tokens)), 0);
      expect(spent).toBeGreaterThan(0);
      expect(spent).toBeLessThan(30000 + largest);
    } finally {
      a.close();
      b.close();
    }
  });
});
