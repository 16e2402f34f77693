// One small race in `npm test`: `run`, `resume` and `run` of the same run at once, an unrelated run on
// the same database, and one racer killed with -9 mid-race. Every episode runs once, bit for bit as
// uninterrupted; both runs end done. race.slow.test.ts runs bigger races with stalls.
import { describe, expect, it } from "vitest";
import { race, raceProblems } from "./race-harness.js";

describe("racing processes on one database", () => {
  it("run, resume and run of one run plus an unrelated run, one killed -9: each episode once, both runs done", async () => {
    const r = await race({ seed: "fast", trials: 4, racers: 3, kills: 1, stalls: 0, leaseMs: 3000, simDelayMs: 30 });
    expect(raceProblems(r)).toEqual([]);
    // The kill came while the victim held a claim: its episodes were taken over, not lost or run twice.
    const killed = r.racers.filter((p) => p.fate === "killed");
    expect(killed).toHaveLength(1);
    expect(killed[0]!.heldAtKill).toBeGreaterThan(0);
    // The racers shared the work: the survivors ran what the killed one did not finish.
    expect(r.racers.filter((p) => p.fate === "survived").every((p) => p.json?.status === "done")).toBe(true);
  }, 300_000);
});
