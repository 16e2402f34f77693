// One crash cycle: start `peerlab run`, kill -9 it at a moment drawn from a seeded generator (a
// number of milliseconds after the database appears, so mid-write as often as not, or a number of
// finished episodes), optionally kill the continuation too, then continue with `resume` or a re-run
// of the unchanged spec, and check the database.
import { existsSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { expect } from "vitest";
import { Rng } from "../../../src/util/rng.js";
import { peerlab } from "../../support/cli.js";
import { checkDb, finishedCount, hasRun, interrupted, startCli, waitForFinished, writeSpec, type DbCheck } from "../../support/crash.js";
import { tempDir } from "../../support/tmp.js";

export interface Moment {
  /**
   * Kill a share (in thousandths) of the reference run's time after the database file appears, or
   * after `n` finished episodes. A share, not milliseconds: the draw (and so the test's name) stays the
   * same from run to run and machine to machine; the milliseconds are worked out when the test runs.
   */
  at: { kind: "share"; permille: number } | { kind: "finished"; n: number };
  /** Also kill the first continuation this share (in thousandths) of the reference run's time after it starts, then continue again. */
  secondKillPermille: number | null;
  /** How to continue: `peerlab resume <name>` or `peerlab run <spec>` again (the same run by identity). */
  continueWith: "resume" | "run";
}

/**
 * `count` moments from `seed`: most at a random share of the expected run time (up to 60% of it, as
 * the run's own time runs from before the database appears), some after a random number of finished
 * episodes, about one in five with a second kill during the continuation. The same seed gives the
 * same moments, and the same test names, on every machine.
 */
export function drawMoments(seed: string, count: number, total: number): Moment[] {
  const rng = new Rng("reliability-crash", seed);
  return Array.from({ length: count }, (_, i) => {
    const at: Moment["at"] = i % 4 === 3 ? { kind: "finished", n: 1 + rng.int(total - 1) } : { kind: "share", permille: rng.int(600) };
    const secondKillPermille = rng.chance(0.2) ? rng.int(500) : null;
    return { at, secondKillPermille, continueWith: rng.chance(0.3) ? "run" : "resume" };
  });
}

/** The moment in words, for a test's name: no timings, so the name is stable from run to run. */
export function momentName(i: number, m: Moment): string {
  const when = m.at.kind === "share" ? `${m.at.permille / 10}% of a run's time after the database appears` : `after ${m.at.n} finished episodes`;
  return `moment ${i + 1}: kill -9 ${when}${m.secondKillPermille !== null ? ", and the continuation too" : ""}, then ${m.continueWith}`;
}

const msOf = (permille: number, runMs: number) => Math.round((runMs * permille) / 1000);

export interface CycleResult {
  moment: Moment;
  /** The run was really cut short: killed by SIGKILL before every episode finished. */
  killedMidRun: boolean;
  finishedAtKill: number;
  /** Episodes left running with recorded events (they continue their own attempt). */
  interruptedAtKill: number;
  /** PRAGMA integrity_check straight after the kill, before anything continued. */
  integrityAfterKill: string;
  secondKilled: boolean;
  continueCode: number;
  continueStderr: string;
  check: DbCheck;
  ms: number;
}

function integrityOf(db: string): string {
  if (!existsSync(db)) return "no database yet";
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check;
  } finally {
    d.close();
  }
}

async function waitForFile(file: string, exited: Promise<unknown>, timeoutMs = 60_000): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const until = Date.now() + timeoutMs;
  while (!existsSync(file) && !gone && Date.now() < until) await new Promise((r) => setTimeout(r, 2));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Continue the run; with `killMs`, kill the continuation that long after it finished its first episode. */
async function continueRun(
  m: Moment,
  spec: string,
  db: string,
  dir: string,
  env: Record<string, string>,
  killMs: number | null,
  finishedBefore = 0,
): Promise<{ code: number; stderr: string; killed: boolean }> {
  const args = m.continueWith === "run" || !hasRun(db, "crash") ? ["run", spec, "--db", db, "--quiet"] : ["resume", "crash", "--db", db, "--quiet"];
  if (killMs === null) {
    const r = await peerlab(args, { cwd: dir, env, timeoutMs: 240_000 });
    return { code: r.code, stderr: r.stderr, killed: false };
  }
  const { child, exited } = startCli(args, dir, env);
  // Once the continuation has made progress (one more episode finished), kill it `killMs` later.
  await waitForFinished(db, finishedBefore + 1, exited);
  await Promise.race([sleep(killMs), exited]);
  child.kill("SIGKILL");
  const ended = await exited;
  return { code: ended.code ?? -1, stderr: ended.stderr, killed: ended.signal === "SIGKILL" };
}

/** One cycle; `runMs` is the reference run's time, which the moment's shares are of. */
export async function crashCycle(m: Moment, specText: string, total: number, runMs: number, env: Record<string, string> = {}): Promise<CycleResult> {
  const started = Date.now();
  const dir = tempDir("peerlab-crash-");
  const db = join(dir, "p.db");
  const spec = writeSpec(dir, specText);
  const { child, exited } = startCli(["run", spec, "--db", db, "--quiet"], dir, env);
  if (m.at.kind === "share") {
    await waitForFile(db, exited);
    await Promise.race([sleep(msOf(m.at.permille, runMs)), exited]);
  } else {
    await waitForFinished(db, m.at.n, exited);
  }
  child.kill("SIGKILL");
  const ended = await exited;
  const finishedAtKill = finishedCount(db);
  const killedMidRun = ended.signal === "SIGKILL" && finishedAtKill < total;
  const integrityAfterKill = integrityOf(db);
  const interruptedAtKill = existsSync(db) ? interrupted(db).size : 0;

  let secondKilled = false;
  if (m.secondKillPermille !== null) secondKilled = (await continueRun(m, spec, db, dir, env, msOf(m.secondKillPermille, runMs), finishedAtKill)).killed;
  const last = await continueRun(m, spec, db, dir, env, null);
  return {
    moment: m,
    killedMidRun,
    finishedAtKill,
    interruptedAtKill,
    integrityAfterKill,
    secondKilled,
    continueCode: last.code,
    continueStderr: last.stderr,
    check: checkDb(db),
    ms: Date.now() - started,
  };
}

/** Every check a crash cycle must pass. */
export function expectRecovered(r: CycleResult, total: number, expected: Record<string, string>): void {
  expect(r.integrityAfterKill).toMatch(/^(ok|no database yet)$/);
  expect(r.continueStderr).not.toMatch(/internal error/);
  expect(r.continueCode).toBe(0);
  expect(r.check.integrity).toBe("ok");
  expect(r.check.episodes).toBe(total);
  expect(r.check.done).toBe(total);
  expect(r.check.doneAttemptsPerEpisode.every((n) => n === 1)).toBe(true);
  expect(r.check.chainsValid).toBe(true);
  expect(r.check.digests).toEqual(expected);
}
