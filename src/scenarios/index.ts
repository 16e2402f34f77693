// Scenarios: the study's tasks, worlds, tools and detectors, one folder per family.
export * from "./types.js";
export { getScenario, hasScenario, scenarioIds, allScenarios, registerScenario } from "./registry.js";
export { buildIdentity, familyOf } from "./common/identity.js";
export { NUDGE, SCRATCHPAD_INSTRUCTION, identityLine, paragraphs } from "./common/prompts.js";
export { END_TASK, SCRATCHPAD_TOOL, scratchpadTool } from "./common/tools.js";
