// `peerlab run --workers N` in real processes: the same run with one worker and with two gives the
// same episodes bit for bit, and a Ctrl-C on `run` reaches every worker, which stop and save.
import "../../src/runner/index.js";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { checkDb, crashSpec, finishedCount, referenceDigests, startCli, writeSpec } from "../support/crash.js";
import { peerlabAsync } from "../reliability/support/cli-async.js";
import { tempDir } from "../support/tmp.js";
import { until } from "../support/until.js";

const TRIALS = 5;
const SPEC = crashSpec(TRIALS, 8);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("run --workers", () => {
  it("gives the same episodes, bit for bit, with one worker and with two", async () => {
    const dir = tempDir("peerlab-workers-e2e-");
    const spec = writeSpec(dir, SPEC);
    const two = await peerlabAsync(["run", spec, "--db", join(dir, "two.db"), "--workers", "2", "--json"], { cwd: dir, timeoutMs: 120_000 });
    expect(two.code, two.stderr).toBe(0);
    const b = checkDb(join(dir, "two.db"));
    expect(b.done).toBe(TRIALS * 4);
    expect(b.doneAttemptsPerEpisode.every((n) => n === 1)).toBe(true);
    // One worker: the uninterrupted one-process run of the same episodes (`run` plans one worker for a
    // run this small), recorded once for the whole test run (test/support/crash.ts).
    expect(b.digests).toEqual(await referenceDigests(SPEC));
    expect(JSON.parse(two.stdout)).toMatchObject({ status: "done", episodes: TRIALS * 4, done: TRIALS * 4, ran: TRIALS * 4 });
  }, 240_000);

  it("passes Ctrl-C on to every worker: they stop, save, and the run reads stopped", async () => {
    const dir = tempDir("peerlab-workers-int-");
    const db = join(dir, "w.db");
    // 160 episodes of slow steps (about a minute on a quiet machine, longer loaded) so that the Ctrl-C
    // always lands mid-run; the Ctrl-C aborts the steps' waits, so the test itself takes seconds.
    const spec = writeSpec(dir, crashSpec(40, 8));
    const run = startCli(["run", spec, "--db", db, "--workers", "2"], dir, { PEERLAB_SIM_DELAY_MS: "400" });
    try {
      expect(await until(() => finishedCount(db) >= 2, 120_000)).toBe(true);
      // `run` runs one share itself and starts the other worker.
      const workers = execFileSync("pgrep", ["-P", String(run.child.pid), "-f", "peerlab.js worker"], { encoding: "utf8" })
        .trim()
        .split("\n")
        .map(Number);
      expect(workers.length).toBe(1);
      const finishedAtSignal = finishedCount(db);
      run.child.kill("SIGINT");
      const exit = await run.exited;
      expect(exit.code, `Ctrl-C sent with ${finishedAtSignal} of 160 episodes finished; stderr:\n${exit.stderr}`).toBe(3);
      expect(exit.stderr).toContain("stopping every worker");
      for (const pid of workers) expect(alive(pid)).toBe(false);
      const d = new Database(db, { readonly: true });
      try {
        expect((d.prepare("SELECT status FROM runs").get() as { status: string }).status).toBe("stopped");
        expect((d.prepare("SELECT COUNT(*) AS n FROM episodes WHERE status = 'running'").get() as { n: number }).n).toBe(0);
      } finally {
        d.close();
      }
    } finally {
      run.child.kill("SIGKILL");
    }
  }, 240_000);
});
