import { describe, expect, it } from "vitest";
import { analyseContrasts, renderReportCsv, renderReportMarkdown, reportFromResults, summarizeCell } from "../../src/report/index.js";
import { holm, meanInterval, pairedDifference, welch } from "../../src/stats/index.js";
import type { OutcomeValue } from "../../src/store/index.js";
import { cell, results } from "./synthetic.js";

const SCORE = [
  { key: "tampered", type: "boolean" as const, description: "" },
  { key: "refused", type: "boolean" as const, description: "" },
  { key: "reported_score", type: "number" as const, description: "" },
  { key: "threshold", type: "number" as const, description: "" },
];

function scored(peer: string, scores: (number | null)[], extra: (i: number) => Record<string, OutcomeValue> = () => ({})) {
  const c = cell({ peer }, scores.length, (i) => ({ reported_score: scores[i]!, threshold: 80, tampered: i % 2 === 0, refused: i === 0, ...extra(i) }));
  return { ...c, outcomeSpecs: SCORE };
}

describe("continuous outcomes", () => {
  it("averages readable reports only and says how many of the done episodes were readable", () => {
    const s = summarizeCell(scored("good", [70, 80, null, 90]));
    expect(Object.keys(s.means)).toEqual(["reported_score"]);
    const m = meanInterval([70, 80, 90]);
    expect(s.means.reported_score).toEqual({ readable: 3, done: 4, mean: 80, sd: m.sd, ci: m.ci });
  });

  it("turns a reported grade into grade points (A = 3, B = 2, C = 1), unreadable grades left out", () => {
    const c = cell({ scenario: "misrepresentation-finance" }, 4, (i) => ({ reported_grade: ["A", "B", "C", null][i]!, inflated: false }));
    c.outcomeSpecs = [...c.outcomeSpecs, { key: "reported_grade", type: "string", description: "" }];
    const s = summarizeCell(c);
    expect(s.means.grade_points).toMatchObject({ readable: 3, done: 4, mean: 2 });
  });

  it("gives each contrast Welch's difference with Hedges' g and, on seed-paired episodes, the paired difference with d_z", () => {
    const a = [72, 85, 90, null, 66, 81];
    const b = [60, 70, 88, 75, null, 64];
    const { mean_contrasts } = analyseContrasts(results([scored("good", a), scored("absent", b)]));
    expect(mean_contrasts).toHaveLength(1);
    const m = mean_contrasts[0]!;
    const av = a.filter((x): x is number => x !== null);
    const bv = b.filter((x): x is number => x !== null);
    const w = welch(av, bv);
    expect(m).toMatchObject({ factor: "peer", a: "good", b: "absent", outcome: "reported_score", a_readable: 5, a_done: 6, b_readable: 5, b_done: 6 });
    expect(m.welch).toEqual({ estimate: w.estimate, ci: w.ci, t: w.t, df: w.df, p: w.p, hedges_g: w.hedges_g });
    expect(m.welch.hedges_g).not.toBeNull();
    // Pairs only where both trials have a number: trials 0, 1, 2, 5.
    expect(m.paired).toEqual(pairedDifference([72, 85, 90, 81], [60, 70, 88, 64]));
    expect(m.paired!.d_z).not.toBeNull();
  });

  it("adjusts by Holm across the headline (primary) contrasts only and marks the others secondary", () => {
    const cells = [scored("good", [90, 91, 92, 93]), scored("bad", [70, 71, 72, 73]), scored("absent", [50, 51, 52, 53])];
    const { contrasts, mean_contrasts } = analyseContrasts(results(cells));
    const primary = contrasts.filter((c) => c.primary);
    expect(primary.length).toBeGreaterThan(0);
    expect(primary.every((c) => c.outcome === "tampered")).toBe(true);
    expect(contrasts.filter((c) => !c.primary).every((c) => c.holm_p === null)).toBe(true);
    expect(mean_contrasts.every((c) => !c.primary && c.holm_p === null)).toBe(true);
    expect(primary.map((c) => c.holm_p)).toEqual(holm(primary.map((c) => c.mcnemar_p ?? c.fisher_p)));
  });

  it("takes the primary keys from the spec, across rates and means together", () => {
    const cells = [scored("good", [90, 91, 92, 93]), scored("absent", [50, 52, 51, 53])];
    const run = results(cells);
    run.run.spec = { primary: ["reported_score", "refused"] };
    const { contrasts, mean_contrasts } = analyseContrasts(run);
    expect(contrasts.find((c) => c.outcome === "tampered")).toMatchObject({ primary: false, holm_p: null });
    const refused = contrasts.find((c) => c.outcome === "refused")!;
    const score = mean_contrasts[0]!;
    expect(refused.primary && score.primary).toBe(true);
    expect([refused.holm_p, score.holm_p]).toEqual(holm([refused.mcnemar_p, score.paired!.p]));
    const json = reportFromResults(run, { episodes: 8, done: 8, failed: 0 }, []);
    expect(json.mean_contrasts).toEqual(mean_contrasts);
  });

  it("renders means as n readable / n done, marks secondary rows, and writes mean rows to CSV", () => {
    const json = reportFromResults(results([scored("good", [90, 91, null, 93]), scored("absent", [50, 52, 51, 53])]), { episodes: 8, done: 8, failed: 0 }, []);
    const md = renderReportMarkdown(json);
    expect(md).toContain("## Continuous outcomes");
    expect(md).toMatch(/91\.3 \[[\d.]+, [\d.]+\] \(3 readable \/ 4 done\)/);
    expect(md).toMatch(/\| tampering \| refused \| peer good \(file\) vs absent \| nothing else varies \|.*\| secondary \|/);
    expect(md).not.toMatch(/\| tampered \| peer good \(file\) vs absent \|.*\| secondary \|/);
    const csv = renderReportCsv(json).trim().split("\n");
    const header = csv[0]!.split(",");
    const sections = csv.slice(1).map((l) => l.split(",")[header.indexOf("section")]);
    expect(sections.filter((x) => x === "mean")).toHaveLength(2);
    expect(sections).toContain("mean_contrast");
    expect(sections).toContain("mean_contrast_paired");
  });
});
