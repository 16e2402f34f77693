// Running an experiment: write the run row first, then its cells and episodes, then run every
// episode that is not done, a bounded number at a time (lanes.ts). A finished episode is never run
// again; an interrupted one continues from its recorded prefix; failed ones get a new attempt. Every
// episode is claimed before it runs (lease.ts), so any number of processes may work on one database:
// each episode runs once, and one that another process holds is waited for, or taken over when that
// process's lease expires.
import { setMaxListeners } from "node:events";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import type { Logger } from "pino";
import { buildEpisodeGraph } from "../episode/index.js";
import type { EpisodeDeps } from "../episode/index.js";
import { Governor, governorOptionsFromEnv, runPreflight } from "../models/index.js";
import { checkJudgeProvider, judgeHook } from "../scoring/index.js";
import type { RunStatus, Store } from "../store/index.js";
import type { Clock } from "../util/index.js";
import { withEvaluatorBaseUrls } from "./base-urls.js";
import { runJob, type Job } from "./episode-job.js";
import { laneOf, runLanes, type RunOneStatus } from "./lanes.js";
import { ClaimLostError, LeaseKeeper, type LeaseOptions } from "./lease.js";
import type { ResolvedExperiment } from "./load.js";
import { anyOf, sleep, yielding } from "./loop.js";
import { registerRun, storeCache } from "./register.js";
// Kept importable from here (tests import the cache from this module).
export { storeCache };
import { runResult, tallyRun, type RunProgress, type RunResult } from "./result.js";
import { budgeted } from "./run-budget.js";

export interface RunDeps {
  store: Store;
  clock: Clock;
  env: Record<string, string | undefined>;
  governor?: Governor;
  logger?: Logger;
  signal?: AbortSignal;
  /** Versions, git hash and the like, stored with the run. */
  provenance?: Record<string, unknown>;
  onProgress?: (p: RunProgress) => void;
  /** Sim agents wait this long before each answer (tests and benchmarks). */
  simDelayMs?: number;
  /** Serve identical requests (same role, provider, full request and trial) from the response cache (default true). */
  cache?: boolean;
  /** This invocation's claim owner and lease length (default: an owner id for this process, 30 s). */
  lease?: LeaseOptions;
  /** How to wait for episodes another process holds (default: a timer). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /**
   * Run only these episodes (the jobs a worker took from its queue); the rest of the run is other
   * workers'. A persistent lineage's episodes run in order, so taking one of them brings its whole lane
   * (the claims make the other workers' share of it wait). Unset: every unfinished episode of the run.
   */
  only?: ReadonlySet<string>;
  /** Keep the governor's per-key limits and 429 pauses in the store's limiter, with every other process (workers; PostgreSQL). */
  sharedLimits?: boolean;

  /**
   * Where in the run this process starts, a fraction in [0, 1) (default 0): `run --workers N` starts
   * worker i at i/N, so processes sharing a run do not walk over one another's claims.
   */
  startAt?: number;
}

export async function runExperiment(given: ResolvedExperiment, deps: RunDeps): Promise<RunResult> {
  const { store } = deps;
  // The evaluator's base URL is part of each cell's identity (a resumed run brings its stored ones).
  const resolved = withEvaluatorBaseUrls(given, deps.env);
  // Keys, base URLs, settings and prices are checked before anything is written or called.
  runPreflight({ spec: resolved.spec, env: deps.env, file: resolved.file });
  // Every in-flight episode listens for cancellation on the one signal.
  if (deps.signal) setMaxListeners(0, deps.signal);
  if (resolved.spec.judge) checkJudgeProvider(resolved.spec.judge, deps.env, resolved.spec.base_url);
  const plan = registerRun(resolved, store, deps.provenance);
  const previous = store.getRun(plan.run_id)?.provenance ?? {};
  store.setRunStatus(plan.run_id, "running", deps.provenance ? { ...previous, ...deps.provenance } : undefined);
  const cellById = new Map(plan.cells.map((c) => [c.id, c]));
  const episodes = store.runEpisodes(plan.run_id);
  const reused = episodes.filter((e) => e.status === "done").length;
  const unfinished: Job[] = episodes
    .filter((e) => e.status !== "done")
    .map((episode) => ({ episode, cell: cellById.get(episode.cell_id)!.key, fixture: cellById.get(episode.cell_id)!.fixture }));
  const only = deps.only;
  const takenLanes = only ? new Set(unfinished.filter((j) => only.has(j.episode.id)).map(laneOf)) : null;
  const jobs = takenLanes ? unfinished.filter((j) => takenLanes.has(laneOf(j))) : unfinished;

  const counts = { done: reused, failed: 0, cancelled: 0 };
  const total = episodes.length;
  const leases = new LeaseKeeper(store, deps.clock, plan.run_id, deps.lease, deps.logger);
  const limiter = deps.sharedLimits ? store.limiter : undefined;
  const baseGovernor =
    deps.governor ??
    new Governor({ ...governorOptionsFromEnv(deps.env, resolved.spec.concurrency), now: () => deps.clock.now().getTime(), ...(limiter ? { limiter } : {}) });
  const budget = budgeted(baseGovernor, resolved, store, plan.run_id, leases, deps);
  const halt = new AbortController();
  setMaxListeners(0, halt.signal);
  const halting = AbortSignal.any([budget.stop, halt.signal]);
  setMaxListeners(0, halting);
  const stopped = () => deps.signal?.aborted === true || budget.stop.aborted || halt.signal.aborted;
  const governor = yielding(budget.governor);
  const episodeDeps: EpisodeDeps = {
    store,
    governor,
    clock: deps.clock,
    env: deps.env,
    signal: deps.signal,
    stop: halting,
    baseUrl: resolved.spec.base_url,
    prices: resolved.spec.prices,
    graph: buildEpisodeGraph(),
    simDelayMs: deps.simDelayMs,
    cache: deps.cache === false ? undefined : storeCache(store),
  };
  // The judge runs after each finished episode when the spec names one.
  const afterDone = judgeHook(
    resolved.spec,
    store,
    { governor, clock: deps.clock, env: deps.env, prices: resolved.spec.prices, signal: deps.signal },
    deps.logger,
  );

  // A failure that is not the episode's (the database cannot be written) stops the run: no episode
  // starts, running ones are cancelled, and once they have stopped the error is thrown.
  let fatal: unknown = null;
  const fail = (e: unknown) => {
    if (fatal !== null) return;
    fatal = e;
    halt.abort(e);
  };
  const runOne = async (job: Job, lost: AbortSignal | undefined): Promise<RunOneStatus> => {
    deps.onProgress?.({ event: "started", episode: job.episode.id, cell: job.episode.cell_id, total, ...counts });
    let outcome: Awaited<ReturnType<typeof runJob>>;
    try {
      const fenced = leases.fence(store, job.episode.id);
      const jobDeps = { ...episodeDeps, store: fenced, ...(lost ? { stop: AbortSignal.any([halting, lost]) } : {}) };
      outcome = await runJob(job, fenced, plan.run_id, jobDeps, deps.logger, afterDone, () => leases.finish(job.episode.id));
      // Given up in the episode's last transaction, or now.
      if (!outcome.released) leases.finish(job.episode.id);
    } catch (e) {
      // Another process took the episode over (this one stalled past its lease): it is theirs now.
      if (e instanceof ClaimLostError) {
        deps.logger?.warn({ episode: job.episode.id }, e.message);
        leases.finish(job.episode.id);
        return "lost";
      }
      fail(e);
      return null;
    }
    counts[outcome.status]++;
    deps.onProgress?.({
      event: outcome.status,
      episode: job.episode.id,
      cell: job.episode.cell_id,
      total,
      ...counts,
      usage: outcome.usage,
      error: outcome.error,
    });
    return outcome.status;
  };

  let elsewhere = 0;
  let ran = 0;
  try {
    leases.start();
    ran = await runLanes(jobs, {
      runId: plan.run_id,
      concurrency: resolved.spec.concurrency,
      leases,
      startAt: deps.startAt ?? 0,
      runOne,
      stopped,
      fail,
      elsewhere: (status) => {
        counts[status]++;
        elsewhere++;
      },
      pause: deps.sleep ?? sleep,
      signal: anyOf(deps.signal, halting),
      yieldToLoop,
      logger: deps.logger,
    });
  } finally {
    leases.stop();
  }
  if (fatal !== null) {
    try {
      // Another process still at work on this run keeps it running; it writes the final status.
      if (leases.othersActive() === 0) store.setRunStatus(plan.run_id, "stopped");
    } catch {
      // The database that failed may refuse this too; the run then still reads as running, which resume handles.
    }
    throw fatal;
  }

  let tally = tallyRun(store, plan.run_id);
  let status: RunStatus = tally.done === tally.episodes ? "done" : stopped() ? "stopped" : tally.failed > 0 ? "failed" : "stopped";
  // A run's status is its episodes' and its workers': while another process works on it, it is running.
  if (status !== "done" && leases.othersActive() > 0) status = "running";
  // A share of the run (only) that ended as asked leaves the run running while episodes wait in the
  // queue for other workers; the worker that finishes the last of them writes done.
  if (only && status === "stopped" && !stopped() && tally.failed === 0) status = "running";
  store.setRunStatus(plan.run_id, status);
  if (status !== "done") {
    // Another process may have ended the run's last episodes, and written done, between this tally
    // and this write, which would then have put the run back to running for good: look again after
    // writing. That process wrote its status after its episodes, so one of the two sees them all done.
    const again = tallyRun(store, plan.run_id);
    if (again.done === again.episodes) {
      tally = again;
      status = "done";
      store.setRunStatus(plan.run_id, status);
    }
  }
  const stopReason = !stopped() ? null : budget.stop.aborted ? "budget" : deps.signal?.aborted ? "interrupted" : null;
  return runResult(plan.run_id, tally, { status, reused, elsewhere, ran, stop_reason: stopReason, budget_message: budget.message() });
}
