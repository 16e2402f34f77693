// Provider faults under load, small: 60 episodes at concurrency 16, evaluators on openai: and
// anthropic: over the real SDKs to the local server, which injects every fault kind at seeded rates.
// faults.slow.test.ts runs the same checks on 504 episodes at concurrency 32.
import { describe, expect, it } from "vitest";
import { DEFAULT_RATES } from "./support/fault-plan.js";
import { expectConsistentUnderFaults, expectResumedExactlyOnce } from "./support/load-checks.js";
import { runUnderFaults, type LoadOptions } from "./support/load-run.js";

// Higher rates than the long run's, so a few dozen episodes meet every kind, and some fail.
const RATES = {
  faults: Object.fromEntries(Object.entries(DEFAULT_RATES.faults).map(([k, v]) => [k, v * 2])) as typeof DEFAULT_RATES.faults,
  invalidToolJson: 0.08,
};
RATES.faults["400"] = 0.012;

describe("provider faults under load (60 episodes)", () => {
  const opts: LoadOptions = { seed: "fast-1", trials: 10, concurrency: 16, maxRetries: 3, timeoutS: 3, retryBaseMs: 10, rates: RATES, resume: true };

  it("ends every planned episode once, done or failed with a reason, with retries within budget and totals equal to the server's; " +
    "resume then finishes the failed ones once", async () => {
    const r = await runUnderFaults(opts);
    expectConsistentUnderFaults(r, opts);
    expect(r.plan.totalInjected).toBeGreaterThan(20);
    expect(r.server.byApi.openai).toBeGreaterThan(0);
    expect(r.server.byApi.anthropic).toBeGreaterThan(0);
    expect(r.episodes.some((e) => e.status === "failed")).toBe(true);
    expectResumedExactlyOnce(r);
  }, 300_000);
});
