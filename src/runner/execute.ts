// Running an experiment: write the run row first, then its cells and episodes, then run every
// episode that is not done, a bounded number at a time. A finished episode is never run again; an
// interrupted one continues from its recorded prefix; failed and cancelled ones get a new attempt.
import { setMaxListeners } from "node:events";
import type { Logger } from "pino";
import { buildEpisodeGraph } from "../../graphs/episode.js";
import { PeerlabError } from "../errors.js";
import type { EpisodeDeps } from "../episode/index.js";
import { BudgetTracker, describeBreach, Governor, governorOptionsFromEnv, runPreflight } from "../models/index.js";
import type { ModelResponse } from "../models/messages.js";
import type { ResponseCache } from "../models/port.js";
import type { ResolvedExperiment } from "../spec/load.js";
import type { RunStatus, Store } from "../store/index.js";
import type { Clock } from "../util/clock.js";
import { runJob, type EpisodeUsage, type Job } from "./episode-job.js";
import { planRun, type PlanResult } from "./plan.js";
import { checkJudgeProvider, judgeHook } from "../scoring/index.js";
import { factorsOf } from "../spec/factors.js";

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
      store.putRun({ id: plan.run_id, name: plan.name, spec_hash: plan.spec_hash, spec: resolved.spec, source_file: resolved.file, status: "pending", provenance });
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

export async function runExperiment(resolved: ResolvedExperiment, deps: RunDeps): Promise<RunResult> {
  const { store } = deps;
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
  const jobs: Job[] = episodes
    .filter((e) => e.status !== "done")
    .map((episode) => ({ episode, cell: cellById.get(episode.cell_id)!.key, fixture: cellById.get(episode.cell_id)!.fixture }));

  const counts = { done: reused, failed: 0, cancelled: 0 };
  const total = episodes.length;
  // ---- budget: a limit reached stops new episodes and cancels those in flight ----
  // It counts what the run spent in earlier invocations, so a raised budget continues the same run.
  const stop = new AbortController();
  setMaxListeners(0, stop.signal);
  const baseGovernor = deps.governor ?? new Governor({ ...governorOptionsFromEnv(deps.env, resolved.spec.concurrency), now: () => deps.clock.now().getTime() });
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
  }
  const halt = new AbortController();
  setMaxListeners(0, halt.signal);
  const halting = AbortSignal.any([stop.signal, halt.signal]);
  setMaxListeners(0, halting);
  const stopped = () => deps.signal?.aborted === true || stop.signal.aborted || halt.signal.aborted;
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
  const afterDone = judgeHook(resolved.spec, store, { governor, clock: deps.clock, env: deps.env, prices: resolved.spec.prices, signal: deps.signal }, deps.logger);

  // A failure that is not the episode's (the database cannot be written) stops the run: no episode
  // starts, running ones are cancelled, and once they have stopped the error is thrown.
  let fatal: unknown = null;
  const runOne = async (job: Job): Promise<"done" | "failed" | "cancelled" | null> => {
    if (stopped()) return null;
    deps.onProgress?.({ event: "started", episode: job.episode.id, cell: job.episode.cell_id, total, ...counts });
    let outcome: Awaited<ReturnType<typeof runJob>>;
    try {
      outcome = await runJob(job, store, plan.run_id, episodeDeps, deps.logger, afterDone);
    } catch (e) {
      if (fatal === null) {
        fatal = e;
        halt.abort(e);
      }
      return null;
    }
    counts[outcome.status]++;
    deps.onProgress?.({ event: outcome.status, episode: job.episode.id, cell: job.episode.cell_id, total, ...counts, usage: outcome.usage, error: outcome.error });
    return outcome.status;
  };

  // Lanes run concurrently; the episodes of one lane run in order. A persistent lineage is one lane, and
  // it stops at an episode that did not finish: a later trial must see every earlier one (resume retries).
  const lanes: Job[][] = [...groupBy(jobs, (j) => (j.cell.persist ? j.episode.cell_id : j.episode.id))];
  let next = 0;
  const worker = async () => {
    while (next < lanes.length && !stopped()) {
      const lane = lanes[next++]!;
      for (const job of lane) {
        const status = await runOne(job);
        if (job.cell.persist && status !== "done") {
          if (status === "failed") deps.logger?.warn({ cell: job.episode.cell_id, trial: job.episode.trial }, "a lineage episode failed; its later trials wait for `peerlab resume`");
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(resolved.spec.concurrency, lanes.length) }, worker));
  if (fatal !== null) {
    try {
      store.setRunStatus(plan.run_id, "stopped");
    } catch {
      // The database that failed may refuse this too; the run then still reads as running, which resume handles.
    }
    throw fatal;
  }

  const final = store.runEpisodes(plan.run_id);
  const done = final.filter((e) => e.status === "done").length;
  const failed = final.filter((e) => e.status === "failed").length;
  const cancelled = final.filter((e) => e.status === "cancelled" || e.status === "pending" || e.status === "running").length;
  const status: RunStatus = done === final.length ? "done" : stopped() ? "stopped" : failed > 0 ? "failed" : "stopped";
  store.setRunStatus(plan.run_id, status);
  const stopReason = status !== "stopped" ? null : stop.signal.aborted ? "budget" : deps.signal?.aborted ? "interrupted" : null;
  return { run_id: plan.run_id, status, episodes: final.length, done, failed, cancelled, reused, ran: jobs.length, stop_reason: stopReason, budget_message: stopReason === "budget" ? budgetMessage : null };
}

/** The response cache, kept in the store. */
export function storeCache(store: Store): ResponseCache {
  return {
    get: (key) => store.getCachedResponse(key) as ModelResponse | undefined,
    put: (key, response) => store.putCachedResponse(key, response),
  };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): T[][] {
  const m = new Map<string, T[]>();
  for (const it of items) m.set(key(it), [...(m.get(key(it)) ?? []), it]);
  return [...m.values()];
}
