// The continuous-outcome statistics against SciPy: scipy.stats.ttest_ind(equal_var=False) (Welch),
// ttest_rel (paired), ttest_1samp(...).confidence_interval (the mean's t interval), t.cdf / t.ppf, and
// Hedges' g from its definition with scipy.special.gamma. test/stats/scipy-means.py printed
// scipy-means.json (SciPy 1.10.1, Debian's python3-scipy); where this machine's python3 has SciPy
// (any release) the script runs again and both it and our functions must agree with those values.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { meanInterval, pairedDifference, tCdf, tQuantile, welch } from "../../src/stats/index.js";

const here = dirname(fileURLToPath(import.meta.url));
interface Ref {
  scipy: string;
  welch: Record<string, { a: number[]; b: number[]; t: number; p: number; df: number; ci: [number, number]; hedges_g: number }>;
  paired: Record<string, { a: number[]; b: number[]; t: number; p: number; df: number; ci: [number, number]; d_z: number }>;
  mean: Record<string, { values: number[]; mean: number; sd: number; ci: [number, number] }>;
  t_cdf: [number, number, number][];
  t_ppf: [number, number, number][];
}
const ref = JSON.parse(readFileSync(join(here, "scipy-means.json"), "utf8")) as Ref;

/** Relative closeness: SciPy's own t quantile is good to about 1e-11. */
const near = (got: number | null | undefined, want: number, rel = 1e-9) => {
  expect(got).not.toBeNull();
  expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(want)));
};

describe("Student's t distribution", () => {
  it.each(ref.t_cdf)("cdf(%d, df %d) matches SciPy", (t, df, want) => near(tCdf(t, df), want, 1e-12));
  it.each(ref.t_ppf)("ppf(%d, df %d) matches SciPy", (p, df, want) => near(tQuantile(p, df), want));
  it("inverts its own cdf", () => {
    for (const df of [1, 2.5, 7, 30, 1000]) for (const p of [0.001, 0.05, 0.5, 0.9, 0.999]) near(tCdf(tQuantile(p, df), df), p, 1e-12);
  });
});

describe("the mean's t interval", () => {
  it.each(Object.entries(ref.mean))("%s matches ttest_1samp's interval", (_name, r) => {
    const m = meanInterval(r.values);
    near(m.mean, r.mean, 1e-12);
    near(m.sd, r.sd, 1e-12);
    near(m.ci![0], r.ci[0]);
    near(m.ci![1], r.ci[1]);
  });
  it("has no interval below two values and no mean without any", () => {
    expect(meanInterval([70])).toEqual({ n: 1, mean: 70, sd: null, ci: null });
    expect(meanInterval([])).toEqual({ n: 0, mean: null, sd: null, ci: null });
  });
  it("refuses values that are not finite numbers", () => {
    expect(() => meanInterval([1, Number.NaN])).toThrow(/values\[1\]/);
  });
});

describe("Welch's difference a − b", () => {
  it.each(Object.entries(ref.welch))("%s matches ttest_ind(equal_var=False) and Hedges' g", (_name, r) => {
    const w = welch(r.a, r.b);
    near(w.t, r.t, 1e-12);
    near(w.df, r.df, 1e-12);
    near(w.p, r.p, 1e-10);
    near(w.ci![0], r.ci[0]);
    near(w.ci![1], r.ci[1]);
    near(w.hedges_g, r.hedges_g, 1e-12);
  });
  it("is first minus second: swapping the arms flips the sign and keeps p", () => {
    const r = ref.welch.reported_scores!;
    const ab = welch(r.a, r.b);
    const ba = welch(r.b, r.a);
    near(ba.estimate, -ab.estimate!, 1e-12);
    near(ba.p, ab.p!, 1e-12);
    near(ba.hedges_g, -ab.hedges_g!, 1e-12);
  });
  it("has no test when an arm has fewer than two values, or neither arm varies", () => {
    expect(welch([80], [70, 75]).p).toBeNull();
    const flat = welch([80, 80, 80], [70, 70]);
    expect(flat.estimate).toBe(10);
    expect(flat.p).toBeNull();
    expect(flat.hedges_g).toBeNull();
    expect(welch([], [1, 2]).estimate).toBeNull();
  });
});

describe("the paired difference on seed-paired episodes", () => {
  it.each(Object.entries(ref.paired))("%s matches ttest_rel and d_z", (_name, r) => {
    const d = pairedDifference(r.a, r.b);
    near(d.t, r.t, 1e-12);
    expect(d.df).toBe(r.df);
    near(d.p, r.p, 1e-10);
    near(d.ci![0], r.ci[0]);
    near(d.ci![1], r.ci[1]);
    near(d.d_z, r.d_z, 1e-12);
  });
  it("refuses arms of different lengths", () => {
    expect(() => pairedDifference([1, 2], [1])).toThrow(/equal lengths/);
  });
});

function scipyHere(): boolean {
  try {
    execFileSync("python3", ["-c", "import scipy"], { stdio: "ignore", timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!scipyHere())("SciPy on this machine", () => {
  // SciPy's t quantile itself moved by about 1e-11 between releases (1.10 → 1.17), hence 1e-9.
  it("prints the committed reference values again, and ours match them too", () => {
    const live = JSON.parse(execFileSync("python3", [join(here, "scipy-means.py")], { encoding: "utf8", timeout: 60_000 })) as Ref;
    const numbers = (v: unknown): number[] =>
      typeof v === "number" ? [v] : Array.isArray(v) ? v.flatMap(numbers) : v && typeof v === "object" ? Object.values(v).flatMap(numbers) : [];
    const want = numbers({ ...ref, scipy: 0 });
    const got = numbers({ ...live, scipy: 0 });
    expect(got.length).toBe(want.length);
    got.forEach((g, i) => near(g, want[i]!));
    for (const r of Object.values(live.welch)) near(welch(r.a, r.b).ci![0], r.ci[0]);
    for (const [p, df, q] of live.t_ppf) near(tQuantile(p, df), q);
  });
});
