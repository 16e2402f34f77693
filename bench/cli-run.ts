// `peerlab run` as a user runs it (the built CLI, a fresh process, worker processes if it starts any),
// measured from outside: wall time from start to exit, every process's CPU, run-queue wait and idle time
// (bench/proc-tree.ts), and each process's waits for SQLite's write lock (bench/sqlite-waits.mjs).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runTree, type ProcFigures } from "./proc-tree.js";

const BIN = resolve(import.meta.dirname, "../bin/peerlab.js");
const WAITS = resolve(import.meta.dirname, "sqlite-waits.mjs");

export interface LockWaits {
  begins: number;
  /** BEGIN IMMEDIATEs that took 0.5 ms or more: they waited for another process's write. */
  waited: number;
  begin_ms: number;
  commit_ms: number;
}

export interface CliRun {
  wall_ms: number;
  /** Processes that ran episodes: `run` itself and the workers it started. */
  workers: number;
  /** Main threads' CPU (every process), and every thread's (V8's helper threads too). */
  cpu_ms: number;
  all_cpu_ms: number;
  runqueue_ms: number;
  idle_ms: number;
  processes: ProcFigures[];
  waits: LockWaits;
  result: { run_id: string; status: string; done: number; episodes: number };
  load_start: number[];
  load_end: number[];
}

const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);

/** Run `peerlab run <spec> --db <db> --quiet --json [--workers n]`; `workers` undefined: run's own choice. */
export async function cliRun(spec: string, db: string, o: { workers?: number; env?: Record<string, string> } = {}): Promise<CliRun> {
  const dir = mkdtempSync(join(tmpdir(), "peerlab-bench-waits-"));
  const waitsFile = join(dir, "waits.jsonl");
  const load_start = load();
  try {
    const args = [BIN, "run", spec, "--db", db, "--quiet", "--json", ...(o.workers ? ["--workers", String(o.workers)] : [])];
    const t = await runTree(process.execPath, args, {
      env: {
        ...process.env,
        LANGSMITH_TRACING: "",
        ...o.env,
        BENCH_SQLITE_WAITS: waitsFile,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${WAITS}`.trim(),
      },
    });
    if (t.code !== 0) throw new Error(`peerlab run ${o.workers ? `--workers ${o.workers}` : ""} exited ${t.code}: ${t.stderr.slice(-800)}`);
    const lines = (() => {
      try {
        return readFileSync(waitsFile, "utf8").trim().split("\n").filter(Boolean);
      } catch {
        return [];
      }
    })();
    const waits: LockWaits = { begins: 0, waited: 0, begin_ms: 0, commit_ms: 0 };
    for (const l of lines) {
      const w = JSON.parse(l) as LockWaits;
      waits.begins += w.begins;
      waits.waited += w.waited;
      waits.begin_ms += w.begin_ms;
      waits.commit_ms += w.commit_ms;
    }
    const episodeProcs = t.processes.filter((p) => / (run|worker)$/.test(p.command) || /peerlab\.js (run|worker)/.test(p.command));
    return {
      wall_ms: t.wall_ms,
      workers: Math.max(1, episodeProcs.filter((p) => p.command.endsWith("worker") && p.cpu_ms > 100).length + 1),
      cpu_ms: t.cpu_ms,
      all_cpu_ms: t.all_cpu_ms,
      runqueue_ms: t.runqueue_ms,
      idle_ms: episodeProcs.reduce((a, p) => a + p.idle_ms, 0),
      processes: t.processes.filter((p) => p.cpu_ms > 20),
      waits,
      result: JSON.parse(t.stdout) as CliRun["result"],
      load_start,
      load_end: load(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
