// Running an experiment: write the run row first, then its cells and episodes, then run every
// episode that is not done, a bounded number at a time. A finished episode is never run again; an
// interrupted one continues from its recorded prefix; failed ones get a new attempt. Every episode is
// claimed before it runs (lease.ts), so any number of processes may work on one database: each
// episode runs once, and one that another process holds is waited for, or taken over when that
// process's lease expires.
import { setMaxListeners } from "node:events";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import type { Logger } from "pino";
import { buildEpisodeGraph } from "../episode/index.js";
import { PeerlabError } from "../errors.js";
import type { EpisodeDeps } from "../episode/index.js";
import { BudgetTracker, describeBreach, Governor, governorOptionsFromEnv, runPreflight } from "../models/index.js";
import type { ModelResponse } from "../models/index.js";
import type { ResponseCache } from "../models/index.js";
import type { ResolvedExperiment } from "./load.js";
import type { RunStatus, Store } from "../store/index.js";
import type { Clock } from "../util/index.js";
import { runJob, type EpisodeUsage, type Job } from "./episode-job.js";
import { ClaimLostError, LeaseKeeper, type LeaseOptions } from "./lease.js";
import { anyOf, groupBy, sleep, yielding } from "./loop.js";
import { planRun, type PlanResult } from "./plan.js";
import { withEvaluatorBaseUrls } from "./base-urls.js";
import { reserving } from "./workers/reserving.js";

/** A reservation of a process that died stops counting after this long (or its lease, if longer). */
const RESERVATION_TTL_MS = 10 * 60_000;
import { checkJudgeProvider, judgeHook } from "../scoring/index.js";
import { factorsOf } from "../spec/index.js";

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
}

export interface RunProgress {
  event: "started" | "done" | "failed" | "cancelled";
  episode: string;
  cell: string;
  total: number;
  done: number;
  failed: number;
  cancelled: number;
  /** The finished episode's model calls (on done, failed, cancelled). */
  usage?: EpisodeUsage;
  error?: string;
}

export interface RunResult {
  run_id: string;
  status: RunStatus;
  episodes: number;
  done: number;
  failed: number;
  cancelled: number;
  /** Episodes that were already done before this invocation (continued or reused). */
  reused: number;
  /** Episodes another process ran to their end while this one worked (done or failed there). */
  elsewhere: number;
  /** Episodes this invocation ran to their end (done or failed); an interrupted or unstarted one is not counted. */
  ran: number;
  /** Why the run stopped early: its budget was reached, or it was interrupted; null otherwise. */
  stop_reason: "budget" | "interrupted" | null;
  /** What was reached, when the budget stopped the run. */
  budget_message: string | null;
}

/** Write the run, its fixtures, cells and pending episodes; returns the plan. Safe to call again. */
export function registerRun(resolved: ResolvedExperiment, store: Store, provenance: Record<string, unknown> = {}): PlanResult {
  const plan = planRun(resolved);
  store.transaction(() => {
    if (!store.getRun(plan.run_id)) {
      store.putRun({
        id: plan.run_id,
        name: plan.name,
        spec_hash: plan.spec_hash,
        spec: resolved.spec,
        source_file: resolved.file,
        status: "pending",
        provenance,
      });
    }
    for (const f of Object.values(resolved.fixtures)) store.putFixture(f.hash, f.fixture.id, f.fixture);
    plan.cells.forEach((c, position) => {
      const k = c.key;
      store.putCell({ id: c.id, key: k, ...factorsOf(k) });
      store.linkRunCell(plan.run_id, c.id, position, c.trials);
      for (const e of c.episodes) store.ensureEpisode({ id: e.id, cell_id: c.id, trial: e.trial, seed: e.seed });
    });
  });
  return plan;
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
  const laneOf = (j: Job) => (j.cell.persist ? `cell:${j.episode.cell_id}` : `episode:${j.episode.id}`);
  const only = deps.only;
  const takenLanes = only ? new Set(unfinished.filter((j) => only.has(j.episode.id)).map(laneOf)) : null;
  const jobs = takenLanes ? unfinished.filter((j) => takenLanes.has(laneOf(j))) : unfinished;

  const counts = { done: reused, failed: 0, cancelled: 0 };
  const total = episodes.length;
  // ---- budget: a limit reached stops new episodes and cancels those in flight ----
  // It counts what the run spent in earlier invocations, so a raised budget continues the same run.
  const stop = new AbortController();
  setMaxListeners(0, stop.signal);
  const leases = new LeaseKeeper(store, deps.clock, plan.run_id, deps.lease, deps.logger);
  const limiter = deps.sharedLimits ? store.limiter : undefined;
  const baseGovernor =
    deps.governor ??
    new Governor({ ...governorOptionsFromEnv(deps.env, resolved.spec.concurrency), now: () => deps.clock.now().getTime(), ...(limiter ? { limiter } : {}) });
  let governor = baseGovernor;
  let budgetMessage: string | null = null;
  if (resolved.spec.budget) {
    const spent = store.runUsage(plan.run_id).map((u) => ({ role: u.role, tokens: u.input_tokens + u.output_tokens, usd: u.cost_usd }));
    const tracker = new BudgetTracker(resolved.spec.budget, spent);
    governor = baseGovernor.withBudget(tracker);
    tracker.onBreach((b) => {
      budgetMessage = describeBreach(b);
      deps.logger?.warn({ run: plan.run_id, budget: b }, `budget reached: ${budgetMessage}; no new episode starts and running ones are cancelled`);
      stop.abort(new PeerlabError("BUDGET_EXCEEDED", budgetMessage, b));
    });
    // Every process on the run spends one budget: a reservation in the database before each call.
    if (store.ledger) {
      governor = reserving(governor, store.ledger, {
        runId: plan.run_id,
        owner: leases.owner,
        limits: resolved.spec.budget,
        now: () => deps.clock.now().getTime(),
        ttlMs: Math.max(leases.ms, RESERVATION_TTL_MS),
        onRefused: (b) => {
          if (stop.signal.aborted) return;
          budgetMessage = describeBreach(b);
          deps.logger?.warn(
            { run: plan.run_id, budget: b },
            `budget reached (all processes on the run together): ${budgetMessage}; no new episode starts and running ones are cancelled`,
          );
          stop.abort(new PeerlabError("BUDGET_EXCEEDED", budgetMessage, b));
        },
      });
    }
  }
  const halt = new AbortController();
  setMaxListeners(0, halt.signal);
  const halting = AbortSignal.any([stop.signal, halt.signal]);
  setMaxListeners(0, halting);
  const stopped = () => deps.signal?.aborted === true || stop.signal.aborted || halt.signal.aborted;
  governor = yielding(governor);
  // ---- end budget ----
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
  let elsewhere = 0;
  const runOne = async (job: Job, lost: AbortSignal | undefined): Promise<"done" | "failed" | "cancelled" | "lost" | null> => {
    deps.onProgress?.({ event: "started", episode: job.episode.id, cell: job.episode.cell_id, total, ...counts });
    let outcome: Awaited<ReturnType<typeof runJob>>;
    try {
      const fenced = leases.fence(store, job.episode.id);
      const jobDeps = { ...episodeDeps, store: fenced, ...(lost ? { stop: AbortSignal.any([halting, lost]) } : {}) };
      outcome = await runJob(job, fenced, plan.run_id, jobDeps, deps.logger, afterDone);
      leases.finish(job.episode.id);
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

  // Lanes run concurrently; the episodes of one lane run in order. A persistent lineage is one lane, and
  // it stops at an episode that did not finish: a later trial must see every earlier one (resume retries).
  // A lane whose next episode another process holds waits, and is tried again after a pause.
  interface Lane {
    jobs: Job[];
    next: number;
  }
  const waiting: Lane[] = [];
  // Episodes this invocation ran to their end (done or failed): not those scheduled, nor those interrupted.
  let ranHere = 0;
  const runLane = async (lane: Lane): Promise<void> => {
    while (lane.next < lane.jobs.length && !stopped()) {
      const job = lane.jobs[lane.next]!;
      // Let timers and signals in (Ctrl-C, the heartbeat) between episodes, however busy the loop.
      await yieldToLoop();
      if (stopped()) return;
      let status: "done" | "failed" | "cancelled" | "lost" | null;
      let claim: ReturnType<LeaseKeeper["claim"]>;
      try {
        claim = leases.claim(job.episode.id, job.episode.attempt);
      } catch (e) {
        fail(e);
        return;
      }
      const o = claim.outcome;
      switch (o.kind) {
        case "held":
          waiting.push(lane);
          return;
        case "missing":
          fail(new PeerlabError("STORAGE_FAILED", `episode ${job.episode.id} of run ${plan.run_id} is no longer in the database`));
          return;
        case "done":
        case "moved":
          // Another process ran it to its end since this one looked.
          status = o.episode.status === "done" ? "done" : "failed";
          counts[status]++;
          elsewhere++;
          break;
        case "claimed":
          status = await runOne({ ...job, episode: o.episode }, claim.signal);
          // Lost to another process: wait for it like any episode another process holds.
          if (status === "lost") {
            waiting.push(lane);
            return;
          }
          if (status === "done" || status === "failed") ranHere++;
          break;
        default:
          o satisfies never;
          return;
      }
      lane.next++;
      if (job.cell.persist && status !== "done") {
        if (status === "failed")
          deps.logger?.warn({ cell: job.episode.cell_id, trial: job.episode.trial }, "a lineage episode failed; its later trials wait for `peerlab resume`");
        return;
      }
    }
  };
  const pool = async (lanes: Lane[]) => {
    let next = 0;
    const worker = async () => {
      while (next < lanes.length && !stopped()) await runLane(lanes[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(resolved.spec.concurrency, lanes.length) }, worker));
  };
  const pause = deps.sleep ?? sleep;
  try {
    leases.start();
    let lanes: Lane[] = groupBy(jobs, laneOf).map((l) => ({ jobs: l, next: 0 }));
    while (lanes.length > 0) {
      await pool(lanes);
      if (waiting.length === 0 || stopped()) break;
      deps.logger?.info({ run: plan.run_id, waiting: waiting.length }, "waiting for episodes another process is running");
      await pause(Math.min(1000, Math.max(20, Math.floor(leases.ms / 3))), anyOf(deps.signal, halting)).catch(() => undefined);
      lanes = waiting.splice(0);
    }
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

  const final = store.runEpisodes(plan.run_id);
  const done = final.filter((e) => e.status === "done").length;
  const failed = final.filter((e) => e.status === "failed").length;
  const cancelled = final.filter((e) => e.status === "cancelled" || e.status === "pending" || e.status === "running").length;
  let status: RunStatus = done === final.length ? "done" : stopped() ? "stopped" : failed > 0 ? "failed" : "stopped";
  // A run's status is its episodes' and its workers': while another process works on it, it is running.
  if (status !== "done" && leases.othersActive() > 0) status = "running";
  // A share of the run (only) that ended as asked leaves the run running while episodes wait in the
  // queue for other workers; the worker that finishes the last of them writes done.
  if (only && status === "stopped" && !stopped() && failed === 0) status = "running";
  store.setRunStatus(plan.run_id, status);
  const stopReason = !stopped() ? null : stop.signal.aborted ? "budget" : deps.signal?.aborted ? "interrupted" : null;
  return {
    run_id: plan.run_id,
    status,
    episodes: final.length,
    done,
    failed,
    cancelled,
    reused,
    elsewhere,
    ran: ranHere,
    stop_reason: stopReason,
    budget_message: stopReason === "budget" ? budgetMessage : null,
  };
}

/** The response cache, kept in the store. */
export function storeCache(store: Store): ResponseCache {
  return {
    get: (key) => store.getCachedResponse(key) as ModelResponse | undefined,
    put: (key, response) => store.putCachedResponse(key, response),
  };
}
