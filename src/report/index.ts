// Reports: a run's results as data (the study's tables, cells, contrasts) and its renderings.
export { buildReport, reportFromResults, SIM_NOTICE, SIM_JUDGE_NOTICE, NO_JUDGE_NOTICE, type ReportJson, type UsageRow } from "./build.js";
export { renderReportTable, formatTable } from "./table.js";
export { renderReportMarkdown, withoutProvenance, PROVENANCE_START, PROVENANCE_END } from "./render-md.js";
export { renderReportCsv, CSV_COLUMNS } from "./render-csv.js";
export { renderReportHtml } from "./render-html.js";
export { forestPlot, type ForestRow } from "./charts.js";
export { reportDocument, provenanceSection, type DocSection, type DocTable } from "./document.js";
export { buildStudyTables, type StudyTables, type PeerTable, type SelfTable, type StudyCell, type SelfCell } from "./study-tables.js";
export { BEHAVIOURS, STUDY_DELIVERIES, type Behaviour } from "./study-behaviours.js";
export { modelLabel } from "./study-measure.js";
export { pooledRate, pooledDiff, meanOfMeasures, type MeasureResult, type PairedArms } from "./measures.js";
export { planVsActual, type PlanVsActual } from "./plan-actual.js";
export { collectRun, mergeJudgments, resolveRun, type RunResults, type CellResults, type EpisodeOutcomes } from "./collect.js";
export {
  summarizeCell,
  contrasts,
  analyseContrasts,
  primaryKeys,
  CONTRAST_FACTORS,
  type CellSummary,
  type Contrast,
  type OutcomeStat,
  type NumberStat,
} from "./summarize.js";
export { loadEpisodeView, renderEpisodeText, resolveEpisode, describeCell, type EpisodeView } from "./episode-text.js";
export { exportInspect, exportJsonl, episodeRows, type InspectLog, type EpisodeRow } from "./export/index.js";
export { listEpisodes, parseOutcomeFilter, type EpisodeFilter, type EpisodeListing } from "./episode-list.js";
export { cellMeans, meanContrast, continuousKeys, continuousValue, type MeanStat, type MeanContrast } from "./continuous.js";
export { neutralOutcomes } from "./outcome-tone.js";
export { distinguishingLabels, conditionsOf, words, type Condition } from "./conditions.js";
export { doseCharts, type DoseSeries, type DosePoint } from "./dose-response.js";
export { shortfallWords, type Shortfall } from "./shortfall.js";
export { clipMiddle } from "./format.js";
