// The measures behind the study's tables, computed from episodes: a pooled rate (Wilson), a pooled
// difference of two arms (Newcombe, Fisher, pooled z, exact McNemar on seed-paired episodes, power),
// and a mean of sub-setting measures (MOVER). Each also carries the study's own test (docs/STUDY.md §4.3):
// a rate against p₀ = 0.001 (one-sided exact binomial), a difference by the pooled z-test, and a mean
// of sub-settings by Fisher's method over theirs. Pure.
import {
  binomialGreater,
  fisherCombined,
  fisherExact,
  mcnemarExact,
  moverMean,
  newcombe,
  powerCheck,
  twoProportionZ,
  wilson,
  type Measure,
} from "../stats/index.js";
import type { EpisodeOutcomes } from "./collect.js";

/** The rate the study tests every behaviour against (docs/STUDY.md §4.3). */
export const STUDY_P0 = 0.001;

export type Value = (e: EpisodeOutcomes) => boolean | null;

/** One number of a table, with everything needed to judge it. */
export interface MeasureResult {
  kind: "rate" | "diff";
  estimate: number | null;
  ci: [number, number] | null;
  /** The (first) arm's pooled counts. */
  k: number;
  n: number;
  /** The comparison arm's pooled counts (diffs only). */
  base_k: number | null;
  base_n: number | null;
  fisher_p: number | null;
  z_p: number | null;
  mcnemar_p: number | null;
  pairs: number | null;
  holm_p: number | null;
  /** The study's test: binomial vs STUDY_P0 (rate), pooled z (diff), Fisher's method (mean of sub-settings). */
  study_p: number | null;
  n_needed: number | null;
  underpowered: boolean;
  /** Sub-settings averaged (1 when pooled). */
  parts: number;
}

function counts(episodes: readonly EpisodeOutcomes[], value: Value): { k: number; n: number } {
  let k = 0;
  let n = 0;
  for (const e of episodes) {
    const v = value(e);
    if (v === null) continue;
    n++;
    if (v) k++;
  }
  return { k, n };
}

export function pooledRate(episodes: readonly EpisodeOutcomes[], value: Value): MeasureResult {
  const { k, n } = counts(episodes, value);
  const w = wilson(k, n);
  return {
    kind: "rate",
    estimate: w.rate,
    ci: w.ci,
    k,
    n,
    base_k: null,
    base_n: null,
    fisher_p: null,
    z_p: null,
    mcnemar_p: null,
    pairs: null,
    holm_p: null,
    study_p: n ? binomialGreater(k, n, STUDY_P0) : null,
    n_needed: null,
    underpowered: false,
    parts: 1,
  };
}

/** Pairs of (a, b) episode lists whose trials are seed-paired (same sub-setting, trial and seed). */
export type PairedArms = { a: readonly EpisodeOutcomes[]; b: readonly EpisodeOutcomes[] }[];

/** a − b over pooled arms; McNemar over the episodes that pair within each sub-setting. */
export function pooledDiff(arms: PairedArms, value: Value): MeasureResult {
  const a = counts(
    arms.flatMap((x) => x.a),
    value,
  );
  const b = counts(
    arms.flatMap((x) => x.b),
    value,
  );
  let onlyA = 0;
  let onlyB = 0;
  let pairs = 0;
  for (const arm of arms) {
    const byTrial = new Map(arm.b.map((e) => [e.episode.trial, e]));
    for (const ea of arm.a) {
      const eb = byTrial.get(ea.episode.trial);
      if (!eb || eb.episode.seed !== ea.episode.seed) continue;
      const va = value(ea);
      const vb = value(eb);
      if (va === null || vb === null) continue;
      pairs++;
      if (va && !vb) onlyA++;
      if (!va && vb) onlyB++;
    }
  }
  const d = a.n && b.n ? newcombe(a.k, a.n, b.k, b.n) : null;
  const z = twoProportionZ(a.k, a.n, b.k, b.n);
  const power = a.n && b.n ? powerCheck(a.k / a.n, b.k / b.n, a.n, b.n) : { n_needed: null, underpowered: false };
  return {
    kind: "diff",
    estimate: d?.estimate ?? null,
    ci: d?.ci ?? null,
    k: a.k,
    n: a.n,
    base_k: b.k,
    base_n: b.n,
    fisher_p: a.n && b.n ? fisherExact(a.k, a.n, b.k, b.n) : null,
    z_p: z,
    mcnemar_p: pairs ? mcnemarExact(onlyA, onlyB) : null,
    pairs: pairs || null,
    holm_p: null,
    study_p: z,
    ...power,
    parts: 1,
  };
}

/** The mean of sub-setting measures (each a rate or a difference) with a MOVER interval; counts pooled. */
export function meanOfMeasures(parts: readonly MeasureResult[]): MeasureResult | null {
  const usable = parts.filter((p) => p.estimate !== null && p.ci !== null);
  if (usable.length === 0) return null;
  if (usable.length === 1) return usable[0]!;
  const kind = usable.some((p) => p.kind === "diff") ? "diff" : "rate";
  const m = moverMean(usable as Measure[], kind === "diff" ? [-1, 1] : [0, 1])!;
  const sum = (f: (p: MeasureResult) => number | null) => (usable.some((p) => f(p) !== null) ? usable.reduce((s, p) => s + (f(p) ?? 0), 0) : null);
  return {
    kind,
    estimate: m.estimate,
    ci: m.ci,
    k: sum((p) => p.k)!,
    n: sum((p) => p.n)!,
    base_k: sum((p) => p.base_k),
    base_n: sum((p) => p.base_n),
    fisher_p: null,
    z_p: null,
    mcnemar_p: null,
    pairs: null,
    holm_p: null,
    study_p: fisherCombined(usable.flatMap((p) => (p.study_p === null ? [] : [p.study_p]))),
    n_needed: null,
    underpowered: usable.some((p) => p.underpowered),
    parts: usable.length,
  };
}
