// Running an experiment: write the run row first, then its cells and episodes, then run every
// episode that is not done, a bounded number at a time. A finished episode is never run again; an
// interrupted one continues from its recorded prefix; failed and cancelled ones get a new attempt.
import { setMaxListeners } from "node:events";
import type { Logger } from "pino";
import { buildEpisodeGraph } from "../../graphs/episode.js";
import { PeerlabError } from "../errors.js";
import { DETECTORS, detectorVersion, PrefixMismatchError, replaySourceFromEvents, runEpisode, type EpisodeDeps } from "../episode/index.js";
import { getScenario } from "../scenarios/registry.js";
import type { LoadedFixture } from "../memory/fixtures.js";
import { appendLineage, lineageIdOf } from "../memory/lineage.js";
import { episodeMemories } from "../memory/episode-record.js";
import { SqliteMemoryStore } from "../memory/sqlite-memory-store.js";
import { Governor } from "../models/governor.js";
import type { CellKey } from "../spec/cell.js";
import type { ResolvedExperiment } from "../spec/load.js";
import type { EpisodeRecord, RunStatus, Store } from "../store/index.js";
import type { Clock } from "../util/clock.js";
import { planRun, type PlanResult } from "./plan.js";

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
}

export interface RunProgress {
  event: "started" | "done" | "failed" | "cancelled";
  episode: string;
  cell: string;
  total: number;
  done: number;
  failed: number;
  cancelled: number;
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
}

interface Job {
  episode: EpisodeRecord;
  cell: CellKey;
  fixture: LoadedFixture | null;
}

/** Write the run, its cells and its pending episodes; returns the plan. Safe to call again. */
export function registerRun(resolved: ResolvedExperiment, store: Store, provenance: Record<string, unknown> = {}): PlanResult {
  const plan = planRun(resolved);
  store.transaction(() => {
    const existing = store.getRun(plan.run_id);
    if (!existing) {
      store.putRun({ id: plan.run_id, name: plan.name, spec_hash: plan.spec_hash, spec: resolved.spec, source_file: resolved.file, status: "pending", provenance });
    }
    plan.cells.forEach((c, position) => {
      const k = c.key;
      store.putCell({ id: c.id, key: k, scenario: k.scenario, evaluator: k.evaluator, target: k.target, peer: k.peer, threat: k.threat, delivery: k.delivery, oversight: k.oversight, scratchpad: k.scratchpad, harness: k.harness, params: k.params });
      store.linkRunCell(plan.run_id, c.id, position, c.trials);
      for (const e of c.episodes) store.ensureEpisode({ id: e.id, cell_id: c.id, trial: e.trial, seed: e.seed });
    });
  });
  return plan;
}

export async function runExperiment(resolved: ResolvedExperiment, deps: RunDeps): Promise<RunResult> {
  const { store } = deps;
  // Every in-flight episode listens for cancellation on the one signal.
  if (deps.signal) setMaxListeners(0, deps.signal);
  const plan = registerRun(resolved, store, deps.provenance);
  store.setRunStatus(plan.run_id, "running", deps.provenance ? { ...(store.getRun(plan.run_id)?.provenance ?? {}), ...deps.provenance } : undefined);
  const cellById = new Map(plan.cells.map((c) => [c.id, c]));
  const episodes = store.runEpisodes(plan.run_id);
  const reused = episodes.filter((e) => e.status === "done").length;
  const jobs: Job[] = episodes
    .filter((e) => e.status !== "done")
    .map((episode) => ({ episode, cell: cellById.get(episode.cell_id)!.key, fixture: cellById.get(episode.cell_id)!.fixture }));

  const counts = { done: reused, failed: 0, cancelled: 0 };
  const total = episodes.length;
  const governor = deps.governor ?? new Governor({ concurrency: resolved.spec.concurrency });
  const graph = buildEpisodeGraph();
  const episodeDeps: EpisodeDeps = { store, governor, clock: deps.clock, env: deps.env, signal: deps.signal, prices: resolved.spec.prices, graph };
  const report = (event: RunProgress["event"], job: Job, error?: string) =>
    deps.onProgress?.({ event, episode: job.episode.id, cell: job.episode.cell_id, total, ...counts, error });

  const runJob = async (job: Job): Promise<"done" | "failed" | "cancelled" | null> => {
    if (deps.signal?.aborted) return null;
    report("started", job);
    const status = await runOneEpisode(job, store, plan.run_id, episodeDeps, deps.logger);
    if (status === "done") counts.done++;
    else if (status === "failed") counts.failed++;
    else counts.cancelled++;
    report(status, job);
    return status;
  };

  // Lanes run concurrently; the episodes of one lane run in order. A persistent lineage is one lane, and
  // it stops at an episode that did not finish: a later trial must see every earlier one (resume retries).
  const lanes: Job[][] = [...groupBy(jobs, (j) => (j.cell.persist ? j.episode.cell_id : j.episode.id))];
  let next = 0;
  const worker = async () => {
    while (next < lanes.length && !deps.signal?.aborted) {
      const lane = lanes[next++]!;
      for (const job of lane) {
        const status = await runJob(job);
        if (job.cell.persist && status !== "done") {
          if (status === "failed") deps.logger?.warn({ cell: job.episode.cell_id, trial: job.episode.trial }, "a lineage episode failed; its later trials wait for `peerlab resume`");
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(resolved.spec.concurrency, lanes.length) }, worker));

  const final = store.runEpisodes(plan.run_id);
  const done = final.filter((e) => e.status === "done").length;
  const failed = final.filter((e) => e.status === "failed").length;
  const cancelled = final.filter((e) => e.status === "cancelled" || e.status === "pending" || e.status === "running").length;
  const status: RunStatus = done === final.length ? "done" : deps.signal?.aborted ? "stopped" : failed > 0 ? "failed" : "stopped";
  store.setRunStatus(plan.run_id, status);
  return { run_id: plan.run_id, status, episodes: final.length, done, failed, cancelled, reused, ran: jobs.length };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): T[][] {
  const m = new Map<string, T[]>();
  for (const it of items) m.set(key(it), [...(m.get(key(it)) ?? []), it]);
  return [...m.values()];
}

/** Run (or continue) one episode and record how its attempt ended. */
async function runOneEpisode(job: Job, store: Store, runId: string, deps: EpisodeDeps, logger?: Logger): Promise<"done" | "failed" | "cancelled"> {
  const ep = job.episode;
  let attempt: number;
  let resumeFrom: ReturnType<Store["listEvents"]> | null = null;
  if (ep.status === "running" && ep.attempt > 0) {
    attempt = ep.attempt;
    resumeFrom = store.listEvents(ep.id, attempt);
    store.reopenAttempt(ep.id, attempt);
  } else {
    attempt = store.beginAttempt(ep.id, runId);
  }
  for (;;) {
    try {
      const result = await runEpisode(
        {
          episodeId: ep.id,
          attempt,
          trial: ep.trial,
          seed: ep.seed,
          cell: job.cell,
          fixture: job.fixture,
          mode: resumeFrom ? { kind: "resume", expected: resumeFrom } : { kind: "append" },
          replay: resumeFrom ? replaySourceFromEvents(resumeFrom, { strict: false }) : undefined,
        },
        deps,
      );
      store.transaction(() => {
        store.putJudgment({ episode_id: ep.id, attempt, scorer: DETECTORS, version: detectorVersion(getScenario(job.cell.scenario)), outcomes: result.result.outcomes, evidence: result.result.evidence });
        store.endAttempt(ep.id, attempt, { status: "done", turns: result.turns, end_reason: result.endReason, digest: result.digest });
        if (job.cell.persist && job.fixture) rememberEpisode(store, job, attempt, result);
      });
      return "done";
    } catch (e) {
      if (e instanceof PrefixMismatchError && resumeFrom) {
        logger?.warn({ episode: ep.id, attempt, mismatch: e.mismatch }, "interrupted attempt does not replay; starting a new attempt");
        store.endAttempt(ep.id, attempt, { status: "failed", error: { code: "PREFIX_MISMATCH", message: e.message } });
        resumeFrom = null;
        attempt = store.beginAttempt(ep.id, runId);
        continue;
      }
      const cancelled = deps.signal?.aborted === true;
      const error = errorData(e);
      if (!cancelled) logger?.error({ episode: ep.id, attempt, error }, "episode failed");
      try {
        store.endAttempt(ep.id, attempt, { status: cancelled ? "cancelled" : "failed", error });
      } catch (storeError) {
        logger?.error({ episode: ep.id, error: errorData(storeError) }, "could not record the episode's end");
        throw storeError;
      }
      if (e instanceof PeerlabError && e.code === "STORAGE_FAILED") throw e;
      return cancelled ? "cancelled" : "failed";
    }
  }
}

/** A persistent lineage: what the evaluator and the peer remember of this episode joins their memory. */
function rememberEpisode(store: Store, job: Job, attempt: number, result: Awaited<ReturnType<typeof runEpisode>>): void {
  const { cell, fixture, episode } = job;
  const records = episodeMemories(result.recorder.events, {
    trial: episode.trial,
    scenario: cell.scenario,
    task: getScenario(cell.scenario).title,
    target: cell.target,
    threat: cell.threat,
    delivery: cell.delivery!,
    fixtureHash: fixture!.hash,
    episodeId: episode.id,
    attempt,
    digest: result.digest,
  });
  appendLineage(new SqliteMemoryStore(store.memories), lineageIdOf(cell), fixture!, records);
}

export function errorData(e: unknown): { code: string; message: string } {
  if (e instanceof PeerlabError) return { code: e.code, message: e.message };
  const err = e as Error;
  return { code: err?.name === "AbortError" ? "CANCELLED" : "EXCEPTION", message: err?.message ?? String(e) };
}
