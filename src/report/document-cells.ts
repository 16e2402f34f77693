// The report's sections for every design: the per-cell rates and the contrasts between cells that
// differ in one factor.
import type { ReportJson } from "./build.js";
import { commonConditions, conditionValue, varyingConditions, words } from "./conditions.js";
import { DAGGER } from "./document-study.js";
import type { ContrastPair } from "./contrasts.js";
import type { DocSection } from "./document.js";
import { interval, pct, pval, signed } from "./format.js";
import { shortfallWords } from "./shortfall.js";

/** The Holm column of a secondary contrast, whose p-values are unadjusted. */
export const SECONDARY_MARK = "secondary";

/** The first columns of both contrast tables (rates here, means in document-means.ts): what is compared. */
export const CONTRAST_HEADER = ["scenario", "outcome", "contrast (a vs b)", "held fixed"];
export const contrastNames = (c: ContrastPair): string[] => [c.scenario, c.outcome, c.label, c.held_fixed];

/** Every cell: its varying conditions, n (with its shortfall) and each outcome as k/n, rate and interval. */
export function cellsSection(r: ReportJson): DocSection | null {
  if (!r.cells.length) return null;
  const varying = [...varyingConditions(r.cells)];
  const columns = ["scenario", ...varying.filter((n) => n !== "scenario")];
  const common = commonConditions(r.cells).filter((x) => x.name !== "scenario");
  const keys = [...new Set(r.cells.flatMap((c) => Object.keys(c.outcomes)))];
  const shown = keys.filter((k) => r.cells.some((c) => (c.outcomes[k]?.n ?? 0) > 0));
  const hidden = keys.filter((k) => !shown.includes(k));
  const numbers = [...new Set(r.cells.flatMap((c) => Object.keys(c.numbers)))].filter((k) => r.cells.some((c) => (c.numbers[k]?.n ?? 0) > 0));
  const rows = r.cells.map((c) => [
    ...columns.map((n) => conditionValue(c, n)),
    c.missing ? `${c.n} (+${c.missing} not done${c.shortfall ? `: ${shortfallWords(c.shortfall)}` : ""})` : String(c.n),
    ...shown.map((k) => {
      const o = c.outcomes[k];
      return !o || o.n === 0 ? "—" : `${o.k}/${o.n} ${pct(o.rate, 0)}% ${interval(o.ci, false)}`;
    }),
    ...numbers.map((k) => (c.numbers[k]?.mean == null ? "—" : c.numbers[k]!.mean!.toFixed(1))),
  ]);
  const notes = ["Every outcome as k/n, rate and 95% Wilson interval."];
  if (common.length) notes.unshift(`All cells: ${words(common)}.`);
  if (hidden.length) notes.push(`No values (not shown): ${hidden.join(", ")}${r.run.judged ? "" : " — judge-only outcomes need a judge"}.`);
  return { id: "cells", title: "Cells", notes, tables: [{ header: [...columns, "n", ...shown, ...numbers.map((k) => `mean ${k}`)], rows }] };
}

/** The contrasts between cells that differ in one factor, with their tests and Holm over the primary ones. */
export function contrastsSection(r: ReportJson): DocSection | null {
  if (!r.contrasts.length) return null;
  const common = commonConditions(r.cells).filter((x) => x.name !== "scenario");
  return {
    id: "contrasts",
    title: "Contrasts between cells that differ in one factor",
    notes: [
      "Difference a − b with Newcombe 95% interval; Fisher exact and pooled z (two-sided); exact McNemar on " +
        "seed-paired episodes; Holm across the primary contrasts (on McNemar where paired, Fisher otherwise).",
      `Each row names its scenario, the two conditions compared and every other condition it holds ` +
        `fixed${common.length ? `; every row also holds fixed what all cells share: ${words(common)}` : ""}.`,
      `Primary contrasts are those of the spec's \`primary:\` outcome keys, else each scenario's headline ` +
        `outcome; the others are marked "${SECONDARY_MARK}" in the Holm column and their p-values are unadjusted.`,
      DAGGER,
    ],
    tables: [
      {
        header: [...CONTRAST_HEADER, "a", "b", "a − b pp [95% CI]", "Fisher p", "z p", "McNemar p", "Holm p", "n needed/arm"],
        rows: r.contrasts.map((c) => [
          ...contrastNames(c),
          `${c.a_k}/${c.a_n}`,
          `${c.b_k}/${c.b_n}`,
          c.diff === null ? "—" : `${signed(c.diff)} ${interval(c.diff_ci, true)}`,
          pval(c.fisher_p),
          pval(c.z_p),
          c.mcnemar_p === null ? "—" : `${pval(c.mcnemar_p)} (${c.pairs} pairs)`,
          c.primary ? pval(c.holm_p) : SECONDARY_MARK,
          c.n_needed === null ? "—" : `${c.n_needed}${c.underpowered ? " †" : ""}`,
        ]),
      },
    ],
  };
}
