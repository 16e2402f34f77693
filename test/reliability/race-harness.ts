// Racing processes on one database: several `peerlab run` and `peerlab resume` of the same run, and an
// unrelated run, all at once; some killed with -9 mid-race, some stalled (SIGSTOP) past their lease
// and then killed. Measures what the database holds afterwards against an uninterrupted reference.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Rng } from "../../src/util/rng.js";
import { BIN, peerlab } from "../support/cli.js";
import { checkDb, crashSpec, finishedCount, hasRun, writeSpec, type DbCheck } from "../support/crash.js";
import { tempDir } from "../support/tmp.js";
import { until } from "../support/until.js";

export interface RacePlan {
  seed: string;
  trials: number;
  /** Processes on the main run: the first is `run`, then alternately `resume` and `run`. */
  racers: number;
  kills: number;
  /** Racers stopped with SIGSTOP for longer than the lease, then killed: others must take their episodes over by expiry. */
  stalls: number;
  leaseMs: number;
  simDelayMs: number;
}

export interface RacerResult {
  command: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  fate: "survived" | "killed" | "stalled-then-killed";
  /** Episodes it held a claim on when it was killed or stalled. */
  heldAtKill: number;
  stderr: string;
  json: { ran?: number; elsewhere?: number; status?: string } | null;
}

export interface RaceResult {
  plan: RacePlan;
  total: number;
  racers: RacerResult[];
  unrelated: RacerResult;
  check: DbCheck;
  referenceDigests: Record<string, string>;
  referenceCalls: number;
  calls: number;
  attemptsPerEpisode: number[];
  runStatuses: Record<string, string>;
  claimsLeft: number;
  takeovers: number;
  ms: number;
}

const OTHER = (trials: number) => crashSpec(trials, 4).replace("name: crash", "name: other").replace("seed: 11", "seed: 12");

function spawnCli(args: string[], cwd: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, LANGSMITH_TRACING: "", PEERLAB_DEBUG: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += String(d)));
  child.stderr!.on("data", (d) => (stderr += String(d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  return { child, exited, alive: () => !gone, command: args[0]! };
}

/** Episodes a process (by pid) holds claims on; 0 while the database or table is not there. */
function claimsOf(db: string, pid: number): number {
  try {
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (d.prepare("SELECT COUNT(*) AS n FROM episode_claims WHERE owner LIKE ?").get(`%:${pid}:%`) as { n: number }).n;
    } finally {
      d.close();
    }
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function modelCalls(db: string, name?: string): number {
  const d = new Database(db, { readonly: true });
  try {
    const sql = name
      ? `SELECT COUNT(*) AS n FROM model_calls m JOIN episodes e ON e.id = m.episode_id ` +
        `JOIN run_cells rc ON rc.cell_id = e.cell_id JOIN runs r ON r.id = rc.run_id WHERE r.name = ?`
      : `SELECT COUNT(*) AS n FROM model_calls`;
    return (d.prepare(sql).get(...(name ? [name] : [])) as { n: number }).n;
  } finally {
    d.close();
  }
}

const references = new Map<string, { digests: Record<string, string>; calls: number }>();
async function reference(text: string, env: Record<string, string>): Promise<{ digests: Record<string, string>; calls: number }> {
  const known = references.get(text);
  if (known) return known;
  const dir = tempDir("peerlab-race-ref-");
  const db = join(dir, "ref.db");
  const r = await peerlab(["run", writeSpec(dir, text), "--db", db, "--quiet"], { cwd: dir, env });
  if (r.code !== 0) throw new Error(`the reference run failed (exit ${r.code}): ${r.stderr}`);
  const value = { digests: checkDb(db).digests, calls: modelCalls(db) };
  references.set(text, value);
  return value;
}

export async function race(plan: RacePlan): Promise<RaceResult> {
  const text = crashSpec(plan.trials, 4);
  const total = plan.trials * 4;
  const env = { PEERLAB_SIM_DELAY_MS: String(plan.simDelayMs), PEERLAB_LEASE_MS: String(plan.leaseMs) };
  const ref = await reference(text, env);
  const rng = new Rng(`race-${plan.seed}`);
  const dir = tempDir("peerlab-race-");
  const db = join(dir, "race.db");
  const spec = writeSpec(dir, text);
  const other = writeSpec(dir, OTHER(Math.max(2, Math.floor(plan.trials / 2))), "other.yaml");
  const t0 = Date.now();

  const procs: (ReturnType<typeof spawnCli> & { fate: RacerResult["fate"]; heldAtKill: number })[] = [];
  const add = (args: string[]) => procs.push({ ...spawnCli([...args, "--db", db, "--json", "--quiet"], dir, env), fate: "survived", heldAtKill: 0 });
  // `run` racers start at once; `resume` needs the run's row.
  const commands = Array.from({ length: plan.racers }, (_, i) => (i % 2 === 1 ? ["resume", "crash"] : ["run", spec]));
  for (const c of commands) if (c[0] === "run") add(c);
  const unrelated = spawnCli(["run", other, "--db", db, "--json", "--quiet"], dir, env);
  await until(() => hasRun(db, "crash") || !procs[0]!.alive(), 120_000, 10);
  for (const c of commands) if (c[0] === "resume") add(c);

  // Kill and stall racers (never the last one alive) once the race is under way, at seeded counts of
  // finished episodes: each time the first racer, in a seeded order, seen holding a claim, so every kill
  // cuts episodes mid-run.
  for (let k = 0; k < plan.kills + plan.stalls; k++) {
    const at = 1 + k + rng.int(Math.max(1, Math.floor(total / 2)));
    await until(() => finishedCount(db) >= at || procs.every((p) => !p.alive()), 120_000, 10);
    const order = procs
      .map((p) => ({ p, key: rng.float() }))
      .sort((a, b) => a.key - b.key)
      .map((x) => x.p);
    let victim: (typeof procs)[number] | undefined;
    await until(
      () => {
        const alive = order.filter((p) => p.alive() && p.fate === "survived");
        if (alive.length < 2) return true;
        victim = alive.find((p) => (p.heldAtKill = claimsOf(db, p.child.pid!)) > 0);
        return victim !== undefined;
      },
      60_000,
      10,
    );
    if (!victim) continue;
    if (k < plan.stalls) {
      victim.child.kill("SIGSTOP");
      victim.fate = "stalled-then-killed";
      // Past its lease, another racer must take its episodes over; then it is killed without waking.
      await sleep(plan.leaseMs * 2);
      victim.child.kill("SIGKILL");
    } else {
      victim.child.kill("SIGKILL");
      victim.fate = "killed";
    }
  }
  const ended = await Promise.race([Promise.all([...procs.map((p) => p.exited), unrelated.exited]), sleep(300_000).then(() => null)]);
  if (!ended) {
    for (const p of [...procs, unrelated]) p.child.kill("SIGKILL");
    throw new Error("the race did not end within 300 s");
  }
  const ms = Date.now() - t0;
  const asResult = (r: (typeof ended)[number], command: string, fate: RacerResult["fate"], heldAtKill = 0): RacerResult => {
    let json: RacerResult["json"] = null;
    try {
      json = r.stdout.trim() ? (JSON.parse(r.stdout) as RacerResult["json"]) : null;
    } catch {
      json = null;
    }
    return { command, code: r.code, signal: r.signal, fate, heldAtKill, stderr: r.stderr, json };
  };
  const racers = procs.map((p, i) => asResult(ended[i]!, p.command, p.fate, p.heldAtKill));

  const d = new Database(db, { readonly: true });
  let attemptsPerEpisode: number[];
  let runStatuses: Record<string, string>;
  let claimsLeft: number;
  try {
    attemptsPerEpisode = (d.prepare("SELECT (SELECT COUNT(*) FROM attempts a WHERE a.episode_id = e.id) AS n FROM episodes e").all() as { n: number }[]).map(
      (r) => r.n,
    );
    runStatuses = Object.fromEntries((d.prepare("SELECT name, status FROM runs").all() as { name: string; status: string }[]).map((r) => [r.name, r.status]));
    // A racer killed between finishing an episode and dropping its claim leaves a claim on a done
    // episode (harmless: done episodes are never claimed); a claim on an unfinished one would be lost work.
    claimsLeft = (
      d.prepare("SELECT COUNT(*) AS n FROM episode_claims c JOIN episodes e ON e.id = c.episode_id WHERE e.status != 'done'").get() as { n: number }
    ).n;
  } finally {
    d.close();
  }
  let takeovers = 0;
  for (const f of readdirSync(join(dir, "logs")))
    takeovers += readFileSync(join(dir, "logs", f), "utf8")
      .split("\n")
      .filter((l) => l.includes("took over an episode")).length;
  return {
    plan,
    total,
    racers,
    unrelated: asResult(ended[procs.length]!, "run (unrelated)", "survived"),
    check: checkDb(db),
    referenceDigests: ref.digests,
    referenceCalls: ref.calls,
    calls: modelCalls(db, "crash"),
    attemptsPerEpisode,
    runStatuses,
    claimsLeft,
    takeovers,
    ms,
  };
}

/** What every race must show: each episode run once, bit for bit, nothing stopped that was not. */
export function raceProblems(r: RaceResult): string[] {
  const problems: string[] = [];
  for (const p of [...r.racers, r.unrelated]) {
    if (p.fate === "survived" && p.code !== 0) problems.push(`${p.command} exited ${p.code}: ${p.stderr.slice(-400)}`);
    if (/UNIQUE|database is locked|internal error/i.test(p.stderr)) problems.push(`${p.command}: ${p.stderr.slice(-400)}`);
  }
  const otherEpisodes = Math.max(2, Math.floor(r.plan.trials / 2)) * 4;
  if (r.check.integrity !== "ok") problems.push(`integrity: ${r.check.integrity}`);
  if (r.check.episodes !== r.total + otherEpisodes) problems.push(`episodes: ${r.check.episodes}, expected ${r.total + otherEpisodes}`);
  if (r.check.done !== r.check.episodes) problems.push(`done: ${r.check.done} of ${r.check.episodes}`);
  if (!r.check.doneAttemptsPerEpisode.every((n) => n === 1)) problems.push(`done attempts per episode: ${JSON.stringify(r.check.doneAttemptsPerEpisode)}`);
  if (!r.attemptsPerEpisode.every((n) => n === 1)) problems.push(`attempts per episode: ${JSON.stringify(r.attemptsPerEpisode)}`);
  if (!r.check.chainsValid) problems.push("a hash chain does not verify");
  for (const [id, digest] of Object.entries(r.referenceDigests))
    if (r.check.digests[id] !== digest) problems.push(`episode ${id}: digest differs from the uninterrupted run`);
  if (r.calls !== r.referenceCalls) problems.push(`model calls recorded: ${r.calls}, the uninterrupted run made ${r.referenceCalls}`);
  if (r.runStatuses.crash !== "done" || r.runStatuses.other !== "done") problems.push(`run statuses: ${JSON.stringify(r.runStatuses)}`);
  if (r.claimsLeft !== 0) problems.push(`${r.claimsLeft} claims left on unfinished episodes`);
  return problems;
}
