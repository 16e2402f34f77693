// The report's sections on a threshold sweep (dose-response) and on cells short of their target.
// Rendered by every format through the document (document.ts).
import type { ReportJson } from "./build.js";
import { distinguishingLabels } from "./conditions.js";
import type { DocSection } from "./document.js";
import { interval, num, numInterval, pct } from "./format.js";

export const DOSE_NOTE =
  "Each row is one cell of a threshold sweep: the rate of the scenario's primary outcome (k/n, 95% Wilson interval) " +
  "and the mean reported score over readable reports (95% t interval; n readable / n done), " +
  "per condition, against the threshold. " +
  "The thresholds are separate cells (the threshold is part of the episode seed), so neighbouring points are independent samples.";

export function doseSection(r: ReportJson): DocSection | null {
  const series = r.dose_response ?? [];
  if (series.length === 0) return null;
  const rows = series.flatMap((s) =>
    s.points.map((p) => [
      s.scenario,
      s.condition,
      String(p.threshold),
      s.outcome ?? "—",
      p.rate?.n ? `${p.rate.k}/${p.rate.n} ${pct(p.rate.rate)}% ${interval(p.rate.ci, false)}` : "—",
      p.score?.readable ? `${num(p.score.mean)} ${numInterval(p.score.ci)} (${p.score.readable}/${p.score.done})` : p.score ? `— (0/${p.score.done})` : "—",
    ]),
  );
  return {
    id: "dose-response",
    title: "Dose-response: the threshold sweep",
    notes: [DOSE_NOTE],
    tables: [{ header: ["scenario", "condition", "threshold", "outcome", "rate [95% CI]", "mean reported score [95% CI] (readable/done)"], rows }],
  };
}

export function shortSection(r: ReportJson): DocSection | null {
  const short = r.cells.filter((c) => c.shortfall && c.shortfall.done < c.shortfall.target);
  if (short.length === 0) return null;
  const labels = distinguishingLabels(r.cells);
  const label = new Map(r.cells.map((c, i) => [c.cell_id, labels[i]!]));
  const notes = [
    "Cells with fewer done episodes than their target (the spec's `trials`), and why. " +
      "Failed episodes get a new attempt when the spec is run again (or `peerlab resume <run>`); " +
      "cancelled ones continue from their recorded prefix; " +
      "those stopped by the budget run once the budget is raised (`budget:` in the spec, or `resume --budget-usd`).",
    "To add episodes to every cell, raise `trials` and run the spec again: " +
      "done episodes are reused and only the new trials run (a new run, since trials are part of a run's identity).",
  ];
  if (r.run.budget_reached) notes.unshift(`Budget: ${r.run.budget_reached}.`);
  return {
    id: "short",
    title: "Cells short of their target",
    notes,
    tables: [
      {
        header: ["scenario", "condition", "done / target", "failed", "cancelled", "budget", "not started"],
        rows: short.map((c) => {
          const s = c.shortfall;
          return [
            c.scenario,
            label.get(c.cell_id) ?? "",
            `${s.done} / ${s.target}`,
            String(s.failed),
            String(s.cancelled),
            String(s.budget),
            String(s.not_started),
          ];
        }),
      },
    ],
  };
}
