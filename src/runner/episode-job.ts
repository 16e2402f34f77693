// One episode job: start a new attempt, or continue an interrupted (killed or cancelled) one by
// replaying its recorded prefix (falling back to a new attempt when the prefix no longer replays),
// then record how it ended.
import type { Logger } from "pino";
import { PeerlabError } from "../errors.js";
import { DETECTORS, detectorVersion, episodeEvents, PrefixMismatchError, replaySourceFromEvents, runEpisode, type EpisodeDeps } from "../episode/index.js";
import type { LoadedFixture } from "../fixtures/index.js";
import { episodeMemories } from "../lineage/index.js";
import { appendLineage, lineageIdOf } from "../lineage/index.js";
import { SqliteMemoryStore } from "../memory/index.js";
import { getScenario } from "../scenarios/index.js";
import type { CellKey } from "../spec/index.js";
import type { AfterEpisode } from "../scoring/index.js";
import { putBoundJudgment, type EpisodeRecord, type Store } from "../store/index.js";

export interface Job {
  episode: EpisodeRecord;
  cell: CellKey;
  fixture: LoadedFixture | null;
}

export interface EpisodeUsage {
  calls: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
}

export interface JobOutcome {
  status: "done" | "failed" | "cancelled";
  usage: EpisodeUsage;
  error?: string;
  /** The episode's claim was given up in its last transaction (`release` was called and committed). */
  released?: boolean;
}

/**
 * Run (or continue) one episode and record how its attempt ended. `release` gives up the episode's
 * claim; when there is no judge to run after it, it is made in the episode's last transaction.
 */
export async function runJob(
  job: Job,
  store: Store,
  runId: string,
  deps: EpisodeDeps,
  logger?: Logger,
  afterDone?: AfterEpisode,
  release?: () => void,
): Promise<JobOutcome> {
  const ep = job.episode;
  let attempt: number;
  let resumeFrom: ReturnType<Store["listEvents"]> | null = null;
  // An interrupted attempt — killed (still "running") or stopped by Ctrl-C or a budget ("cancelled") —
  // continues from its recorded prefix: its calls are served from the log, never made (or paid) again.
  const prefix = ep.attempt > 0 && (ep.status === "running" || ep.status === "cancelled") ? episodeEvents(store.listEvents(ep.id, ep.attempt)) : [];
  if (ep.attempt > 0 && (ep.status === "running" || (ep.status === "cancelled" && prefix.length > 0))) {
    attempt = ep.attempt;
    resumeFrom = prefix;
    store.reopenAttempt(ep.id, attempt);
  } else {
    attempt = store.beginAttempt(ep.id, runId);
  }
  for (;;) {
    let released = false;
    try {
      await runEpisode(
        {
          episodeId: ep.id,
          attempt,
          trial: ep.trial,
          seed: ep.seed,
          cell: job.cell,
          fixture: job.fixture,
          mode: resumeFrom ? { kind: "resume", expected: resumeFrom } : { kind: "append" },
          replay: resumeFrom ? replaySourceFromEvents(resumeFrom, { strict: false }) : undefined,
          // In the transaction that writes the episode's last events: one commit ends the episode.
          onEnd: (result) => {
            // The digest first: the detectors' judgment is bound to it.
            store.endAttempt(ep.id, attempt, { status: "done", turns: result.turns, end_reason: result.endReason, digest: result.digest });
            putBoundJudgment(store, {
              episode_id: ep.id,
              attempt,
              scorer: DETECTORS,
              version: detectorVersion(getScenario(job.cell.scenario)),
              outcomes: result.result.outcomes,
              evidence: result.result.evidence,
            });
            if (job.cell.persist && job.fixture) rememberEpisode(store, job, attempt, result);
            // Nothing more is written for it here (no judge to run): the claim goes in the same commit.
            if (!afterDone && release) {
              release();
              released = true;
            }
          },
        },
        deps,
      );
    } catch (e) {
      if (e instanceof PrefixMismatchError && resumeFrom) {
        logger?.warn({ episode: ep.id, attempt, mismatch: e.mismatch }, "interrupted attempt does not replay; starting a new attempt");
        store.endAttempt(ep.id, attempt, { status: "failed", error: { code: "PREFIX_MISMATCH", message: e.message } });
        resumeFrom = null;
        attempt = store.beginAttempt(ep.id, runId);
        continue;
      }
      const cancelled = deps.signal?.aborted === true || deps.stop?.aborted === true;
      const error = errorData(e);
      if (!cancelled) logger?.error({ episode: ep.id, attempt, error }, "episode failed");
      try {
        store.endAttempt(ep.id, attempt, { status: cancelled ? "cancelled" : "failed", error });
      } catch (storeError) {
        logger?.error({ episode: ep.id, error: errorData(storeError) }, "could not record the episode's end");
        throw storeError;
      }
      if (e instanceof PeerlabError && e.code === "STORAGE_FAILED") throw e;
      return { status: cancelled ? "cancelled" : "failed", usage: usageOf(store, ep.id, attempt), error: error.message };
    }
    // The episode is done and stays done; a judge that cannot store its result stops the run (STORAGE_FAILED).
    await afterDone?.(ep.id, attempt);
    return { status: "done", usage: usageOf(store, ep.id, attempt), released };
  }
}

export function errorData(e: unknown): { code: string; message: string; retries?: number } {
  if (e instanceof PeerlabError) {
    // A provider failure keeps how often its call was retried, so retries stay countable per run.
    const retries = (e.details as { retries?: unknown } | undefined)?.retries;
    return typeof retries === "number" ? { code: e.code, message: e.message, retries } : { code: e.code, message: e.message };
  }
  const err = e as Error;
  return { code: err?.name === "AbortError" ? "CANCELLED" : "EXCEPTION", message: err?.message ?? String(e) };
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

function usageOf(store: Store, episodeId: string, attempt: number): EpisodeUsage {
  return store.attemptUsage(episodeId, attempt);
}
