// Strategic misrepresentation: two scenario ids, one family.
export { misrepresentationEvaluation } from "./evaluation.js";
export { misrepresentationFinance } from "./finance.js";
export { detectMisrepresentationEvaluation } from "./detect-evaluation.js";
export { detectFinance, readGrade, readRecommendation } from "./detect-finance.js";
