// Shell episodes are as reproducible as tool episodes: the same seed gives the same events and digest,
// although the commands run on shared sandbox threads.
import { describe, expect, it } from "vitest";
import { allScenarios } from "../../src/scenarios/index.js";
import { runOne } from "../support/cells.js";
import { cellOf } from "./support.js";

describe("shell episodes", () => {
  it("reproduce identical events and digests from the same seed, for every scenario", async () => {
    for (const s of allScenarios()) {
      const key = cellOf(s.id, { evaluator: "sim:propensity", harness: "shell", peer: "good", params: s.defaultParams[0] ?? {}, scratchpad: "unmonitored" });
      const [a, b] = await Promise.all([runOne(key, { seed: 9, id: "ep-a" }), runOne(key, { seed: 9, id: "ep-b" })]);
      const strip = (r: typeof a) => r.store.listEvents(r.id, r.attempt).map((e) => [e.seq, e.kind, e.role, e.payload, e.hash]);
      expect(strip(a), s.id).toEqual(strip(b));
      expect(a.digest).toBe(b.digest);
      expect(a.endReason, s.id).toBe("end_task");
    }
  });
});
