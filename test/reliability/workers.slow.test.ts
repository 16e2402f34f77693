// Many machines on one box: three `peerlab worker` processes, each in its own working folder, serve one
// run on one database; one is killed with -9 and one stopped (SIGSTOP) past its lease mid-run, while two
// `peerlab resume` processes race them. Every planned episode ends done exactly once, bit for bit as a
// single process runs it, and the run's spend stays within its budget. Every process is stopped.
// The runner first: entered through src/episode, the scenarios/scoring import cycle is met half-evaluated.
import "../../src/runner/index.js";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { checkDb, crashSpec, finishedCount, hasRun, referenceDigests, startCli, writeSpec } from "../support/crash.js";
import { tempDir } from "../support/tmp.js";
import { until } from "../support/until.js";

const TRIALS = 12;
const TOTAL = TRIALS * 4;
const BUDGET_TOKENS = 2_000_000;
const SPEC = `${crashSpec(TRIALS, 12)}budget: { tokens: ${BUDGET_TOKENS} }\n`;
const LEASE_MS = 1500;
const ENV = { PEERLAB_SIM_DELAY_MS: "15", PEERLAB_LEASE_MS: String(LEASE_MS) };

const started: ReturnType<typeof startCli>[] = [];
afterAll(() => {
  for (const p of started) {
    try {
      p.child.kill("SIGCONT");
      p.child.kill("SIGKILL");
    } catch {
      // gone already
    }
  }
});

function runIdOf(db: string): string {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare("SELECT id FROM runs WHERE name = 'crash'").get() as { id: string }).id;
  } finally {
    d.close();
  }
}

describe("workers on one database, as on many machines", () => {
  it("three workers, one killed -9 and one stopped past its lease, racing resumes: each episode done once, bit for bit, within budget", async () => {
    const expected = await referenceDigests(SPEC);
    const root = tempDir("peerlab-workers-");
    const db = join(root, "shared.db");
    // The run is registered by a `run` that is stopped at once (its budget of episodes is the workers').
    const specFile = writeSpec(root, SPEC);
    const starter = startCli(["run", specFile, "--db", db, "--quiet"], root, ENV);
    started.push(starter);
    expect(await until(() => hasRun(db, "crash") && finishedCount(db) >= 1, 60_000)).toBe(true);
    const runId = runIdOf(db);
    const worker = (i: number) => {
      const dir = join(root, `machine-${i}`);
      mkdirSync(dir);
      const p = startCli(["worker", "--db", db, "--until-idle", "--poll-ms", "100", "--concurrency", "4", "--quiet"], dir, ENV);
      started.push(p);
      return p;
    };
    const [a, b, c] = [worker(1), worker(2), worker(3)];
    // One machine dies outright.
    expect(await until(() => finishedCount(db) >= TOTAL * 0.25, 120_000)).toBe(true);
    a.child.kill("SIGKILL");
    // Another hangs past its lease: its episodes are taken over, and when it wakes its writes are refused.
    expect(await until(() => finishedCount(db) >= TOTAL * 0.4, 120_000)).toBe(true);
    b.child.kill("SIGSTOP");
    await new Promise((r) => setTimeout(r, LEASE_MS * 2));
    const resumes = [startCli(["resume", runId, "--db", db, "--quiet"], root, ENV), startCli(["resume", runId, "--db", db, "--quiet"], root, ENV)];
    started.push(...resumes);
    await new Promise((r) => setTimeout(r, LEASE_MS));
    b.child.kill("SIGCONT");
    const exits = await Promise.all([starter.exited, b.exited, c.exited, ...resumes.map((r) => r.exited)]);
    const killed = await a.exited;
    expect(killed.signal).toBe("SIGKILL");
    for (const e of exits) {
      expect(e.stderr).not.toMatch(/internal error/i);
      expect([0, 3]).toContain(e.code);
    }
    const check = checkDb(db);
    expect(check.integrity).toBe("ok");
    expect(check.episodes).toBe(TOTAL);
    expect(check.done).toBe(TOTAL);
    expect(check.doneAttemptsPerEpisode.every((n) => n === 1)).toBe(true);
    expect(check.chainsValid).toBe(true);
    expect(check.digests).toEqual(expected);
    const d = new Database(db, { readonly: true });
    try {
      const spent = (d.prepare("SELECT SUM(input_tokens + output_tokens) AS t FROM model_calls WHERE cache_hit = 0").get() as { t: number }).t;
      expect(spent).toBeGreaterThan(0);
      expect(spent).toBeLessThanOrEqual(BUDGET_TOKENS);
      expect((d.prepare("SELECT status FROM runs WHERE id = ?").get(runId) as { status: string }).status).toBe("done");
    } finally {
      d.close();
    }
  }, 300_000);
});
