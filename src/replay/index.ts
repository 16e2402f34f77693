// Replay, branching and rescoring over stored episodes: one mechanism with resume (serve the recorded
// prefix from the event log, fail closed on any divergence, then continue live or stop).
export { replayEpisode, replayRun, type ReplayOutcome, type RunReplay, type RunReplayOptions, type Divergence } from "./replay.js";
export { extraThreads, startReplayPool, threadsCanOpen, type ReplayPool, type StartedPool } from "./pool.js";
export { branchEpisode, type BranchOptions, type BranchResult } from "./branch.js";
export { rescoreRun, type RescoreResult } from "./rescore.js";
export { loadStoredEpisode, type StoredEpisode } from "./stored-episode.js";
