// Statistics: pure functions for rates, differences, exact tests, multiple comparisons and power.
export { wilson, newcombe, twoProportionZ, type RateResult, type DiffResult } from "./proportions.js";
export { fisherExact, mcnemarExact } from "./exact.js";
export { holm } from "./multiple.js";
export { sampleSizePerArm } from "./power.js";
export { normalCdf, normalSf, normalQuantile, Z95 } from "./normal.js";
