// Scoring beyond the detectors: LLM judges (versioned prompts, structured answers), the sim judge,
// the follow-up interview's sim parts, judge calibration against the gold set, and the runner hooks.
export { JUDGE_VERSION, JOBS, JOB_IDS, JUDGE_OUTCOMES, INTERVIEW_STANCES, type JobId, type JudgeContext, type JudgeJob } from "./jobs.js";
export {
  judgeEpisode,
  judgeScorer,
  checkJudgeProvider,
  jobPrompt,
  JUDGE_SYSTEM,
  type JudgeDeps,
  type JudgeResult,
  type JobReport,
  type JudgeEpisodeInput,
} from "./judge.js";
export { judgeAttempt, judgeRun, judgeContextOf, type EpisodeFacts, type JudgeRunOptions, type JudgeRunResult } from "./episode-judge.js";
export { parseAnswer, jsonObjectIn, SUBMIT } from "./answer.js";
export { simJudgePlaybook } from "./sim-judge.js";
export { judgeHook, interviewConfigOf, type AfterEpisode } from "./runner-hooks.js";
export { loadGoldSet, GoldItem, LABEL_JOBS } from "./gold.js";
export { calibrateJudge, labelText, type CalibrationResult, type KeyAgreement } from "./calibrate.js";
export { type Disagreement, type MergeOptions, mergeScored, namedJudge } from "./primary.js";
