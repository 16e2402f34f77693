// Episodes: setup, the recorded run through the episode graph, scoring, and reading events back.
export { runEpisode, WORLD_CLOCK_STEP_MS, type EpisodeDeps, type EpisodeInput, type EpisodeResult } from "./run.js";
export { setupEpisode, toolDefinition, WORLD_START, type EpisodeSetup } from "./setup.js";
export { EpisodeRecorder, PrefixMismatchError, eventHash, GENESIS, type RecorderMode, type EventMismatch, type EmittedEvent } from "./recorder.js";
export { replaySourceFromEvents } from "./replay-source.js";
export { detectOutcomes, detectorVersion, DETECTORS } from "./scoring.js";
export * from "./transcript.js";
export { EVALUATOR, TOOLS, NUDGE_NODE, SCORE } from "./nodes.js";
export type { EndReason, EpisodeRuntime } from "./state.js";
export { condenseEpisode, condenseInterview, interviewTurns, taskOf, type InterviewTurn } from "./condense.js";
export { simInterviewerPlaybook, withInterviewAnswers, DEFAULT_INTERVIEW_QUESTIONS, defaultQuestion } from "./sim-interview.js";
export { previewDelivery, renderPreview, type DeliveryPreview, type PreviewOptions } from "./preview.js";
export { buildEpisodeGraph, type EpisodeGraph } from "./graph.js";
export { type InterviewConfig } from "./interview.js";
