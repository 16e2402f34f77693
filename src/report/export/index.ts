// Exports of a run: Inspect eval logs and one JSON row per episode.
export { exportInspect, inspectModel, type InspectLog } from "./inspect/index.js";
export { exportJsonl, episodeRows } from "./jsonl.js";
export { episodeData, conversationOf, type EpisodeRow, type EpisodeData, type ChatMessage } from "./episodes.js";
