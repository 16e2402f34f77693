// Crash safety through real child processes: kill -9 at a moment drawn from a seeded generator, then
// resume; Ctrl-C leaves cancelled episodes with their partial events. A 24-episode run here;
// crash.slow.test.ts kills a 120-episode run at three moments (`npm run test:reliability`).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { peerlab } from "../support/cli.js";
import { checkDb, crashSpec, killThenResume, referenceDigests, startCli, waitForFinished, writeSpec } from "../support/crash.js";
import { tempDir } from "../support/tmp.js";

const TRIALS = 6;
const TOTAL = TRIALS * 4;
const SPEC = crashSpec(TRIALS);

describe("crash safety", () => {
  // Past the first wave of 8 running episodes, before the last: episodes are running when it comes.
  const after = 4 + new Rng("crash-test-moment-small").int(TOTAL - 12);

  it(`kill -9 after ${after} of ${TOTAL} finished episodes, then resume: every planned episode done exactly once, bit for bit`, async () => {
    await killThenResume(SPEC, TOTAL, after);
  }, 240_000);

  it("Ctrl-C cancels running episodes with their partial events kept, exits 3, and resume finishes the run", async () => {
    const dir = tempDir();
    const db = join(dir, "p.db");
    const { child, exited } = startCli(["run", writeSpec(dir, SPEC), "--db", db, "--quiet"], dir, { PEERLAB_SIM_DELAY_MS: "20" });
    await waitForFinished(db, 4, exited);
    child.kill("SIGINT");
    const ended = await exited;
    expect(ended.code).toBe(3);
    expect(ended.stderr).toMatch(/Interrupted/);
    expect(ended.stderr).not.toMatch(/internal error/);

    const { default: Database } = await import("better-sqlite3");
    const d = new Database(db, { readonly: true });
    const cancelled = d.prepare("SELECT e.id, e.attempt FROM episodes e WHERE e.status = 'cancelled'").all() as { id: string; attempt: number }[];
    const run = d.prepare("SELECT status FROM runs").get() as { status: string };
    const partial = cancelled.map(
      (c) => (d.prepare("SELECT COUNT(*) AS n FROM events WHERE episode_id = ? AND attempt = ?").get(c.id, c.attempt) as { n: number }).n,
    );
    const running = (d.prepare("SELECT COUNT(*) AS n FROM episodes WHERE status = 'running'").get() as { n: number }).n;
    d.close();
    expect(run.status).toBe("stopped");
    expect(running).toBe(0);
    expect(cancelled.length).toBeGreaterThan(0);
    expect(partial.every((n) => n > 0)).toBe(true);

    const resumed = await peerlab(["resume", "crash", "--db", db, "--quiet"], { cwd: dir });
    expect(resumed.code).toBe(0);
    const check = checkDb(db);
    expect(check.done).toBe(TOTAL);
    expect(check.digests).toEqual(await referenceDigests(SPEC));
  }, 240_000);
});
