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
