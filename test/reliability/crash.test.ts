// kill -9 of the runner at moments drawn from a seeded generator, mid-write as often as not, then
// resume or re-run: the database is intact and every planned episode is done exactly once, bit for
// bit as in an uninterrupted run. Three moments here; crash.slow.test.ts draws 24 on a bigger run.
import { describe, it } from "vitest";
import { crashSpec, referenceDigests } from "../support/crash.js";
import { crashCycle, drawMoments, expectRecovered } from "./support/crash-cycle.js";

const TRIALS = 6;
const TOTAL = TRIALS * 4;
const SPEC = crashSpec(TRIALS);
const ENV = { PEERLAB_SIM_DELAY_MS: "2" };

describe("crash safety at seeded moments", () => {
  const t0 = Date.now();
  const expected = referenceDigests(SPEC);
  const runMs = Date.now() - t0;
  const moments = drawMoments("fast", 3, runMs, TOTAL);
  // The fast set always includes a second kill during the continuation.
  moments[1] = { ...moments[1]!, secondKillMs: moments[1]!.secondKillMs ?? 300 };

  for (const [i, m] of moments.entries()) {
    const when = m.at.kind === "ms" ? `${m.at.ms} ms after the database appears` : `after ${m.at.n} finished episodes`;
    it(`moment ${i + 1}: kill -9 ${when}${m.secondKillMs !== null ? ", and the continuation too" : ""}, then ${m.continueWith}: intact, each episode done once, bit for bit`, async () => {
      const r = await crashCycle(m, SPEC, TOTAL, ENV);
      expectRecovered(r, TOTAL, expected);
    }, 240_000);
  }
});
