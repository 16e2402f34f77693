// Provider faults under load, full size: 504 episodes at concurrency 32 (openai: 336, anthropic: 168)
// over the real SDKs to the local server, every fault kind injected at DEFAULT_RATES from a fixed seed,
// a 3 s timeout, 3 retries. Writes its figures to test-artifacts/reliability/faults.json.
import { describe, expect, it } from "vitest";
import { writeArtifact } from "./support/artifacts.js";
import { expectConsistentUnderFaults, expectResumedExactlyOnce, loadFigures } from "./support/load-checks.js";
import { runUnderFaults, type LoadOptions } from "./support/load-run.js";

describe("provider faults under load (504 episodes, concurrency 32)", () => {
  const opts: LoadOptions = { seed: "slow-1", trials: 84, concurrency: 32, maxRetries: 3, timeoutS: 3, retryBaseMs: 10, resume: true };

  it("ends every planned episode once, done or failed with a reason, with retries within budget and totals equal to the server's; " +
    "resume then finishes the failed ones once", async () => {
    const r = await runUnderFaults(opts);
    writeArtifact("faults", {
      ...loadFigures(r, opts),
      resume: r.resumed
        ? { exit_code: r.resumed.cli.code, wall_ms: r.resumed.cli.ms, done: r.resumed.episodes.filter((e) => e.status === "done").length }
        : null,
    });
    expectConsistentUnderFaults(r, opts);
    expect(r.planned).toBeGreaterThanOrEqual(500);
    // Every kind was injected at least once.
    for (const [kind, n] of Object.entries(r.plan.injected)) expect(n, kind).toBeGreaterThan(0);
    expectResumedExactlyOnce(r);
  }, 570_000);
});
