// Specs: the experiment and memory-fixture schemas, YAML reading with line numbers, the vocabulary and
// the JSON Schemas. Layer 2 (docs/ARCHITECTURE.md): it imports nothing but util and errors.
export { CellKey, cellIdOf, cellIdentity } from "./cell.js";
export { ExperimentSpec, PartialCellSpec, type ExperimentSpecInput } from "./experiment.js";
export { MemoryFixture, Interaction, type MemoryFixtureInput } from "./fixture.js";
export { isSimulatedProvider, parseProviderRef, ProviderString, type ProviderRef } from "./provider-string.js";
export { experimentJsonSchema, fixtureJsonSchema } from "./json-schema.js";
export { readYamlFile, parseYamlText, type YamlSource } from "./yaml-source.js";
export { parseWith, formatPath } from "./issues.js";
export * from "./vocabulary.js";
export {
  PLACEMENTS,
  PLACEMENT_HELP,
  VariantsDefinition,
  levelCombos,
  placementProblem,
  stimuliOfLevels,
  variantFactors,
  variantsOf,
  type Placement,
  type Stimulus,
  type VariantLevels,
} from "./variants.js";
export { loadVariantsFile, parseVariantsFile, variantsFileIssues } from "./variants-file.js";
export { nameProblem, printable, terminalSafe } from "./control-chars.js";
export { closest } from "./suggest.js";
export {
  CELL_FACTORS,
  type CellFactorValues,
  CONTRAST_FACTORS,
  contrastValues,
  FACTOR_SHAPE,
  factorColumnValue,
  factorFromColumn,
  factorIdentity,
  type FactorKey,
  factorsOf,
  MISSING_FACTOR,
  SEEDED_FACTORS,
  showFactor,
  varyingFactors,
} from "./factors.js";
export { PLACEHOLDERS } from "./fixture.js";
export { openIdSchema } from "./id-schema.js";
export { asWritten, issuesFromZod } from "./issues.js";
export type { PathSegment } from "./yaml-source.js";
