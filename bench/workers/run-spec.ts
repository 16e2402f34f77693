// Runs an experiment spec through the real runner (runExperiment) into an SQLite file: optionally a
// warm-up spec first (into memory), then a pause for the parent, then the timed run.
import { worker, phase, cpuMsSince } from "../child.js";
import { profiled } from "../profile.js";
import { runExperiment } from "../../src/runner/index.js";
import { loadExperimentText } from "../../src/runner/index.js";
import { openStore } from "../../src/store/index.js";
import type { Clock } from "../../src/util/clock.js";

export interface RunSpecArgs {
  spec: string;
  db: string;
  env: Record<string, string>;
  warmup?: string;
  /** Sample the timed part with V8's profiler (slows it; for finding what limits it). */
  profile?: boolean;
}

export interface RunSpecResult {
  run_id: string;
  status: string;
  episodes: number;
  done: number;
  wall_ms: number;
  cpu_ms: number;
  /** The heap after the run (after a full GC when the worker runs with --expose-gc), in bytes. */
  heap_used_bytes: number;
  /** Governor retries over the run's model calls (transient failures, rate limits). */
  retries: number;
  /** With `profile`: share of the main thread's busy time per group. */
  profile?: Record<string, number>;
}

// The system clock, as the CLI passes it (latencies in the records are real).
const clock: Clock = { now: () => new Date() };

await worker<RunSpecArgs, RunSpecResult>(async (a) => {
  if (a.warmup) {
    const store = openStore(":memory:", { clock });
    await runExperiment(loadExperimentText(a.warmup), { store, clock, env: a.env });
    store.close();
  }
  const resolved = loadExperimentText(a.spec);
  const store = openStore(a.db, { clock });
  await phase("timed");
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const run = () => runExperiment(resolved, { store, clock, env: a.env });
  const { value: r, shares } = a.profile ? await profiled(run) : { value: await run(), shares: undefined };
  const wall = performance.now() - t0;
  const cpu = cpuMsSince(cpu0);
  const retries = store.runUsage(r.run_id).reduce((sum, u) => sum + u.retries, 0);
  store.close();
  // What the run left behind, not garbage V8 has not yet collected.
  (globalThis as { gc?: () => void }).gc?.();
  return {
    run_id: r.run_id,
    status: r.status,
    episodes: r.episodes,
    done: r.done,
    wall_ms: wall,
    cpu_ms: cpu,
    heap_used_bytes: process.memoryUsage().heapUsed,
    retries,
    ...(shares ? { profile: shares } : {}),
  };
});
