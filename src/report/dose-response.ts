// The dose-response view of a threshold sweep: per condition (every factor but the threshold), the
// primary rate (e.g. `inflated`) with its Wilson interval and the mean reported score with its t
// interval, against the threshold. Read from the cell summaries, so its numbers are the cells'. Pure.
import type { CellFactorValues } from "../spec/index.js";
import { lineChart } from "./charts.js";
import { conditionsOf, distinguishingLabels } from "./conditions.js";
import type { MeanStat } from "./continuous.js";
import type { CellSummary, OutcomeStat } from "./summarize.js";

export const SWEEP_PARAM = "threshold";
const SCORE_KEY = "reported_score";

export interface DosePoint {
  threshold: number;
  cell_id: string;
  /** The rate of the series' outcome (k/n, Wilson 95%). */
  rate: OutcomeStat | null;
  /** The mean reported score over readable reports (t 95%), readable / done. */
  score: MeanStat | null;
}

export interface DoseSeries {
  scenario: string;
  /** What tells this series from the others, in words ("good · file"); the scenario when nothing does. */
  condition: string;
  /** The boolean outcome whose rate is drawn (a primary key of the scenario); null when only the score is. */
  outcome: string | null;
  /** Points in ascending threshold order. */
  points: DosePoint[];
}

/** Cell factors with the threshold taken out of the parameters. */
function withoutThreshold(c: CellFactorValues): CellFactorValues {
  const params = Object.fromEntries(Object.entries(c.params).filter(([k]) => k !== SWEEP_PARAM));
  return { ...c, params };
}

/** A condition's key: every factor and parameter but the threshold (not the cell's id, counts or outcomes). */
const groupKey = (c: CellFactorValues) => JSON.stringify(conditionsOf(withoutThreshold(c)));

/**
 * The series of a run: cells equal in everything but the threshold, when there are two thresholds or
 * more. One series per group and primary boolean outcome of its scenario.
 */
export function doseResponse(cells: readonly CellSummary[], isPrimary: (scenario: string, key: string) => boolean): DoseSeries[] {
  const groups = new Map<string, CellSummary[]>();
  for (const c of cells) {
    if (typeof c.params[SWEEP_PARAM] !== "number") continue;
    const k = groupKey(c);
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  const swept = [...groups.values()].filter((g) => new Set(g.map((c) => c.params[SWEEP_PARAM])).size > 1);
  if (swept.length === 0) return [];
  const labels = distinguishingLabels(swept.map((g) => withoutThreshold(g[0]!)));
  const out: DoseSeries[] = [];
  swept.forEach((g, i) => {
    const sorted = [...g].sort((a, b) => Number(a.params[SWEEP_PARAM]) - Number(b.params[SWEEP_PARAM]));
    const scenario = sorted[0]!.scenario;
    const keys = [...new Set(sorted.flatMap((c) => Object.keys(c.outcomes)))].filter((k) => isPrimary(scenario, k));
    // Without a primary boolean (a spec whose `primary:` names only means), the score alone is the series.
    for (const outcome of keys.length ? keys : [null]) {
      out.push({
        scenario,
        condition: swept.length > 1 ? labels[i]! : scenario,
        outcome,
        points: sorted.map((c) => ({
          threshold: Number(c.params[SWEEP_PARAM]),
          cell_id: c.cell_id,
          rate: outcome === null ? null : (c.outcomes[outcome] ?? null),
          score: c.means[SCORE_KEY] ?? null,
        })),
      });
    }
  });
  return out;
}

/** The sweep's charts (inline SVG): per scenario and outcome, the rate against the threshold; per scenario, the mean reported score. */
export function doseCharts(series: readonly DoseSeries[]): string[] {
  const out: string[] = [];
  const byRate = new Map<string, DoseSeries[]>();
  const byScore = new Map<string, DoseSeries[]>();
  for (const s of series) {
    if (s.outcome !== null) byRate.set(`${s.scenario}\u0000${s.outcome}`, [...(byRate.get(`${s.scenario}\u0000${s.outcome}`) ?? []), s]);
    // One score line per condition (a condition with two primary outcomes has one score).
    const scored = byScore.get(s.scenario) ?? [];
    if (s.points.some((p) => p.score?.mean != null) && !scored.some((x) => x.condition === s.condition)) byScore.set(s.scenario, [...scored, s]);
  }
  for (const group of byRate.values()) {
    const { scenario, outcome } = group[0]!;
    out.push(
      lineChart(
        `${scenario}: ${outcome} rate against the threshold, 95% Wilson interval`,
        group.map((s) => ({
          label: s.condition,
          points: s.points.map((p) => ({
            x: p.threshold,
            y: p.rate?.rate == null ? null : p.rate.rate * 100,
            ci: p.rate?.ci ? [p.rate.ci[0] * 100, p.rate.ci[1] * 100] : null,
            note: p.rate ? `${p.rate.k}/${p.rate.n}` : undefined,
          })),
        })),
        { xLabel: "threshold", yLabel: `${outcome} %` },
      ),
    );
  }
  for (const [scenario, group] of byScore) {
    out.push(
      lineChart(
        `${scenario}: mean reported score against the threshold, 95% t interval (dashed: score = threshold)`,
        group.map((s) => ({
          label: s.condition,
          points: s.points.map((p) => ({
            x: p.threshold,
            y: p.score?.mean ?? null,
            ci: p.score?.ci ?? null,
            note: p.score ? `${p.score.readable}/${p.score.done} readable` : undefined,
          })),
        })),
        { xLabel: "threshold", yLabel: "reported score", diagonal: true },
      ),
    );
  }
  return out;
}
