// Specs: the experiment and memory-fixture schemas, their loaders and their JSON Schemas.
export { CellKey } from "./cell.js";
export { ExperimentSpec, PartialCellSpec, type ExperimentSpecInput } from "./experiment.js";
export { MemoryFixture, Interaction, type MemoryFixtureInput } from "./fixture.js";
export { experimentFileIssues, loadExperimentFile, loadExperimentText, type ResolvedExperiment } from "./load.js";
export { isSimulatedProvider, parseProviderRef, ProviderString, type ProviderRef } from "./provider-string.js";
export { experimentJsonSchema, fixtureJsonSchema } from "./json-schema.js";
export { readYamlFile, parseYamlText, type YamlSource } from "./yaml-source.js";
export { parseWith, formatPath } from "./issues.js";
export * from "./vocabulary.js";
export { PLACEMENTS, PLACEMENT_HELP, VariantsDefinition, levelCombos, stimuliOfLevels, variantFactors, type Placement, type Stimulus, type VariantLevels } from "./variants.js";
export { loadVariantsFile, parseVariantsFile, variantsFileIssues } from "./variants-file.js";
