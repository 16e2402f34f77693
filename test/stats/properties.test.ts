// Properties every interval and adjustment must have, over many random inputs (fast-check).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fisherExact, holm, mcnemarExact, newcombe, twoProportionZ, wilson } from "../../src/stats/index.js";

const counts = fc.integer({ min: 1, max: 400 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
const eps = 1e-12;

describe("statistics properties", () => {
  it("a Wilson interval lies in [0, 1] and contains the estimate", () => {
    fc.assert(
      fc.property(counts, ([k, n]) => {
        const { rate, ci } = wilson(k, n);
        expect(ci![0]).toBeGreaterThanOrEqual(0);
        expect(ci![1]).toBeLessThanOrEqual(1);
        expect(ci![0]).toBeLessThanOrEqual(rate! + eps);
        expect(ci![1]).toBeGreaterThanOrEqual(rate! - eps);
      }),
    );
  });

  it("Wilson intervals mirror: k/n and (n−k)/n are reflections", () => {
    fc.assert(
      fc.property(counts, ([k, n]) => {
        const a = wilson(k, n).ci!;
        const b = wilson(n - k, n).ci!;
        expect(a[0]).toBeCloseTo(1 - b[1], 10);
        expect(a[1]).toBeCloseTo(1 - b[0], 10);
      }),
    );
  });

  it("a Newcombe interval contains the difference, lies in [−1, 1] and flips sign when the arms swap", () => {
    fc.assert(
      fc.property(counts, counts, ([k1, n1], [k2, n2]) => {
        const d = newcombe(k1, n1, k2, n2)!;
        const r = newcombe(k2, n2, k1, n1)!;
        expect(d.ci[0]).toBeLessThanOrEqual(d.estimate + eps);
        expect(d.ci[1]).toBeGreaterThanOrEqual(d.estimate - eps);
        expect(d.ci[0]).toBeGreaterThanOrEqual(-1);
        expect(d.ci[1]).toBeLessThanOrEqual(1);
        expect(r.ci[0]).toBeCloseTo(-d.ci[1], 10);
        expect(r.ci[1]).toBeCloseTo(-d.ci[0], 10);
      }),
    );
  });

  it("Fisher, z and McNemar p-values are probabilities and symmetric in the arms", () => {
    fc.assert(
      fc.property(counts, counts, ([k1, n1], [k2, n2]) => {
        const f = fisherExact(k1, n1, k2, n2);
        expect(f).toBeGreaterThan(0);
        expect(f).toBeLessThanOrEqual(1);
        expect(fisherExact(k2, n2, k1, n1)).toBeCloseTo(f, 10);
        const z = twoProportionZ(k1, n1, k2, n2);
        if (z !== null) expect(twoProportionZ(k2, n2, k1, n1)).toBeCloseTo(z, 12);
        const m = mcnemarExact(k1, k2);
        expect(m).toBeGreaterThan(0);
        expect(m).toBeLessThanOrEqual(1);
        expect(mcnemarExact(k2, k1)).toBe(m);
      }),
    );
  });

  it("Holm-adjusted p-values are at least the raw ones, at most 1, and monotone in the raw order", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }), (ps) => {
        const adj = holm(ps) as number[];
        ps.forEach((p, i) => {
          expect(adj[i]).toBeGreaterThanOrEqual(p);
          expect(adj[i]).toBeLessThanOrEqual(1);
        });
        const order = ps.map((_p, i) => i).sort((a, b) => ps[a]! - ps[b]! || a - b);
        for (let i = 1; i < order.length; i++) expect(adj[order[i]!]).toBeGreaterThanOrEqual(adj[order[i - 1]!]!);
      }),
    );
  });
});
