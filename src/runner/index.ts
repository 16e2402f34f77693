// The runner: planning, running and continuing experiments.
export { expandCells, cellIdOf, episodeIdOf, episodeSeedOf, paramCombos, type PlannedCell, type SkippedCell, type Expansion } from "./cells.js";
export { planRun, type PlanResult, type PlannedEpisode } from "./plan.js";
export { runExperiment, registerRun, errorData, type RunDeps, type RunProgress, type RunResult } from "./execute.js";
export { runIdOf, slugOf } from "./identity.js";
