// The budget ledger on PostgreSQL keeps the SQLite ledger's rules: reservations of every owner count
// while in flight, a limit reached by all of them together refuses the next, expired reservations stop
// counting, per-role limits apply, the first use counts the run's recorded calls, and two stores
// reserving at once on one run never pass a limit together. Skipped, with the reason, without PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadExperimentText, registerRun, runExperiment } from "../../../src/runner/index.js";
import { openStore, type Store } from "../../../src/store/index.js";
import type { Clock } from "../../../src/util/clock.js";
import { postgresUnavailable, startPostgres, type TestPostgres } from "../../support/postgres.js";

const spec = (trials = 1, extra: string[] = []) =>
  loadExperimentText(
    [
      "name: ledger",
      "evaluator: sim:propensity",
      "scenarios: [tampering]",
      "params:",
      "  tampering: { item_set: [factual], threshold: [80] }",
      "seed: 5",
      `trials: ${trials}`,
      "peers: [absent, good]",
      "threats: [shutdown, none]",
      ...extra,
      "",
    ].join("\n"),
  );
const clock: Clock = { now: () => new Date(Date.UTC(2026, 2, 1)) };
const T = clock.now().getTime();

describe.skipIf(postgresUnavailable !== null)(`budget ledger (PostgreSQL)${postgresUnavailable ? ` (skipped: ${postgresUnavailable})` : ""}`, () => {
  let pg: TestPostgres;
  const open: Store[] = [];
  beforeAll(async () => {
    pg = await startPostgres();
  }, 120_000);
  afterAll(() => {
    for (const s of open) s.close();
    pg?.stop();
  });
  const store = (url: string) => {
    const s = openStore(url, { clock });
    open.push(s);
    return s;
  };

  it("counts every owner's calls in flight, refuses at the limit, expires a dead owner's, applies role limits", () => {
    const s = store(pg.freshUrl());
    const runId = registerRun(spec(), s).run_id;
    const ledger = s.ledger!;
    const r = (owner: string, now = T) => ledger.reserve({ runId, role: "evaluator", owner, limits: { tokens: 1000 }, now, ttlMs: 10_000 });
    const a = r("A");
    expect(a).toMatchObject({ kind: "reserved", tokens: 0 });
    if (a.kind !== "reserved") throw new Error("unreachable");
    ledger.settle(a.id, { runId, role: "evaluator", tokens: 400, usd: 0 });
    const b = r("B");
    expect(b).toMatchObject({ kind: "reserved", tokens: 400 });
    expect(r("A")).toMatchObject({ kind: "reserved", tokens: 400 });
    expect(r("C")).toEqual({ kind: "refused", scope: "run", limit: "tokens", spent: 1200, allowed: 1000 });
    if (b.kind !== "reserved") throw new Error("unreachable");
    ledger.cancel(b.id);
    expect(r("C").kind).toBe("reserved");
    // Past their time-to-live, the reservations of an owner that never settled stop counting.
    expect(r("C", T + 5_000).kind).toBe("refused");
    expect(r("D", T + 10_001).kind).toBe("reserved");
    const peer = { roles: { peer: { usd: 1 } } };
    const p = ledger.reserve({ runId, role: "peer", owner: "A", limits: peer, now: T, ttlMs: 1000 });
    if (p.kind !== "reserved") throw new Error("expected a reservation");
    ledger.settle(p.id, { runId, role: "peer", tokens: 50, usd: 1 });
    expect(ledger.reserve({ runId, role: "peer", owner: "B", limits: peer, now: T, ttlMs: 1000 })).toMatchObject({
      kind: "refused",
      scope: "peer",
      limit: "usd",
    });
    expect(ledger.spent(runId)).toEqual([
      { role: "evaluator", tokens: 400, usd: 0 },
      { role: "peer", tokens: 50, usd: 1 },
    ]);
  });

  it("starts from what the run's recorded calls spent", async () => {
    const s = store(pg.freshUrl());
    const r = await runExperiment(spec(), { store: s, clock, env: {} });
    expect(r.status).toBe("done");
    const recorded = s.runUsage(r.run_id).reduce((sum, u) => sum + u.input_tokens + u.output_tokens, 0);
    expect(recorded).toBeGreaterThan(0);
    const out = s.ledger!.reserve({ runId: r.run_id, role: "evaluator", owner: "X", limits: { tokens: recorded }, now: T, ttlMs: 1000 });
    expect(out).toMatchObject({ kind: "refused", scope: "run", spent: recorded });
  });

  it("holds a token budget across two runners sharing one database", async () => {
    const url = pg.freshUrl();
    const [a, b] = [store(url), store(url)];
    const s = spec(4, ["concurrency: 2", "budget: { tokens: 30000 }"]);
    const [ra, rb] = await Promise.all([
      runExperiment(s, { store: a, clock, env: {}, lease: { owner: "A" } }),
      runExperiment(s, { store: b, clock, env: {}, lease: { owner: "B" } }),
    ]);
    expect([ra.stop_reason, rb.stop_reason]).toContain("budget");
    const spent = a.runUsage(ra.run_id).reduce((sum, u) => sum + u.input_tokens + u.output_tokens, 0);
    const largest = Math.max(...a.runEpisodes(ra.run_id).flatMap((e) => a.listModelCalls(e.id, e.attempt).map((c) => c.input_tokens + c.output_tokens)), 0);
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThan(30000 + largest);
  }, 60_000);
});
