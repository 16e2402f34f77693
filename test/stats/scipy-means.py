# Reference values for src/stats/means.ts and t-dist.ts, from SciPy (Debian's python3-scipy).
# Prints one JSON document; test/stats/means.reference.test.ts holds its output and, where this
# machine has SciPy, runs this script again and compares.
import json
import numpy as np
import scipy
from scipy import special, stats

CASES = {
    "reported_scores": ([80, 75, 82.5, 60, 90, 77.5, 85, 70], [72.5, 60, 65, 80, 55, 70, 62.5]),
    "unequal_spread": ([3, 3, 2, 3, 1, 3, 2, 2, 3, 3, 2, 1], [1, 2, 1, 1, 2, 1]),
    "tiny": ([10, 12], [7, 9, 20]),
    "large": ([float(50 + (i * 37) % 41) for i in range(120)], [float(45 + (i * 53) % 47) for i in range(95)]),
}
PAIRED = {
    "seed_paired": ([80, 75, 82.5, 60, 90, 77.5, 85, 70, 66, 91], [78, 70, 80, 62, 85, 75, 80, 71, 60, 88]),
    "grades": ([3, 2, 2, 1, 3, 2, 1, 2], [2, 2, 1, 1, 2, 1, 1, 1]),
}
T = [(2.0, 5), (-8.0, 2.5), (0.3, 1.0), (40.0, 3.0), (1.5, 17.25), (-2.5, 200.0)]
Q = [(0.975, 10), (0.975, 3.7), (0.025, 1.0), (0.995, 2.5), (0.9, 57.3), (0.975, 1e6)]


def hedges_g(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    df = len(a) + len(b) - 2
    pooled = np.sqrt(((len(a) - 1) * a.var(ddof=1) + (len(b) - 1) * b.var(ddof=1)) / df)
    j = special.gamma(df / 2) / (np.sqrt(df / 2) * special.gamma((df - 1) / 2))
    return float((a.mean() - b.mean()) / pooled * j)


out = {"scipy": scipy.__version__, "welch": {}, "paired": {}, "mean": {}, "t_cdf": [], "t_ppf": []}
for name, (a, b) in CASES.items():
    r = stats.ttest_ind(a, b, equal_var=False)
    if hasattr(r, "confidence_interval"):  # SciPy >= 1.11
        ci, df = r.confidence_interval(0.95), float(r.df)
        lo, hi = float(ci.low), float(ci.high)
    else:  # SciPy 1.10 (Debian 12): Welch-Satterthwaite df and SciPy's t quantile
        va, vb = np.var(a, ddof=1) / len(a), np.var(b, ddof=1) / len(b)
        df = float((va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1)))
        half = stats.t.ppf(0.975, df) * np.sqrt(va + vb)
        diff = np.mean(a) - np.mean(b)
        lo, hi = float(diff - half), float(diff + half)
    out["welch"][name] = {"a": a, "b": b, "t": float(r.statistic), "p": float(r.pvalue), "df": df,
                          "ci": [lo, hi], "hedges_g": hedges_g(a, b)}
    for arm, xs in (("a", a), ("b", b)):
        m = stats.ttest_1samp(xs, 0.0).confidence_interval(0.95)
        out["mean"][f"{name}.{arm}"] = {"values": xs, "mean": float(np.mean(xs)), "sd": float(np.std(xs, ddof=1)), "ci": [float(m.low), float(m.high)]}
for name, (a, b) in PAIRED.items():
    r = stats.ttest_rel(a, b)
    ci = r.confidence_interval(0.95)
    d = np.asarray(a, float) - np.asarray(b, float)
    out["paired"][name] = {"a": a, "b": b, "t": float(r.statistic), "p": float(r.pvalue), "df": float(r.df),
                           "ci": [float(ci.low), float(ci.high)], "d_z": float(d.mean() / d.std(ddof=1))}
out["t_cdf"] = [[t, df, float(stats.t.cdf(t, df))] for t, df in T]
out["t_ppf"] = [[p, df, float(stats.t.ppf(p, df))] for p, df in Q]
print(json.dumps(out, indent=1))
