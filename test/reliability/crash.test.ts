// kill -9 of the runner at moments drawn from a seeded generator, mid-write as often as not, then
// resume or re-run: the database is intact and every planned episode is done exactly once, bit for
// bit as in an uninterrupted run. One moment here (of three drawn, the one that also kills the
// continuation); crash.slow.test.ts runs the other two and 20 more on a bigger run.
import { beforeAll, describe, it } from "vitest";
import { crashSpec, referenceRun } from "../support/crash.js";
import { crashCycle, drawMoments, expectRecovered, momentName } from "./support/crash-cycle.js";

const TRIALS = 6;
const TOTAL = TRIALS * 4;
const SPEC = crashSpec(TRIALS);
const ENV = { PEERLAB_SIM_DELAY_MS: "2" };

describe("crash safety at seeded moments", () => {
  let expected: Record<string, string> = {};
  let runMs = 0;
  beforeAll(async () => {
    ({ digests: expected, ms: runMs } = await referenceRun(SPEC));
  }, 240_000);
  const moments = drawMoments("fast", 3, TOTAL);
  // The fast set always includes a second kill during the continuation.
  moments[1] = { ...moments[1]!, secondKillPermille: moments[1]!.secondKillPermille ?? 150 };

  // The others run in crash.slow.test.ts under the same names.
  for (const [i, m] of moments.entries()) {
    if (i !== 1) continue;
    it(`${momentName(i, m)}: intact, each episode done once, bit for bit`, async () => {
      const r = await crashCycle(m, SPEC, TOTAL, runMs, ENV);
      expectRecovered(r, TOTAL, expected);
    }, 240_000);
  }
});
