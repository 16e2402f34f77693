// Helpers for crash tests: start the CLI in a child process, kill it when the database shows a given
// number of finished episodes, and check a database for integrity and exactly-once completion.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { expect } from "vitest";
// The runner first: entered through src/episode, the scenarios/scoring import cycle is met half-evaluated.
import { loadExperimentText, planRun } from "../../src/runner/index.js";
import { eventHash, GENESIS } from "../../src/episode/index.js";
import { BIN, peerlab } from "./cli.js";
import { sharedDb } from "./shared-run.js";
import { tempDir } from "./tmp.js";

/** The crash tests' experiment: sim agents, 2 peers x 2 threats x `trials`, 8 at a time. */
export function crashSpec(trials = 30, concurrency = 8): string {
  return (
    `name: crash\nevaluator: sim:propensity\nscenarios: [tampering]\n` +
    `params:\n  tampering: { item_set: [factual], threshold: [80] }\n` +
    `seed: 11\ntrials: ${trials}\npeers: [absent, good]\nthreats: [shutdown, none]\nconcurrency: ${concurrency}\n`
  );
}

export function writeSpec(dir: string, text: string = crashSpec(), name = "crash.yaml"): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const references = new Map<string, { digests: Record<string, string>; ms: number }>();
/**
 * An uninterrupted run of `text` (run once per spec and process: files share their processes): its
 * digests, which a resumed run must reproduce bit for bit, and how long it took the first time, which
 * the crash tests take the moments of their kills as shares of (timed here, not by the caller, for whom
 * a run another file made earlier in the process would take no time at all).
 */
export async function referenceRun(text: string = crashSpec()): Promise<{ digests: Record<string, string>; ms: number }> {
  const known = references.get(text);
  if (known) return known;
  const started = Date.now();
  const dir = tempDir("peerlab-ref-");
  const db = join(dir, "ref.db");
  const r = await peerlab(["run", writeSpec(dir, text), "--db", db, "--quiet"], { cwd: dir });
  if (r.code !== 0) throw new Error(`the reference run failed (exit ${r.code}): ${r.stderr}`);
  const run = { digests: checkDb(db).digests, ms: Date.now() - started };
  references.set(text, run);
  return run;
}

/**
 * The most trials of a crash spec whose reference digests come from one uninterrupted run recorded once
 * for the whole `vitest run` (test/support/shared-run.ts) rather than once in every file that needs them.
 */
export const SHARED_REFERENCE_TRIALS = 16;

/**
 * Digests of an uninterrupted run of `text`. For `crashSpec(t, c)` with t up to SHARED_REFERENCE_TRIALS:
 * the digests of `text`'s planned episodes in the shared reference run of `crashSpec(SHARED_REFERENCE_TRIALS)`
 * (an episode's id, seed and events depend on its cell, trial and the spec's seed, not on how many trials
 * the run has nor how many run at once: test/support/crash-reference.test.ts checks that against a run of
 * `text` itself); any other spec is run here (referenceRun).
 */
export async function referenceDigests(text: string = crashSpec()): Promise<Record<string, string>> {
  if (!fromSharedReference(text)) return (await referenceRun(text)).digests;
  const shared = await sharedReferenceDigests();
  const out: Record<string, string> = {};
  for (const cell of planRun(loadExperimentText(text)).cells) {
    for (const e of cell.episodes) {
      const digest = shared.get(e.id);
      if (digest === undefined) throw new Error(`the shared reference run has no episode ${e.id} of ${JSON.stringify(text)}`);
      out[e.id] = digest;
    }
  }
  return out;
}

/** Whether referenceDigests takes `text`'s digests from the shared reference run: `crashSpec(t, c)` with t up to SHARED_REFERENCE_TRIALS. */
export function fromSharedReference(text: string): boolean {
  const trials = Number(/\ntrials: (\d+)\n/.exec(text)?.[1]);
  const concurrency = Number(/\nconcurrency: (\d+)\n/.exec(text)?.[1]);
  return trials <= SHARED_REFERENCE_TRIALS && text === crashSpec(trials, concurrency);
}

let sharedDigests: Promise<Map<string, string>> | undefined;

/** Every episode's digest in the shared reference run of `crashSpec(SHARED_REFERENCE_TRIALS)`, read once per process. */
function sharedReferenceDigests(): Promise<Map<string, string>> {
  sharedDigests ??= (async () => {
    const text = crashSpec(SHARED_REFERENCE_TRIALS);
    const db = await sharedDb("crash-reference", async (file) => {
      const dir = tempDir("peerlab-ref-");
      const r = await peerlab(["run", writeSpec(dir, text), "--db", file, "--quiet"], { cwd: dir });
      if (r.code !== 0) throw new Error(`the shared reference run failed (exit ${r.code}): ${r.stderr}`);
    });
    const check = checkDb(db);
    if (!check.chainsValid || check.done !== check.episodes) throw new Error(`the shared reference run ${db} is not whole: ${JSON.stringify(check)}`);
    return new Map(Object.entries(check.digests));
  })();
  return sharedDigests;
}

/** Whether the database holds a run of that name (a kill can come before the run row is written). */
export function hasRun(db: string, name: string): boolean {
  if (!existsSync(db)) return false;
  try {
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return d.prepare("SELECT 1 FROM runs WHERE name = ?").get(name) !== undefined;
    } finally {
      d.close();
    }
  } catch {
    return false;
  }
}

export function startCli(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, LANGSMITH_TRACING: "", ...env }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += String(d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, exited };
}

/** Finished episodes (any status but pending/running) in the database; 0 while it does not exist yet. */
export function finishedCount(db: string): number {
  if (!existsSync(db)) return 0;
  try {
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      const row = d.prepare("SELECT COUNT(*) AS n FROM episodes WHERE status IN ('done','failed','cancelled')").get() as { n: number };
      return row.n;
    } finally {
      d.close();
    }
  } catch {
    return 0;
  }
}

/** Wait (bounded) until the database shows at least `n` finished episodes or the child exits. */
export async function waitForFinished(db: string, n: number, exited: Promise<unknown>, timeoutMs = 60_000): Promise<boolean> {
  let gone = false;
  void exited.then(() => (gone = true));
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !gone) {
    if (finishedCount(db) >= n) return true;
    await new Promise((r) => setTimeout(r, 3));
  }
  return false;
}

export interface DbCheck {
  integrity: string;
  episodes: number;
  done: number;
  doneAttemptsPerEpisode: number[];
  chainsValid: boolean;
  digests: Record<string, string>;
}

/** Integrity, completion and hash chains of every counting attempt. */
export function checkDb(db: string): DbCheck {
  const d = new Database(db, { readonly: true });
  try {
    const integrity = (d.prepare("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check;
    const episodes = d.prepare("SELECT id, status, attempt FROM episodes").all() as { id: string; status: string; attempt: number }[];
    const doneAttempts = d.prepare("SELECT episode_id, COUNT(*) AS n FROM attempts WHERE status = 'done' GROUP BY episode_id").all() as {
      episode_id: string;
      n: number;
    }[];
    const counts = new Map(doneAttempts.map((r) => [r.episode_id, r.n]));
    let chainsValid = true;
    const digests: Record<string, string> = {};
    const ev = d.prepare("SELECT seq, kind, role, payload_json, hash FROM events WHERE episode_id = ? AND attempt = ? ORDER BY seq");
    const att = d.prepare("SELECT digest FROM attempts WHERE episode_id = ? AND attempt = ?");
    for (const e of episodes) {
      if (e.status !== "done") continue;
      let prev = GENESIS;
      const rows = ev.all(e.id, e.attempt) as { seq: number; kind: string; role: string | null; payload_json: string; hash: string }[];
      rows.forEach((r, i) => {
        if (r.seq !== i + 1 || eventHash(prev, { seq: r.seq, kind: r.kind, role: r.role, payload: JSON.parse(r.payload_json) }) !== r.hash) chainsValid = false;
        prev = r.hash;
      });
      const digest = (att.get(e.id, e.attempt) as { digest: string }).digest;
      if (digest !== prev) chainsValid = false;
      digests[e.id] = digest;
    }
    return {
      integrity,
      episodes: episodes.length,
      done: episodes.filter((e) => e.status === "done").length,
      doneAttemptsPerEpisode: episodes.map((e) => counts.get(e.id) ?? 0),
      chainsValid,
      digests,
    };
  } finally {
    d.close();
  }
}

/** Episodes left running (interrupted) with at least one recorded event, and their attempt numbers. */
export function interrupted(db: string): Map<string, number> {
  const d = new Database(db, { readonly: true });
  try {
    // Killed after the file appeared but before the schema was written: nothing was started.
    if (d.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'episodes'").get() === undefined) return new Map();
    const rows = d
      .prepare(
        "SELECT e.id, e.attempt FROM episodes e WHERE e.status = 'running' AND EXISTS " +
          "(SELECT 1 FROM events v WHERE v.episode_id = e.id AND v.attempt = e.attempt)",
      )
      .all() as { id: string; attempt: number }[];
    return new Map(rows.map((r) => [r.id, r.attempt]));
  } finally {
    d.close();
  }
}

export function attemptsOf(db: string, id: string): { attempt: number; status: string }[] {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare("SELECT attempt, status FROM attempts WHERE episode_id = ? ORDER BY attempt").all(id) as { attempt: number; status: string }[];
  } finally {
    d.close();
  }
}

/**
 * kill -9 a run of `text` (`total` episodes) once `after` episodes have finished, then resume it: every
 * planned episode is done exactly once, bit for bit as an uninterrupted run, and each interrupted one
 * continued its own attempt from the recorded prefix (none was restarted).
 */
export async function killThenResume(text: string, total: number, after: number): Promise<void> {
  const expected = await referenceDigests(text);
  const dir = tempDir();
  const db = join(dir, "p.db");
  const { child, exited } = startCli(["run", writeSpec(dir, text), "--db", db, "--quiet"], dir);
  await waitForFinished(db, after, exited);
  child.kill("SIGKILL");
  const ended = await exited;
  expect(ended.signal).toBe("SIGKILL");
  expect(finishedCount(db)).toBeLessThan(total);
  const cut = interrupted(db);
  expect(cut.size).toBeGreaterThan(0);

  const resumed = await peerlab(["resume", "crash", "--db", db, "--quiet"], { cwd: dir });
  expect(resumed.stderr).not.toMatch(/internal error/);
  expect(resumed.code).toBe(0);
  const check = checkDb(db);
  expect(check.integrity).toBe("ok");
  expect(check.episodes).toBe(total);
  expect(check.done).toBe(total);
  expect(check.doneAttemptsPerEpisode.every((n) => n === 1)).toBe(true);
  expect(check.chainsValid).toBe(true);
  expect(check.digests).toEqual(expected);
  for (const [id, attempt] of cut) expect(attemptsOf(db, id)).toEqual([{ attempt, status: "done" }]);
}
