// Runs whose database fails: the real CLI with PEERLAB_FAULT_WRITES (the store's fault seam), or on a
// small tmpfs that really fills up; and what must hold afterwards.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { expect } from "vitest";
import { peerlab, type CliResult } from "../../support/cli.js";
import { checkDb, crashSpec, referenceDigests, writeSpec, type DbCheck } from "../../support/crash.js";
import { tempDir } from "../../support/tmp.js";
import { STACK_LINE } from "./cli-async.js";

export interface StoppedRun {
  run: CliResult;
  check: DbCheck;
  statuses: Record<string, number>;
  /** Done attempts without their detectors' judgment (half-written ends); must be none. */
  doneWithoutJudgment: number;
}

export function statusesOf(db: string): { statuses: Record<string, number>; doneWithoutJudgment: number } {
  const d = new Database(db, { readonly: true });
  try {
    const rows = d.prepare("SELECT status, COUNT(*) AS n FROM episodes GROUP BY status").all() as { status: string; n: number }[];
    const missing = d
      .prepare(
        "SELECT COUNT(*) AS n FROM attempts a WHERE a.status = 'done' AND NOT EXISTS " +
          "(SELECT 1 FROM judgments j WHERE j.episode_id = a.episode_id AND j.attempt = a.attempt)",
      )
      .get() as { n: number };
    return { statuses: Object.fromEntries(rows.map((r) => [r.status, r.n])), doneWithoutJudgment: missing.n };
  } finally {
    d.close();
  }
}

export function inspectStopped(run: CliResult, db: string): StoppedRun {
  return { run, check: checkDb(db), ...statusesOf(db) };
}

/** The run stopped on the storage error: one clear message naming the file, exit 1, nothing half-written. */
export function expectStoppedCleanly(r: StoppedRun, db: string, message: RegExp, total: number): void {
  expect(r.run.code).toBe(1);
  const escaped = db.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  expect(r.run.stderr).toMatch(new RegExp(`error: cannot (write to the|open) database ${escaped}`));
  expect(r.run.stderr).toMatch(message);
  expect(r.run.stderr).not.toMatch(STACK_LINE);
  expect(r.run.stderr).not.toMatch(/internal error/);
  expect(r.check.integrity).toBe("ok");
  expect(r.check.done).toBeLessThan(total);
  expect(r.check.doneAttemptsPerEpisode.every((n) => n <= 1)).toBe(true);
  // Done episodes are whole: their hash chains end at the stored digest, and their outcomes are stored.
  expect(r.check.chainsValid).toBe(true);
  expect(r.doneWithoutJudgment).toBe(0);
}

/** `peerlab replay <run> --verify` over what is done: every done episode replays bit for bit. */
export async function verifyDone(db: string, cwd: string): Promise<{ ok: boolean; episodes: number }> {
  const v = await peerlab(["replay", "crash", "--verify", "--json", "--db", db], { cwd });
  const out = JSON.parse(v.stdout) as { ok: boolean; episodes: { ok: boolean }[] };
  return { ok: out.episodes.every((e) => e.ok), episodes: out.episodes.length };
}

/** Whether this process may mount a tmpfs (root, not forbidden by the container); the reason if not. */
/**
 * Why the read-only test cannot run here, or null. Root ignores file modes, so as root the CLI runs as
 * nobody (uid 65534), which must be able to read the checkout (a clone under a 0700 folder is not).
 */
export function readonlyUserUnavailable(bin: string): string | null {
  if (process.getuid?.() !== 0) return null;
  const r = spawnSync(process.execPath, ["-e", `require("fs").accessSync(${JSON.stringify(bin)}, require("fs").constants.R_OK)`], {
    uid: 65534,
    gid: 65534,
    encoding: "utf8",
    timeout: 30_000,
  });
  return r.status === 0 ? null : "running as root, and user nobody (65534) cannot read this checkout to run the CLI as a user without write permission";
}

export function tmpfsUnavailable(): string | null {
  if (process.platform !== "linux") return "tmpfs mounts need Linux";
  if (process.getuid?.() !== 0) return "mounting a tmpfs needs root";
  const probe = join(process.env.TMPDIR ?? "/tmp", `peerlab-mount-probe-${process.pid}`);
  mkdirSync(probe, { recursive: true });
  try {
    const r = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe], { encoding: "utf8", timeout: 10_000 });
    if (r.status !== 0) return `mount -t tmpfs is not allowed here: ${(r.stderr || r.error?.message || "").trim()}`;
    spawnSync("umount", [probe], { timeout: 10_000 });
    return null;
  } finally {
    rmdirSync(probe);
  }
}

export function mountTmpfs(dir: string, size: string): void {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { encoding: "utf8", timeout: 10_000 });
  if (r.status !== 0) throw new Error(`mount failed: ${r.stderr}`);
}

export function remountTmpfs(dir: string, size: string): void {
  const r = spawnSync("mount", ["-o", `remount,size=${size}`, dir], { encoding: "utf8", timeout: 10_000 });
  if (r.status !== 0) throw new Error(`remount failed: ${r.stderr}`);
}

export function unmount(dir: string): void {
  spawnSync("umount", ["-l", dir], { timeout: 10_000 });
}

/** After the fault is gone: resume completes the run, each episode done once, digests as uninterrupted. */
export async function expectResumed(db: string, dir: string, spec: string, total: number): Promise<DbCheck> {
  const resumed = await peerlab(["resume", "crash", "--db", db, "--quiet"], { cwd: dir });
  expect(resumed.stderr).not.toMatch(/internal error/);
  expect(resumed.code).toBe(0);
  const check = checkDb(db);
  expect(check.integrity).toBe("ok");
  expect(check.done).toBe(total);
  expect(check.doneAttemptsPerEpisode.every((n) => n === 1)).toBe(true);
  expect(check.chainsValid).toBe(true);
  expect(check.digests).toEqual(await referenceDigests(spec));
  return check;
}

export interface FaultCase {
  rule: string;
  what: string;
  message: RegExp;
}

export interface FaultCaseResult {
  db: string;
  dir: string;
  stopped: StoppedRun;
  verified: { ok: boolean; episodes: number };
}

/** Run `spec` with PEERLAB_FAULT_WRITES=rule, then replay what is done. */
export async function runFaultCase(c: FaultCase, spec: string, _total: number): Promise<FaultCaseResult> {
  const dir = tempDir("peerlab-storage-");
  const db = join(dir, "p.db");
  const run = await peerlab(["run", writeSpec(dir, spec), "--db", db, "--quiet"], { cwd: dir, env: { PEERLAB_FAULT_WRITES: c.rule } });
  const stopped = inspectStopped(run, db);
  return { db, dir, stopped, verified: stopped.check.done > 0 ? await verifyDone(db, dir) : { ok: true, episodes: 0 } };
}

export async function expectFaultCaseRecovered(r: FaultCaseResult, c: FaultCase, spec: string, total: number): Promise<DbCheck> {
  expectStoppedCleanly(r.stopped, r.db, c.message, total);
  expect(r.stopped.run.stderr).toMatch(/peerlab resume crash-[0-9a-f]+` continues/);
  expect(r.verified).toEqual({ ok: true, episodes: r.stopped.check.done });
  return expectResumed(r.db, r.dir, spec, total);
}

/**
 * A real full disk: `trials` × 4 episodes run into a tmpfs of `size`, which fills mid-run. The run stops
 * with SQLite's own "disk is full" from a COMMIT, loses nothing, its done episodes replay bit for bit,
 * and once the tmpfs is remounted larger, `resume` completes it as an uninterrupted run would.
 */
export async function expectRealFullDiskRecovered(trials: number, size: string): Promise<void> {
  const spec = crashSpec(trials);
  const total = trials * 4;
  const dir = tempDir("peerlab-tmpfs-");
  const mnt = join(dir, "mnt");
  mountTmpfs(mnt, size);
  try {
    const db = join(mnt, "p.db");
    // On a full disk the stopping run cannot release its episodes' claims. A new `peerlab resume` process
    // would find their owner's pid gone and take them over at once; here the CLI runs in the test process,
    // whose pid is alive, so resume waits for the claims' lease to run out: 5 s instead of the default 30 s.
    const run = await peerlab(["run", writeSpec(dir, spec), "--db", db, "--quiet"], { cwd: dir, env: { PEERLAB_LEASE_MS: "5000" } });
    const stopped = inspectStopped(run, db);
    // A real full disk fails at COMMIT, when the WAL grows.
    expectStoppedCleanly(stopped, db, /\(commit\): database or disk is full/, total);
    expect(stopped.check.done).toBeGreaterThan(0);
    expect(await verifyDone(db, dir)).toEqual({ ok: true, episodes: stopped.check.done });
    remountTmpfs(mnt, "64m");
    await expectResumed(db, dir, spec, total);
  } finally {
    unmount(mnt);
  }
}
