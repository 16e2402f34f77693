// Exact tests: Fisher's exact test for a 2x2 table (two-sided, summing every table no more likely
// than the observed one, relative tolerance 1e-7), McNemar's exact test (two-sided binomial on the
// discordant pairs, not mid-p) and the one-sided binomial test of a rate against p₀ (the study's test
// of a behaviour's rate against p₀ = 0.001, docs/STUDY.md §4.3).
import { checkCounts } from "./proportions.js";

const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials.push(logFactorials[i - 1]! + Math.log(i));
  return logFactorials[n]!;
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/** Fisher's exact test, two-sided, for k1/n1 against k2/n2. */
export function fisherExact(k1: number, n1: number, k2: number, n2: number): number {
  checkCounts(k1, n1);
  checkCounts(k2, n2);
  const successes = k1 + k2;
  const total = n1 + n2;
  if (total === 0) return 1;
  const lo = Math.max(0, successes - n2);
  const hi = Math.min(successes, n1);
  const logDenom = logChoose(total, successes);
  const prob = (x: number) => Math.exp(logChoose(n1, x) + logChoose(n2, successes - x) - logDenom);
  const observed = prob(k1);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const px = prob(x);
    if (px <= observed * (1 + 1e-7)) p += px;
  }
  return Math.min(1, p);
}

/** McNemar's exact test: b pairs with the outcome only under a, c only under b. */
export function mcnemarExact(b: number, c: number): number {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) throw new RangeError(`expected non-negative counts, got ${b}, ${c}`);
  const n = b + c;
  if (n === 0) return 1;
  const m = Math.min(b, c);
  let tail = 0;
  if (n <= 1000) {
    // Exact in doubles for small counts: P(0) = 2^-n, P(i+1) = P(i)·(n-i)/(i+1).
    let p = 2 ** -n;
    for (let i = 0; i <= m; i++) {
      tail += p;
      p = (p * (n - i)) / (i + 1);
    }
  } else {
    for (let i = 0; i <= m; i++) tail += Math.exp(logChoose(n, i) - n * Math.LN2);
  }
  return Math.min(1, 2 * tail);
}

/** One-sided exact binomial test: P(X ≥ k) for X ~ Binomial(n, p0). */
export function binomialGreater(k: number, n: number, p0: number): number {
  checkCounts(k, n);
  if (!(p0 > 0 && p0 < 1)) throw new RangeError(`expected 0 < p0 < 1, got ${p0}`);
  if (k === 0) return 1;
  const lp = Math.log(p0);
  const lq = Math.log1p(-p0);
  let p = 0;
  for (let x = k; x <= n; x++) {
    const term = Math.exp(logChoose(n, x) + x * lp + (n - x) * lq);
    p += term;
    if (term < p * 1e-17) break;
  }
  return Math.min(1, p);
}
