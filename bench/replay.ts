// Replay: `peerlab replay <run> --verify` (the real CLI, start-up included) of a run recorded at
// concurrency 4 against the server at 200 ms per call, as a ratio to the recorded run's wall time;
// and of a sim run.
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runChild } from "./child.js";
import { simSpec } from "./harness-cost.js";
import { startServer } from "./server.js";
import { figure, type Figure } from "./table.js";
import { tampSpec } from "./throughput.js";
import type { ReplayRunArgs, ReplayRunResult } from "./workers/replay-run.js";
import type { RunSpecArgs, RunSpecResult } from "./workers/run-spec.js";

export const SECTION = "replay";
const BIN = fileURLToPath(new URL("../bin/peerlab.js", import.meta.url));
/** Preloaded into the CLI: on exit it writes the process's CPU time (every thread's) to BENCH_CPU_REPORT. */
const CPU_REPORT = fileURLToPath(new URL("./cpu-report.mjs", import.meta.url));

export interface ReplayRow {
  run: string;
  episodes: number;
  record_wall_ms: number;
  /** The CLI, start-up included. */
  replay_wall_ms: number;
  /** The CLI's CPU time (user + system, all its threads), start-up included. */
  replay_cpu_ms: number;
  /** replayRun in process, start-up excluded. */
  in_process_wall_ms: number;
  /** replayRun's CPU in process. */
  in_process_cpu_ms: number;
  /** Load averages (1/5/15 min) when the replays started. */
  load: string;
  ok: boolean;
}

/** Replay the run both ways: the CLI (what a user waits for) and in process (the replay itself). */
async function replayBoth(
  db: string,
  runId: string,
  episodes: number,
): Promise<{ wall_ms: number; cpu_ms: number; in_process_wall_ms: number; in_process_cpu_ms: number; load: string; ok: boolean }> {
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");
  const cli = await verify(db, runId, episodes);
  const inProcess = await runChild<ReplayRunResult>("replay-run", { db, run: runId } satisfies ReplayRunArgs);
  const ok = cli.ok && inProcess.result.ok && inProcess.result.episodes === episodes;
  return { wall_ms: cli.wall_ms, cpu_ms: cli.cpu_ms, in_process_wall_ms: inProcess.result.wall_ms, in_process_cpu_ms: inProcess.result.cpu_ms, load, ok };
}

/** `peerlab replay <run> --verify --json`; resolves with its wall and CPU time and whether every episode verified. */
async function verify(db: string, runId: string, episodes: number): Promise<{ wall_ms: number; cpu_ms: number; ok: boolean }> {
  const report = `${db}.cpu.json`;
  const t0 = performance.now();
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", CPU_REPORT, BIN, "replay", runId, "--verify", "--json", "--db", db], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, BENCH_CPU_REPORT: report },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => void (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-2000)));
    const t = setTimeout(() => child.kill("SIGKILL"), 5 * 60_000);
    child.on("exit", (code) => {
      clearTimeout(t);
      if (code === 0) resolve(stdout);
      else reject(new Error(`peerlab replay exited ${code}: ${stderr.trim()}`));
    });
  });
  const wall = performance.now() - t0;
  const cpu = (JSON.parse(readFileSync(report, "utf8")) as { cpu_ms: number }).cpu_ms;
  rmSync(report, { force: true });
  const r = JSON.parse(out) as { ok: boolean; episodes: { ok: boolean }[] };
  return { wall_ms: wall, cpu_ms: cpu, ok: r.ok && r.episodes.length === episodes && r.episodes.every((e) => e.ok) };
}

export async function replay(opts: { quick: boolean; dir: string }): Promise<{ figures: Figure[]; data: ReplayRow[] }> {
  const rows: ReplayRow[] = [];
  const served = opts.quick ? 16 : 64;
  const server = await startServer({ latencyMs: 200, turns: "tampering" });
  try {
    const db = join(opts.dir, "replay-served.db");
    const args: RunSpecArgs = {
      spec: tampSpec("bench-replay-served", "gpt-bench", served, 4),
      db,
      env: { OPENAI_API_KEY: "sk-bench-0000", OPENAI_BASE_URL: server.openaiBaseUrl },
    };
    const rec = await runChild<RunSpecResult>("run-spec", args);
    if (rec.result.done !== served) throw new Error(`replay: recorded ${rec.result.done}/${served} episodes`);
    const v = await replayBoth(db, rec.result.run_id, served);
    rows.push({
      run: `openai via local server, L=200ms, C=4, ${served} episodes x 4 calls`,
      episodes: served,
      record_wall_ms: rec.result.wall_ms,
      replay_wall_ms: v.wall_ms,
      replay_cpu_ms: v.cpu_ms,
      in_process_wall_ms: v.in_process_wall_ms,
      in_process_cpu_ms: v.in_process_cpu_ms,
      load: v.load,
      ok: v.ok,
    });
  } finally {
    await server.close();
  }
  const sims = opts.quick ? 50 : 100;
  const db = join(opts.dir, "replay-sim.db");
  const rec = await runChild<RunSpecResult>("run-spec", { spec: simSpec("bench-replay-sim", sims), db, env: {} } satisfies RunSpecArgs);
  const v = await replayBoth(db, rec.result.run_id, sims);
  rows.push({
    run: `sim:propensity, ${sims} episodes, C=4`,
    episodes: sims,
    record_wall_ms: rec.result.wall_ms,
    replay_wall_ms: v.wall_ms,
    replay_cpu_ms: v.cpu_ms,
    in_process_wall_ms: v.in_process_wall_ms,
    in_process_cpu_ms: v.in_process_cpu_ms,
    load: v.load,
    ok: v.ok,
  });

  const figures: Figure[] = [];
  for (const [i, r] of rows.entries()) {
    figures.push(
      figure(SECTION, `${r.run}: recorded wall / replay --verify wall`, r.record_wall_ms / r.replay_wall_ms, "x", {
        ...(i === 0 ? { target: { op: ">=" as const, value: 10 } } : {}),
        note:
          `recorded ${(r.record_wall_ms / 1000).toFixed(1)} s, ` +
          `replay ${(r.replay_wall_ms / 1000).toFixed(1)} s (CLI start-up included); ` +
          `load ${r.load}${r.ok ? "" : "; DID NOT VERIFY"}`,
      }),
    );
    figures.push(
      figure(SECTION, `${r.run}: recorded wall / replay in process`, r.record_wall_ms / r.in_process_wall_ms, "x", {
        note: `replayRun ${(r.in_process_wall_ms / 1000).toFixed(1)} s, ${(r.in_process_wall_ms / r.episodes).toFixed(1)} ms per episode`,
      }),
    );
    figures.push(
      figure(SECTION, `${r.run}: replay --verify CPU per episode, through the CLI`, r.replay_cpu_ms / r.episodes, "ms", {
        note: `${(r.replay_cpu_ms / 1000).toFixed(2)} s of CPU in all (user + system, every thread, start-up included) on ${os.availableParallelism()} core(s)`,
      }),
    );
    figures.push(
      figure(SECTION, `${r.run}: replay CPU per episode, in process`, r.in_process_cpu_ms / r.episodes, "ms", {
        note: "re-execution and verification, start-up excluded",
      }),
    );
  }
  return { figures, data: rows };
}
