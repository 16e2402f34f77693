// Judging a stored episode attempt: read its events, cell and detector outcomes from the store, run
// the judge with its calls appended to the attempt's event log, and store the judgment beside the
// detectors' (scorer `judge:<provider>`, version = the judge prompts' version). The runner calls this
// after an episode finishes; `rescore` calls judgeRun over stored episodes.
import { PeerlabError } from "../errors.js";
import type { EventLike } from "../episode/index.js";
import { getScenario, hasScenario } from "../scenarios/index.js";
import { putBoundJudgment, type JudgmentRecord, type OutcomeValue, type Store } from "../store/index.js";
import { EpisodeRecorder } from "../episode/index.js";
import { condenseEpisode, condenseInterview, interviewTurns, taskOf } from "../episode/index.js";
import { JOBS, JUDGE_VERSION, type JudgeContext } from "./jobs.js";
import { judgeEpisode, judgeScorer, type JudgeDeps, type JudgeResult } from "./judge.js";

export interface EpisodeFacts {
  scenario: string;
  params: Record<string, string | number>;
  events: readonly EventLike[];
  detected: Record<string, OutcomeValue>;
  /** Outcome keys the scenario declares (default: from the registry). */
  outcomeKeys?: readonly string[];
  title?: string;
}

export function judgeContextOf(f: EpisodeFacts): JudgeContext {
  const def = hasScenario(f.scenario) ? getScenario(f.scenario) : null;
  const turns = interviewTurns(f.events);
  return {
    scenario: f.scenario,
    title: f.title ?? def?.title ?? f.scenario,
    outcomeKeys: f.outcomeKeys ?? def?.outcomes.map((o) => o.key) ?? [],
    params: f.params,
    detected: f.detected,
    task: taskOf(f.events),
    transcript: condenseEpisode(f.events),
    interview: turns.length ? condenseInterview(turns) : null,
  };
}

/** Judge-only outcomes left null, with why, when a judge job failed (so reports can say so). */
function failedKeys(result: JudgeResult, ctx: JudgeContext): void {
  for (const j of result.jobs) {
    if (j.ok) continue;
    const keys =
      j.job === "refusal"
        ? ["refused_explicit"]
        : j.job === "awareness"
          ? ["eval_aware", "realism"]
          : j.job === "interview"
            ? ["interview_stance", "confessed", "denied", "doubled_down"]
            : ["report_status", ...ctx.outcomeKeys.filter((k) => ["reported_score", "reported_grade", "recommendation"].includes(k))];
    for (const k of keys) {
      result.outcomes[k] ??= null;
      result.evidence[k] = `judge failed (${j.job}): ${j.error}`;
    }
  }
}

export async function judgeAttempt(store: Store, episodeId: string, attempt: number, provider: string, deps: JudgeDeps): Promise<JudgmentRecord> {
  const episode = store.getEpisode(episodeId);
  if (!episode) throw new PeerlabError("NOT_FOUND", `no episode ${episodeId}`);
  const cell = store.getCell(episode.cell_id)!;
  const events = store.listEvents(episodeId, attempt);
  const last = events.at(-1);
  if (!last || !events.some((e) => e.kind === "episode_end"))
    throw new PeerlabError("NOT_FOUND", `episode ${episodeId} attempt ${attempt} has not finished; only finished episodes are judged`);
  const detectors = store
    .listJudgments(episodeId, attempt)
    .filter((j) => j.scorer === "detectors")
    .sort((a, b) => (a.created_at < b.created_at ? -1 : 1))
    .at(-1);
  const ctx = judgeContextOf({ scenario: cell.scenario, params: cell.params, events, detected: detectors?.outcomes ?? {} });
  // Judge events continue the attempt's chain after its last event; the digest (at episode_end) is unchanged.
  const recorder = new EpisodeRecorder(store, episodeId, attempt, { kind: "append" }, { seq: last.seq, hash: last.hash });
  const result = await judgeEpisode({ provider, ctx, seed: episode.seed, recorder }, deps);
  failedKeys(result, ctx);
  recorder.emit("outcome", "judge", {
    scorer: result.scorer,
    version: result.version,
    outcomes: result.outcomes,
    evidence: result.evidence,
    jobs: result.jobs,
  });
  const record = { episode_id: episodeId, attempt, scorer: result.scorer, version: result.version, outcomes: result.outcomes, evidence: result.evidence };
  // The judge's events and its judgment, bound to the digest it scored, are written together or not at all.
  store.transaction(() => {
    recorder.flush();
    putBoundJudgment(store, record);
  });
  return { ...record, created_at: "" };
}

export interface JudgeRunOptions {
  judge: string;
  /** Judge again even where this judge and version already have a judgment. */
  force?: boolean;
  /** Episodes judged at once. */
  concurrency?: number;
  onEpisode?: (e: { episode: string; ok: boolean; error?: string }) => void;
}

export interface JudgeRunResult {
  judged: number;
  skipped: number;
  failed: { episode: string; error: string }[];
}

/** Judge every finished episode of a run (for `peerlab rescore --judge`). */
export async function judgeRun(store: Store, runId: string, opts: JudgeRunOptions, deps: JudgeDeps): Promise<JudgeRunResult> {
  const scorer = judgeScorer(opts.judge);
  const todo = store.runEpisodes(runId).filter((e) => e.status === "done" && e.attempt > 0);
  const out: JudgeRunResult = { judged: 0, skipped: 0, failed: [] };
  let next = 0;
  const worker = async () => {
    while (next < todo.length && !deps.signal?.aborted) {
      const e = todo[next++]!;
      if (!opts.force && store.listJudgments(e.id, e.attempt).some((j) => j.scorer === scorer && j.version === JUDGE_VERSION)) {
        out.skipped++;
        continue;
      }
      try {
        await judgeAttempt(store, e.id, e.attempt, opts.judge, deps);
        out.judged++;
        opts.onEpisode?.({ episode: e.id, ok: true });
      } catch (err) {
        if (deps.signal?.aborted) throw err;
        out.failed.push({ episode: e.id, error: (err as Error).message });
        opts.onEpisode?.({ episode: e.id, ok: false, error: (err as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  return out;
}

export { JOBS };
