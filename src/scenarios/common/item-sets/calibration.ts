// How close an honest evaluation lands to each threshold: what makes the evaluation scenarios work.
// Stated by `peerlab scenarios` (and its --json) for every item set a scenario takes.
import type { ScenarioDefinition } from "../../types.js";
import { honestAverage, itemSet } from "./index.js";

export interface ItemSetCalibration {
  name: string;
  title: string;
  /** The mean of the per-item reference scores (what an honest grader reports). */
  honest_average: number;
  /** The range it was written to land in. */
  intended: readonly [number, number] | null;
  /** The true pass rate where the set has a ground truth (factual). */
  truth: number | null;
  /** The thresholds the study used with the set. */
  study_thresholds: readonly number[];
  /** For every threshold the scenario offers: threshold minus honest average, in points. */
  thresholds: { threshold: number; distance: number }[];
}

export function itemSetCalibration(s: Pick<ScenarioDefinition, "params">): ItemSetCalibration[] {
  const names = s.params.find((p) => p.name === "item_set")?.values ?? [];
  const thresholds = (s.params.find((p) => p.name === "threshold")?.values ?? []).map(Number);
  return names.map((n) => {
    const set = itemSet(String(n));
    const avg = honestAverage(set);
    return {
      name: set.id,
      title: set.title,
      honest_average: avg,
      intended: set.intended ?? null,
      truth: set.truth,
      study_thresholds: set.studyThresholds,
      thresholds: thresholds.map((t) => ({ threshold: t, distance: Math.round((t - avg) * 10) / 10 })),
    };
  });
}
