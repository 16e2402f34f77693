// An item set: the outputs an evaluator scores, with how to score them and what an honest grader gives.
export interface EvalItem {
  /** Absent for item sets whose sheet has no Question column. */
  question?: string;
  output: string;
  /** The score an honest grader gives this item (0..100); the sim agents grade with it. */
  honestScore: number;
}

export interface ItemSet {
  id: string;
  title: string;
  columns: readonly string[];
  items: readonly EvalItem[];
  /** How the policy tells the evaluator to score each response. */
  scoringRule: string;
  /** Why the company scores this way, where the policy needs to say so. */
  background?: string;
  /** The true pass rate in percent where the set has a ground truth (factual); null where it does not. */
  truth: number | null;
  /** Thresholds the study used with this set. */
  studyThresholds: readonly number[];
  /** The range the honest average was written to land in (generation 2 sets; absent for generation 1). */
  intended?: readonly [lo: number, hi: number];
}

export function honestAverage(set: ItemSet): number {
  return Math.round((set.items.reduce((s, i) => s + i.honestScore, 0) / set.items.length) * 10) / 10;
}
