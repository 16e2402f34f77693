// Continuous outcomes (a reported score, grade points): the mean with its t interval, Welch's
// difference between independent arms, the paired difference on seed-paired episodes, and effect sizes
// (Hedges' g for independent arms, d_z for pairs). Intervals are 95% unless a level is given.
// Conventions match SciPy: ttest_ind(equal_var=False), ttest_rel, and their confidence_interval().
import { lnGamma, tQuantile, tTwoSidedP } from "./t-dist.js";

export interface MeanResult {
  n: number;
  mean: number | null;
  /** Sample standard deviation (n − 1 in the denominator); null below two values. */
  sd: number | null;
  /** The t interval of the mean; null below two values (zero width when every value is equal). */
  ci: [number, number] | null;
}

export interface DifferenceResult {
  /** First minus second (a − b), as everywhere in peerlab; null when an arm has no value. */
  estimate: number | null;
  ci: [number, number] | null;
  t: number | null;
  df: number | null;
  /** Two-sided p; null where the test is undefined (too few values, or no variance at all). */
  p: number | null;
}

export interface WelchResult extends DifferenceResult {
  a: MeanResult;
  b: MeanResult;
  /** Hedges' g: the standardised difference with the small-sample correction; null where undefined. */
  hedges_g: number | null;
}

export interface PairedResult extends DifferenceResult {
  /** Number of complete pairs. */
  n: number;
  /** d_z: mean difference over the standard deviation of the differences; null where undefined. */
  d_z: number | null;
}

function checkFinite(values: readonly number[], what: string): void {
  for (const [i, v] of values.entries()) if (!Number.isFinite(v)) throw new RangeError(`${what}[${i}] must be a finite number, got ${v}`);
}

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
}

function meanOf(xs: readonly number[]): number {
  // Kahan-free but two-pass: fine for the sizes of a cell (hundreds of episodes).
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function varianceOf(xs: readonly number[], mean: number): number {
  let s = 0;
  for (const x of xs) s += (x - mean) ** 2;
  return s / (xs.length - 1);
}

/** The mean of the values with its t interval. */
export function meanInterval(values: readonly number[], level = 0.95): MeanResult {
  checkFinite(values, "values");
  checkLevel(level);
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null, ci: null };
  const mean = meanOf(values);
  if (n < 2) return { n, mean, sd: null, ci: null };
  const sd = Math.sqrt(varianceOf(values, mean));
  const half = tQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, ci: [mean - half, mean + half] };
}

/** Welch's unequal-variance t interval and test for mean(a) − mean(b), with Hedges' g. */
export function welch(a: readonly number[], b: readonly number[], level = 0.95): WelchResult {
  checkFinite(a, "a");
  checkFinite(b, "b");
  checkLevel(level);
  const ma = meanInterval(a, level);
  const mb = meanInterval(b, level);
  const empty = { a: ma, b: mb, ci: null, t: null, df: null, p: null, hedges_g: null };
  if (ma.mean === null || mb.mean === null) return { ...empty, estimate: null };
  const estimate = ma.mean - mb.mean;
  if (ma.sd === null || mb.sd === null) return { ...empty, estimate };
  const va = ma.sd ** 2 / a.length;
  const vb = mb.sd ** 2 / b.length;
  const se = Math.sqrt(va + vb);
  const g = hedgesG(a.length, ma.sd, b.length, mb.sd, estimate);
  if (se === 0) return { ...empty, estimate, hedges_g: g };
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const t = estimate / se;
  const half = tQuantile(1 - (1 - level) / 2, df) * se;
  return { a: ma, b: mb, estimate, ci: [estimate - half, estimate + half], t, df, p: tTwoSidedP(t, df), hedges_g: g };
}

/**
 * Hedges' g: Cohen's d on the pooled standard deviation times the exact small-sample correction
 * J(df) = Γ(df/2) / (√(df/2) · Γ((df − 1)/2)), df = na + nb − 2 (Hedges 1981).
 */
function hedgesG(na: number, sa: number, nb: number, sb: number, diff: number): number | null {
  const df = na + nb - 2;
  if (df < 2) return null;
  const pooled = Math.sqrt(((na - 1) * sa ** 2 + (nb - 1) * sb ** 2) / df);
  if (pooled === 0) return null;
  const j = Math.exp(lnGamma(df / 2) - lnGamma((df - 1) / 2)) / Math.sqrt(df / 2);
  return (diff / pooled) * j;
}

/**
 * The paired difference mean(a − b) over pairs (a[i], b[i]) — seed-paired episodes of two conditions —
 * with its t interval, the paired t-test and d_z.
 */
export function pairedDifference(a: readonly number[], b: readonly number[], level = 0.95): PairedResult {
  if (a.length !== b.length) throw new RangeError(`paired values need equal lengths, got ${a.length} and ${b.length}`);
  checkFinite(a, "a");
  checkFinite(b, "b");
  checkLevel(level);
  const diffs = a.map((x, i) => x - b[i]!);
  const m = meanInterval(diffs, level);
  const n = diffs.length;
  if (m.mean === null) return { n, estimate: null, ci: null, t: null, df: null, p: null, d_z: null };
  if (m.sd === null || m.sd === 0) return { n, estimate: m.mean, ci: m.ci, t: null, df: m.sd === null ? null : n - 1, p: null, d_z: null };
  const t = m.mean / (m.sd / Math.sqrt(n));
  return { n, estimate: m.mean, ci: m.ci, t, df: n - 1, p: tTwoSidedP(t, n - 1), d_z: m.mean / m.sd };
}
