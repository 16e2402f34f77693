// Every statistic against independently computed reference values. Sources:
// - Newcombe RG (1998a) "Two-sided confidence intervals for the single proportion", Stat Med 17:857–872,
//   Table I, method 3 (Wilson score without continuity correction): 81/263, 15/148, 0/20, 1/29.
// - Newcombe RG (1998b) "Interval estimation for the difference between independent proportions",
//   Stat Med 17:873–890, Table II, method 10 (hybrid score, no continuity correction), examples (a)–(h).
// - SciPy 1.17.1: scipy.stats.fisher_exact (two-sided), scipy.stats.binomtest (two-sided, p = 0.5;
//   = R's binom.test and the exact McNemar test), scipy.stats.chi2_contingency(correction=False)
//   (= R's prop.test(correct = FALSE), whose p equals the pooled two-proportion z-test's),
//   scipy.stats.norm.ppf / cdf / sf, scipy.stats.binomtest(alternative="greater") and
//   scipy.stats.combine_pvalues(method="fisher"). Worked by hand where noted.
// Values printed by those functions to 10–12 significant digits and written down here.
import { describe, expect, it } from "vitest";
import {
  binomialGreater,
  cohensKappa,
  compareProportions,
  fisherCombined,
  fisherExact,
  holm,
  mcnemarExact,
  moverMean,
  newcombe,
  normalCdf,
  normalQuantile,
  normalSf,
  powerCheck,
  sampleSizePerArm,
  twoProportionZ,
  wilson,
} from "../../src/stats/index.js";

const close = (got: number | null | undefined, want: number, digits = 9) => {
  expect(got).not.toBeNull();
  expect(got).toBeCloseTo(want, digits);
};

describe("wilson", () => {
  it.each([
    [81, 263, 0.2552885199, 0.366209577], // Newcombe 1998a Table I: 0.2553, 0.3662
    [15, 148, 0.0623863995, 0.1604872417], // 0.0624, 0.1605
    [0, 20, 0, 0.1611251581], // 0.0000, 0.1611
    [1, 29, 0.0061132143, 0.1717552188], // 0.0061, 0.1718
    [0, 1, 0, 0.7934506856],
    [1, 1, 0.2065493144, 1],
    [5, 5, 0.5655175352, 1],
    [0, 5, 0, 0.4344824648],
    [3, 10, 0.1077912674, 0.6032218525],
  ])("gives the published interval for %i/%i", (k, n, lo, hi) => {
    const r = wilson(k, n);
    expect(r.rate).toBe(k / n);
    close(r.ci![0], lo);
    close(r.ci![1], hi);
  });

  it("has no rate and no interval when n is 0", () => {
    expect(wilson(0, 0)).toEqual({ k: 0, n: 0, rate: null, ci: null });
  });

  it("refuses counts that are not 0 <= k <= n integers", () => {
    expect(() => wilson(3, 2)).toThrow(RangeError);
    expect(() => wilson(-1, 2)).toThrow(RangeError);
    expect(() => wilson(1.5, 2)).toThrow(RangeError);
  });
});

describe("newcombe (method 10)", () => {
  it.each([
    ["(a)", 56, 70, 48, 80, 0.2, 0.0524314724, 0.333872654],
    ["(b)", 9, 10, 3, 10, 0.6, 0.1705227239, 0.8090179735],
    ["(c)", 6, 7, 2, 7, 0.5714285714, 0.0582279275, 0.8062496375],
    ["(d)", 5, 56, 0, 29, 0.0892857143, -0.0381371479, 0.1925600139],
    ["(e)", 0, 10, 0, 20, 0, -0.1611251581, 0.2775327999],
    ["(f)", 0, 10, 0, 10, 0, -0.2775327999, 0.2775327999],
    ["(g)", 10, 10, 0, 20, 1, 0.6790860371, 1],
    ["(h)", 10, 10, 0, 10, 1, 0.6075093504, 1],
  ])("reproduces Newcombe 1998b Table II example %s", (_l, k1, n1, k2, n2, d, lo, hi) => {
    const r = newcombe(k1, n1, k2, n2)!;
    close(r.estimate, d);
    close(r.ci[0], lo);
    close(r.ci[1], hi);
  });

  it("handles n = 1 in both arms", () => {
    const r = newcombe(1, 1, 0, 1)!;
    close(r.ci[0], -0.1221087207);
    expect(r.ci[1]).toBe(1);
  });

  it("is symmetric around zero for equal rates", () => {
    const r = newcombe(7, 20, 7, 20)!;
    expect(r.estimate).toBe(0);
    close(r.ci[0], -0.2750426611);
    close(r.ci[1], 0.2750426611);
  });

  it("is null when an arm is empty", () => {
    expect(newcombe(0, 0, 1, 2)).toBeNull();
  });
});

describe("fisherExact (two-sided)", () => {
  it.each([
    [1, 12, 9, 12, 0.00275945618522], // the classic 2×2 [[1, 11], [9, 3]]
    [3, 4, 1, 4, 0.485714285714], // Fisher's tea tasting, R: fisher.test(matrix(c(3,1,1,3),2)) 0.4857
    [10, 10, 0, 10, 1.08250882245e-5], // all vs none: 2 / C(20,10)
    [15, 50, 25, 50, 0.0655776828542],
    [43, 100, 27, 100, 0.0258216910251],
    [2, 30, 9, 31, 0.042630869824],
  ])("gives SciPy's p for %i/%i vs %i/%i", (k1, n1, k2, n2, p) => {
    close(fisherExact(k1, n1, k2, n2), p, 11);
  });

  it("is 1 for equal rates, 0/n against 0/n, and n = 1", () => {
    expect(fisherExact(7, 20, 7, 20)).toBeCloseTo(1, 12);
    expect(fisherExact(0, 10, 0, 10)).toBe(1);
    expect(fisherExact(1, 1, 0, 1)).toBe(1);
    expect(fisherExact(0, 0, 0, 0)).toBe(1);
  });
});

describe("twoProportionZ (pooled, two-sided)", () => {
  it.each([
    [15, 50, 25, 50, 0.0412268333372], // R prop.test(c(15,25), c(50,50), correct=FALSE): 0.04123
    [43, 100, 27, 100, 0.0176921954212],
    [1, 1, 0, 1, 0.15729920705],
    [0, 10, 3, 10, 0.0602891739906],
    [2, 30, 9, 31, 0.0231190382236],
  ])("gives the chi-squared (no correction) p for %i/%i vs %i/%i", (k1, n1, k2, n2, p) => {
    close(twoProportionZ(k1, n1, k2, n2), p, 11);
  });

  it("is 1 for equal rates", () => {
    close(twoProportionZ(7, 20, 7, 20), 1, 12);
  });

  it("is undefined (null) when both arms are all 0 or all 1, or an arm is empty", () => {
    expect(twoProportionZ(0, 10, 0, 20)).toBeNull();
    expect(twoProportionZ(10, 10, 5, 5)).toBeNull();
    expect(twoProportionZ(0, 0, 1, 2)).toBeNull();
  });
});

describe("mcnemarExact", () => {
  it.each([
    [2, 10, 0.03857421875], // by hand: 2·(1 + 12 + 66)/2^12 = 79/2048
    [0, 12, 0.00048828125], // 2/2^12
    [12, 0, 0.00048828125],
    [3, 17, 0.00257682800293],
    [25, 10, 0.0166738478001],
  ])("matches binom.test(%i, b + c) for B=%i C=%i", (b, c, p) => {
    close(mcnemarExact(b, c), p, 12);
  });

  it("is 1 with no discordant pairs, one pair, or B = C", () => {
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(0, 1)).toBe(1);
    expect(mcnemarExact(1, 1)).toBe(1);
    expect(mcnemarExact(5, 5)).toBe(1);
  });

  it("refuses negative or fractional counts", () => {
    expect(() => mcnemarExact(-1, 2)).toThrow(RangeError);
    expect(() => mcnemarExact(1.5, 2)).toThrow(RangeError);
  });
});

describe("holm", () => {
  it("adjusts a textbook example in input order", () => {
    // p = .01, .04, .03, .005 (m = 4): sorted .005·4 = .02, .01·3 = .03, .03·2 = .06, .04·1 → max(.06, .04) = .06
    const out = holm([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((want, i) => close(out[i], want, 12));
  });

  it("caps at 1 and leaves undefined tests null without counting them", () => {
    expect(holm([0.5, null, 0.6])).toEqual([1, null, 1]);
    expect(holm([0.01, null])).toEqual([0.01, null]);
    expect(holm([])).toEqual([]);
  });
});

describe("sampleSizePerArm", () => {
  it.each([
    [0.5, 0.3, 0.05, 0.8, 93], // 92.9988…
    [0.1, 0.2, 0.05, 0.8, 199], // 198.963…
    [0.6, 0.8, 0.05, 0.8, 82],
    [0.05, 0.1, 0.05, 0.8, 435],
    [0.3, 0.5, 0.01, 0.9, 177],
    [0.2, 0.313, 0.05, 0.8, 234],
    [0, 1, 0.05, 0.8, 2],
  ])("gives the formula's n for p1=%f p2=%f α=%f power=%f", (p1, p2, a, w, n) => {
    expect(sampleSizePerArm(p1, p2, a, w)).toBe(n);
  });

  it("is null for equal rates and refuses out-of-range inputs", () => {
    expect(sampleSizePerArm(0.3, 0.3)).toBeNull();
    expect(() => sampleSizePerArm(1.2, 0.3)).toThrow(RangeError);
    expect(() => sampleSizePerArm(0.2, 0.3, 0)).toThrow(RangeError);
    expect(() => sampleSizePerArm(0.2, 0.3, 0.05, 1)).toThrow(RangeError);
  });

  it("flags a comparison whose arms are smaller than the n its own effect needs", () => {
    expect(powerCheck(0.5, 0.3, 50, 60)).toEqual({ n_needed: 93, underpowered: true });
    expect(powerCheck(0.5, 0.3, 93, 100)).toEqual({ n_needed: 93, underpowered: false });
    expect(powerCheck(0.4, 0.4, 5, 5)).toEqual({ n_needed: null, underpowered: false });
  });
});

describe("normal distribution", () => {
  it("matches SciPy's quantiles and tails", () => {
    close(normalQuantile(0.975), 1.959963984540054, 13);
    close(normalQuantile(0.8), 0.8416212335729143, 13);
    close(normalQuantile(1e-10), -6.361340902404056, 11);
    expect(normalCdf(-8) / 6.22096057427174e-16).toBeCloseTo(1, 10);
    expect(normalSf(8) / 6.22096057427174e-16).toBeCloseTo(1, 10);
    close(normalCdf(1.2345), 0.8914916766373298, 13);
  });
});

describe("compareProportions", () => {
  it("returns the CONTRACTS shape with every statistic", () => {
    const r = compareProportions(15, 50, 25, 50);
    expect(Object.keys(r)).toEqual(["a", "b", "diff", "fisher_p", "z_p"]);
    expect(r.a).toMatchObject({ k: 15, n: 50, rate: 0.3 });
    close(r.diff!.estimate, -0.2, 12);
    close(r.fisher_p, 0.0655776828542, 11);
    close(r.z_p, 0.0412268333372, 11);
  });
});

describe("cohensKappa", () => {
  it("gives 0.4 on the textbook 50-item example (20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no)", () => {
    const pairs: [string, string][] = [
      ...Array.from({ length: 20 }, () => ["yes", "yes"] as [string, string]),
      ...Array.from({ length: 5 }, () => ["yes", "no"] as [string, string]),
      ...Array.from({ length: 10 }, () => ["no", "yes"] as [string, string]),
      ...Array.from({ length: 15 }, () => ["no", "no"] as [string, string]),
    ];
    const r = cohensKappa(pairs);
    close(r.accuracy, 0.7, 12);
    close(r.kappa, 0.4, 12);
    expect(r.confusion.yes).toEqual({ yes: 20, no: 5 });
  });

  it("is 1 for perfect agreement on two labels and undefined when only one label occurs", () => {
    expect(
      cohensKappa([
        ["a", "a"],
        ["b", "b"],
      ]).kappa,
    ).toBe(1);
    expect(
      cohensKappa([
        ["a", "a"],
        ["a", "a"],
      ]).kappa,
    ).toBeNull();
    expect(cohensKappa([]).accuracy).toBeNull();
  });
});

describe("moverMean", () => {
  it("returns one measure unchanged and reduces to Newcombe for one difference", () => {
    const d = newcombe(56, 70, 48, 80)!;
    expect(moverMean([d])).toEqual(d);
  });

  it("averages two measures and combines their half-widths in quadrature", () => {
    const r = moverMean([
      { estimate: 0.2, ci: [0.1, 0.4] },
      { estimate: 0.4, ci: [0.2, 0.5] },
    ])!;
    close(r.estimate, 0.3, 12);
    close(r.ci[0], 0.3 - Math.sqrt(0.05 ** 2 + 0.1 ** 2), 12);
    close(r.ci[1], 0.3 + Math.sqrt(0.1 ** 2 + 0.05 ** 2), 12);
    expect(moverMean([])).toBeNull();
  });
});

describe("binomialGreater (the study's one-sided test against p0 = 0.001)", () => {
  it("matches SciPy's binomtest(alternative='greater')", () => {
    close(binomialGreater(1, 100, 0.001), 0.09520785288629094, 14); // = 1 - 0.999^100 by hand
    close(binomialGreater(2, 100, 0.001), 0.004638068390424184, 14);
    close(binomialGreater(3, 300, 0.001), 0.003571172044713886, 14);
    expect(binomialGreater(40, 100, 0.001) / 1.29643172103731e-92).toBeCloseTo(1, 9);
  });

  it("is 1 for k = 0 and refuses p0 outside (0, 1) or bad counts", () => {
    expect(binomialGreater(0, 50, 0.001)).toBe(1);
    expect(binomialGreater(0, 0, 0.001)).toBe(1);
    expect(() => binomialGreater(1, 10, 0)).toThrow(RangeError);
    expect(() => binomialGreater(11, 10, 0.001)).toThrow(RangeError);
  });
});

describe("fisherCombined (Fisher's method)", () => {
  it("matches SciPy's combine_pvalues(method='fisher')", () => {
    close(fisherCombined([0.05, 0.05]), 0.017478661367769956, 14); // = 0.0025 (1 - ln 0.0025) by hand
    close(fisherCombined([0.2, 0.01, 0.5]), 0.03176629677613493, 13);
    expect(fisherCombined([1e-9, 0.9, 0.3, 0.7])! / 4.0532501133296113e-7).toBeCloseTo(1, 9);
  });

  it("returns one p unchanged, null for none, 0 when any p is 0, and refuses p outside [0, 1]", () => {
    close(fisherCombined([0.3]), 0.3, 14);
    expect(fisherCombined([])).toBeNull();
    expect(fisherCombined([0, 0.5])).toBe(0);
    expect(fisherCombined([1, 1, 1])).toBeCloseTo(1, 12);
    expect(() => fisherCombined([1.2])).toThrow(RangeError);
  });
});
