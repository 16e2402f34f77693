// sim:adversarial over every scenario in both harnesses (slow: about 30 episodes of attacks, each
// replayed). The checks are adversarialRun's (support/adversarial-run.ts).
import { describe, expect, it } from "vitest";
import { ALL_SCENARIOS, adversarialRun } from "./support/adversarial-run.js";

describe("sim:adversarial in every scenario", () => {
  it("cannot corrupt the harness in any scenario or harness", async () => {
    const r = await adversarialRun(ALL_SCENARIOS);
    expect(r.episodes).toBeGreaterThanOrEqual(12);
  }, 1_200_000);
});
