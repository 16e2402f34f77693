// `peerlab run --workers N`: the run's episodes in N worker processes on this machine, over the same
// database. This process starts the other workers (`peerlab worker --until-idle`, ./worker-group.ts)
// first, registers the run, then tells each the run and its share of the concurrency; it runs the first
// share itself, shows all their work as progress read from the database, passes Ctrl-C on to every
// worker, and reports the run when they have stopped. A
// worker that dies leaves its claims to expire; if work is left when the others have stopped, this
// process continues it itself.
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import type { PlanResult, ResolvedExperiment, RetryFailed, RunResult } from "../runner/index.js";
import type { Store } from "../store/index.js";
import { isPostgresUrl } from "../util/index.js";
import { environment, openDb, provenance, systemClock } from "./context.js";
import { note } from "./output.js";
import { executeRun, type RunOutcome } from "./run-action.js";
import { WorkerGroup } from "./worker-group.js";

export interface WorkersOptions {
  db: string;
  quiet?: boolean;
  allowHost?: string[];
  /** Worker processes; undefined: the automatic rule (autoWorkers). */
  workers?: number;
  /**
   * `resume` on PostgreSQL: the stored run it continues through the run's queue, and the failed
   * episodes it retries (once each, as a resume on SQLite does).
   */
  resume?: { runId: string; retry: RetryFailed };
  /** The other workers, started before the spec was read (`run --workers N`, N > 1), with Ctrl-C taken over. */
  early?: WorkerGroup;
}

/** How many workers the run gets: the flag, or the automatic rule on its unfinished episodes. */
export async function workersFor(resolved: ResolvedExperiment, opts: WorkersOptions): Promise<number> {
  if (opts.workers !== undefined) return opts.workers;
  const { autoWorkers, planRun } = await import("../runner/index.js");
  const { existsSync } = await import("node:fs");
  const plan = planRun(resolved);
  let done = 0;
  if (isPostgresUrl(opts.db) || existsSync(resolve(opts.db))) {
    const store = await openDb(opts, true);
    try {
      if (store.getRun(plan.run_id)) done = store.runEpisodes(plan.run_id).filter((e) => e.status === "done").length;
    } finally {
      store.close();
    }
  }
  return autoWorkers(plan.episodes - done, resolved.spec.concurrency, availableParallelism());
}

export async function executeRunWithWorkers(given: ResolvedExperiment, opts: WorkersOptions & { workers: number }): Promise<RunOutcome> {
  const { planRun, registerRun, estimatePlan, planProvenance, withEvaluatorBaseUrls, concurrencyShares } = await import("../runner/index.js");
  const { runPreflight } = await import("../models/index.js");
  const { allowedHosts } = await import("../models/index.js");
  const { Progress } = await import("./progress.js");
  const env = environment();
  const allowed = allowedHosts(opts.allowHost, env);
  const resolved = withEvaluatorBaseUrls(given, env);
  runPreflight({ spec: resolved.spec, env, file: resolved.file, allowedHosts: allowed });
  const plan = planRun(resolved);
  const shares = concurrencyShares(resolved.spec.concurrency, opts.workers);
  // The other workers start now (with --workers N they started before the spec was read), before this
  // process opens the database and registers the run, so their start-up (loading the CLI and the
  // runner, opening the database) overlaps that work; from here a Ctrl-C reaches every one of them.
  // This process is the first worker (it has loaded everything a worker needs already). The per-key
  // limits set for the run (PEERLAB_CALLS_PER_KEY, …_REQUESTS_PER_MINUTE, …_TOKENS_PER_MINUTE) go to
  // every worker whole: the workers keep them together through the database's limiter.
  const group = opts.early ?? new WorkerGroup(opts, shares.length);
  let store: Store;
  try {
    store = await openDb(opts);
  } catch (e) {
    group.release();
    group.stopListening();
    throw e;
  }
  const quiet = opts.quiet ?? false;
  const progress = new Progress(process.stderr, quiet, systemClock, plan);
  try {
    const estimate = await estimatePlan(plan, resolved, { clock: systemClock, maxDryRuns: 0 });
    const prov = { ...provenance(), plan: planProvenance(plan, estimate) };
    registerRun(resolved, store, prov);
    const previous = store.getRun(plan.run_id)?.provenance ?? {};
    store.setRunStatus(plan.run_id, "running", { ...previous, ...prov });
    const reusedAtStart = store.runEpisodes(plan.run_id).filter((e) => e.status === "done").length;
    group.go(plan.run_id, shares);
    // Progress is read from the database (every worker's episodes); with --quiet nothing is shown, so nothing is read.
    const watch = quiet ? null : watchProgress(store, plan, (p) => progress.update(p));
    let own = await runOwnShare(given, opts, plan.run_id, shares[0]!, group.interrupt.signal).catch((e: unknown) => ({ error: e }));
    const exits = await group.exits;
    watch?.stop();
    // A worker that Ctrl-C reached before it could set up its handler ends by the signal itself: not a crash.
    const interruptedEarly = (e: { signal: NodeJS.Signals | null }) => group.interrupts > 0 && e.signal === "SIGINT";
    const crashed = exits.filter((e) => (e.signal !== null ? !interruptedEarly(e) : e.code !== 0 && e.code !== 1 && e.code !== 3 && e.code !== 130));
    for (const e of crashed)
      note(`a worker stopped unexpectedly (${e.signal ?? `exit ${e.code}`})${e.stderr ? `: ${e.stderr.trim().split("\n").slice(-3).join(" / ")}` : ""}`);
    // This process's own share failed (the database): the workers have stopped; say it as `run` would.
    if (own !== null && "error" in own) throw own.error;
    const left = store.runEpisodes(plan.run_id).some((e) => e.status !== "done" && e.status !== "failed");
    if (group.interrupts === 0 && left && crashed.length > 0) {
      // Their claims are taken over at once (their processes are gone), their queue jobs when they expire.
      note("continuing the work the stopped worker(s) left, in this process");
      own = await runOwnShare(given, opts, plan.run_id, resolved.spec.concurrency, group.interrupt.signal);
    }
    const result = await resultOf(store, plan, reusedAtStart, group.interrupts > 0, own);
    progress.finish(result);
    const { buildReport, renderReportTable } = await import("../report/index.js");
    const reportText = renderReportTable(buildReport(store, result.run_id), { provenance: false });
    const exitCode = result.status === "done" ? 0 : result.status === "stopped" || group.interrupts > 0 ? 3 : result.failed > 0 ? 1 : 0;
    // A racing `resume` or a worker elsewhere still has episodes of the run: it writes the final status.
    if (result.status === "running") note(`Another process is still working on run ${result.run_id}; it records the run's final status.`);
    if (exitCode === 3 && result.stop_reason === "budget")
      note(
        `Budget reached${result.budget_message ? `: ${result.budget_message}` : ""}. ` +
          `Finished episodes are saved; running ones were cancelled with their events kept. ` +
          `Raise budget: in the spec and run it again to continue this run.`,
      );
    else if (exitCode === 3) note(`Stopped early; everything is saved. \`peerlab resume ${result.run_id}\` continues.`);
    if (exitCode === 1) note(`${result.failed} episode(s) failed; \`peerlab resume ${result.run_id}\` retries them.`);
    return { result, reportText, exitCode };
  } finally {
    group.stopListening();
    group.release();
    group.terminate();
    try {
      store.close();
    } catch {
      // closed already (the in-process continuation)
    }
  }
}

/** Progress of every worker, read from the database: each episode that finished since the last look. */
function watchProgress(store: Store, plan: PlanResult, update: (p: import("../runner/index.js").RunProgress) => void): { stop: () => void } {
  const seen = new Map<string, string>();
  for (const e of store.runEpisodes(plan.run_id)) seen.set(e.id, `${e.status}:${e.attempt}`);
  const start = store.runEpisodes(plan.run_id);
  // Counted one finished episode at a time, as a single process reports them.
  const counted = new Set<string>();
  const counts = { done: start.filter((e) => e.status === "done").length, failed: 0, cancelled: 0 };
  const look = () => {
    const now = store.runEpisodes(plan.run_id);
    for (const e of now) {
      const key = `${e.status}:${e.attempt}`;
      const before = seen.get(e.id)?.split(":")[0];
      if (seen.get(e.id) === key) continue;
      seen.set(e.id, key);
      if (e.status !== "done" && e.status !== "failed" && e.status !== "cancelled") continue;
      if (counted.has(e.id) && (before === "done" || before === "failed" || before === "cancelled")) counts[before]--;
      counted.add(e.id);
      counts[e.status]++;
      const calls = store.listModelCalls(e.id, e.attempt);
      const usage = {
        calls: calls.length,
        input_tokens: calls.reduce((s, c) => s + c.input_tokens, 0),
        output_tokens: calls.reduce((s, c) => s + c.output_tokens, 0),
        cost_usd: calls.reduce((s, c) => s + c.cost_usd, 0),
      };
      update({ event: e.status, episode: e.id, cell: e.cell_id, total: now.length, ...counts, usage });
    }
  };
  const timer = setInterval(() => {
    try {
      look();
    } catch {
      // a busy database: the next look catches up
    }
  }, 500);
  return {
    stop: () => {
      clearInterval(timer);
      look();
    },
  };
}

/**
 * This process's share of the run. On SQLite it works through the run's episodes by their claims, as a
 * one-process `run` does; on PostgreSQL it takes them from the run's pg-boss queue like any `peerlab
 * worker`, so a worker on another machine shares the same pending work in the same way.
 */
async function runOwnShare(
  given: ResolvedExperiment,
  opts: WorkersOptions,
  runId: string,
  concurrency: number,
  signal: AbortSignal,
): Promise<RunResult | null> {
  if (isPostgresUrl(opts.db)) {
    const { runWorker } = await import("./worker-action.js");
    const served = await runWorker({
      db: opts.db,
      allowHost: opts.allowHost,
      run: [runId],
      concurrency,
      untilIdle: true,
      pollMs: 2000,
      quiet: true,
      share: { signal },
      ...(opts.resume ? { resume: { ...opts.resume, resolved: given } } : {}),
    });
    for (const s of served.skipped) note(`this process could not work on run ${s.run_id}: ${s.reason}`);
    return served.last;
  }
  const outcome = await executeRun(given, {
    db: opts.db,
    allowHost: opts.allowHost,
    noReport: true,
    concurrency,
    share: { signal },
    // Beside other workers: the per-key limits and 429 pauses are kept with theirs in the database.
    sharedLimits: true,
  });
  return outcome.result;
}

/** The run as every worker left it; why it stopped early, as this process's own share saw it. */
async function resultOf(store: Store, plan: PlanResult, reused: number, interrupted: boolean, own: RunResult | null): Promise<RunResult> {
  const { runResult, tallyRun } = await import("../runner/index.js");
  const tally = tallyRun(store, plan.run_id);
  const run = store.getRun(plan.run_id);
  let status = run?.status ?? "stopped";
  // The workers write the run's status; one interrupted before it could is stopped.
  if (status === "running" && tally.done < tally.episodes && interrupted) {
    status = "stopped";
    store.setRunStatus(plan.run_id, status);
  }
  const budget = (run?.spec as { budget?: unknown } | undefined)?.budget !== undefined && status === "stopped" && !interrupted && store.ledger !== undefined;
  return runResult(plan.run_id, tally, {
    status,
    reused,
    elsewhere: 0,
    ran: tally.done + tally.failed - reused,
    stop_reason: interrupted ? "interrupted" : budget || own?.stop_reason === "budget" ? "budget" : null,
    budget_message: own?.budget_message ?? null,
  });
}
