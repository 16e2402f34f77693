// Crash safety through real child processes, full size: kill -9 of a 120-episode run at three moments
// drawn from a seeded generator, then resume (`npm run test:reliability`; crash.test.ts keeps one moment
// on a smaller run and the Ctrl-C case in `npm test`).
import { describe, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { crashSpec, killThenResume } from "../support/crash.js";

const TOTAL = 120;

describe("crash safety", () => {
  const moments = (() => {
    const rng = new Rng("crash-test-moments");
    return [rng.int(15), 20 + rng.int(40), 60 + rng.int(50)];
  })();

  for (const [i, after] of moments.entries()) {
    it(`kill -9 after ${after} finished episodes (moment ${i + 1}), then resume: every planned episode done exactly once, bit for bit`, async () => {
      await killThenResume(crashSpec(), TOTAL, after);
    }, 240_000);
  }
});
