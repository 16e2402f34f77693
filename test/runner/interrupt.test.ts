// Ctrl-C through a real child process: the first SIGINT stops any run within a bound (a CPU-bound sim
// run included, whose loop would otherwise never let the signal in), aborts in-flight calls, saves
// everything and exits 3; the cut episodes continue from their recorded prefix on resume. A second
// SIGINT exits 130 at once.
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { peerlab } from "../support/cli.js";
import { attemptsOf, checkDb, crashSpec, finishedCount, startCli, waitForFinished, writeSpec } from "../support/crash.js";
import { tempDir } from "../support/tmp.js";

function dbState(db: string) {
  const d = new Database(db, { readonly: true });
  try {
    const run = (d.prepare("SELECT status FROM runs").get() as { status: string }).status;
    const running = (d.prepare("SELECT COUNT(*) AS n FROM episodes WHERE status = 'running'").get() as { n: number }).n;
    const cancelled = d
      .prepare(
        "SELECT e.id, e.attempt, (SELECT COUNT(*) FROM events v WHERE v.episode_id = e.id AND v.attempt = e.attempt) AS events " +
          "FROM episodes e WHERE e.status = 'cancelled'",
      )
      .all() as { id: string; attempt: number; events: number }[];
    const claims = (d.prepare("SELECT COUNT(*) AS n FROM episode_claims").get() as { n: number }).n;
    return { run, running, cancelled, claims };
  } finally {
    d.close();
  }
}

/** Wait (bounded) until some episode has recorded events. */
async function waitForEvents(db: string, exited: Promise<unknown>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const until = Date.now() + 60_000;
  while (Date.now() < until && !gone) {
    try {
      const d = new Database(db, { readonly: true, fileMustExist: true });
      try {
        if ((d.prepare("SELECT COUNT(*) AS n FROM events WHERE kind = 'model_call'").get() as { n: number }).n > 0) return;
      } finally {
        d.close();
      }
    } catch {
      // not there yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("Ctrl-C", () => {
  const TRIALS = 40;
  const TOTAL = TRIALS * 4;

  it("stops a CPU-bound sim run within a bound: exit 3, the run stopped, nothing left running or claimed", async () => {
    const dir = tempDir();
    const db = join(dir, "p.db");
    const { child, exited } = startCli(["run", writeSpec(dir, crashSpec(TRIALS)), "--db", db, "--quiet"], dir);
    await waitForFinished(db, 5, exited);
    const t = Date.now();
    child.kill("SIGINT");
    const ended = await exited;
    const ms = Date.now() - t;
    console.info(`Ctrl-C to exit, CPU-bound sim run: ${ms} ms`);
    expect(ended.stderr).toMatch(/Interrupted/);
    expect(ended.code).toBe(3);
    // One second on a quiet machine; the bound allows for a loaded 2-core one.
    expect(ms).toBeLessThan(4000);
    expect(finishedCount(db)).toBeLessThan(TOTAL);
    const s = dbState(db);
    expect(s.run).toBe("stopped");
    expect(s.running).toBe(0);
    expect(s.claims).toBe(0);
  }, 120_000);

  it("exits 130 at once on a second Ctrl-C", async () => {
    const dir = tempDir();
    const db = join(dir, "p.db");
    // 2,000 episodes: after the first Ctrl-C, reporting on them keeps the process busy for a while.
    const { child, exited } = startCli(["run", writeSpec(dir, crashSpec(500)), "--db", db, "--quiet"], dir);
    await waitForFinished(db, 5, exited);
    let heard = false;
    child.stderr!.on("data", (d) => (heard ||= String(d).includes("Interrupted")));
    child.kill("SIGINT");
    const until = Date.now() + 30_000;
    while (!heard && Date.now() < until) await new Promise((r) => setTimeout(r, 2));
    child.kill("SIGINT");
    const ended = await exited;
    expect(ended.code).toBe(130);
  }, 120_000);

  it("aborts in-flight calls, keeps their episodes' events, and resume continues each from its prefix", async () => {
    const dir = tempDir();
    const db = join(dir, "p.db");
    // Every answer takes 3 s: when the signal comes, every episode has a call in flight.
    const { child, exited } = startCli(["run", writeSpec(dir, crashSpec(2)), "--db", db, "--quiet"], dir, { PEERLAB_SIM_DELAY_MS: "3000" });
    await waitForEvents(db, exited);
    const t = Date.now();
    child.kill("SIGINT");
    const ended = await exited;
    const ms = Date.now() - t;
    console.info(`Ctrl-C to exit, calls in flight: ${ms} ms`);
    expect(ended.code).toBe(3);
    expect(ms).toBeLessThan(2500);
    const s = dbState(db);
    expect(s.run).toBe("stopped");
    expect(s.running).toBe(0);
    expect(s.cancelled.length).toBeGreaterThan(0);
    expect(s.cancelled.every((c) => c.events > 0)).toBe(true);

    const resumed = await peerlab(["resume", "crash", "--db", db, "--quiet"], { cwd: dir });
    expect(resumed.code).toBe(0);
    const check = checkDb(db);
    expect(check.done).toBe(8);
    expect(check.chainsValid).toBe(true);
    // Each cut episode continued its own attempt: no second attempt, no call paid for twice.
    for (const c of s.cancelled) expect(attemptsOf(db, c.id)).toEqual([{ attempt: c.attempt, status: "done" }]);
  }, 180_000);
});
