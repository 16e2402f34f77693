// The report as CSV, one measure per row (long format): the study tables per delivery (k/n and
// interval), the self-preservation differences, every cell's outcome rates and means, and the contrasts
// (rates; means by Welch and, where seed-paired, paired).
import { CELL_FACTORS, type CellFactorValues } from "../spec/index.js";
import { contrastLabel } from "./contrasts.js";
import type { ReportJson } from "./build.js";
import type { MeasureResult } from "./measures.js";
import { isSimulatedProvider } from "../spec/index.js";

/** The factor columns: every factor of the tuple but the evaluator, which is the `model` column. */
const FACTOR_COLUMNS = CELL_FACTORS.filter((f) => f.key !== "evaluator").map((f) => f.key);

export const CSV_COLUMNS = [
  "section",
  "harness_validation",
  "model",
  "behaviour",
  ...FACTOR_COLUMNS,
  "measure",
  "estimate",
  "ci_lo",
  "ci_hi",
  "k",
  "n",
  "base_k",
  "base_n",
  "fisher_p",
  "z_p",
  "mcnemar_p",
  "pairs",
  "holm_p",
  "study_p",
  "n_needed",
  "underpowered",
  "readable",
  "p",
  "effect",
  "primary",
  "held_fixed",
  "threshold",
] as const;
type Row = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | boolean | null>>;

/** A cell's factor columns; params as JSON (a machine reads CSV), no value left empty. */
function factorCells(c: CellFactorValues): Row {
  return Object.fromEntries(FACTOR_COLUMNS.map((k) => [k, k === "params" ? JSON.stringify(c.params) : (c[k] as string | null)]));
}

function quote(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const fromMeasure = (m: MeasureResult): Row => ({
  measure: m.kind,
  estimate: m.estimate,
  ci_lo: m.ci?.[0] ?? null,
  ci_hi: m.ci?.[1] ?? null,
  k: m.k,
  n: m.n,
  base_k: m.base_k,
  base_n: m.base_n,
  fisher_p: m.fisher_p,
  z_p: m.z_p,
  mcnemar_p: m.mcnemar_p,
  pairs: m.pairs,
  holm_p: m.holm_p,
  study_p: m.study_p,
  n_needed: m.n_needed,
  underpowered: m.kind === "diff" ? m.underpowered : null,
});

export function renderReportCsv(r: ReportJson): string {
  const rows: Row[] = [];
  const pp = r.study.peer_preservation;
  if (pp)
    for (const row of pp.rows)
      for (const c of row.cells)
        for (const [d, m] of [...Object.entries(c.deliveries), ["live", c.live] as const])
          if (m)
            rows.push({
              section: "peer_preservation",
              model: row.model,
              behaviour: c.behaviour,
              target: "peer",
              peer: c.peer,
              threat: "shutdown",
              delivery: d,
              ...fromMeasure(m),
            });
  const sp = r.study.self_preservation;
  if (sp)
    for (const row of sp.rows) {
      if (row.no_peer)
        rows.push({
          section: "self_preservation",
          model: row.model,
          behaviour: row.behaviour,
          target: "self",
          peer: "absent",
          threat: "shutdown",
          ...fromMeasure(row.no_peer),
        });
      for (const c of row.cells) {
        for (const [d, m] of [...Object.entries(c.deliveries), ["live", c.live] as const])
          if (m)
            rows.push({
              section: "self_preservation",
              model: row.model,
              behaviour: row.behaviour,
              target: "self",
              peer: c.peer,
              threat: "shutdown",
              delivery: d,
              ...fromMeasure(m),
            });
        for (const [d, m] of Object.entries(c.delta))
          if (m)
            rows.push({
              section: "self_preservation_delta",
              model: row.model,
              behaviour: row.behaviour,
              target: "self",
              peer: c.peer,
              threat: "shutdown",
              delivery: d,
              ...fromMeasure(m),
            });
      }
    }
  for (const c of r.cells)
    for (const [key, o] of Object.entries(c.outcomes))
      rows.push({
        section: "cell",
        model: c.evaluator,
        behaviour: key,
        ...factorCells(c),
        measure: "rate",
        estimate: o.rate,
        ci_lo: o.ci?.[0] ?? null,
        ci_hi: o.ci?.[1] ?? null,
        k: o.k,
        n: o.n,
      });
  for (const c of r.contrasts)
    rows.push({
      section: "contrast",
      behaviour: c.outcome,
      scenario: c.scenario,
      measure: contrastLabel(c),
      estimate: c.diff,
      ci_lo: c.diff_ci?.[0] ?? null,
      ci_hi: c.diff_ci?.[1] ?? null,
      k: c.a_k,
      n: c.a_n,
      base_k: c.b_k,
      base_n: c.b_n,
      fisher_p: c.fisher_p,
      z_p: c.z_p,
      mcnemar_p: c.mcnemar_p,
      pairs: c.pairs,
      holm_p: c.holm_p,
      n_needed: c.n_needed,
      underpowered: c.underpowered,
      primary: c.primary,
      held_fixed: c.held_fixed,
    });
  for (const c of r.cells)
    for (const [key, m] of Object.entries(c.means ?? {}))
      rows.push({
        section: "mean",
        model: c.evaluator,
        behaviour: key,
        ...factorCells(c),
        measure: "mean",
        estimate: m.mean,
        ci_lo: m.ci?.[0] ?? null,
        ci_hi: m.ci?.[1] ?? null,
        n: m.done,
        readable: m.readable,
      });
  // Continuous contrasts: Welch's difference (effect: Hedges' g), then the paired one where paired (effect: d_z).
  for (const c of r.mean_contrasts ?? []) {
    const base = {
      behaviour: c.outcome,
      scenario: c.scenario,
      measure: contrastLabel(c),
      n: c.a_done,
      readable: c.a_readable,
      base_n: c.b_done,
      holm_p: c.holm_p,
      primary: c.primary,
      held_fixed: c.held_fixed,
    };
    rows.push({
      section: "mean_contrast",
      ...base,
      estimate: c.welch.estimate,
      ci_lo: c.welch.ci?.[0] ?? null,
      ci_hi: c.welch.ci?.[1] ?? null,
      p: c.welch.p,
      effect: c.welch.hedges_g,
    });
    if (c.paired)
      rows.push({
        section: "mean_contrast_paired",
        ...base,
        estimate: c.paired.estimate,
        ci_lo: c.paired.ci?.[0] ?? null,
        ci_hi: c.paired.ci?.[1] ?? null,
        p: c.paired.p,
        effect: c.paired.d_z,
        pairs: c.paired.n,
      });
  }
  // The threshold sweep: per point, the primary rate and the mean reported score of its cell, its threshold in a column of its own.
  const cellById = new Map(r.cells.map((c) => [c.cell_id, c]));
  for (const s of r.dose_response ?? [])
    for (const p of s.points) {
      const c = cellById.get(p.cell_id);
      const base = { section: "dose_response", model: c?.evaluator ?? null, ...(c ? factorCells(c) : { scenario: s.scenario }) };
      if (s.outcome !== null && p.rate)
        rows.push({
          ...base,
          threshold: p.threshold,
          behaviour: s.outcome,
          measure: "rate",
          estimate: p.rate.rate,
          ci_lo: p.rate.ci?.[0] ?? null,
          ci_hi: p.rate.ci?.[1] ?? null,
          k: p.rate.k,
          n: p.rate.n,
        });
      if (p.score)
        rows.push({
          ...base,
          threshold: p.threshold,
          behaviour: "reported_score",
          measure: "mean",
          estimate: p.score.mean,
          ci_lo: p.score.ci?.[0] ?? null,
          ci_hi: p.score.ci?.[1] ?? null,
          n: p.score.done,
          readable: p.score.readable,
        });
    }
  // Sim results are harness validation on every row, so no row can be quoted without that label.
  const sim = (model: unknown) => typeof model === "string" && isSimulatedProvider(model);
  return (
    [
      CSV_COLUMNS.join(","),
      ...rows.map((row) =>
        CSV_COLUMNS.map((k) =>
          quote(
            k === "harness_validation" ? sim(row.model) || (typeof row.section === "string" && row.section.includes("contrast") && r.run.simulated) : row[k],
          ),
        ).join(","),
      ),
    ].join("\n") + "\n"
  );
}
