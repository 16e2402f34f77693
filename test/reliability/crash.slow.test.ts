// kill -9 at 20 moments drawn from a seeded generator on a 32-episode run: 15 at a random share of the run's time
// after the database appears (mid-write as often as not), 5 after a random number of finished
// episodes, about one in five also killing the continuation; continued with `resume` or a re-run of
// the unchanged spec. Writes test-artifacts/reliability/crash.json. Also the two moments of crash.test.ts's
// draw that `npm test` leaves out.
import { beforeAll, describe, expect, it } from "vitest";
import { crashSpec, referenceRun } from "../support/crash.js";
import { writeArtifact } from "./support/artifacts.js";
import { crashCycle, drawMoments, expectRecovered, momentName, type CycleResult } from "./support/crash-cycle.js";

const TRIALS = 8;
const TOTAL = TRIALS * 4;
const SPEC = crashSpec(TRIALS);
const ENV = { PEERLAB_SIM_DELAY_MS: "2" };

describe("crash safety at 20 seeded moments", () => {
  let expected: Record<string, string> = {};
  let runMs = 0;
  beforeAll(async () => {
    ({ digests: expected, ms: runMs } = await referenceRun(SPEC));
  }, 240_000);
  const moments = drawMoments("slow", 20, TOTAL);
  const results: CycleResult[] = [];

  for (const [i, m] of moments.entries()) {
    it(momentName(i, m), async () => {
      const r = await crashCycle(m, SPEC, TOTAL, runMs, ENV);
      results.push(r);
      expectRecovered(r, TOTAL, expected);
    }, 240_000);
  }

  it("cut most runs short mid-run, and writes its figures", () => {
    const mid = results.filter((r) => r.killedMidRun).length;
    writeArtifact("crash", {
      episodes_per_run: TOTAL,
      reference_run_ms: runMs,
      moments: results.map((r) => ({
        at: r.moment.at,
        second_kill_permille: r.moment.secondKillPermille,
        continued_with: r.moment.continueWith,
        killed_mid_run: r.killedMidRun,
        finished_at_kill: r.finishedAtKill,
        interrupted_at_kill: r.interruptedAtKill,
        integrity_after_kill: r.integrityAfterKill,
        second_killed: r.secondKilled,
        final: {
          integrity: r.check.integrity,
          done: r.check.done,
          each_once: r.check.doneAttemptsPerEpisode.every((n) => n === 1),
          chains_valid: r.check.chainsValid,
          digests_equal: JSON.stringify(r.check.digests) === JSON.stringify(expected),
        },
        ms: r.ms,
      })),
      killed_mid_run: mid,
      with_interrupted_episodes: results.filter((r) => r.interruptedAtKill > 0).length,
      second_kills: results.filter((r) => r.secondKilled).length,
    });
    expect(results).toHaveLength(moments.length);
    expect(mid).toBeGreaterThanOrEqual(Math.ceil(moments.length * 0.6));
  });
});

describe("crash safety at seeded moments", () => {
  const trials = 6;
  const total = trials * 4;
  const spec = crashSpec(trials);
  let expected: Record<string, string> = {};
  let runMs = 0;
  beforeAll(async () => {
    ({ digests: expected, ms: runMs } = await referenceRun(spec));
  }, 240_000);
  // crash.test.ts's draw; it runs moment 2 (index 1) itself.
  const moments = drawMoments("fast", 3, total);
  for (const [i, m] of moments.entries()) {
    if (i === 1) continue;
    it(`${momentName(i, m)}: intact, each episode done once, bit for bit`, async () => {
      const r = await crashCycle(m, spec, total, runMs, ENV);
      expectRecovered(r, total, expected);
    }, 240_000);
  }
});
