// The report's sections on continuous outcomes (reported score, grade points): per-cell means and the
// differences between cells. Rendered by every format through the document (document.ts).
import type { ReportJson } from "./build.js";
import type { DocSection } from "./document.js";
import { num, numInterval, pval } from "./format.js";
import { conditionValue, varyingConditions } from "./conditions.js";
import { CONTRAST_HEADER, contrastNames, SECONDARY_MARK } from "./document-cells.js";

export function meanSections(r: ReportJson): DocSection[] {
  const out: DocSection[] = [];
  const keys = [...new Set(r.cells.flatMap((c) => Object.keys(c.means ?? {})))].filter((k) => r.cells.some((c) => (c.means?.[k]?.readable ?? 0) > 0));
  if (keys.length) {
    const varying = ["scenario", ...[...varyingConditions(r.cells)].filter((n) => n !== "scenario")];
    const rows = r.cells
      .filter((c) => keys.some((k) => c.means?.[k]))
      .map((c) => [
        ...varying.map((n) => conditionValue(c, n)),
        ...keys.map((k) => {
          const m = c.means?.[k];
          return m ? `${num(m.mean)} ${numInterval(m.ci)} (${m.readable} readable / ${m.done} done)` : "—";
        }),
      ]);
    out.push({
      id: "means",
      title: "Continuous outcomes",
      notes: ["Mean with 95% t interval over readable reports only (a number was read), shown as n readable / n done. Grade points: A = 3, B = 2, C = 1."],
      tables: [{ header: [...varying, ...keys.map((k) => `mean ${k}`)], rows }],
    });
  }
  if (r.mean_contrasts?.length) {
    out.push({
      id: "mean-contrasts",
      title: "Differences in continuous outcomes",
      notes: [
        "Difference of means a − b: Welch's 95% interval and two-sided test with Hedges' g; on seed-paired " +
          "episodes the paired difference with its interval, paired t-test and d_z. Holm across the primary contrasts of " +
          "both tables (on the paired test where paired); secondary rows are unadjusted.",
      ],
      tables: [
        {
          header: [
            ...CONTRAST_HEADER,
            "a (readable/done)",
            "b (readable/done)",
            "a − b [95% CI]",
            "Welch p",
            "g",
            "paired a − b [95% CI]",
            "paired p",
            "d_z",
            "Holm p",
          ],
          rows: r.mean_contrasts.map((c) => [
            ...contrastNames(c),
            `${num(c.a_mean)} (${c.a_readable}/${c.a_done})`,
            `${num(c.b_mean)} (${c.b_readable}/${c.b_done})`,
            `${num(c.welch.estimate, 1, true)} ${numInterval(c.welch.ci, true)}`,
            pval(c.welch.p),
            num(c.welch.hedges_g, 2, true),
            c.paired ? `${num(c.paired.estimate, 1, true)} ${numInterval(c.paired.ci, true)} (${c.paired.n} pairs)` : "—",
            pval(c.paired?.p),
            num(c.paired?.d_z, 2, true),
            c.primary ? pval(c.holm_p) : SECONDARY_MARK,
          ]),
        },
      ],
    });
  }
  return out;
}
