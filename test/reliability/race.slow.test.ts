// Bigger races (`npm run test:reliability`): five or six processes on one run (`run` and `resume`
// alternately) and an unrelated run on the same database, with racers killed -9 mid-race and one
// stalled with SIGSTOP past its lease and then killed, so the others take its episodes over by lease
// expiry. Each race: every episode once, bit for bit as uninterrupted, every model call recorded once,
// both runs done. Writes test-artifacts/reliability/race.json.
import { describe, expect, it } from "vitest";
import { writeArtifact } from "./support/artifacts.js";
import { race, raceProblems, type RacePlan, type RaceResult } from "./race-harness.js";

const PLANS: RacePlan[] = [
  { seed: "slow-1", trials: 12, racers: 5, kills: 2, stalls: 0, leaseMs: 2000, simDelayMs: 60 },
  { seed: "slow-2", trials: 12, racers: 6, kills: 2, stalls: 1, leaseMs: 2000, simDelayMs: 60 },
  { seed: "slow-3", trials: 16, racers: 4, kills: 1, stalls: 1, leaseMs: 1500, simDelayMs: 40 },
];

describe("racing processes on one database, with kills and stalls", () => {
  const results: RaceResult[] = [];
  for (const plan of PLANS) {
    it(`${plan.racers} racers, ${plan.kills} killed -9, ${plan.stalls} stalled past a ${plan.leaseMs} ms lease, ${plan.trials * 4} episodes`, async () => {
      const r = await race(plan);
      results.push(r);
      expect(raceProblems(r)).toEqual([]);
    }, 600_000);
  }

  it("writes its figures", () => {
    writeArtifact("race", {
      races: results.map((r) => ({
        plan: r.plan,
        episodes: r.total,
        processes: r.racers.length + 1,
        killed: r.racers.filter((p) => p.fate === "killed").length,
        stalled_then_killed: r.racers.filter((p) => p.fate === "stalled-then-killed").length,
        claims_held_at_kill: r.racers.filter((p) => p.fate !== "survived").map((p) => p.heldAtKill),
        survivors_ran: r.racers.filter((p) => p.fate === "survived").map((p) => p.json?.ran ?? null),
        survivors_saw_done_elsewhere: r.racers.filter((p) => p.fate === "survived").map((p) => p.json?.elsewhere ?? null),
        takeovers_logged: r.takeovers,
        model_calls: r.calls,
        reference_model_calls: r.referenceCalls,
        attempts_max: Math.max(...r.attemptsPerEpisode),
        problems: raceProblems(r),
        ms: r.ms,
      })),
    });
    expect(results).toHaveLength(PLANS.length);
  });
});
