// The `stats compare` calculator: two rates with Wilson intervals, their difference a − b with the
// Newcombe interval, Fisher's exact p and the pooled z-test p, in the shape docs/INTERFACES.md fixes.
import { fisherExact } from "./exact.js";
import { newcombe, twoProportionZ, wilson } from "./proportions.js";

export interface CompareResult {
  a: { k: number; n: number; rate: number | null; ci: [number, number] | null };
  b: { k: number; n: number; rate: number | null; ci: [number, number] | null };
  diff: { estimate: number; ci: [number, number] } | null;
  fisher_p: number;
  z_p: number | null;
}

export function compareProportions(k1: number, n1: number, k2: number, n2: number): CompareResult {
  const a = wilson(k1, n1);
  const b = wilson(k2, n2);
  return {
    a: { k: a.k, n: a.n, rate: a.rate, ci: a.ci },
    b: { k: b.k, n: b.n, rate: b.rate, ci: b.ci },
    diff: newcombe(k1, n1, k2, n2),
    fisher_p: fisherExact(k1, n1, k2, n2),
    z_p: twoProportionZ(k1, n1, k2, n2),
  };
}
