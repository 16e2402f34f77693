// Crash safety through real child processes, full size: kill -9 of a 120-episode run at three moments
// drawn from a seeded generator, then resume (`npm run test:reliability`; crash.test.ts keeps one moment
// on a smaller run and the Ctrl-C case in `npm test`).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { peerlab } from "../support/cli.js";
import { attemptsOf, checkDb, finishedCount, interrupted, referenceDigests, startCli, waitForFinished, writeSpec } from "../support/crash.js";
import { tempDir } from "../support/tmp.js";

const TOTAL = 120;

describe("crash safety", () => {
  const moments = (() => {
    const rng = new Rng("crash-test-moments");
    return [rng.int(15), 20 + rng.int(40), 60 + rng.int(50)];
  })();

  for (const [i, after] of moments.entries()) {
    it(`kill -9 after ${after} finished episodes (moment ${i + 1}), then resume: every planned episode done exactly once, bit for bit`, async () => {
      const expected = await referenceDigests();
      const dir = tempDir();
      const db = join(dir, "p.db");
      const spec = writeSpec(dir);
      const { child, exited } = startCli(["run", spec, "--db", db, "--quiet"], dir);
      await waitForFinished(db, after, exited);
      child.kill("SIGKILL");
      const ended = await exited;
      const before = finishedCount(db);
      expect(ended.signal).toBe("SIGKILL");
      expect(before).toBeLessThan(TOTAL);
      const cut = interrupted(db);
      expect(cut.size).toBeGreaterThan(0);

      const resumed = await peerlab(["resume", "crash", "--db", db, "--quiet"], { cwd: dir });
      expect(resumed.stderr).not.toMatch(/internal error/);
      expect(resumed.code).toBe(0);
      const check = checkDb(db);
      expect(check.integrity).toBe("ok");
      expect(check.episodes).toBe(TOTAL);
      expect(check.done).toBe(TOTAL);
      expect(check.doneAttemptsPerEpisode.every((n) => n === 1)).toBe(true);
      expect(check.chainsValid).toBe(true);
      expect(check.digests).toEqual(expected);
      // Interrupted episodes continued their own attempt from the recorded prefix; none was restarted.
      for (const [id, attempt] of cut) expect(attemptsOf(db, id)).toEqual([{ attempt, status: "done" }]);
    }, 240_000);
  }
});
