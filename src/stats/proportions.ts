// Rates and differences of rates with honest 95% intervals: Wilson score intervals (no continuity
// correction), Newcombe's hybrid score interval for a difference (method 10), and the pooled
// two-proportion z-test.
import { normalSf, Z95 } from "./normal.js";

export interface RateResult {
  k: number;
  n: number;
  /** null when n is 0. */
  rate: number | null;
  ci: [number, number] | null;
}

export function wilson(k: number, n: number, z = Z95): RateResult {
  checkCounts(k, n);
  if (n === 0) return { k, n, rate: null, ci: null };
  const p = k / n;
  const z2 = z * z;
  const denom = n + z2;
  const center = (k + z2 / 2) / denom;
  const half = (z / denom) * Math.sqrt((k * (n - k)) / n + z2 / 4);
  return { k, n, rate: p, ci: [clamp01(k === 0 ? 0 : center - half), clamp01(k === n ? 1 : center + half)] };
}

export interface DiffResult {
  estimate: number;
  ci: [number, number];
}

/** a - b with Newcombe's hybrid score interval; null when either arm is empty. */
export function newcombe(k1: number, n1: number, k2: number, n2: number, z = Z95): DiffResult | null {
  const a = wilson(k1, n1, z);
  const b = wilson(k2, n2, z);
  if (a.rate === null || b.rate === null || !a.ci || !b.ci) return null;
  const d = a.rate - b.rate;
  const lower = d - Math.sqrt((a.rate - a.ci[0]) ** 2 + (b.ci[1] - b.rate) ** 2);
  const upper = d + Math.sqrt((a.ci[1] - a.rate) ** 2 + (b.rate - b.ci[0]) ** 2);
  return { estimate: d, ci: [Math.max(-1, lower), Math.min(1, upper)] };
}

/** Two-sided pooled two-proportion z-test; null when undefined (an empty arm, or both arms all 0 or all 1). */
export function twoProportionZ(k1: number, n1: number, k2: number, n2: number): number | null {
  checkCounts(k1, n1);
  checkCounts(k2, n2);
  if (n1 === 0 || n2 === 0) return null;
  const pooled = (k1 + k2) / (n1 + n2);
  if (pooled === 0 || pooled === 1) return null;
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = (k1 / n1 - k2 / n2) / se;
  return Math.min(1, 2 * normalSf(Math.abs(z)));
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

export function checkCounts(k: number, n: number): void {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || n < 0 || k > n) throw new RangeError(`expected counts 0 <= k <= n, got ${k}/${n}`);
}
