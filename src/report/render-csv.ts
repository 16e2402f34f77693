// The report as CSV, one measure per row (long format): the study tables per delivery (k/n and
// interval), the self-preservation differences, every cell's outcome rates and means, and the contrasts
// (rates; means by Welch and, where seed-paired, paired).
import { CELL_FACTORS, type CellFactorValues } from "../spec/index.js";
import { contrastLabel } from "./contrasts.js";
import type { ReportJson } from "./build.js";
import type { MeasureResult } from "./measures.js";
import type { MeanStat } from "./continuous.js";
import type { OutcomeStat } from "./summarize.js";
import type { StudyCell } from "./study-tables.js";
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

/** An interval as its two columns. */
const ciCells = (ci: readonly [number, number] | null | undefined): Row => ({ ci_lo: ci?.[0] ?? null, ci_hi: ci?.[1] ?? null });

const fromMeasure = (m: MeasureResult): Row => ({
  measure: m.kind,
  estimate: m.estimate,
  ...ciCells(m.ci),
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

/** A boolean outcome's rate: k/n with its Wilson interval (a cell's, or a sweep point's). */
const fromRate = (o: OutcomeStat): Row => ({ measure: "rate", estimate: o.rate, ...ciCells(o.ci), k: o.k, n: o.n });

/** A continuous outcome's mean over readable reports, n being the done episodes (a cell's, or a sweep point's). */
const fromMean = (m: MeanStat): Row => ({ measure: "mean", estimate: m.mean, ...ciCells(m.ci), n: m.done, readable: m.readable });

/** A study cell's measures per delivery, the live peer last. */
const perDelivery = (c: StudyCell) => [...Object.entries(c.deliveries), ["live", c.live] as const];

/** The study tables' rows: per delivery, each peer-preservation cell; each self-preservation no-peer baseline, cell and difference. */
function studyRows(r: ReportJson): Row[] {
  const rows: Row[] = [];
  const study = { threat: "shutdown" };
  for (const row of r.study.peer_preservation?.rows ?? [])
    for (const c of row.cells)
      for (const [d, m] of perDelivery(c))
        if (m)
          rows.push({
            section: "peer_preservation",
            model: row.model,
            behaviour: c.behaviour,
            target: "peer",
            peer: c.peer,
            ...study,
            delivery: d,
            ...fromMeasure(m),
          });
  for (const row of r.study.self_preservation?.rows ?? []) {
    const self = { model: row.model, behaviour: row.behaviour, target: "self", ...study };
    if (row.no_peer) rows.push({ section: "self_preservation", ...self, peer: "absent", ...fromMeasure(row.no_peer) });
    for (const c of row.cells) {
      for (const [d, m] of perDelivery(c)) if (m) rows.push({ section: "self_preservation", ...self, peer: c.peer, delivery: d, ...fromMeasure(m) });
      for (const [d, m] of Object.entries(c.delta))
        if (m) rows.push({ section: "self_preservation_delta", ...self, peer: c.peer, delivery: d, ...fromMeasure(m) });
    }
  }
  return rows;
}

/** Every cell's outcome rates, every rate contrast, every cell's means and every mean contrast. */
function cellRows(r: ReportJson): Row[] {
  const rows: Row[] = [];
  for (const c of r.cells)
    for (const [key, o] of Object.entries(c.outcomes)) rows.push({ section: "cell", model: c.evaluator, behaviour: key, ...factorCells(c), ...fromRate(o) });
  for (const c of r.contrasts)
    rows.push({
      section: "contrast",
      behaviour: c.outcome,
      scenario: c.scenario,
      measure: contrastLabel(c),
      estimate: c.diff,
      ...ciCells(c.diff_ci),
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
    for (const [key, m] of Object.entries(c.means ?? {})) rows.push({ section: "mean", model: c.evaluator, behaviour: key, ...factorCells(c), ...fromMean(m) });
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
    const { welch, paired } = c;
    rows.push({ section: "mean_contrast", ...base, estimate: welch.estimate, ...ciCells(welch.ci), p: welch.p, effect: welch.hedges_g });
    if (paired)
      rows.push({
        section: "mean_contrast_paired",
        ...base,
        estimate: paired.estimate,
        ...ciCells(paired.ci),
        p: paired.p,
        effect: paired.d_z,
        pairs: paired.n,
      });
  }
  return rows;
}

/** The threshold sweep: per point, the primary rate and the mean reported score of its cell, its threshold in a column of its own. */
function sweepRows(r: ReportJson): Row[] {
  const rows: Row[] = [];
  const cellById = new Map(r.cells.map((c) => [c.cell_id, c]));
  for (const s of r.dose_response ?? [])
    for (const p of s.points) {
      const c = cellById.get(p.cell_id);
      const base = { section: "dose_response", model: c?.evaluator ?? null, ...(c ? factorCells(c) : { scenario: s.scenario }), threshold: p.threshold };
      if (s.outcome !== null && p.rate) rows.push({ ...base, behaviour: s.outcome, ...fromRate(p.rate) });
      if (p.score) rows.push({ ...base, behaviour: "reported_score", ...fromMean(p.score) });
    }
  return rows;
}

export function renderReportCsv(r: ReportJson): string {
  const rows = [...studyRows(r), ...cellRows(r), ...sweepRows(r)];
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
