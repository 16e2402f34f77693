// Statistics: pure functions for rates, differences, exact tests, multiple comparisons, agreement and power.
export { wilson, newcombe, twoProportionZ, type RateResult, type DiffResult } from "./proportions.js";
export { fisherExact, mcnemarExact, binomialGreater } from "./exact.js";
export { holm } from "./multiple.js";
export { sampleSizePerArm, powerCheck, type PowerCheck } from "./power.js";
export { normalCdf, normalSf, normalQuantile, Z95 } from "./normal.js";
export { compareProportions, type CompareResult } from "./compare.js";
export { cohensKappa, type AgreementResult } from "./agreement.js";
export { moverMean, fisherCombined, type Measure } from "./combine.js";
export { meanInterval, welch, pairedDifference, type MeanResult, type DifferenceResult, type WelchResult, type PairedResult } from "./means.js";
export { tCdf, tSf, tQuantile } from "./t-dist.js";
