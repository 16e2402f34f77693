// Reports: a run's results as data, tables and contrasts.
export { buildReport, SIM_NOTICE, type ReportJson } from "./build.js";
export { renderReportTable, renderContrasts, formatTable } from "./table.js";
export { collectRun, mergeJudgments, resolveRun, type RunResults, type CellResults, type EpisodeOutcomes } from "./collect.js";
export { summarizeCell, contrasts, CONTRAST_FACTORS, type CellSummary, type Contrast, type OutcomeStat, type NumberStat } from "./summarize.js";
export { loadEpisodeView, renderEpisodeText, resolveEpisode, describeCell, type EpisodeView } from "./episode-text.js";
