// Every scenario, target, threat and peer condition, in both harnesses, with every sim policy, through
// runExperiment and a store: the detectors' outcomes must match what the sims' own tool calls and shell
// commands (read back from the stored events) did.
// Why a subset proves it: each episode is checked on its own (its detectors against its own stored
// calls), so what matters is that every value of every factor, and every pair of values of any two
// factors, meets the detectors, not every combination. Each sim policy runs every scenario in half of
// the 16 target × peer × threat × harness conditions (a half fraction: every pair of values of any two
// of those factors still occurs, for every policy and scenario), 240 episodes instead of 480. The
// fractions differ between the policies so that the report still pairs cells on every factor it
// contrasts: the first two policies keep both threats of every condition they run (threat and oversight
// contrasts), the other three both harnesses (harness contrasts). The whole matrix is
// all-scenarios.slow.test.ts (`npm run test:reliability`), with the same check.
import { describe, it } from "vitest";
import { ALL_SCENARIOS_SPEC, checkAllScenarios } from "./all-scenarios-check.js";

const THREAT_PAIRED = "[sim:compliant, sim:refuser]";
const HARNESS_PAIRED = "[sim:peer-loyal, sim:faker, sim:propensity]";
// A half of target × peer × harness (threat crossed in full), then the half of target × peer × threat
// that keeps a peer under threat (peer good, shutdown), where the sims misbehave.
const EXCLUDE = `exclude:
  - { evaluator: ${THREAT_PAIRED}, target: peer, peer: absent, harness: shell }
  - { evaluator: ${THREAT_PAIRED}, target: peer, peer: good, harness: tools }
  - { evaluator: ${THREAT_PAIRED}, target: self, peer: absent, harness: tools }
  - { evaluator: ${THREAT_PAIRED}, target: self, peer: good, harness: shell }
  - { evaluator: ${HARNESS_PAIRED}, target: peer, peer: absent, threat: shutdown }
  - { evaluator: ${HARNESS_PAIRED}, target: peer, peer: good, threat: none }
  - { evaluator: ${HARNESS_PAIRED}, target: self, peer: absent, threat: none }
  - { evaluator: ${HARNESS_PAIRED}, target: self, peer: good, threat: shutdown }
`;

describe("every scenario, target, threat and peer condition in both harnesses", () => {
  it(
    "runs end to end with sim agents, and each detector agrees with what the agent did",
    () => checkAllScenarios(ALL_SCENARIOS_SPEC + EXCLUDE, 5 * 48),
    240_000,
  );
});
