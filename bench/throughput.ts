// Throughput against the ideal: E episodes of T model calls at concurrency C through the real runner,
// against the local server answering every call after L ms, ideally take E·T·L/C. Measured as a user
// runs it — `peerlab run` from the build, choosing its own number of worker processes — against the
// span the server saw (first request to last answer; the CLI's start-up is its own figure), and, for
// comparison, in one warmed-up process through runExperiment. The runner and the server are separate
// processes, so each one's CPU is its own.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cliRun } from "./cli-run.js";
import { runChild } from "./child.js";
import { startServer, type ServerStats } from "./server.js";
import { figure, type Figure } from "./table.js";
import type { RunSpecArgs, RunSpecResult } from "./workers/run-spec.js";

export const SECTION = "throughput";
const T = 4;
const L = 200;

export interface ThroughputCase {
  concurrency: number;
  episodes: number;
}

export interface ThroughputRow extends ThroughputCase {
  calls: number;
  ideal_ms: number;
  wall_ms: number;
  efficiency: number;
  /** First request to last answer, as the server saw it. */
  server_span_ms: number;
  runner_cpu_ms: number;
  server_cpu_ms: number;
  runner_max_rss_bytes: number;
  /** Governor retries during the timed run (0 unless a call failed transiently). */
  retries: number;
  /** With --profile: share of the runner's busy main thread per group. */
  profile?: Record<string, number>;
}

export function tampSpec(name: string, model: string, trials: number, concurrency: number): string {
  return [
    `name: ${name}`,
    `evaluator: openai:${model}`,
    "scenarios: [tampering]",
    "params: {tampering: {item_set: [factual], threshold: [80]}}",
    `trials: ${trials}`,
    "seed: 1",
    `concurrency: ${concurrency}`,
  ].join("\n");
}

export async function measureThroughput(c: ThroughputCase, dir: string, latencyMs = L, profile = false): Promise<ThroughputRow> {
  const server = await startServer({ latencyMs, turns: "tampering" });
  try {
    let before: ServerStats | null = null;
    const args: RunSpecArgs = {
      spec: tampSpec(`bench-throughput-c${c.concurrency}`, "gpt-bench", c.episodes, c.concurrency),
      warmup: tampSpec("bench-warmup", "gpt-warm", Math.min(c.concurrency, 64), c.concurrency),
      // A fresh file per measurement: an existing run of the same spec would be continued, not run.
      db: join(dir, `throughput-c${c.concurrency}-e${c.episodes}${profile ? "-profiled" : ""}.db`),
      env: { OPENAI_API_KEY: "sk-bench-0000", OPENAI_BASE_URL: server.openaiBaseUrl },
      profile,
    };
    const child = await runChild<RunSpecResult>("run-spec", args, { onPhase: async () => void (before = await server.stats()) });
    const after = await server.stats();
    const r = child.result;
    const served = after.models["gpt-bench"];
    if (r.done !== c.episodes || served?.requests !== c.episodes * T)
      throw new Error(`throughput C=${c.concurrency}: ${r.done}/${c.episodes} episodes done, ${served?.requests ?? 0}/${c.episodes * T} calls served`);
    const ideal = (c.episodes * T * latencyMs) / c.concurrency;
    return {
      ...c,
      calls: c.episodes * T,
      ideal_ms: ideal,
      wall_ms: r.wall_ms,
      efficiency: ideal / r.wall_ms,
      server_span_ms: served.last_at - served.first_at,
      runner_cpu_ms: r.cpu_ms,
      server_cpu_ms: after.cpu_ms - ((before as ServerStats | null) ?? after).cpu_ms,
      runner_max_rss_bytes: child.max_rss_bytes,
      retries: r.retries,
      ...(r.profile ? { profile: r.profile } : {}),
    };
  } finally {
    await server.close();
  }
}

export interface CliThroughputRow extends ThroughputCase {
  /** --workers given, or null: run's automatic choice. */
  workers_asked: number | null;
  workers: number;
  calls: number;
  ideal_ms: number;
  /** From the first request to the last answer, as the server saw it: the run's work, start-up excluded. */
  server_span_ms: number;
  /** From starting `peerlab run` to its exit: start-up, registration, the report included. */
  wall_ms: number;
  /** Main threads' CPU of every process (start-up, planning, warm-up and the report included), and every thread's. */
  cpu_ms: number;
  all_cpu_ms: number;
  runqueue_ms: number;
  lock_waits: number;
  load: string;
}

/** The same case through `peerlab run` as a user runs it: the built CLI, its own choice of workers (or `workers`). */
export async function measureCliThroughput(c: ThroughputCase, dir: string, workers?: number): Promise<CliThroughputRow> {
  const server = await startServer({ latencyMs: L, turns: "tampering" });
  try {
    const file = join(dir, `throughput-cli-c${c.concurrency}.yaml`);
    writeFileSync(file, tampSpec(`bench-throughput-cli-c${c.concurrency}`, "gpt-bench", c.episodes, c.concurrency));
    const db = join(dir, `throughput-cli-c${c.concurrency}-e${c.episodes}-w${workers ?? "auto"}.db`);
    const r = await cliRun(file, db, { ...(workers ? { workers } : {}), env: { OPENAI_API_KEY: "sk-bench-0000", OPENAI_BASE_URL: server.openaiBaseUrl } });
    const served = (await server.stats()).models["gpt-bench"];
    if (r.result.done !== c.episodes || served?.requests !== c.episodes * T)
      throw new Error(
        `throughput (run) C=${c.concurrency}: ${r.result.done}/${c.episodes} episodes done, ${served?.requests ?? 0}/${c.episodes * T} calls served`,
      );
    return {
      ...c,
      workers_asked: workers ?? null,
      workers: r.workers,
      calls: c.episodes * T,
      ideal_ms: (c.episodes * T * L) / c.concurrency,
      server_span_ms: served.last_at - served.first_at,
      wall_ms: r.wall_ms,
      cpu_ms: r.cpu_ms,
      all_cpu_ms: r.all_cpu_ms,
      runqueue_ms: r.runqueue_ms,
      lock_waits: r.waits.waited,
      load: `${r.load_start[0]}→${r.load_end[0]}`,
    };
  } finally {
    await server.close();
  }
}

export async function throughput(opts: {
  quick: boolean;
  dir: string;
  profile?: boolean;
}): Promise<{ figures: Figure[]; data: { in_process: ThroughputRow[]; cli: CliThroughputRow[] } }> {
  const cases: ThroughputCase[] = opts.quick
    ? [
        { concurrency: 32, episodes: 128 },
        { concurrency: 128, episodes: 256 },
      ]
    : [
        { concurrency: 8, episodes: 512 },
        { concurrency: 32, episodes: 512 },
        { concurrency: 128, episodes: 512 },
      ];
  const rows: ThroughputRow[] = [];
  for (const c of cases) rows.push(await measureThroughput(c, opts.dir));
  // As a user runs it: `peerlab run` with its own choice of workers (two here at C=32 and C=128 on two
  // cores), and with --workers 2 where that choice differs.
  const cli: CliThroughputRow[] = [];
  for (const c of cases) {
    const auto = await measureCliThroughput(c, opts.dir);
    cli.push(auto);
    if (c.concurrency >= 32 && auto.workers !== 2) cli.push(await measureCliThroughput(c, opts.dir, 2));
  }
  const figures: Figure[] = [];
  for (const r of cli) {
    const how = r.workers_asked ? `--workers ${r.workers_asked}` : `(its choice: ${r.workers} process${r.workers > 1 ? "es" : ""})`;
    const tag = `C=${r.concurrency} E=${r.episodes} T=${T} L=${L}ms, peerlab run ${how}`;
    const target = r.concurrency === 32 ? 0.95 : r.concurrency === 128 ? 0.45 : null;
    figures.push(
      figure(SECTION, `${tag}: ideal / server span`, r.ideal_ms / r.server_span_ms, "ratio", {
        ...(target ? { target: { op: ">=", value: target } } : {}),
        note: `first request to last answer; load ${r.load}`,
      }),
    );
    figures.push(
      figure(SECTION, `${tag}: ideal / wall from start to exit`, r.ideal_ms / r.wall_ms, "ratio", {
        note: `${(r.wall_ms / 1000).toFixed(1)} s, start-up included`,
      }),
    );
    figures.push(
      figure(SECTION, `${tag}: CPU per call (every process)`, r.cpu_ms / r.calls, "ms", {
        // Not the in-process row's figure: that one is every thread's, after a warm-up, start-up excluded.
        note:
          `main threads, each process's start-up, warm-up and the report included; every thread ${(r.all_cpu_ms / r.calls).toFixed(2)} ms; ` +
          `waited for a core ${(r.runqueue_ms / r.wall_ms).toFixed(2)} s per s; ${r.lock_waits} write-lock waits`,
      }),
    );
  }
  for (const r of rows) {
    const tag = `C=${r.concurrency} E=${r.episodes} T=${T} L=${L}ms, one process (runExperiment, warmed up)`;
    figures.push(figure(SECTION, `${tag}: ideal / measured wall`, r.efficiency, "ratio"));
    figures.push(figure(SECTION, `${tag}: wall (ideal ${(r.ideal_ms / 1000).toFixed(1)} s)`, r.wall_ms / 1000, "s"));
    figures.push(
      figure(SECTION, `${tag}: runner CPU / wall`, r.runner_cpu_ms / r.wall_ms, "cores", { note: `server ${(r.server_cpu_ms / r.wall_ms).toFixed(2)} cores` }),
    );
    figures.push(
      figure(SECTION, `${tag}: runner CPU per call`, r.runner_cpu_ms / r.calls, "ms", {
        note: `every thread, start-up and warm-up excluded; ${r.retries} retries`,
      }),
    );
  }
  if (opts.profile) {
    // A separate, profiled run (the profiler slows it, so its wall time is not a figure).
    const t0 = performance.now();
    const p = await measureThroughput({ concurrency: 128, episodes: opts.quick ? 128 : 256 }, opts.dir, L, true);
    rows.push(p);
    for (const [group, share] of Object.entries(p.profile ?? {}))
      figures.push(figure(SECTION, `C=128 profile: runner main thread in ${group}`, share * 100, "%"));
    figures.push(
      figure(SECTION, "--profile: the extra profiled run took", (performance.now() - t0) / 1000, "s", { note: "not part of a plain npm run bench" }),
    );
  }
  return { figures, data: { in_process: rows, cli } };
}
