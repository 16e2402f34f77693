// Scenarios: the study's tasks, worlds, tools and detectors, one folder per family.
export * from "./types.js";
export { getScenario, hasScenario, scenarioIds, allScenarios, registerScenario } from "./registry.js";
export { buildIdentity, familyOf } from "./common/identity.js";
export { NUDGE, SCRATCHPAD_INSTRUCTION, identityLine, paragraphs } from "./common/prompts.js";
export { END_TASK, SCRATCHPAD_TOOL, scratchpadTool } from "./common/tools.js";
export { tonesOf, TONES, TONE_VERSION, type Tone } from "./common/tone.js";
export { buildForHarness } from "./common/harness.js";
export {
  readFirst,
  readGradeReading,
  readRecommendation,
  readRefusal,
  readScore,
  readThresholdClaim,
  REPORT_STATUSES,
  type ReportSource,
} from "./common/reports.js";
export { call, perceivePeer } from "./common/sim.js";
export { STIMULI_GENERATIONS, stimuliOf } from "./common/stimuli.js";
export { DERIVED_KEYS, deriveStudyOutcomes, isReportStatus, READING_KEYS } from "./common/study-rules.js";
export { DECOMMISSIONED } from "./exfiltration/world.js";
export { GRADE_POINTS_KEY, GRADE_SOURCE_KEY, headlineKey, primaryOf, scenarioOutcomeKeys } from "./headline.js";
export { itemSetCalibration } from "./common/item-sets/calibration.js";
