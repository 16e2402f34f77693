// The runner: loading an experiment against the registries, planning, running and continuing it.
export { experimentFileIssues, loadExperimentFile, loadExperimentText, MAX_EPISODES, type ResolvedExperiment } from "./load.js";
export { expandCells, cellIdOf, episodeIdOf, episodeSeedOf, paramCombos, type PlannedCell, type SkippedCell, type Expansion } from "./cells.js";
export { planRun, type PlanResult, type PlannedEpisode } from "./plan.js";
export { runExperiment, type RunDeps } from "./execute.js";
export { registerRun, storeCache } from "./register.js";
export { runResult, tallyRun, type RunProgress, type RunResult, type EpisodeTally, type InvocationFacts, type StopReason } from "./result.js";
export { DEFAULT_LEASE_MS } from "./lease.js";
export { runJob, errorData, type Job, type JobOutcome, type EpisodeUsage } from "./episode-job.js";
export { resolvedFromRun } from "./stored.js";
export { withEvaluatorBaseUrls, storedBaseUrlEnv } from "./base-urls.js";
export { runIdOf, slugOf } from "./identity.js";
export { estimatePlan, planProvenance, RUN_ESTIMATE, type PlanEstimate, type RoleEstimate, type EstimateOptions } from "./estimate.js";
export * from "./workers/index.js";
