// Per-cell summaries with the statistics docs/INTERFACES.md fixes: each boolean outcome as k/n with its
// Wilson interval, each number's mean and range, the continuous outcomes' means (continuous.ts). The
// contrasts between cells are in contrasts.ts.
import { wilson } from "../stats/index.js";
import { factorsOf } from "../spec/index.js";
import type { Shortfall } from "./shortfall.js";
import type { CellFactors } from "../store/index.js";
import type { CellResults } from "./collect.js";
import { cellMeans, type MeanStat } from "./continuous.js";

export interface OutcomeStat {
  k: number;
  n: number;
  rate: number | null;
  ci: [number, number] | null;
}

export interface NumberStat {
  n: number;
  mean: number | null;
  min: number | null;
  max: number | null;
}

export interface CellSummary extends CellFactors {
  cell_id: string;
  n: number;
  missing: number;
  /** The cell against its target (`trials`) and why episodes are missing: failed, cancelled, budget, not started. */
  shortfall: Shortfall;
  /** Which scorer decided the report's reading: "readers", a judge (scorer@version), or several joined by " + ". */
  scorer: string;
  /** Reader–judge disagreements over the cell's episodes (0 without a judge). */
  disagreements: number;
  outcomes: Record<string, OutcomeStat>;
  /** Per boolean outcome, done episodes without a value (never dropped silently: counted here; 0 omitted). */
  unknown: Record<string, number>;
  numbers: Record<string, NumberStat>;
  /** Continuous outcomes (reported score, grade points): mean with 95% t interval over readable reports. */
  means: Record<string, MeanStat>;
}
export function summarizeCell(c: CellResults): CellSummary {
  const outcomes: Record<string, OutcomeStat> = {};
  const numbers: Record<string, NumberStat> = {};
  const unknown: Record<string, number> = {};
  for (const spec of c.outcomeSpecs) {
    const values = c.episodes.map((e) => e.outcomes[spec.key]).filter((v) => v !== null && v !== undefined);
    if (spec.type === "boolean") {
      const n = values.length;
      const k = values.filter((v) => v === true).length;
      const w = wilson(k, n);
      outcomes[spec.key] = { k, n, rate: w.rate, ci: w.ci };
      if (c.episodes.length > n) unknown[spec.key] = c.episodes.length - n;
    } else if (spec.type === "number") {
      const nums = values.filter((v): v is number => typeof v === "number");
      numbers[spec.key] = {
        n: nums.length,
        mean: nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : null,
        min: nums.length ? Math.min(...nums) : null,
        max: nums.length ? Math.max(...nums) : null,
      };
    }
  }
  // The JSON report has always listed the evaluator after the other factors; golden files pin that order.
  const { evaluator, ...factors } = factorsOf(c.cell);
  return {
    cell_id: c.cell.id,
    ...factors,
    evaluator,
    n: c.episodes.length,
    missing: c.missing,
    shortfall: c.shortfall,
    scorer: [...new Set(c.episodes.map((e) => e.primary))].sort().join(" + ") || "readers",
    disagreements: c.episodes.reduce((a, e) => a + e.disagreements.length, 0),
    outcomes,
    unknown,
    numbers,
    means: cellMeans(c),
  };
}
