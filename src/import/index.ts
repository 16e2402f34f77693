// Importing transcripts from elsewhere as episodes: the study's released format.
export { importStudyTranscripts, studyFiles, studyFlagOutcomes, IMPORT_SCORER, type ImportResult } from "./import.js";
export { inferScenario, inferCell } from "./infer.js";
export { studyEpisodeOf, StudyTranscript, StudyFollowUp, type StudyEpisode } from "./study-format.js";
export { agreementOf, type Agreement, type AgreementRow, type Disagreement } from "./agreement.js";
export { renderImport } from "./render.js";
export { ShellReplay } from "./shell-replay.js";
export { applyUnseen, importUnseen } from "./unseen.js";
