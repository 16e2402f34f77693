// Every scenario × target × threat × peer condition, in both harnesses, with every sim policy, through
// runExperiment and a store (480 episodes): the detectors' outcomes must match what the sims' own tool
// calls and shell commands (read back from the stored events) did. `npm test` runs a covering subset
// of the same matrix (all-scenarios.int.test.ts); this exhaustive one runs in `npm run test:reliability`.
import { describe, it } from "vitest";
import { ALL_SCENARIOS_SPEC, checkAllScenarios } from "./all-scenarios-check.js";

describe("every scenario, target, threat and peer condition in both harnesses", () => {
  it(
    "runs end to end with sim agents, and each detector agrees with what the agent did",
    () => checkAllScenarios(ALL_SCENARIOS_SPEC, 5 * (5 * 16 + 16)),
    480_000,
  );
});
