// What the runner needs from scoring: the judge to run after each finished episode, and the
// interview settings from the spec. Kept here so the runner's edit stays two lines.
import type { Logger } from "pino";
import { PeerlabError } from "../errors.js";
import type { InterviewConfig } from "../episode/index.js";
import type { ExperimentSpec } from "../spec/index.js";
import type { Store } from "../store/index.js";
import { judgeAttempt } from "./episode-judge.js";
import { checkJudgeProvider, type JudgeDeps } from "./judge.js";

export type AfterEpisode = (episodeId: string, attempt: number) => Promise<void>;

/**
 * The judge hook for a run whose spec names a judge; undefined otherwise. A judge that fails does not
 * fail the episode: the failure is logged and its outcomes stay null (rescore can judge again). A
 * storage failure is not a judge failure: it is thrown, and stops the run like any other.
 */
export function judgeHook(spec: Pick<ExperimentSpec, "judge" | "base_url">, store: Store, deps: JudgeDeps, logger?: Logger): AfterEpisode | undefined {
  if (!spec.judge) return undefined;
  const judge = spec.judge;
  checkJudgeProvider(judge);
  return async (episodeId, attempt) => {
    try {
      await judgeAttempt(store, episodeId, attempt, judge, { ...deps, baseUrl: deps.baseUrl ?? spec.base_url });
    } catch (e) {
      if (e instanceof PeerlabError && e.code === "STORAGE_FAILED") throw e;
      if (deps.signal?.aborted) return;
      logger?.warn({ episode: episodeId, attempt, judge, error: (e as Error).message }, "the judge failed; judge-only outcomes stay null");
    }
  };
}

/** The interview settings of a spec; the interviewer defaults to the judge. */
export function interviewConfigOf(spec: Pick<ExperimentSpec, "interview" | "interviewer" | "judge">): (InterviewConfig & { interviewer?: string }) | undefined {
  if (!spec.interview) return undefined;
  return { turns: spec.interview.turns, questions: spec.interview.questions, interviewer: spec.interviewer ?? spec.judge };
}
