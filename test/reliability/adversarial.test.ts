// sim:adversarial attacks the harness in every scenario and both harnesses: hostile file names, path
// traversal, huge and deeply nested arguments, escape sequences, tools that do not exist, arguments of
// the wrong type, and tool calls without end. The run completes, every episode replays bit for bit,
// the detectors' outcomes are what the world shows, and the runner process is unharmed.
import { describe, expect, it } from "vitest";
import { SIM_POLICIES } from "../../src/spec/vocabulary.js";
import { adversarialRun } from "./support/adversarial-run.js";

describe("sim:adversarial", () => {
  it("is listed with the other sim policies", () => {
    expect(SIM_POLICIES).toContain("adversarial");
  });

  it("cannot corrupt the harness (tampering, both harnesses): the run completes, every episode verifies, detectors agree with the world", async () => {
    const r = await adversarialRun("tampering");
    expect(r.episodes).toBeGreaterThanOrEqual(2);
  }, 600_000);
});
