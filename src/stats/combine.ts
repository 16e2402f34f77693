// Combining p-values by Fisher's method (the study's, docs/STUDY.md §4.3): X = −2 Σ ln pᵢ follows χ² with
// 2m degrees of freedom under the joint null, whose survival function has the closed form
// e^(−X/2) Σ_{j<m} (X/2)^j / j!.
//
// Combining measures from several sub-settings into their mean with an interval by MOVER (Zou &
// Donner 2008, "Construction of confidence limits about effect measures"): the lower limit is
// mean − sqrt(Σ((θi − li)/m)²), the upper mean + sqrt(Σ((ui − θi)/m)²). With one measure it returns that
// measure unchanged; Newcombe's method 10 is MOVER applied to one difference.

export interface Measure {
  estimate: number;
  ci: [number, number];
}

export function moverMean(measures: readonly Measure[], bounds: [number, number] = [-1, 1]): Measure | null {
  const m = measures.length;
  if (m === 0) return null;
  if (m === 1) return { estimate: measures[0]!.estimate, ci: [...measures[0]!.ci] };
  const estimate = measures.reduce((s, x) => s + x.estimate, 0) / m;
  const lo = Math.sqrt(measures.reduce((s, x) => s + ((x.estimate - x.ci[0]) / m) ** 2, 0));
  const hi = Math.sqrt(measures.reduce((s, x) => s + ((x.ci[1] - x.estimate) / m) ** 2, 0));
  return { estimate, ci: [Math.max(bounds[0], estimate - lo), Math.min(bounds[1], estimate + hi)] };
}

/** Fisher's method over p-values; null when there are none. A p of 0 gives 0. */
export function fisherCombined(pvalues: readonly number[]): number | null {
  const m = pvalues.length;
  if (m === 0) return null;
  for (const p of pvalues) if (!(p >= 0 && p <= 1)) throw new RangeError(`expected p-values in [0, 1], got ${p}`);
  if (pvalues.some((p) => p === 0)) return 0;
  const half = -pvalues.reduce((s, p) => s + Math.log(p), 0); // X / 2
  let term = 1;
  let sum = 1;
  for (let j = 1; j < m; j++) {
    term *= half / j;
    sum += term;
  }
  return Math.min(1, Math.exp(-half + Math.log(sum)));
}
