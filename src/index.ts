// peerlab as a library: open a store, load a spec, plan and run an experiment, read episodes and
// outcomes, build reports. The CLI is a thin layer over exactly these functions.
export { openStore, DEFAULT_DB, SCHEMA_VERSION, type Store } from "./store/index.js";
export type { RunRecord, CellRecord, EpisodeRecord, AttemptRecord, EventRecord, ModelCallRecord, JudgmentRecord, OutcomeValue } from "./store/index.js";
import { experimentJsonSchema, fixtureJsonSchema, ExperimentSpec, MemoryFixture, CellKey } from "./spec/index.js";
import { loadExperimentFile, loadExperimentText, type ResolvedExperiment } from "./runner/index.js";
export { planRun, runExperiment, registerRun, type PlanResult, type RunResult, type RunProgress, type RunDeps } from "./runner/index.js";
export { runEpisode, setupEpisode, type EpisodeResult } from "./episode/index.js";
export { buildReport, renderReportTable, collectRun, loadEpisodeView, renderEpisodeText, type ReportJson } from "./report/index.js";
export { getScenario, allScenarios, scenarioIds, type ScenarioDefinition } from "./scenarios/index.js";
export { loadFixtureFile, bundledFixtureIds } from "./fixtures/index.js";
export * as stats from "./stats/index.js";
export { PeerlabError, InputError, ERROR_CODES, type ErrorCode } from "./errors.js";
export { SteppingClock, FixedClock, type Clock } from "./util/index.js";
